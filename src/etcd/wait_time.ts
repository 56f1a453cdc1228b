/**
 * WaitTime (pkg/wait/wait_time.go), the server's applyWait: wait(deadline) returns a channel
 * that is closed once trigger(x) has been called with x ≥ deadline — at once (an already closed
 * channel) when that has already happened. Indexes only move forward, so linearizable reads
 * waiting for "applied ≥ confirmedIndex" are released at the end of the apply batch that
 * reaches it.
 */
import type { Chan } from '../sim/chan';
import type { Kernel } from '../sim/kernel';

export class WaitTime {
  private lastTriggerDeadline = 0;
  private readonly m = new Map<number, Chan<undefined>>();
  private closed: Chan<undefined> | null = null;

  constructor(
    private readonly kernel: Kernel,
    readonly name = 'applyWait',
  ) {}

  /** Wait(deadline) */
  wait(deadline: number): Chan<undefined> {
    if (this.lastTriggerDeadline >= deadline) return this.closedChan();
    let ch = this.m.get(deadline);
    if (ch === undefined) {
      ch = this.kernel.chan<undefined>(`${this.name} ${deadline}`);
      this.m.set(deadline, ch);
    }
    return ch;
  }

  /**
   * Trigger(deadline): closes every channel waiting for an index ≤ deadline. Upstream walks a
   * Go map (random order); here the channels close in ascending index order.
   */
  trigger(deadline: number): void {
    this.lastTriggerDeadline = deadline;
    const due = Array.from(this.m.keys())
      .filter((d) => d <= deadline)
      .sort((a, b) => a - b);
    for (const d of due) {
      const ch = this.m.get(d);
      this.m.delete(d);
      if (ch !== undefined) this.kernel.close(ch);
    }
  }

  /** The last index triggered (for the UI). */
  get lastTriggered(): number {
    return this.lastTriggerDeadline;
  }

  /** Indexes somebody is waiting for, ascending. */
  waiting(): number[] {
    return Array.from(this.m.keys()).sort((a, b) => a - b);
  }

  private closedChan(): Chan<undefined> {
    if (this.closed === null) {
      this.closed = this.kernel.chan<undefined>(`${this.name} closec`);
      this.kernel.close(this.closed);
    }
    return this.closed;
  }
}
