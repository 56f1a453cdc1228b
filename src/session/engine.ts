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
 * The scenario's timeline is the Run's script (src/cluster/scenario_script.ts), the interpreter
 * `npm run sim` uses too, so the page and the CLI give the same trace hash at every step.
 */
import { Run } from '../cluster/run_record';
import type { RecordedInput, RunEvent, RunInput } from '../cluster/run_record';
import type { Scenario } from '../cluster/scenario';
import { builtinScenario } from '../cluster/scenarios';
import { ScenarioScript, scenarioRunSpec, scenarioWith } from '../cluster/scenario_script';
import type { ScenarioProgress } from '../cluster/scenario_script';
import type { LogRecord } from '../etcd/zap';
import type { AnyObservation } from '../cluster/observation';
import { ActiveFaultTracker } from './active_faults';
import { InFlightTracker } from './in_flight';
import { RequestPathTracker } from './request_path';
import { faultOfInput } from './inputs/fault_inputs';
import { isMemberInput, runInputOfMember } from './inputs/member_inputs';
import { MemberCallLog } from './member_calls';
import { RunRecorder } from './recorder';
import { deriveSnapshot } from './snapshot';
import { stepReportOf, untilMessage } from './step_report';
import type { StepReport } from './step_report';
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
export const stepBoundDefault = 2_000_000;
/**
 * How much simulated time a "Run until" goal (and Step tick / Step Ready) may take before the
 * engine says it was not reached: an election takes about a second, a commit a few milliseconds.
 */
export const untilBoundUs = 30_000_000;
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
      /** Simulated time after which the goal counts as not reached, and its length. */
      readonly deadlineUs: number;
      readonly boundUs: number;
      /** Step tick: the member whose tick it waits for (null = any). */
      readonly member?: number | null;
      done: number;
      readonly goal: RunUntilGoal | Granularity;
    }
  | { readonly kind: 'seek'; readonly target: number }
  /**
   * Playing at `speed`; with `until`, it stops ('done') at the first kernel step where `until`
   * holds (a lesson moment watched at a legible pace), and says 'unreached' after `deadlineUs`.
   */
  | { readonly kind: 'play'; readonly until?: () => boolean; readonly deadlineUs?: number };

/**
 * 'unreached': a goal that did not hold within its bounds (or cannot hold: see lastReport);
 * 'failed': the run could not go on (see failure), and the engine is idle.
 */
export type JobResult = 'done' | 'more' | 'bounded' | 'halted' | 'unreached' | 'failed';

/** A listener of the run's observations; told when a replay starts the run over. */
export interface ObservationTap {
  observe(member: number | null, o: AnyObservation): void;
  replayFromStart(): void;
}

/** Counters the step predicates watch, fed by observations and the per-step observer. */
interface Watch {
  /** Raft ticks per member index. */
  ticks: number[];
  /** Ready events (a Ready received, or finished) of all members. */
  readyEvents: number;
  maxCommit: number;
  /** Times any member became leader, counted from the run's start. */
  elections: number;
  /** The member whose tick / Ready event came last. */
  lastTickMember: number | null;
  lastReadyMember: number | null;
}

export class SessionEngine {
  readonly setup: Required<Omit<EngineSetup, 'inputs' | 'scenarioDoc'>>;
  readonly scenarioDoc: Scenario;
  run!: Run;
  /** etcdctl's membership calls of the current run (the Cluster keeps only key-value calls). */
  private memberCalls!: MemberCallLog;
  recorder!: RunRecorder;
  private inFlight!: InFlightTracker;
  /** The faults in force at the cursor (badges in the Cluster drawing). */
  private activeFaults!: ActiveFaultTracker;
  /** The user's latest key-value request on its way through the cluster. */
  private requestPath!: RequestPathTracker;
  /** The scenario's interpreter of the current Run (a new one per replay). */
  script!: ScenarioScript;
  /** The scenario as this session runs it (its seed and size are the session's). */
  private scenario!: Scenario;
  private watch!: Watch;
  /** Client calls the user started (ids, in order): "proposal answered" waits for the last. */
  private userCalls: number[] = [];
  /** What the last step or run-until did, for the controls to say. */
  lastReport: StepReport | null = null;
  /** Listeners of every observation (lesson goals), kept across replays. */
  private readonly taps: ObservationTap[] = [];
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
    const disorder = inputsOutOfOrder(this.inputsLog);
    if (disorder !== null) throw new Error(disorder);
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
    this.scenario = scenarioWith(this.scenarioDoc, { seed: this.setup.seed, size: this.setup.size });
    const log: RecordedInput[] = this.inputsLog.map((t) => toRecorded(t));
    this.recorder.startReplay();
    this.userCalls = [];
    for (const t of this.taps) t.replayFromStart();
    // Log lines may come while the Run is being built (before `this.run` is this one).
    let run: Run | null = null;
    run = new Run(scenarioRunSpec(this.scenario), {
      log,
      logSink: (member, line, rec: LogRecord) =>
        this.recorder.onLog(memberIndexOfName(member), line, rec, run?.cluster.kernel.stepCount ?? 0),
      script: ScenarioScript.factory(this.scenario, (made) => (this.script = made)),
    });
    this.run = run;
    this.attach();
  }

  private attach(): void {
    const run = this.run;
    const c = run.cluster;
    this.halted = null;
    this.memberCalls = new MemberCallLog(() => c.kernel.nowUs);
    this.inFlight = new InFlightTracker(
      () => c.kernel.nowUs,
      () => {
        const s = c.members[0]?.cfg.sim;
        return s === undefined ? 1000 : (s.networkLatencyUsMin + s.networkLatencyUsMax) / 2;
      },
    );
    this.requestPath = new RequestPathTracker();
    // The knobs as the run starts: a fault rewrites the member's config, so read them now.
    const sims = c.members.map((m) => m.cfg.sim);
    this.activeFaults = new ActiveFaultTracker(
      {
        fsyncUsMax: (i) => sims[i]?.fsyncUsMax ?? -1,
        applyUsPerEntry: (i) => sims[i]?.applyUsPerEntry ?? -1,
        latencyUsMax: sims[0]?.networkLatencyUsMax ?? -1,
      },
      () => c.members.length,
    );
    this.watch = {
      ticks: [],
      readyEvents: 0,
      maxCommit: 0,
      elections: 0,
      lastTickMember: null,
      lastReadyMember: null,
    };
    run.onStep(() => this.afterStep());
    run.onInput((ev) => this.onRunInput(ev));
    c.addObserver({ observe: (member, o) => this.onObservation(member, o) });
  }

  /**
   * The engine's one door into the run: typed observations, in the order they happen (ticks,
   * role changes with their cause, Readys and Ready-loop steps, client calls, messages).
   */
  private onObservation(member: number | null, o: AnyObservation): void {
    const w = this.watch;
    const c = this.run.cluster;
    const step = c.kernel.stepCount;
    for (const t of this.taps) t.observe(member, o);
    this.requestPath.observe(member, o);
    switch (o.kind) {
      case 'tick':
        if (member === null) return;
        w.ticks[member] = (w.ticks[member] ?? 0) + 1;
        w.lastTickMember = member;
        return;
      case 'role':
        if (o.change.to === StateType.StateLeader) w.elections++;
        if (member !== null) this.recorder.onRole(member, o.change, step, c.kernel.nowUs);
        return;
      case 'ready':
      case 'ready-step':
        if (member === null) return;
        if (o.kind === 'ready' || o.step === 'idle') {
          w.readyEvents++;
          w.lastReadyMember = member;
        }
        this.recorder.onReady(member, o, step, c.kernel.nowUs);
        return;
      case 'member':
        if (member !== null) this.recorder.onMember(member, o.phase, step, c.kernel.nowUs);
        return;
      case 'client':
        this.memberCalls.observe(member, o);
        return;
      case 'message':
        this.inFlight.observe(o);
        this.activeFaults.onMessage(o);
        return;
      default:
        return;
    }
  }

  /**
   * Every input applied to the run (the user's from the log, the scenario's from the script):
   * remembered as the user's call when it is one, and recorded once (a replay repeats them).
   */
  private onRunInput(ev: RunEvent): void {
    if (ev.source === 'log' && ev.callId !== undefined) this.userCalls.push(ev.callId);
    if (ev.source === 'log' && ev.callId !== undefined && ev.input.kind === 'request') {
      this.requestPath.follow(ev.callId);
    }
    if (ev.input.kind === 'fault') this.activeFaults.onFault(ev.input.fault, ev.ok);
    const req = ev.input.kind === 'request' ? ev.input.request : null;
    if (req !== null && req.op === 'put' && ev.callId !== undefined) {
      const shown = req.value ?? (req.valueBytes === undefined ? undefined : `(${req.valueBytes} B)`);
      if (shown !== undefined) this.recorder.noteCallValue(ev.callId, shown);
    }
    if (!this.recorder.takeInput()) return;
    const rec = this.recorder;
    const who = ev.source === 'log' ? 'user' : 'scenario';
    const input = ev.input;
    if (input.kind === 'caption') {
      rec.captionEvent(input.caption, ev.step, ev.atUs);
      return;
    }
    if (input.kind === 'fault') {
      const f = input.fault;
      const loss =
        f.kind === 'crash' ? 'crash' : f.kind === 'partition' || f.kind === 'cut-link' ? 'partition' : null;
      const member =
        'member' in f
          ? f.member
          : f.kind === 'partition' && f.groups.length === 1
            ? (f.groups[0]?.[0] ?? null)
            : null;
      const isFault = !(
        f.kind === 'add-member' ||
        f.kind === 'promote-member' ||
        f.kind === 'transfer-leadership'
      );
      if (isFault) rec.onFault(member, `${who}: ${ev.text}`, ev.step, ev.atUs, loss);
      else rec.event(member, ev.ok ? 'info' : 'warn', `${who}: ${ev.text}`, ev.step, ev.atUs);
      return;
    }
    const member =
      input.kind === 'request' ? input.request.member : input.kind === 'remove-member' ? input.target : null;
    rec.event(member, ev.ok ? 'info' : 'warn', `${who}: ${ev.text}`, ev.step, ev.atUs);
  }

  /** The per-step observer: watch counters, history. */
  private afterStep(): void {
    const run = this.run;
    const c = run.cluster;
    const w = this.watch;
    for (let i = 0; i < c.members.length; i++) {
      const s = c.server(i);
      if (s !== null && s.committedIndex > w.maxCommit) w.maxCommit = s.committedIndex;
    }
    this.recorder.observe(run.step, run.nowUs, c, this.memberCalls.calls);
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

  /** Where the scenario's timeline stands (what it waits for next). */
  get scenarioProgress(): ScenarioProgress {
    return this.script.progress();
  }

  /** One step of granularity g (a job: call work() until it returns 'done'). */
  step(g: Granularity): void {
    this.failure = null;
    this.undo.push(this.run.step);
    const w = this.watch;
    const deadlineUs = this.run.nowUs + untilBoundUs;
    this.lastReport = null;
    if (g === 'step') {
      const target = this.run.step + 1;
      this.job = {
        kind: 'until',
        goal: g,
        pred: () => this.run.step >= target,
        bound: 1,
        deadlineUs,
        boundUs: untilBoundUs,
        done: 0,
      };
    } else if (g === 'tick') {
      const m = this.tickMember();
      const count = (): number => (m === null ? w.ticks.reduce((a, b) => a + b, 0) : (w.ticks[m] ?? 0));
      const t0 = count();
      this.job = {
        kind: 'until',
        goal: g,
        pred: () => count() > t0,
        bound: stepBoundDefault,
        deadlineUs,
        boundUs: untilBoundUs,
        member: m,
        done: 0,
      };
    } else {
      const r0 = w.readyEvents;
      this.job = {
        kind: 'until',
        goal: g,
        pred: () => w.readyEvents > r0,
        bound: stepBoundDefault,
        deadlineUs,
        boundUs: untilBoundUs,
        done: 0,
      };
    }
  }

  /** The member whose ticks "Step tick" waits for: the selected one if it runs, else any. */
  private tickMember(): number | null {
    return this.run.cluster.server(this.selectedMember) === null ? null : this.selectedMember;
  }

  /**
   * Runs until the goal holds, for at most `bound` kernel steps and `boundUs` of simulated time.
   * "proposal-answered" waits for the user's own latest request; with none waiting it says so.
   */
  runUntil(goal: RunUntilGoal, bound = stepBoundDefault, boundUs = untilBoundUs): void {
    this.failure = null;
    this.undo.push(this.run.step);
    this.lastReport = null;
    const w = this.watch;
    const deadlineUs = this.run.nowUs + boundUs;
    let pred: () => boolean;
    if (goal === 'leader-elected') {
      // The next member to become leader (with a partition, the members may not all agree).
      const e0 = w.elections;
      pred = () => w.elections > e0;
    } else if (goal === 'next-commit') {
      const m0 = w.maxCommit;
      pred = () => w.maxCommit > m0;
    } else {
      const call = this.pendingUserCall();
      if (call === null) {
        this.undo.pop();
        this.lastReport = { kind: 'unreached', goal, reason: 'no-request', steps: 0, boundUs };
        this.job = null;
        return;
      }
      pred = () => call.result !== null;
    }
    this.job = { kind: 'until', goal, pred, bound, deadlineUs, boundUs, done: 0 };
  }

  /**
   * Runs until `holds()` (checked after every kernel step), bounded like every run-until: a
   * lesson moment's goal. Reported as the goal `label` would be.
   */
  runUntilCondition(holds: () => boolean, bound = stepBoundDefault, boundUs = untilBoundUs): void {
    this.failure = null;
    this.undo.push(this.run.step);
    this.lastReport = null;
    this.job = {
      kind: 'until',
      goal: 'step',
      pred: holds,
      bound,
      deadlineUs: this.run.nowUs + boundUs,
      boundUs,
      done: 0,
    };
  }

  /** Adds a listener of every observation of this and every later replay of the run. */
  addTap(t: ObservationTap): void {
    this.taps.push(t);
  }

  /** The user's latest client call still waiting for its answer, if any. */
  private pendingUserCall(): { readonly result: unknown } | null {
    const c = this.run.cluster;
    for (let i = this.userCalls.length - 1; i >= 0; i--) {
      const id = this.userCalls[i];
      const call = c.calls.find((x) => x.id === id) ?? this.memberCalls.calls.find((x) => x.id === id);
      if (call !== undefined && call.result === null) return call;
    }
    return null;
  }

  /** Undo the last step/run-until (any granularity); with nothing to undo, one kernel step back. */
  stepBack(): void {
    const prev = this.undo.pop();
    const target = prev ?? Math.max(0, this.run.step - 1);
    if (target >= this.run.step && prev !== undefined) return this.stepBack();
    this.lastReport = null;
    this.seekTo(target, false);
  }

  seekTo(target: number, clearUndo = true): void {
    this.failure = null;
    if (clearUndo) this.undo = [];
    const t = Math.max(0, Math.floor(target));
    if (t < this.run.step) this.rewind();
    this.job = { kind: 'seek', target: t };
  }

  /** A fresh replica at step 0 (history and inputs are kept). */
  private rewind(): void {
    this.fresh();
  }

  /**
   * Plays at `speed` kernel steps per second of wall time (the scheduler passes the wall time of
   * each frame to work()). With `until`, the play ends at the first step where it holds: the same
   * step a run-until of the same condition ends at, only watched.
   */
  play(until?: () => boolean, boundUs = untilBoundUs): void {
    this.failure = null;
    this.owed = 0;
    this.lastReport = null;
    this.job =
      until === undefined ? { kind: 'play' } : { kind: 'play', until, deadlineUs: this.run.nowUs + boundUs };
  }

  pause(): void {
    if (this.job?.kind === 'play') this.job = null;
  }

  /**
   * Advances the current job until it completes or `outOfTime()` says the slice is used up.
   * 'bounded' = a run-until hit its step bound; 'unreached' = its simulated-time bound;
   * 'halted' = the cluster cannot go on.
   */
  work(outOfTime: () => boolean, dtMs = 16): JobResult {
    try {
      return this.workOnce(outOfTime, dtMs);
    } catch (e) {
      // A replay that cannot go on (an input whose position this run never reaches, a panic
      // thrown through): the job ends, the engine is idle, and the reason is kept for the page.
      const why = e instanceof Error ? e.message : String(e);
      // The inputs from there on cannot be replayed: drop them, so stepping on works.
      const dropped = this.run.dropPendingInputs();
      this.inputsLog = this.inputsLog.slice(0, this.inputsLog.length - dropped);
      this.failure = dropped > 0 ? `${why}; ${dropped} input(s) from there on were dropped` : why;
      this.job = null;
      return 'failed';
    }
  }

  /** Why the last job failed (a replay that could not go on), or null. */
  failure: string | null = null;

  private workOnce(outOfTime: () => boolean, dtMs: number): JobResult {
    const j = this.job;
    if (j === null) return this.lastReport?.kind === 'unreached' ? 'unreached' : 'done';
    if (this.halted !== null) {
      this.job = null;
      return 'halted';
    }
    if (j.kind === 'play') {
      this.owed = Math.min(this.owed + (this.speed * dtMs) / 1000, this.speed);
      const until = j.until;
      // As a run-until checks its goal before the first step, so does a play until.
      if (until?.() === true) return this.stop('done');
      const n = Math.floor(this.owed);
      const made = this.advance(n, until ?? (() => false), outOfTime);
      this.owed -= made;
      if (this.halted !== null) return this.stop('halted');
      if (until === undefined) return 'more';
      if (until()) return this.stop('done');
      return this.run.nowUs > (j.deadlineUs ?? Infinity) ? this.stop('unreached') : 'more';
    }
    if (j.kind === 'seek') {
      if (this.run.step >= j.target) return this.stop('done');
      this.advance(j.target - this.run.step, () => this.run.step >= j.target, outOfTime);
      if (this.halted !== null) return this.stop('halted');
      return this.run.step >= j.target ? this.stop('done') : 'more';
    }
    if (j.pred()) return this.finishUntil(j, 'done');
    const late = (): boolean => this.run.nowUs > j.deadlineUs;
    const made = this.advance(j.bound - j.done, () => j.pred() || late(), outOfTime);
    j.done += made;
    if (this.halted !== null) return this.stop('halted');
    if (j.pred()) return this.finishUntil(j, 'done');
    if (late()) return this.finishUntil(j, 'unreached');
    return j.done >= j.bound ? this.finishUntil(j, 'bounded') : 'more';
  }

  /** Ends a step or run-until job and says what it did. */
  private finishUntil(j: Extract<Job, { kind: 'until' }>, r: 'done' | 'bounded' | 'unreached'): JobResult {
    const w = this.watch;
    this.lastReport = stepReportOf({
      goal: j.goal,
      result: r,
      steps: j.done,
      boundUs: j.boundUs,
      lastRan: this.run.cluster.kernel.lastRan(),
      tickMember: j.member ?? w.lastTickMember,
      readyMember: w.lastReadyMember,
      readyServer: (i) => {
        const s = this.run.cluster.server(i);
        return s === null ? null : { seq: s.r.readyCount, step: s.r.readyStep };
      },
    });
    return this.stop(r);
  }

  /** The sentence for the last report (English; the UI translates the structured report). */
  get lastReportText(): string | null {
    return this.lastReport === null ? null : untilMessage(this.lastReport);
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
    const ev = this.run.apply(runInputOf(input));
    if (input.kind === 'put' && ev.callId !== undefined) this.recorder.noteCallValue(ev.callId, input.value);
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
      messages: this.inFlight.list(),
      faults: this.activeFaults.list(),
      requestPath: this.requestPath.view(),
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

function runInputOf(input: UserInput): RunInput {
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

/**
 * A user input as a RecordedInput anchored to its kernel step: the page only stops right after a
 * goroutine ran, so the first position at that step and time is where it was applied.
 */
function toRecorded(t: TimedInput): RecordedInput {
  return { driverStep: null, atUs: t.atUs, step: t.step, input: runInputOf(t.input) };
}

/**
 * Why a list of inputs cannot be one run's (each comes at or after the one before it, in step
 * and in time), or null when it can.
 */
function inputsOutOfOrder(inputs: readonly TimedInput[]): string | null {
  for (let i = 1; i < inputs.length; i++) {
    const a = inputs[i - 1];
    const b = inputs[i];
    if (a === undefined || b === undefined) continue;
    if (b.step < a.step || b.atUs < a.atUs) {
      return `input ${i} (step ${b.step}, ${b.atUs} µs) comes before input ${i - 1} (step ${a.step}, ${a.atUs} µs): a run's inputs move forward in steps and in time`;
    }
  }
  return null;
}
