/**
 * Fast backward seeks near the cursor. The engine cannot be copied, so a step in the past is
 * reached by replaying — from the start, or from a second, live replay of the same run (the
 * "shadow") kept `lagSteps` behind the head. A seek back to a step the shadow has not passed
 * costs only the distance from the shadow to that step; the shadow then becomes the head, and a
 * fresh shadow starts from step 0, to be caught up by catchUp() when there is time (the UI's
 * idle time, or right after the head moves on).
 *
 * The price is a second engine in memory and, while catching up, CPU time equal to the head's.
 */
import type { Run, StepObserver } from './run_record';

export interface SeekResult {
  readonly run: Run;
  /** Where the replay started: the shadow's step, or 0 for a replay from the start. */
  readonly fromStep: number;
}

export class Seeker {
  private shadow: Run;

  constructor(
    private head: Run,
    readonly lagSteps = 20_000,
  ) {
    this.shadow = head.replica();
  }

  get run(): Run {
    return this.head;
  }

  /** The step the shadow stands at. */
  get shadowStep(): number {
    return this.shadow.step;
  }

  /** Moves the shadow up to lagSteps behind the head (at most maxSteps kernel steps of work). */
  catchUp(maxSteps = 50_000_000): void {
    // The head may have branched since: the shadow follows its log, or starts over.
    if (!this.shadow.follow(this.head)) this.shadow = this.head.replica();
    const target = this.head.step - this.lagSteps;
    if (this.shadow.step >= target) return;
    this.shadow.runToStep(target, maxSteps);
  }

  /**
   * The run at `step`: the head moved forward, the shadow moved forward to it, or a replay from
   * the start. The returned run becomes the head; observers are added to a run that replaced it.
   */
  seek(step: number, observers: readonly StepObserver[] = []): SeekResult {
    if (step >= this.head.step) {
      this.head.runToStep(step);
      return { run: this.head, fromStep: this.head.step };
    }
    let next: Run;
    let fromStep = 0;
    if (this.shadow.step <= step && this.shadow.follow(this.head)) {
      next = this.shadow;
      fromStep = next.step;
      this.shadow = this.head.replica();
    } else {
      next = this.head.replica();
    }
    for (const o of observers) next.onStep(o);
    next.runToStep(step);
    this.head = next;
    return { run: next, fromStep };
  }
}
