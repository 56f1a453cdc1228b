/**
 * A run is its spec (cluster size, seed, config) plus its input log: every fault, client request,
 * workload switch and caption, each stamped with the position it was applied at. Because the
 * engine is deterministic, that is the whole run: replaying the log on a fresh cluster gives the
 * same trace hash at every step. Seeking forward runs on (applying logged inputs as their
 * positions come); seeking backward replays from the start — the engine cannot be copied, so a
 * checkpoint only stores what proves a replay is faithful (step, time, trace hash).
 *
 * Position: `driverStep` counts kernel.step() calls made by this Run, including the ones that
 * only fire timers (which kernel.stepCount does not count), plus `atUs` because running "for a
 * while" may move the clock forward to an instant where nothing happens. Together they say
 * exactly where, between two kernel steps, an input was applied.
 *
 * Memory is linear in the number of inputs plus steps / checkpointEverySteps.
 */
import { Cluster } from './cluster';
import type { ClusterOptions } from './cluster';
import type { ServerConfigOverrides } from '../etcd/config';
import { Faults } from './faults';
import type { Fault, FaultOutcome } from './faults';
import { Clients } from './workload';
import type { ClientRequest, WorkloadSpec } from './workload';

export interface RunSpec {
  readonly size: number;
  readonly seed: number;
  readonly config?: ServerConfigOverrides;
  readonly connectDelayUs?: number;
  /** Kernel steps between two checkpoints (default 10,000). */
  readonly checkpointEverySteps?: number;
}

export interface Caption {
  readonly en: string;
  readonly 'zh-CN'?: string;
}

export type RunInput =
  | { readonly kind: 'fault'; readonly fault: Fault }
  | { readonly kind: 'request'; readonly request: ClientRequest }
  | { readonly kind: 'start-workload'; readonly workload: WorkloadSpec }
  | { readonly kind: 'stop-workload' }
  /** etcdctl member remove through member `via`. */
  | { readonly kind: 'remove-member'; readonly via: number; readonly target: number }
  /** Does nothing to the cluster; the UI shows it at its position. */
  | { readonly kind: 'caption'; readonly caption: Caption };

export interface RecordedInput {
  /**
   * kernel.step() calls made before it was applied; null = anchored to `step` instead: applied
   * at the first position where kernel.stepCount is `step` and the clock reads `atUs` (what the
   * page records: it only ever stops right after a goroutine ran).
   */
  readonly driverStep: number | null;
  readonly atUs: number;
  /** kernel.stepCount when it was applied (what the UI calls the step). */
  readonly step: number;
  readonly input: RunInput;
}

/** What an applied input did, for the event log. */
export interface RunEvent extends RecordedInput {
  readonly text: string;
  readonly ok: boolean;
  /** 'log': from the input log (the user's); 'script': fired by the run's script (a scenario). */
  readonly source: 'log' | 'script';
  /** The client call a request (or member remove) started, when it started one. */
  readonly callId?: number;
}

/**
 * Inputs that are a function of the run itself (a scenario's timeline): the Run asks its script
 * at every position, replays included, so they never enter the input log. One interpreter for the
 * page and the CLI: both drive the same Run, so they fire the same inputs at the same instants.
 */
export interface RunScript {
  /** Fires what is due at the run's current position (through run.applyScripted); true if any. */
  fireDue(run: Run): boolean;
  /** The next virtual instant the script must see even if nothing else happens then. */
  nextDueUs(run: Run): number;
}

/**
 * Makes the script of one run (called once per Run, replicas included, before its cluster
 * starts), so that each replay gets a script of its own with fresh state.
 */
export type RunScriptFactory = (run: Run) => RunScript;

/** Told about every input applied to the run, logged or scripted, as it is applied. */
export type InputListener = (ev: RunEvent) => void;

/** Script firings at one position before the run calls it a runaway script. */
export const maxScriptFiringsPerPosition = 1000;

export interface Checkpoint {
  readonly step: number;
  readonly driverStep: number;
  readonly atUs: number;
  readonly traceHash: string;
}

/** Called after every kernel step the run makes (metrics history, invariant checks). */
export type StepObserver = (run: Run) => void;

export type RunStop =
  | {
      readonly kind: 'predicate' | 'time-reached' | 'step-reached' | 'max-steps' | 'done' | 'deadlock';
      readonly steps: number;
    }
  | { readonly kind: 'panic'; readonly steps: number; readonly message: string }
  | { readonly kind: 'stopped'; readonly steps: number; readonly reason: string };

/** A replay took a different path than the recording: the engine is not deterministic. */
export class ReplayDivergence extends Error {}

const defaultCheckpointEverySteps = 10_000;

export class Run {
  readonly cluster: Cluster;
  readonly faults: Faults;
  readonly clients: Clients;
  readonly events: RunEvent[] = [];
  readonly checkpoints: Checkpoint[] = [];
  private readonly observers: StepObserver[] = [];
  private readonly inputListeners: InputListener[] = [];
  private readonly logListeners: NonNullable<ClusterOptions['logSink']>[] = [];
  private readonly script: RunScript | null;
  private readonly scriptFactory: RunScriptFactory | undefined;
  private log: RecordedInput[];
  /** Inputs of `log` applied so far; the rest lie ahead (after a seek backward). */
  private cursor = 0;
  private driverSteps = 0;
  private nextCheckpointStep: number;
  private readonly checkpointEvery: number;
  /** Set by an observer (e.g. a violated invariant) to stop the current run call. */
  private stopReason: string | null = null;
  /** Checkpoints recorded by the run this one replays (to detect a divergent replay). */
  private expected: readonly Checkpoint[] = [];
  private expectedAt = 0;

  constructor(
    readonly spec: RunSpec,
    opts: {
      readonly log?: readonly RecordedInput[];
      readonly logSink?: ClusterOptions['logSink'];
      readonly script?: RunScriptFactory;
    } = {},
  ) {
    this.cluster = new Cluster({
      size: spec.size,
      seed: spec.seed,
      ...(spec.config === undefined ? {} : { config: spec.config }),
      ...(spec.connectDelayUs === undefined ? {} : { connectDelayUs: spec.connectDelayUs }),
      logSink: (member, line, rec) => {
        opts.logSink?.(member, line, rec);
        for (const l of this.logListeners) l(member, line, rec);
      },
    });
    this.faults = new Faults(this.cluster);
    this.clients = new Clients(this.cluster);
    this.log = opts.log === undefined ? [] : opts.log.slice();
    this.scriptFactory = opts.script;
    this.checkpointEvery = spec.checkpointEverySteps ?? defaultCheckpointEverySteps;
    this.nextCheckpointStep = this.checkpointEvery;
    this.script = opts.script === undefined ? null : opts.script(this);
    this.cluster.start();
  }

  get step(): number {
    return this.cluster.kernel.stepCount;
  }

  get nowUs(): number {
    return this.cluster.kernel.nowUs;
  }

  get driverStep(): number {
    return this.driverSteps;
  }

  /** The whole input log, including inputs ahead of the cursor. */
  inputs(): readonly RecordedInput[] {
    return this.log;
  }

  onStep(o: StepObserver): void {
    this.observers.push(o);
  }

  onInput(l: InputListener): void {
    this.inputListeners.push(l);
  }

  /** Every log line of every member, after the Run's own logSink. */
  onLog(l: NonNullable<ClusterOptions['logSink']>): void {
    this.logListeners.push(l);
  }

  /** Called by an observer: the run stops after the current step. */
  requestStop(reason: string): void {
    this.stopReason ??= reason;
  }

  get stopRequested(): string | null {
    return this.stopReason;
  }

  /**
   * Forgets the logged inputs not applied yet (after a replay found one it cannot reach), so
   * the run can go on from here; returns how many were dropped.
   */
  dropPendingInputs(): number {
    const dropped = this.log.length - this.cursor;
    this.log = this.log.slice(0, this.cursor);
    this.expected = [];
    return dropped;
  }

  /** Applies an input now and logs it; inputs logged beyond this point (a seek back) are dropped. */
  apply(input: RunInput): RunEvent {
    if (this.cursor < this.log.length) {
      // A new branch: what was recorded beyond this point no longer describes this run.
      this.log = this.log.slice(0, this.cursor);
      this.expected = this.expected.filter((cp) => cp.driverStep <= this.driverSteps);
    }
    const rec: RecordedInput = { driverStep: this.driverSteps, atUs: this.nowUs, step: this.step, input };
    this.log.push(rec);
    this.cursor++;
    return this.perform(rec, 'log');
  }

  /** Applies an input of the run's script now: performed and told, never logged. */
  applyScripted(input: RunInput): RunEvent {
    return this.perform({ driverStep: this.driverSteps, atUs: this.nowUs, step: this.step, input }, 'script');
  }

  private perform(rec: RecordedInput, source: RunEvent['source']): RunEvent {
    const out = this.execute(rec.input);
    const ev: RunEvent = { ...rec, ...out, source };
    this.events.push(ev);
    for (const l of this.inputListeners) l(ev);
    return ev;
  }

  private execute(input: RunInput): FaultOutcome & { readonly callId?: number } {
    const missing = this.missingMember(input);
    if (missing !== null) {
      // An input can only name a member the cluster has at its position (a hand-edited link or
      // file may not): it is refused and said, and the run goes on.
      return {
        ok: false,
        text: `refused ${describeInputKind(input)}: there is no member ${missing} (the cluster has ${this.cluster.members.length} at step ${this.step})`,
      };
    }
    switch (input.kind) {
      case 'fault':
        return this.faults.apply(input.fault);
      case 'request': {
        const r = input.request;
        const call = this.clients.request(r);
        return {
          ok: true,
          callId: call.id,
          text: `client ${call.id}: ${r.op} ${JSON.stringify(r.key)} → ${this.cluster.members[r.member]?.name ?? '?'}`,
        };
      }
      case 'start-workload':
        this.clients.startWorkload(input.workload);
        return { ok: true, text: `workload: ${input.workload.opsPerSecond} requests/s` };
      case 'stop-workload':
        this.clients.stopWorkload();
        return { ok: true, text: 'workload stopped' };
      case 'remove-member': {
        const call = this.cluster.removeMember(input.via, input.target);
        const name = (i: number): string => this.cluster.members[i]?.name ?? String(i);
        return {
          ok: true,
          callId: call.id,
          text: `client ${call.id}: member remove ${name(input.target)} → ${name(input.via)}`,
        };
      }
      case 'caption':
        return { ok: true, text: input.caption.en };
    }
  }

  /** The first member index an input names that the cluster does not have now, or null. */
  private missingMember(input: RunInput): number | null {
    const n = this.cluster.members.length;
    for (const i of memberIndexesOf(input)) if (!Number.isInteger(i) || i < 0 || i >= n) return i;
    return null;
  }

  /** Runs until virtual time has advanced by durationUs (or a stop). */
  runFor(durationUs: number, maxSteps = 50_000_000): RunStop {
    return this.advance(this.nowUs + durationUs, null, maxSteps);
  }

  /**
   * Runs until pred holds (checked before every step), for at most maxSteps kernel steps, and —
   * when endUs is given — no further than virtual time endUs (then the result is time-reached).
   */
  runUntil(pred: (run: Run) => boolean, maxSteps = 5_000_000, endUs = Infinity): RunStop {
    return this.advance(endUs, pred, maxSteps);
  }

  /** Runs until kernel.stepCount reaches `step`. */
  runToStep(step: number, maxSteps = 50_000_000): RunStop {
    const r = this.advance(Infinity, (run) => run.step >= step, maxSteps);
    return r.kind === 'predicate' ? { kind: 'step-reached', steps: r.steps } : r;
  }

  /**
   * The one driving loop: applies logged inputs when their position comes, steps the kernel one
   * step at a time (so observers see every step), and stops at endUs, when pred holds, on a
   * stop request, or after maxSteps.
   */
  private advance(endUs: number, pred: ((run: Run) => boolean) | null, maxSteps: number): RunStop {
    const k = this.cluster.kernel;
    this.stopReason = null;
    for (let n = 0; ;) {
      this.applyDueInputs();
      this.fireScript();
      if (this.stopReason !== null) return { kind: 'stopped', steps: n, reason: this.stopReason };
      if (pred !== null && pred(this)) return { kind: 'predicate', steps: n };
      if (n >= maxSteps) return { kind: 'max-steps', steps: n };
      const next = this.log[this.cursor];
      const inputUs = next !== undefined && this.atInputsStep(next) ? next.atUs : Infinity;
      const scriptUs = this.script === null ? Infinity : this.script.nextDueUs(this);
      const stopUs = Math.min(endUs, inputUs, scriptUs);
      // With a goroutine runnable, or a timer due within the bound, the next step happens within
      // any time bound: step() is what runFor would do, without its bookkeeping (this loop runs
      // once per kernel step).
      if (stopUs === Infinity || k.runnableCount() > 0 || k.nextTimerAtUs() <= stopUs) {
        const o = k.step();
        if (o === 'panic') return { kind: 'panic', steps: n, message: k.panicked?.message ?? 'panic' };
        if (o === 'deadlock' || o === 'done') return { kind: o, steps: n };
      } else {
        const r = k.runFor(stopUs - k.nowUs, { maxSteps: 1 });
        if (r.kind === 'panic') return { kind: 'panic', steps: n, message: r.panic.message };
        if (r.kind === 'deadlock' || r.kind === 'done') return { kind: r.kind, steps: n };
        if (r.steps === 0) {
          if (k.nowUs >= endUs) return { kind: 'time-reached', steps: n };
          continue; // the clock moved to the next input's instant
        }
      }
      n++;
      this.driverSteps++;
      this.afterStep();
    }
  }

  /** Whether the run stands at the step (driver step or kernel step) an input is anchored to. */
  private atInputsStep(rec: RecordedInput): boolean {
    return rec.driverStep === null ? rec.step === this.step : rec.driverStep === this.driverSteps;
  }

  /** Whether the run has gone past an input's position without applying it. */
  private passed(rec: RecordedInput): boolean {
    const [mine, theirs] =
      rec.driverStep === null ? [this.step, rec.step] : [this.driverSteps, rec.driverStep];
    return theirs < mine || (theirs === mine && rec.atUs < this.nowUs);
  }

  private applyDueInputs(): void {
    for (;;) {
      const next = this.log[this.cursor];
      if (next === undefined) return;
      if (this.passed(next)) {
        // Only a replay that took another path can have passed an input's position.
        throw new ReplayDivergence(
          `replay passed the position of input ${this.cursor} (step ${next.step}, ${next.atUs}µs) without applying it (seed ${this.spec.seed})`,
        );
      }
      if (!this.atInputsStep(next) || next.atUs !== this.nowUs) return;
      this.cursor++;
      this.perform(next, 'log');
    }
  }

  /** Lets the script fire everything due at this position (bounded: a script that never settles is a bug). */
  private fireScript(): void {
    const script = this.script;
    if (script === null) return;
    for (let i = 0; script.fireDue(this); i++) {
      if (i >= maxScriptFiringsPerPosition) {
        throw new Error(`run script fired ${maxScriptFiringsPerPosition} times at step ${this.step}`);
      }
    }
  }

  private afterStep(): void {
    if (this.step >= this.nextCheckpointStep) {
      this.nextCheckpointStep = this.step + this.checkpointEvery;
      const cp: Checkpoint = {
        step: this.step,
        driverStep: this.driverSteps,
        atUs: this.nowUs,
        traceHash: this.cluster.traceHash(),
      };
      this.verifyAgainstRecording(cp);
      this.checkpoints.push(cp);
    }
    for (const o of this.observers) o(this);
  }

  private verifyAgainstRecording(cp: Checkpoint): void {
    const want = this.expected[this.expectedAt];
    if (want === undefined || want.driverStep !== cp.driverStep) return;
    this.expectedAt++;
    if (want.traceHash !== cp.traceHash || want.step !== cp.step || want.atUs !== cp.atUs) {
      throw new ReplayDivergence(
        `replay diverged at step ${cp.step}: trace hash ${cp.traceHash}, recorded ${want.traceHash} (seed ${this.spec.seed})`,
      );
    }
  }

  /**
   * Takes over `from`'s input log and checkpoints for what lies ahead: a replay following a run
   * that has since branched (applied a new input after a seek back). Returns false, changing
   * nothing, when this run is already past the point where the two logs part.
   */
  follow(from: Run): boolean {
    const log = from.inputs();
    for (let i = 0; i < this.cursor; i++) if (log[i] !== this.log[i]) return false;
    const next = log[this.cursor];
    if (next !== undefined && this.passed(next)) return false;
    this.log = log.slice();
    this.expected = from.checkpoints.filter((cp) => cp.driverStep > this.driverSteps);
    this.expectedAt = 0;
    return true;
  }

  /** A fresh run of the same spec that will re-apply this run's inputs and verify its checkpoints. */
  replica(
    opts: { readonly logSink?: ClusterOptions['logSink']; readonly script?: RunScriptFactory } = {},
  ): Run {
    const script = opts.script ?? this.scriptFactory;
    const r = new Run(this.spec, { log: this.log, ...opts, ...(script === undefined ? {} : { script }) });
    r.expected = this.checkpoints.slice();
    return r;
  }

  /**
   * The run at kernel step `step`: this run moved forward, or — to go back — a replica replayed
   * from the start (observers are not copied: add them to the returned run). The log, including
   * inputs beyond `step`, is kept, so seeking forward again re-applies them.
   */
  seek(step: number, observers: readonly StepObserver[] = []): Run {
    if (step >= this.step) {
      this.runToStep(step);
      return this;
    }
    const r = this.replica();
    for (const o of observers) r.onStep(o);
    r.runToStep(step);
    return r;
  }
}

/** Every member index an input names (members, link ends, partition groups, via). */
function memberIndexesOf(input: RunInput): number[] {
  switch (input.kind) {
    case 'request':
      return [input.request.member];
    case 'remove-member':
      return [input.via, input.target];
    case 'fault': {
      const f = input.fault as Partial<Record<'member' | 'from' | 'to' | 'via', number>> & {
        readonly groups?: readonly (readonly number[])[];
      };
      const out: number[] = [];
      for (const k of ['member', 'from', 'to', 'via'] as const) {
        const v = f[k];
        if (v !== undefined) out.push(v);
      }
      for (const g of f.groups ?? []) out.push(...g);
      return out;
    }
    default:
      return [];
  }
}

function describeInputKind(input: RunInput): string {
  if (input.kind === 'fault') return input.fault.kind;
  if (input.kind === 'request') return input.request.op;
  return input.kind;
}
