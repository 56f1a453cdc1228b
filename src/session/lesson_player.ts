/**
 * Plays a lesson on a SessionEngine: moment k ends one kernel step after the first position,
 * after moment k−1's, where its goal holds (so that a cursor names it). Those steps are found by running forward once and then remembered, so going
 * to any moment (Previous, the outline, a link with `moment=K`) is a seek, and every class that
 * opens the same lesson lands on the same step with the same trace hash.
 */
import { SessionEngine } from './engine';
import type { JobResult } from './engine';
import { GoalTracker } from './lesson_goal';
import type { Lesson, LessonAnswer } from './lesson';

/** A moment reached, or why not. */
export type MomentOutcome =
  | { readonly ok: true; readonly moment: number; readonly step: number; readonly revealed: number | null }
  | { readonly ok: false; readonly moment: number; readonly reason: string };

export class LessonPlayer {
  readonly engine: SessionEngine;
  private readonly tracker: GoalTracker;
  /** The step each moment ends at, for the moments reached so far. */
  private readonly steps: number[] = [];
  /** The answer each reached moment revealed (its index), or null without a prediction. */
  private readonly revealed: (number | null)[] = [];

  constructor(readonly lesson: Lesson) {
    this.engine = new SessionEngine({ seed: lesson.seed, scenario: lesson.scenario });
    this.tracker = new GoalTracker(this.engine);
  }

  get momentCount(): number {
    return this.lesson.moments.length;
  }

  /** The step moment k ends at, if it was reached. */
  stepOf(k: number): number | undefined {
    return this.steps[k];
  }

  /**
   * Goes to moment k (0-based): a seek if it was reached before, else runs forward through the
   * moments before it. Synchronous; each moment is bounded like a Run until.
   */
  goTo(k: number): MomentOutcome {
    if (!Number.isInteger(k) || k < 0 || k >= this.momentCount) {
      return {
        ok: false,
        moment: k,
        reason: `there is no moment ${k + 1} (the lesson has ${this.momentCount})`,
      };
    }
    const known = this.steps[k];
    if (known !== undefined) {
      this.engine.seekTo(known);
      const r = this.engine.finish();
      if (r !== 'done') return { ok: false, moment: k, reason: this.why(r) };
      return { ok: true, moment: k, step: known, revealed: this.revealed[k] ?? null };
    }
    const from = this.steps.length;
    if (from > 0) {
      const before = this.goTo(from - 1);
      if (!before.ok) return before;
    } else if (this.engine.cursor > 0) {
      this.engine.seekTo(0);
      this.engine.finish();
    }
    for (let i = from; i <= k; i++) {
      const moment = this.lesson.moments[i];
      if (moment === undefined) break;
      this.engine.runUntilCondition(this.tracker.arm(moment.until));
      const r = this.engine.finish();
      if (r !== 'done') return { ok: false, moment: i, reason: this.why(r) };
      // A goal can hold where only the clock moved (a scenario action at its instant), a place
      // no cursor names: the moment is the next kernel step, which a seek (and a link) reaches.
      this.engine.step('step');
      const next = this.engine.finish();
      if (next !== 'done') return { ok: false, moment: i, reason: this.why(next) };
      this.steps[i] = this.engine.cursor;
      this.revealed[i] = moment.prediction === undefined ? null : this.reveal(moment.prediction.answers);
    }
    return { ok: true, moment: k, step: this.engine.cursor, revealed: this.revealed[k] ?? null };
  }

  /** The one answer whose check holds now; null if none or several do (the lesson is wrong). */
  private reveal(answers: readonly LessonAnswer[]): number | null {
    const holding = answers.map((a, i) => (this.tracker.holds(a.when) ? i : -1)).filter((i) => i >= 0);
    return holding.length === 1 ? (holding[0] ?? null) : null;
  }

  private why(r: JobResult): string {
    if (r === 'failed') return this.engine.failure ?? 'the run failed';
    return this.engine.lastReportText ?? `the goal was not reached (${r})`;
  }
}
