/**
 * The session engine: owns one Run (S1's src/cluster/run_record.ts: Cluster + faults + clients +
 * input log) for a seed, size and scenario, steps it by the granularities the controls offer,
 * records history (./recorder) and derives the snapshot at the cursor (./snapshot).
 *
 * It does bounded work per call — every job (step, run-until, seek, play) advances through
 * `work(budget)`, which stops when the job is done or the wall-clock budget is spent — so the
 * scheduler (./scheduler) can slice it into a few milliseconds per frame. It knows nothing of
 * React or the DOM; the wall clock is injected.
 *
 * A run is seed + scenario + the user's input log; going back replays a fresh Run from the start
 * to the target (the engine cannot copy a running cluster; S1's checkpoints verify the replay).
 */
import { Run } from '../cluster/run_record';
import type { RecordedInput } from '../cluster/run_record';
import type { Scenario } from '../cluster/scenario';
import { builtinScenario } from '../cluster/scenarios';
import { clusterConfigParts } from '../cluster/scenario_config';
import type { LogRecord } from '../etcd/zap';
import { InFlightTracker } from './in_flight';
import { faultOfInput, isExtraFault } from './inputs/fault_inputs';
import { isMemberInput, runInputOfMember } from './inputs/member_inputs';
import { MemberCallLog } from './member_calls';
import { RunRecorder } from './recorder';
import { ScenarioDriver } from './scenario_driver';
import type { DriverReport } from './scenario_driver';
import { deriveSnapshot } from './snapshot';
import { hexId } from './views_of_raft';
import { StateType } from '../raft/state_type';
import type {
  ClusterSnapshot,
  EngineActivity,
  Granularity,
  RunUntilGoal,
  TimedInput,
  UserInput,
} from './types';

export const defaultScenarioName = 'normal-startup';
/** The bound of every "until" job, in kernel steps (STYLE: "Run until" always has a step bound). */
export const stepBoundDefault = 200_000;
/** Kernel steps between two wall-clock checks. */
const stepsPerCheck = 16;

export interface EngineSetup {
  readonly seed: number;
  readonly scenario: string;
  /** Members; absent = the scenario's. */
  readonly size?: number;
  /** User inputs to replay (from a shared URL). */
  readonly inputs?: readonly TimedInput[];
  /** An imported scenario (./io/run_file.ts) instead of the built-in named `scenario`. */
  readonly scenarioDoc?: Scenario;
}

type Job =
  | {
      readonly kind: 'until';
      readonly pred: () => boolean;
      readonly bound: number;
      done: number;
      readonly goal: RunUntilGoal | Granularity;
    }
  | { readonly kind: 'seek'; readonly target: number }
  | { readonly kind: 'play' };

export type JobResult = 'done' | 'more' | 'bounded' | 'halted';

/** Counters the step predicates watch, updated after every kernel step. */
interface Watch {
  ticks: number[];
  /** The server each tick counter is hooked into (a restart makes a new one). */
  hooked: (object | null)[];
  readyEvents: number;
  readyCount: number[];
  readyIdle: boolean[];
  /** Client calls answered so far, and the indexes (in cluster.calls) still waiting. */
  answered: number;
  seenCalls: number;
  pendingCalls: number[];
  maxCommit: number;
  /** Times any member became leader (StateLeader), counted from the run's start. */
  elections: number;
  leading: boolean[];
}

export class SessionEngine {
  readonly setup: Required<Omit<EngineSetup, 'inputs' | 'scenarioDoc'>>;
  readonly scenarioDoc: Scenario;
  run!: Run;
  /** etcdctl's membership calls of the current run (the Cluster keeps only key-value calls). */
  private memberCalls!: MemberCallLog;
  recorder!: RunRecorder;
  private inFlight!: InFlightTracker;
  private driver!: ScenarioDriver;
  private watch!: Watch;
  private job: Job | null = null;
  private undo: number[] = [];
  private inputsLog: TimedInput[] = [];
  private halted: string | null = null;
  /** Steps per second while playing, and the fractional steps owed. */
  speed = 2000;
  private owed = 0;
  selectedMember = 0;

  constructor(setup: EngineSetup) {
    const parsed =
      setup.scenarioDoc === undefined
        ? builtinScenario(setup.scenario)
        : { ok: true as const, scenario: setup.scenarioDoc };
    if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('; '));
    this.scenarioDoc = parsed.scenario;
    const size = setup.size ?? parsed.scenario.members.length;
    this.setup = { seed: setup.seed, scenario: setup.scenario, size };
    this.inputsLog = [...(setup.inputs ?? [])];
    this.recorder = this.newRecorder();
    this.fresh();
  }

  private newRecorder(): RunRecorder {
    return new RunRecorder(this.setup.size, (hex) => {
      if (!/^[0-9a-f]{1,16}$/.test(hex)) return null;
      return this.run.cluster.indexOfId(BigInt(`0x${hex}`)) ?? null;
    });
  }

  /** Member IDs by index, as 16 hex digits ('' while a member being added has none yet). */
  get memberIds(): readonly string[] {
    return this.run.cluster.members.map((m) => (m.id === 0n ? '' : hexId(m.id)));
  }

  /** A new Run at step 0 with the input log replayed as the run reaches each input. */
  private fresh(): void {
    const spec = {
      size: this.setup.size,
      seed: this.setup.seed,
      config: clusterConfigParts(this.scenarioDoc.config).server,
    };
    const log: RecordedInput[] = this.inputsLog.map((t) => toRecorded(t));
    this.run = new Run(spec, {
      log,
      logSink: (member, line, rec: LogRecord) => this.recorder.onLog(memberIndexOfName(member), line, rec),
    });
    this.attach();
  }

  private attach(): void {
    const run = this.run;
    const c = run.cluster;
    this.halted = null;
    this.memberCalls = new MemberCallLog(c);
    this.inFlight = new InFlightTracker(
      c.network,
      (id) => c.indexOfId(id) ?? null,
      () => c.kernel.nowUs,
      () => {
        const s = c.members[0]?.cfg.sim;
        return s === undefined ? 1000 : (s.networkLatencyUsMin + s.networkLatencyUsMax) / 2;
      },
    );
    this.driver = new ScenarioDriver(this.scenarioDoc, (r) => this.onDriverReport(r));
    this.watch = {
      ticks: c.members.map(() => 0),
      hooked: c.members.map(() => null),
      readyEvents: 0,
      readyCount: c.members.map(() => 0),
      readyIdle: c.members.map(() => true),
      answered: 0,
      seenCalls: 0,
      pendingCalls: [],
      maxCommit: 0,
      elections: 0,
      leading: c.members.map(() => false),
    };
    run.onStep(() => this.afterStep());
  }

  private onDriverReport(r: DriverReport): void {
    const rec = this.recorder;
    rec.beginStep(this.run.step);
    if (r.fault !== null) {
      const loss =
        r.fault.kind === 'crash'
          ? 'crash'
          : r.fault.kind === 'partition' || r.fault.kind === 'cut-link'
            ? 'partition'
            : null;
      rec.onFault(r.member, `scenario: ${r.text}`, this.run.nowUs, loss);
    } else rec.event(r.member, 'info', r.text, this.run.nowUs);
    if (r.caption !== null && r.caption !== r.text) rec.event(null, 'info', `“${r.caption}”`, this.run.nowUs);
  }

  /** The per-step observer: scenario timeline, watch counters, history. */
  private afterStep(): void {
    const run = this.run;
    this.driver.afterStep(run);
    this.updateWatch();
    this.recorder.observe(run.step, run.nowUs, run.cluster, this.memberCalls.calls);
    this.recorder.beginStep(run.step + 1);
  }

  private updateWatch(): void {
    const c = this.run.cluster;
    const w = this.watch;
    this.watchCalls(c.calls);
    for (let i = 0; i < c.members.length; i++) {
      const s = c.server(i);
      if (s !== null && w.hooked[i] !== s) this.hookTicks(s.r.node.rn, i);
      const rc = s === null ? 0 : s.r.readyCount;
      const idle = s === null || s.r.readyStep === 'idle';
      if (rc !== w.readyCount[i] || idle !== w.readyIdle[i]) {
        if (rc > (w.readyCount[i] ?? 0) || (idle && w.readyIdle[i] === false)) w.readyEvents++;
        w.readyCount[i] = rc;
        w.readyIdle[i] = idle;
      }
      if (s !== null && s.committedIndex > w.maxCommit) w.maxCommit = s.committedIndex;
      const leads = s !== null && s.r.node.rn.raft.state === StateType.StateLeader;
      if (leads && w.leading[i] !== true) w.elections++;
      w.leading[i] = leads;
    }
  }

  /** Counts answers without rescanning every call of the run each step. */
  private watchCalls(calls: readonly { readonly result: unknown }[]): void {
    const w = this.watch;
    for (; w.seenCalls < calls.length; w.seenCalls++) {
      if (calls[w.seenCalls]?.result === null) w.pendingCalls.push(w.seenCalls);
      else w.answered++;
    }
    if (w.pendingCalls.length === 0) return;
    const still = w.pendingCalls.filter((i) => calls[i]?.result === null);
    w.answered += w.pendingCalls.length - still.length;
    w.pendingCalls = still;
  }

  /**
   * Counts raft ticks of member i. Missing engine hook: neither RawNode nor raftNode counts its
   * ticks, and a tick hands off through unbuffered waits, so no channel length shows it. We wrap
   * the instance's tick(), which only counts and calls through (the run is unchanged).
   */
  private hookTicks(rn: { tick(): void }, i: number): void {
    const w = this.watch;
    const base = rn.tick.bind(rn);
    rn.tick = () => {
      w.ticks[i] = (w.ticks[i] ?? 0) + 1;
      base();
    };
    w.hooked[i] = this.run.cluster.server(i);
  }

  // ---- jobs ---------------------------------------------------------------------------------

  get busy(): boolean {
    return this.job !== null;
  }

  get activity(): EngineActivity {
    const j = this.job;
    if (j === null) return { kind: 'idle' };
    if (j.kind === 'play') return { kind: 'playing' };
    if (j.kind === 'seek') return { kind: 'seeking', target: j.target, done: this.run.step };
    const goal = j.goal === 'step' || j.goal === 'tick' || j.goal === 'ready' ? null : j.goal;
    return goal === null ? { kind: 'idle' } : { kind: 'running-until', goal, steps: j.done, bound: j.bound };
  }

  get playing(): boolean {
    return this.job?.kind === 'play';
  }

  /** One step of granularity g (a job: call work() until it returns 'done'). */
  step(g: Granularity): void {
    this.undo.push(this.run.step);
    const w = this.watch;
    if (g === 'step') {
      const target = this.run.step + 1;
      this.job = { kind: 'until', goal: g, pred: () => this.run.step >= target, bound: 1, done: 0 };
    } else if (g === 'tick') {
      const m = this.tickMember();
      const t0 = m === null ? w.ticks.reduce((a, b) => a + b, 0) : (w.ticks[m] ?? 0);
      const now = (): number => (m === null ? w.ticks.reduce((a, b) => a + b, 0) : (w.ticks[m] ?? 0));
      this.job = { kind: 'until', goal: g, pred: () => now() > t0, bound: stepBoundDefault, done: 0 };
    } else {
      const r0 = w.readyEvents;
      this.job = { kind: 'until', goal: g, pred: () => w.readyEvents > r0, bound: stepBoundDefault, done: 0 };
    }
  }

  /** The member whose ticks "Step tick" waits for: the selected one if it runs, else any. */
  private tickMember(): number | null {
    return this.run.cluster.server(this.selectedMember) === null ? null : this.selectedMember;
  }

  runUntil(goal: RunUntilGoal, bound = stepBoundDefault): void {
    this.undo.push(this.run.step);
    const w = this.watch;
    let pred: () => boolean;
    if (goal === 'leader-elected') {
      // The next member to become leader (with a partition, the members may not all agree).
      const e0 = w.elections;
      pred = () => w.elections > e0;
    } else if (goal === 'next-commit') {
      const m0 = w.maxCommit;
      pred = () => w.maxCommit > m0;
    } else {
      const answered0 = w.answered;
      pred = () => w.answered > answered0;
    }
    this.job = { kind: 'until', goal, pred, bound, done: 0 };
  }

  /** Undo the last step/run-until (any granularity); with nothing to undo, one kernel step back. */
  stepBack(): void {
    const prev = this.undo.pop();
    const target = prev ?? Math.max(0, this.run.step - 1);
    if (target >= this.run.step && prev !== undefined) return this.stepBack();
    this.seekTo(target, false);
  }

  seekTo(target: number, clearUndo = true): void {
    if (clearUndo) this.undo = [];
    const t = Math.max(0, Math.floor(target));
    if (t < this.run.step) this.rewind();
    this.job = { kind: 'seek', target: t };
  }

  /** A fresh replica at step 0 (history and inputs are kept). */
  private rewind(): void {
    this.fresh();
  }

  play(): void {
    this.owed = 0;
    this.job = { kind: 'play' };
  }

  pause(): void {
    if (this.job?.kind === 'play') this.job = null;
  }

  /**
   * Advances the current job until it completes or `outOfTime()` says the slice is used up.
   * 'bounded' = a run-until hit its step bound; 'halted' = the cluster cannot go on.
   */
  work(outOfTime: () => boolean, dtMs = 16): JobResult {
    const j = this.job;
    if (j === null) return 'done';
    if (this.halted !== null) {
      this.job = null;
      return 'halted';
    }
    if (j.kind === 'play') {
      this.owed = Math.min(this.owed + (this.speed * dtMs) / 1000, this.speed);
      const n = Math.floor(this.owed);
      const made = this.advance(n, () => false, outOfTime);
      this.owed -= made;
      return this.halted !== null ? this.stop('halted') : 'more';
    }
    if (j.kind === 'seek') {
      if (this.run.step >= j.target) return this.stop('done');
      this.advance(j.target - this.run.step, () => this.run.step >= j.target, outOfTime);
      if (this.halted !== null) return this.stop('halted');
      return this.run.step >= j.target ? this.stop('done') : 'more';
    }
    if (j.pred()) return this.stop('done');
    const made = this.advance(j.bound - j.done, j.pred, outOfTime);
    j.done += made;
    if (this.halted !== null) return this.stop('halted');
    if (j.pred()) return this.stop('done');
    return j.done >= j.bound ? this.stop('bounded') : 'more';
  }

  private stop(r: JobResult): JobResult {
    this.job = null;
    return r;
  }

  /** Up to n kernel steps, stopping early when pred holds or time is out; returns steps made. */
  private advance(n: number, pred: () => boolean, outOfTime: () => boolean): number {
    let made = 0;
    while (made < n) {
      const chunk = Math.min(stepsPerCheck, n - made);
      const before = this.run.step;
      const r = this.run.runUntil((run) => run.step >= before + chunk || pred(), chunk);
      made += this.run.step - before;
      if (r.kind === 'panic') this.halted = `panic: ${r.message}`;
      else if (r.kind === 'deadlock' || r.kind === 'done') this.halted = r.kind;
      if (this.halted !== null || pred() || r.kind === 'stopped') break;
      if (this.run.step === before) break;
      if (outOfTime()) break;
    }
    return made;
  }

  /** Runs the current job to completion synchronously (tests and the CLI-like callers). */
  finish(maxSlices = 1_000_000): JobResult {
    let r: JobResult = 'more';
    for (let i = 0; i < maxSlices && r === 'more'; i++) r = this.work(() => false);
    return r;
  }

  // ---- user inputs ----------------------------------------------------------------------------

  /** Applies a user action now; if the cursor is behind the frontier, the future is rewritten. */
  issue(input: UserInput): void {
    const step = this.run.step;
    if (step < this.recorder.frontierStep) this.fork(step);
    this.inputsLog.push({ step, atUs: this.run.nowUs, input });
    this.recorder.beginStep(step + 1);
    const ev = this.run.apply(runInputOf(input));
    const c = this.run.cluster;
    if (isMemberInput(input)) {
      this.recorder.event(input.member, ev.ok ? 'info' : 'warn', `user: ${ev.text}`, c.kernel.nowUs);
    } else if (
      input.kind === 'crash' ||
      input.kind === 'restart' ||
      input.kind === 'isolate' ||
      input.kind === 'heal' ||
      isExtraFault(input)
    ) {
      const loss = input.kind === 'crash' ? 'crash' : input.kind === 'isolate' ? 'partition' : null;
      this.recorder.onFault(
        input.kind === 'heal' ? null : input.member,
        `user: ${ev.text}`,
        c.kernel.nowUs,
        loss,
      );
    } else {
      const last = c.calls[c.calls.length - 1];
      if (input.kind === 'put' && last !== undefined) this.recorder.noteCallValue(last.id, input.value);
      this.recorder.event(input.member, 'info', `user: ${ev.text}`, c.kernel.nowUs);
    }
  }

  /**
   * A new input at a step before the frontier makes the recorded future wrong: start the history
   * again and replay (recording) up to here, with the inputs logged before this step.
   */
  private fork(step: number): void {
    this.inputsLog = this.inputsLog.filter((t) => t.step <= step);
    this.recorder = this.newRecorder();
    this.fresh();
    this.job = { kind: 'seek', target: step };
    this.finish();
  }

  get inputs(): readonly TimedInput[] {
    return this.inputsLog;
  }

  // ---- observation ---------------------------------------------------------------------------

  snapshot(): ClusterSnapshot {
    return deriveSnapshot({
      cluster: this.run.cluster,
      memberIds: this.memberIds,
      inFlight: this.inFlight,
      seed: this.setup.seed,
      scenario: this.setup.scenario,
      halted: this.halted,
      initialSize: this.setup.size,
    });
  }

  get cursor(): number {
    return this.run.step;
  }
}

function runInputOf(input: UserInput): import('../cluster/run_record').RunInput {
  switch (input.kind) {
    case 'put':
      return {
        kind: 'request',
        request: { op: 'put', member: input.member, key: input.key, value: input.value },
      };
    case 'get':
      return {
        kind: 'request',
        request: { op: 'get', member: input.member, key: input.key, serializable: input.serializable },
      };
    case 'delete':
      return { kind: 'request', request: { op: 'delete', member: input.member, key: input.key } };
    case 'crash':
    case 'restart':
      return { kind: 'fault', fault: { kind: input.kind, member: input.member } };
    case 'isolate':
      return { kind: 'fault', fault: { kind: 'partition', groups: [[input.member]] } };
    case 'heal':
      return { kind: 'fault', fault: { kind: 'heal' } };
    default:
      return isMemberInput(input) ? runInputOfMember(input) : { kind: 'fault', fault: faultOfInput(input) };
  }
}

/** The index of a member by its name (infra1 is 0), or -1. */
function memberIndexOfName(name: string): number {
  const m = /^infra(\d)$/.exec(name);
  return m === null ? -1 : Number(m[1]) - 1;
}

/** A user input as S1's RecordedInput (applied between two kernel steps: driverStep = step). */
function toRecorded(t: TimedInput): RecordedInput {
  return { driverStep: t.step, atUs: t.atUs, step: t.step, input: runInputOf(t.input) };
}
