/**
 * Drives the SessionEngine from the browser's event loop in slices: at most `sliceMs` of engine
 * work per task (MessageChannel for back-to-back slices while seeking or running until, one
 * slice per animation frame while playing), and at most one publish to the store per frame. A
 * publish (store update and React render) runs in a task of its own, and while playing the frame
 * after it does no engine work, so engine slices, React and the browser's layout and paint each
 * get their own task and none reaches 50 ms. No Web Worker: the app must run from file://, where
 * workers are refused.
 */
import { SessionEngine } from '../../session/engine';
import type { EngineSetup, JobResult } from '../../session/engine';
import type { SessionController, SessionNotice, SessionState } from './store';
import type { GapSeries, Granularity, RunUntilGoal, UserInput } from '../../session/types';

export const sliceMs = 8;
/** Minimum wall time between two publishes while playing. */
export const playPublishMs = 100;
/** Minimum wall time between two progress updates of a seek or run-until. */
export const progressEveryMs = 250;

export interface SchedulerHost {
  publish(patch: Partial<SessionState>): void;
  notice(n: SessionNotice | null): void;
  /** Called after each publish with the engine (the URL writer listens). */
  onSettled?(engine: SessionEngine): void;
  /** The engine's job failed (a replay that cannot go on); the engine is idle. */
  onFailed?(message: string): void;
}

/**
 * A job made of engine jobs that the scheduler slices instead of the engine's own (a lesson
 * going to a moment): `playing` while it wants frames paced by wall time, `busy` while it wants
 * back-to-back slices, neither once it is done (or paused, which `paused` tells apart).
 */
export interface EngineDriver {
  readonly busy: boolean;
  readonly playing: boolean;
  readonly paused: boolean;
  work(outOfTime: () => boolean, dtMs: number): JobResult;
  pause(): void;
  resume(): void;
  cancel(): void;
}

export class SessionScheduler implements SessionController {
  engine: SessionEngine;
  private driver: { readonly job: EngineDriver; readonly done: (r: JobResult | 'cancelled') => void } | null =
    null;
  private readonly channel: MessageChannel | null;
  private sliceQueued = false;
  private frameQueued = false;
  private publishQueued = false;
  private publishTaskQueued = false;
  private lastFrameMs = 0;
  private lastPublishMs = 0;
  private lastProgressMs = 0;
  private publishedLastFrame = false;
  private renderCostMs = 0;
  /** Publish and render durations (ms), for the UI bench. */
  readonly publishDurations: number[] = [];
  private disposed = false;
  /** Durations of engine slices (ms), for the UI bench. */
  readonly sliceDurations: number[] = [];

  constructor(
    setup: EngineSetup,
    private readonly host: SchedulerHost,
  ) {
    this.engine = new SessionEngine(setup);
    this.channel = typeof MessageChannel === 'undefined' ? null : new MessageChannel();
    if (this.channel !== null)
      this.channel.port1.onmessage = (m: MessageEvent<number>) =>
        m.data === 1 ? this.publishTask() : this.slice();
    this.publishNow();
  }

  dispose(): void {
    this.disposed = true;
    this.channel?.port1.close();
  }

  // ---- drivers ---------------------------------------------------------------------------------

  /**
   * Slices `job` until it is done, then tells `done` how it ended; any other action of the user
   * (a step, a seek, an input, a reset) cancels it first and tells `done` 'cancelled'.
   */
  drive(job: EngineDriver, done: (r: JobResult | 'cancelled') => void): void {
    // The same driver started over (a lesson going elsewhere) has replaced its own job already.
    this.dropDriver(job);
    if (this.engine.playing) this.engine.pause();
    this.driver = { job, done };
    this.lastFrameMs = now();
    this.continueJob();
  }

  /** A driver's job changed pace on its own: queue what it needs now. */
  wake(): void {
    if (this.driver !== null) {
      this.lastFrameMs = now();
      this.continueJob();
      this.schedulePublish();
    }
  }

  /** Whether a driver's job is under way (paused included). */
  get driving(): boolean {
    return this.driver !== null;
  }

  private dropDriver(keep?: EngineDriver): void {
    const d = this.driver;
    if (d === null) return;
    this.driver = null;
    if (d.job !== keep) d.job.cancel();
    d.done('cancelled');
  }

  /** What the slices advance: the driver's job, else the engine's own. */
  private get job(): Pick<EngineDriver, 'busy' | 'playing' | 'work'> {
    return this.driver?.job ?? this.engine;
  }

  /** Queues the next slice or frame of the job under way (or publishes, when there is none). */
  private continueJob(): void {
    const j = this.job;
    if (j.playing) this.queueFrame();
    else if (j.busy) this.queueSlice();
    else this.schedulePublish();
  }

  /** A driver's job ended (or paused): publish, and tell its owner when it ended. */
  private jobEnded(r: JobResult): void {
    const d = this.driver;
    if (d !== null && !d.job.paused) {
      this.driver = null;
      d.done(r);
    }
    if (r !== 'done') this.report(r);
    this.queuePublishTask();
  }

  // ---- SessionController ----------------------------------------------------------------------

  play(): void {
    const d = this.driver?.job;
    if (d !== undefined) {
      if (!d.paused) return;
      d.resume();
      this.lastFrameMs = now();
      this.continueJob();
      this.schedulePublish();
      return;
    }
    if (this.engine.busy && !this.engine.playing) return;
    this.engine.play();
    this.lastFrameMs = now();
    this.queueFrame();
    this.schedulePublish();
  }

  pause(): void {
    const d = this.driver?.job;
    if (d !== undefined) d.pause();
    else this.engine.pause();
    this.schedulePublish();
  }

  /** Playing as the page shows it: the engine's play, or a driver's watched stretch. */
  get playing(): boolean {
    return this.job.playing;
  }

  step(g: Granularity): void {
    this.dropDriver();
    if (this.engine.busy) this.engine.pause();
    if (this.engine.busy) return;
    this.engine.step(g);
    this.slice();
  }

  stepBack(): void {
    this.dropDriver();
    if (this.engine.playing) this.engine.pause();
    if (this.engine.busy) return;
    this.engine.stepBack();
    this.slice();
  }

  runUntil(goal: RunUntilGoal): void {
    this.dropDriver();
    if (this.engine.playing) this.engine.pause();
    if (this.engine.busy) return;
    this.engine.runUntil(goal);
    // A goal that cannot be reached at all (no request to wait for) is said at once.
    if (!this.engine.busy && this.engine.lastReport?.kind === 'unreached') this.report('unreached');
    this.slice();
  }

  seek(step: number): void {
    this.dropDriver();
    if (this.engine.playing) this.engine.pause();
    this.engine.seekTo(step);
    this.slice();
  }

  reset(opts?: { readonly seed?: number; readonly scenario?: string; readonly size?: number }): void {
    this.dropDriver();
    const cur = this.engine.setup;
    const scenario = opts?.scenario ?? cur.scenario;
    const size = opts?.size ?? (scenario === cur.scenario ? cur.size : undefined);
    try {
      this.engine = new SessionEngine({
        seed: opts?.seed ?? cur.seed,
        scenario,
        ...(size === undefined ? {} : { size }),
        // An imported scenario has no built-in to look up: keep its document.
        ...(scenario === cur.scenario ? { scenarioDoc: this.engine.scenarioDoc } : {}),
      });
      this.host.notice(null);
    } catch (e) {
      this.host.notice({
        kind: 'engine',
        message: String(e instanceof Error ? e.message : e),
        where: 'reset',
      });
    }
    this.publishNow();
  }

  issue(input: UserInput): void {
    this.dropDriver();
    if (this.engine.playing) this.engine.pause();
    if (this.engine.busy) return;
    this.guard(() => this.engine.issue(input));
    this.publishNow();
  }

  setSpeed(stepsPerSecond: number): void {
    this.engine.speed = stepsPerSecond;
  }

  gapSeries(member: number): GapSeries {
    return this.engine.recorder.gapSeries(member);
  }

  selectMember(i: number): void {
    this.engine.selectedMember = i;
  }

  // ---- slicing ----------------------------------------------------------------------------------

  private slice(): void {
    this.sliceQueued = false;
    const j = this.job;
    if (this.disposed || j.playing) return;
    if (!j.busy) return this.schedulePublish();
    const t0 = now();
    const r = this.guard(() => j.work(() => now() - t0 >= sliceMs, 16));
    this.sliceDurations.push(now() - t0);
    if (this.driver !== null) {
      if (r === 'more') {
        this.continueJob();
        this.publishProgress(t0);
      } else this.jobEnded(r ?? 'failed');
      return;
    }
    if (r === 'more') {
      this.queueSlice();
      this.publishProgress(t0);
    } else {
      // Done: show it in this frame rather than the next, but render in a task of its own so
      // that the engine's slice and React's render never add up in one task.
      this.report(r);
      this.queuePublishTask();
    }
  }

  /**
   * While a seek or run-until is under way only the progress is shown (a few times a second):
   * rendering the intermediate states would slow the job down and block frames.
   */
  private publishProgress(t0: number): void {
    if (t0 - this.lastProgressMs < progressEveryMs) return;
    this.lastProgressMs = t0;
    this.host.publish({ activity: this.engine.activity });
  }

  private report(r: string | undefined): void {
    if (r === 'failed') {
      const message = this.engine.failure ?? 'the replay could not go on';
      if (this.host.onFailed !== undefined) this.host.onFailed(message);
      else this.host.notice({ kind: 'engine', message, where: 'replay' });
      return;
    }
    if (r === 'bounded' || r === 'unreached') {
      this.host.notice({ kind: 'engine', message: this.engine.lastReportText ?? r, where: 'run-until' });
    } else if (r === 'halted') {
      this.host.notice({
        kind: 'engine',
        message: this.engine.snapshot().halted ?? 'halted',
        where: 'engine',
      });
    }
  }

  private queuePublishTask(): void {
    if (this.publishTaskQueued) return;
    this.publishTaskQueued = true;
    if (this.channel !== null) this.channel.port2.postMessage(1);
    else setTimeout(() => this.publishTask(), 0);
  }

  private publishTask(): void {
    this.publishTaskQueued = false;
    this.publishNow();
  }

  private queueSlice(): void {
    if (this.sliceQueued) return;
    this.sliceQueued = true;
    if (this.channel !== null) this.channel.port2.postMessage(0);
    else setTimeout(() => this.slice(), 0);
  }

  private queueFrame(): void {
    if (this.frameQueued || this.disposed) return;
    this.frameQueued = true;
    requestFrame(() => this.frame());
  }

  /**
   * Playing: a frame either advances the engine (one slice, sized by the wall time since the
   * previous frame) or is the one in which the browser lays out and paints what the last publish
   * rendered. The publish itself (store update and React render) runs in a task of its own
   * between the two, so no task carries engine work, React and layout together (that went over
   * 50 ms).
   */
  private frame(): void {
    this.frameQueued = false;
    const j = this.job;
    if (this.disposed || !j.playing) return;
    const t0 = now();
    if (this.publishedLastFrame) {
      // The time since the publish was queued is React's render plus the browser's layout and
      // paint: keep publishes far enough apart that rendering takes at most a third of the time.
      this.renderCostMs = Math.max(0, t0 - this.lastPublishMs - 16);
      this.publishedLastFrame = false;
    } else {
      const dt = Math.min(100, t0 - this.lastFrameMs);
      this.lastFrameMs = t0;
      const r = this.guard(() => j.work(() => now() - t0 >= sliceMs, dt));
      const t1 = now();
      this.sliceDurations.push(t1 - t0);
      if (this.driver !== null && !j.playing) {
        // The watched stretch is over (or paused): the rest of the job runs in slices.
        if (r === 'more' && j.busy) this.queueSlice();
        else if (r !== 'more') this.jobEnded(r ?? 'failed');
        else this.queuePublishTask();
        return;
      }
      if (r === 'halted' || r === 'failed') {
        this.report(r);
        this.publishNow();
      } else if (t1 - this.lastPublishMs >= Math.max(playPublishMs, 3 * this.renderCostMs)) {
        this.lastPublishMs = t1;
        this.publishedLastFrame = true;
        this.queuePublishTask();
      }
    }
    if (j.playing) this.queueFrame();
  }

  private schedulePublish(): void {
    if (this.publishQueued) return;
    this.publishQueued = true;
    requestFrame(() => {
      this.publishQueued = false;
      this.publishNow();
    });
  }

  publishNow(): void {
    if (this.disposed) return;
    const e = this.engine;
    const t0 = now();
    this.guard(() => {
      this.host.publish({
        snapshot: e.snapshot(),
        history: e.recorder.history(),
        readyLanes: e.recorder.readyLanes(),
        events: e.recorder.events(),
        inputs: e.inputs,
        activity: e.activity,
        playing: this.playing,
        report: e.lastReport,
        scenarioProgress: e.scenarioProgress,
      });
      this.host.onSettled?.(e);
    });
    this.publishDurations.push(now() - t0);
  }

  private guard<T>(f: () => T): T | undefined {
    try {
      return f();
    } catch (e) {
      this.engine.pause();
      this.host.notice({
        kind: 'engine',
        message: e instanceof Error ? e.message : String(e),
        where: 'engine',
      });
      return undefined;
    }
  }
}

function now(): number {
  return typeof performance === 'undefined' ? Date.now() : performance.now();
}

function requestFrame(f: () => void): void {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => f());
  else setTimeout(f, 16);
}
