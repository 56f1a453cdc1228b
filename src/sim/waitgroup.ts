import type { G } from './goroutine';
import type { Kernel } from './kernel';
import { wait } from './op';
import type { Op } from './op';
import { GoPanic, panicNegativeWaitGroup } from './panic';

/** Go's sync.WaitGroup. add/done are inline calls; wait is a step that may park. */
export class WaitGroup {
  private counter = 0;
  private waiters: G[] = [];

  constructor(
    private readonly kernel: Kernel,
    readonly name: string,
  ) {}

  get count(): number {
    return this.counter;
  }

  /** `wg.Add(delta)`; panics like Go when the counter would go negative. */
  add(delta: number): void {
    const next = this.counter + delta;
    if (next < 0) throw new GoPanic(panicNegativeWaitGroup);
    this.counter = next;
    if (next === 0 && this.waiters.length > 0) {
      const woken = this.waiters;
      this.waiters = [];
      this.kernel.releaseWaitGroup(woken);
    }
  }

  /** `wg.Done()` */
  done(): void {
    this.add(-1);
  }

  /** `wg.Wait()` */
  *wait(label: string): Generator<Op, void, unknown> {
    yield* wait(this, label);
  }

  /** Kernel only: parks g until the counter reaches zero. */
  park(g: G): void {
    this.waiters.push(g);
  }

  /** Goroutines parked in Wait (introspection). */
  waiting(): number {
    return this.waiters.length;
  }
}
