import { Waiter } from './chan';
import type { Proc, SelectResultSlot } from './op';
import { TimerEntry } from './timerheap';
import type { TimerTarget } from './timerheap';
import type { WaitGroup } from './waitgroup';

/** Where a goroutine is. Numbers on the hot path; GoroutineStateName for the UI. */
export const GState = {
  Runnable: 0,
  Running: 1,
  BlockedSend: 2,
  BlockedRecv: 3,
  Select: 4,
  Sleeping: 5,
  WaitGroup: 6,
  Done: 7,
} as const;
export type GState = (typeof GState)[keyof typeof GState];

export type GoroutineStateName =
  'runnable' | 'running' | 'blocked-send' | 'blocked-recv' | 'select' | 'sleeping' | 'waitgroup' | 'done';

export const stateNames: readonly GoroutineStateName[] = [
  'runnable',
  'running',
  'blocked-send',
  'blocked-recv',
  'select',
  'sleeping',
  'waitgroup',
  'done',
];

/**
 * A goroutine: a generator plus the bookkeeping the kernel needs to park and resume it.
 * Kernel.go creates them; everything here is the kernel's to mutate.
 */
export class G implements TimerTarget {
  state: GState = GState.Runnable;
  /** Interned label of the last yield: the line the goroutine stands at. */
  labelId = 0;
  /** The label's text (a cache key: the kernel re-interns only when it changes). */
  labelText = '';
  /** The value the next resume passes to the generator. */
  resume: unknown = undefined;
  /** A panic the kernel will throw into the generator at the next resume. */
  pendingPanic: Error | null = null;
  /** Waiter pool: [0] for plain send/recv, [0..n) for a select's cases. */
  readonly waiters: Waiter[] = [];
  /** How many pool entries the current park uses. */
  nWaiters = 0;
  /** Virtual time a sleeping goroutine wakes at. */
  sleepUntilUs = 0;
  waitGroup: WaitGroup | null = null;
  /**
   * Checked before every resume when set: once it returns false the goroutine ends there, its
   * generator abandoned without running its finally blocks (a crashed member's goroutines).
   */
  alive: (() => boolean) | null = null;
  /** The result object of the select the goroutine is in, when its op brought one. */
  selectSlot: SelectResultSlot | null = null;
  readonly sleepEntry: TimerEntry;
  /** Called by the kernel when the sleep timer fires. */
  wake: (g: G) => void;

  constructor(
    readonly id: number,
    readonly name: string,
    readonly parentId: number,
    readonly proc: Proc,
    wake: (g: G) => void,
  ) {
    this.sleepEntry = new TimerEntry(this);
    this.wake = wake;
    this.waiters.push(new Waiter(this));
  }

  waiter(i: number): Waiter {
    let w = this.waiters[i];
    if (w === undefined) {
      w = new Waiter(this);
      this.waiters.push(w);
    }
    return w;
  }

  get traceRef(): number {
    return this.id;
  }

  onTimer(): void {
    this.wake(this);
  }
}
