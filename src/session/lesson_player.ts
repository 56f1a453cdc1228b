/**
 * Plays a lesson on a SessionEngine: moment k ends one kernel step after the first position,
 * after moment k−1's, where its goal holds (so that a cursor names it). Those steps are found by
 * running forward once and then remembered, so going to any moment (Previous, the outline, a
 * link with `moment=K`) is a seek, and every class that opens the same lesson lands on the same
 * step with the same trace hash.
 *
 * Going to a moment is a job of several engine jobs (seek to where the next unknown moment
 * starts, run until its goal, one more step), advanced through `work()` like the engine's own,
 * so the page can slice it into frames; `goTo()` runs it to the end at once (tests). The moment
 * asked for may be *watched*: its last stretch then plays at the engine's speed instead of
 * running at once; the step it ends at is the same either way.
 */
import { SessionEngine, untilBoundUs } from './engine';
import type { JobResult } from './engine';
import { GoalTracker } from './lesson_goal';
import type { Lesson, LessonAnswer } from './lesson';

/** A moment reached, or why not. */
export type MomentOutcome =
  | { readonly ok: true; readonly moment: number; readonly step: number; readonly revealed: number | null }
  | { readonly ok: false; readonly moment: number; readonly reason: string };

/** The engine job a lesson job is waiting on. */
type Leg =
  /** Seeking to a known moment (the end) or to where the next unknown one starts. */
  | { readonly kind: 'seek' }
  /** Running (or playing) until moment `moment`'s goal holds. */
  | { readonly kind: 'goal'; readonly moment: number; readonly holds: () => boolean }
  /** The one kernel step after the goal held, which names the moment's position. */
  | { readonly kind: 'settle'; readonly moment: number };

interface Target {
  readonly moment: number;
  readonly watch: boolean;
}

/**
 * Engine jobs one lesson job may chain: a seek plus a goal and a settle per moment. A job that
 * takes more has a bug in this file, and says so instead of spinning.
 */
const maxLegsPerMoment = 3;

export class LessonPlayer {
  readonly engine: SessionEngine;
  private readonly tracker: GoalTracker;
  /** The step each moment ends at, for the moments reached so far. */
  private readonly steps: number[] = [];
  /** The answer each reached moment revealed (its index), or null without a prediction. */
  private readonly revealed: (number | null)[] = [];
  private target: Target | null = null;
  private leg: Leg | null = null;
  private legs = 0;
  /** A watched goal paused by the user: the job waits for resume(). */
  private held = false;
  /** How the last job ended (null while one is under way, or before the first). */
  outcome: MomentOutcome | null = null;

  /** Plays on `engine` (the page's), or on a new engine of the lesson's run (tests). */
  constructor(
    readonly lesson: Lesson,
    engine?: SessionEngine,
  ) {
    this.engine = engine ?? new SessionEngine({ seed: lesson.seed, scenario: lesson.scenario });
    const s = this.engine.setup;
    if (s.seed !== lesson.seed || s.scenario !== lesson.scenario || this.engine.inputs.length > 0) {
      throw new Error(
        `lesson "${lesson.name}" runs ${lesson.scenario} with seed ${lesson.seed} and no inputs; ` +
          `the engine runs ${s.scenario} with seed ${s.seed} and ${this.engine.inputs.length} input(s)`,
      );
    }
    this.tracker = new GoalTracker(this.engine);
  }

  get momentCount(): number {
    return this.lesson.moments.length;
  }

  /** The step moment k ends at, if it was reached. */
  stepOf(k: number): number | undefined {
    return this.steps[k];
  }

  /** The answer moment k revealed, if it was reached and has a prediction. */
  revealedAt(k: number): number | null {
    return this.revealed[k] ?? null;
  }

  /** A job is under way (held or not). */
  get active(): boolean {
    return this.target !== null;
  }

  /** There is work for work() to do now. */
  get busy(): boolean {
    return this.target !== null && !this.held;
  }

  /** The job is watching its last goal: the scheduler should pace it by frames. */
  get playing(): boolean {
    return this.busy && this.leg?.kind === 'goal' && this.engine.playing;
  }

  /** A watched goal the user paused. */
  get paused(): boolean {
    return this.target !== null && this.held;
  }

  /** The moment the job under way goes to, or null. */
  get heading(): number | null {
    return this.target?.moment ?? null;
  }

  /**
   * Starts going to moment k (0-based); with `watch`, its last stretch plays at the engine's
   * speed. Returns the outcome at once for a moment that does not exist, else null.
   */
  begin(k: number, opts: { readonly watch?: boolean } = {}): MomentOutcome | null {
    this.cancel();
    if (!Number.isInteger(k) || k < 0 || k >= this.momentCount) {
      this.outcome = {
        ok: false,
        moment: k,
        reason: `there is no moment ${k + 1} (the lesson has ${this.momentCount})`,
      };
      return this.outcome;
    }
    this.outcome = null;
    this.target = { moment: k, watch: opts.watch === true };
    this.legs = 0;
    return null;
  }

  /** Drops the job under way (the engine stops where it is). */
  cancel(): void {
    if (this.target === null) return;
    if (this.engine.busy) this.engine.pause();
    if (this.engine.busy) this.engine.seekTo(this.engine.cursor);
    this.engine.finish();
    this.target = null;
    this.leg = null;
    this.held = false;
  }

  /** Pauses a watched goal (the run stays where it is until resume()). */
  pause(): void {
    if (!this.playing) return;
    this.engine.pause();
    this.held = true;
  }

  resume(): void {
    if (!this.held || this.leg?.kind !== 'goal') return;
    this.held = false;
    this.engine.play(this.leg.holds);
  }

  /** Watching no more: the rest of the goal runs at once. */
  hurry(): void {
    const leg = this.leg;
    if (this.target === null || leg?.kind !== 'goal') return;
    this.target = { ...this.target, watch: false };
    this.held = false;
    this.engine.pause();
    this.engine.runUntilCondition(leg.holds);
  }

  /**
   * Advances the job until it is done or `outOfTime()`; 'done' once the moment is reached (see
   * `outcome`), another result when it could not be.
   */
  work(outOfTime: () => boolean, dtMs = 16): JobResult {
    const bound = (this.momentCount + 1) * maxLegsPerMoment;
    for (;;) {
      if (this.target === null) return 'done';
      if (this.held) return 'more';
      if (this.engine.busy) {
        const r = this.engine.work(outOfTime, dtMs);
        if (r === 'more') return 'more';
        if (r !== 'done') return this.fail(r);
        this.legDone();
        if (outOfTime()) return this.target === null ? 'done' : 'more';
        continue;
      }
      if (this.leg !== null) {
        // The engine stopped without finishing the leg (a paused play): hold until resumed.
        this.held = true;
        return 'more';
      }
      if (++this.legs > bound) return this.fail('bounded', `the lesson job took more than ${bound} legs`);
      this.startLeg();
    }
  }

  /** Goes to moment k at once (tests; the page slices the same job through work()). */
  goTo(k: number): MomentOutcome {
    const refused = this.begin(k);
    if (refused !== null) return refused;
    let r: JobResult = 'more';
    for (let i = 0; i < 1_000_000 && r === 'more'; i++) r = this.work(() => false);
    return this.outcome ?? { ok: false, moment: k, reason: `the lesson job did not end (${r})` };
  }

  private startLeg(): void {
    const t = this.target;
    if (t === null) return;
    const known = this.steps[t.moment];
    if (known !== undefined) {
      if (this.engine.cursor === known) return this.reached(t.moment);
      this.leg = { kind: 'seek' };
      this.engine.seekTo(known);
      return;
    }
    const next = this.steps.length;
    const from = next === 0 ? 0 : (this.steps[next - 1] ?? 0);
    if (this.engine.cursor !== from) {
      this.leg = { kind: 'seek' };
      this.engine.seekTo(from);
      return;
    }
    const moment = this.lesson.moments[next];
    if (moment === undefined) {
      this.fail('failed', `moment ${next + 1} is missing`);
      return;
    }
    const holds = this.tracker.arm(moment.until);
    this.leg = { kind: 'goal', moment: next, holds };
    if (t.watch && next === t.moment) this.engine.play(holds);
    else this.engine.runUntilCondition(holds);
  }

  private legDone(): void {
    const leg = this.leg;
    this.leg = null;
    if (leg === null || leg.kind === 'seek') return;
    if (leg.kind === 'goal') {
      // A goal can hold where only the clock moved (a scenario action at its instant), a place
      // no cursor names: the moment is the next kernel step, which a seek (and a link) reaches.
      this.leg = { kind: 'settle', moment: leg.moment };
      this.engine.step('step');
      return;
    }
    const moment = this.lesson.moments[leg.moment];
    this.steps[leg.moment] = this.engine.cursor;
    this.revealed[leg.moment] =
      moment?.prediction === undefined ? null : this.reveal(moment.prediction.answers);
  }

  private reached(k: number): void {
    this.outcome = { ok: true, moment: k, step: this.engine.cursor, revealed: this.revealed[k] ?? null };
    this.target = null;
    this.leg = null;
  }

  private fail(r: JobResult, reason?: string): JobResult {
    const moment = this.leg?.kind === 'goal' || this.leg?.kind === 'settle' ? this.leg.moment : null;
    const k = moment ?? this.target?.moment ?? 0;
    this.outcome = { ok: false, moment: k, reason: reason ?? this.why(r) };
    this.target = null;
    this.leg = null;
    this.held = false;
    return r;
  }

  /** The one answer whose check holds now; null if none or several do (the lesson is wrong). */
  private reveal(answers: readonly LessonAnswer[]): number | null {
    const holding = answers.map((a, i) => (this.tracker.holds(a.when) ? i : -1)).filter((i) => i >= 0);
    return holding.length === 1 ? (holding[0] ?? null) : null;
  }

  private why(r: JobResult): string {
    if (r === 'failed') return this.engine.failure ?? 'the run failed';
    if (r === 'unreached' && this.engine.lastReport === null) {
      return `the goal did not happen within ${untilBoundUs / 1_000_000} s of simulated time`;
    }
    return this.engine.lastReportText ?? `the goal was not reached (${r})`;
  }
}
