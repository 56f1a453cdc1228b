import type { Chan } from './chan';
import type { Kernel } from './kernel';
import { GoPanic, panicTickerInterval, panicTickerResetInterval } from './panic';
import { TimerEntry } from './timerheap';
import type { TimerTarget } from './timerheap';

/**
 * Go's time package on the virtual clock: After, NewTimer, NewTicker (Sleep is an op, see
 * op.ts). Channels carry the virtual time (µs) at which the timer fired.
 *
 * Semantics are Go 1.23+'s (etcd v3.6 is built with a go.mod at 1.23 or later): a timer or
 * ticker channel holds at most one value; a ticker that finds it full drops the tick; Stop and
 * Reset discard a value that was sent but not yet received, so no stale time is read after
 * they return; and Stop/Reset report true when the timer was still pending, which includes a
 * value sitting unreceived in the channel.
 */
class ChanTimer implements TimerTarget {
  readonly entry: TimerEntry;
  periodUs = 0;

  constructor(
    private readonly kernel: Kernel,
    readonly c: Chan<number>,
  ) {
    this.entry = new TimerEntry(this);
  }

  get traceRef(): number {
    return -this.c.id;
  }

  onTimer(): void {
    const k = this.kernel;
    k.trySend(this.c, k.nowUs); // a full channel drops the value, like Go's ticker
    if (this.periodUs > 0) k.schedule(this.entry, this.entry.atUs + this.periodUs);
  }

  /** Disarms the timer and drains the channel; true if either still held a pending fire. */
  disarm(): boolean {
    const wasArmed = this.kernel.unschedule(this.entry);
    let drained = false;
    while (this.c.len() > 0) {
      this.c.bufShift();
      drained = true;
    }
    return wasArmed || drained;
  }
}

/** `time.After(d)`: a channel that receives the time once, d µs from now. */
export function after(k: Kernel, durationUs: number, name = 'time.After'): Chan<number> {
  const t = new ChanTimer(k, k.chan<number>(name, 1, 0));
  k.schedule(t.entry, k.nowUs + Math.max(0, durationUs));
  return t.c;
}

/** `time.NewTimer(d)` */
export class Timer {
  private readonly t: ChanTimer;
  private readonly kernel: Kernel;

  constructor(k: Kernel, durationUs: number, name = 'time.Timer') {
    this.kernel = k;
    this.t = new ChanTimer(k, k.chan<number>(name, 1, 0));
    k.schedule(this.t.entry, k.nowUs + Math.max(0, durationUs));
  }

  get c(): Chan<number> {
    return this.t.c;
  }

  /** `t.Stop()`: true if the call stopped the timer before its value was received. */
  stop(): boolean {
    return this.t.disarm();
  }

  /** `t.Reset(d)`: re-arms the timer; true if it was still pending. */
  reset(durationUs: number): boolean {
    const pending = this.t.disarm();
    this.kernel.schedule(this.t.entry, this.kernel.nowUs + Math.max(0, durationUs));
    return pending;
  }
}

/** `time.NewTicker(d)`: ticks every d µs; the channel holds one tick and drops the rest. */
export class Ticker {
  private readonly t: ChanTimer;
  private readonly kernel: Kernel;

  constructor(k: Kernel, periodUs: number, name = 'time.Ticker') {
    if (!(periodUs > 0)) throw new GoPanic(panicTickerInterval);
    this.kernel = k;
    this.t = new ChanTimer(k, k.chan<number>(name, 1, 0));
    this.t.periodUs = periodUs;
    k.schedule(this.t.entry, k.nowUs + periodUs);
  }

  get c(): Chan<number> {
    return this.t.c;
  }

  /** `ticker.Stop()` */
  stop(): void {
    this.t.disarm();
  }

  /** `ticker.Reset(d)`: the next tick comes d µs from now. */
  reset(periodUs: number): void {
    if (!(periodUs > 0)) throw new GoPanic(panicTickerResetInterval);
    this.t.disarm();
    this.t.periodUs = periodUs;
    this.kernel.schedule(this.t.entry, this.kernel.nowUs + periodUs);
  }
}
