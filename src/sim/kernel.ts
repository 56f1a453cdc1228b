import { Chan, WaitMode } from './chan';
import type { Waiter } from './chan';
import { G, GState, stateNames } from './goroutine';
import type { GoroutineStateName } from './goroutine';
import { releaseOp } from './op';
import type { Op, Proc, RecvResult, SelectCase, SelectResult, SelectResultSlot } from './op';
import { GoPanic, fatalDeadlock, panicCloseOfClosed, panicCloseOfNil, panicSendOnClosed } from './panic';
import { Rand } from './rand';
import type { RandStream, Seed } from './rand';
import { TimerHeap } from './timerheap';
import type { TimerEntry } from './timerheap';
import { Trace, TraceKind } from './trace';
import type { TraceSink } from './trace';
import type { WaitGroup } from './waitgroup';

export interface KernelOptions {
  /** The run's seed; every random stream derives from it. */
  readonly seed: Seed;
  /** How many trace records to keep in the ring (default 4096; 0 keeps none). */
  readonly traceCapacity?: number;
  /** Called with every trace record (a reused object: copy what you keep). */
  readonly traceSink?: TraceSink;
}

/** What one call of step() did. */
export type StepOutcome = 'ran' | 'timers' | 'deadlock' | 'done' | 'panic';

export interface PanicInfo {
  readonly gid: number;
  readonly goroutine: string;
  readonly label: string;
  readonly message: string;
  readonly error: unknown;
}

export interface DeadlockInfo {
  readonly message: string;
  readonly blocked: readonly GoroutineInfo[];
}

/** Why a run stopped. */
export type RunResult =
  | { readonly kind: 'predicate'; readonly steps: number }
  | { readonly kind: 'max-steps'; readonly steps: number }
  | { readonly kind: 'time-reached'; readonly steps: number }
  | { readonly kind: 'done'; readonly steps: number }
  | { readonly kind: 'deadlock'; readonly steps: number; readonly deadlock: DeadlockInfo }
  | { readonly kind: 'panic'; readonly steps: number; readonly panic: PanicInfo };

export interface ChanInfo {
  readonly id: number;
  readonly name: string;
  readonly len: number;
  readonly cap: number;
  readonly closed: boolean;
}

export interface GoroutineInfo {
  readonly id: number;
  readonly name: string;
  readonly parentId: number;
  readonly state: GoroutineStateName;
  readonly label: string;
  /** The channels a parked goroutine waits on, with the direction and select case index. */
  readonly waitingOn: readonly {
    readonly chan: ChanInfo;
    readonly dir: 'send' | 'recv';
    readonly caseIndex: number;
  }[];
  readonly sleepUntilUs?: number;
}

/** A bound on every run loop when the caller gives none. */
export const defaultMaxSteps = 10_000_000;

const defaultResult: SelectResult = Object.freeze({ index: -1, value: undefined, ok: false });

/**
 * The deterministic kernel: a virtual clock, a FIFO run queue of goroutines (generators), a
 * timer heap and the channel machinery. Scheduling policy: step() first fires every timer that
 * is due (or, when nothing is runnable, advances the clock to the earliest timer and fires
 * what is due then); otherwise it resumes the goroutine at the head of the run queue until
 * its next yield. A goroutine whose operation completes at once goes to the back of the queue;
 * goroutines woken by an operation are queued before the goroutine that woke them. Virtual time
 * never passes while a goroutine is runnable.
 */
export class Kernel {
  readonly rand: Rand;
  readonly trace: Trace;
  private nowUsValue = 0;
  private steps = 0;
  private readonly selectRand: RandStream;
  private readonly timers = new TimerHeap();
  private rq: (G | undefined)[] = new Array<G | undefined>(64);
  private rqHead = 0;
  private rqLen = 0;
  private readonly live: G[] = [];
  private current: G | null = null;
  private lastResumed: G | null = null;
  private failure: PanicInfo | null = null;
  private nextGid = 1;
  private nextChanId = 1;
  private readonly labelIds = new Map<string, number>();
  private readonly labels: string[] = [''];
  private readonly scratch: number[] = [];
  private okScratch = false;
  private readonly wakeSleeper = (g: G): void => {
    this.ready(g);
  };

  constructor(options: KernelOptions) {
    this.rand = new Rand(options.seed);
    this.selectRand = this.rand.stream('sim/select');
    this.trace = new Trace(options.traceCapacity ?? 4096, this.labels, options.traceSink ?? null);
  }

  /** Virtual time in microseconds. */
  get nowUs(): number {
    return this.nowUsValue;
  }

  /** Kernel steps taken so far (goroutine resumes plus timer firings). */
  get stepCount(): number {
    return this.steps;
  }

  /** The panic that stopped the kernel, if any. */
  get panicked(): PanicInfo | null {
    return this.failure;
  }

  /** The goroutine being resumed right now (null between steps and in timer callbacks). */
  get currentGoroutine(): G | null {
    return this.current;
  }

  /** The goroutine the latest step resumed, as it stands now (null before the first step). */
  lastRan(): GoroutineInfo | null {
    return this.lastResumed === null ? null : this.goroutineInfo(this.lastResumed);
  }

  traceHash(): string {
    return this.trace.hash();
  }

  /** The id of a label, interning it on first use. */
  intern(label: string): number {
    let id = this.labelIds.get(label);
    if (id === undefined) {
      id = this.labels.length;
      this.labels.push(label);
      this.labelIds.set(label, id);
    }
    return id;
  }

  labelOf(id: number): string {
    return this.labels[id] ?? '';
  }

  // ---- making things -------------------------------------------------------------------

  /** `make(chan T, cap)`. See Chan for what `zero` is for. */
  chan<T>(name: string, cap = 0, zero?: T): Chan<T> {
    return new Chan<T>(this.nextChanId++, name, cap, zero as T);
  }

  /**
   * `go proc` from outside the kernel or inline from a goroutine (no step of its own). With
   * `alive`, the goroutine ends at the first resume where alive() is false, abandoning proc
   * (no finally blocks run): what a wrapper generator checking it would do, without the layer.
   */
  go(name: string, proc: Proc, alive?: () => boolean): G {
    const parent = this.current;
    const g = new G(this.nextGid++, name, parent === null ? 0 : parent.id, proc, this.wakeSleeper);
    if (alive !== undefined) g.alive = alive;
    this.live.push(g);
    this.ready(g);
    this.record(TraceKind.Spawn, g.id, 0);
    return g;
  }

  /** A log line in the trace, attributed to the running goroutine (or the kernel). */
  log(text: string): void {
    this.record(TraceKind.Log, 0, 0, text);
  }

  // ---- timers (used by time.ts and context.ts) ------------------------------------------

  schedule(entry: TimerEntry, atUs: number): void {
    if (!(atUs >= this.nowUsValue)) atUs = this.nowUsValue;
    this.timers.schedule(entry, atUs);
  }

  unschedule(entry: TimerEntry): boolean {
    return this.timers.remove(entry);
  }

  pendingTimers(): number {
    return this.timers.size;
  }

  /** When the earliest pending timer is due (µs), or Infinity when none is. */
  nextTimerAtUs(): number {
    return this.timers.nextAtUs();
  }

  // ---- stepping -------------------------------------------------------------------------

  /** Performs one kernel step; see the class comment for the policy. */
  step(): StepOutcome {
    if (this.failure !== null) return 'panic';
    const at = this.timers.nextAtUs();
    if (this.rqLen === 0 || at <= this.nowUsValue) {
      if (at === Infinity) return this.live.length > 0 ? 'deadlock' : 'done';
      this.fireTimers(at);
      return this.failure === null ? 'timers' : 'panic';
    }
    const g = this.rq[this.rqHead] as G;
    this.rq[this.rqHead] = undefined;
    this.rqHead = (this.rqHead + 1) & (this.rq.length - 1);
    this.rqLen--;
    this.steps++;
    this.resume(g);
    return this.failure === null ? 'ran' : 'panic';
  }

  /** Steps until pred holds (checked before the first step too), or another stop. */
  runUntil(pred: (k: Kernel) => boolean, options?: { readonly maxSteps?: number }): RunResult {
    const max = options?.maxSteps ?? defaultMaxSteps;
    if (pred(this)) return { kind: 'predicate', steps: 0 };
    let n = 0;
    while (n < max) {
      const o = this.step();
      if (o !== 'ran' && o !== 'timers') return this.stopped(o, n);
      n++;
      if (pred(this)) return { kind: 'predicate', steps: n };
    }
    return { kind: 'max-steps', steps: n };
  }

  /** Runs until virtual time has advanced by durationUs (the clock ends exactly there). */
  runFor(durationUs: number, options?: { readonly maxSteps?: number }): RunResult {
    const endUs = this.nowUsValue + durationUs;
    const max = options?.maxSteps ?? defaultMaxSteps;
    let n = 0;
    while (n < max) {
      if (this.failure === null && this.rqLen === 0 && this.timers.nextAtUs() > endUs) {
        if (this.timers.size === 0 && this.live.length > 0) return this.stopped('deadlock', n);
        this.nowUsValue = Math.max(this.nowUsValue, endUs);
        return this.live.length === 0 && this.timers.size === 0
          ? { kind: 'done', steps: n }
          : { kind: 'time-reached', steps: n };
      }
      const o = this.step();
      if (o !== 'ran' && o !== 'timers') return this.stopped(o, n);
      n++;
    }
    return { kind: 'max-steps', steps: n };
  }

  /** Runs until nothing is left to do (done, deadlock, panic) or maxSteps. */
  run(options?: { readonly maxSteps?: number }): RunResult {
    return this.runUntil(() => false, options);
  }

  private stopped(o: StepOutcome, n: number): RunResult {
    if (o === 'panic' && this.failure !== null) return { kind: 'panic', steps: n, panic: this.failure };
    if (o === 'deadlock') return { kind: 'deadlock', steps: n, deadlock: this.deadlockInfo() };
    return { kind: 'done', steps: n };
  }

  deadlockInfo(): DeadlockInfo {
    return { message: fatalDeadlock, blocked: this.goroutines() };
  }

  private fireTimers(atUs: number): void {
    if (atUs > this.nowUsValue) this.nowUsValue = atUs;
    this.steps++;
    const now = this.nowUsValue;
    // Bounded: a callback may arm a timer due now, but each firing consumes an entry.
    for (let i = 0; i < 1_000_000 && this.timers.nextAtUs() <= now; i++) {
      const e = this.timers.pop() as TimerEntry;
      const target = e.target;
      this.trace.record(this.steps, now, 0, 0, TraceKind.Timer, target.traceRef, 0);
      target.onTimer(e);
      if (this.failure !== null) return;
    }
  }

  private resume(g: G): void {
    this.current = g;
    this.lastResumed = g;
    g.state = GState.Running;
    let r: IteratorResult<Op, void>;
    try {
      if (g.alive !== null && !g.alive()) {
        g.pendingPanic = null;
        this.exit(g);
        this.current = null;
        return;
      }
      const p = g.pendingPanic;
      if (p !== null) {
        g.pendingPanic = null;
        r = g.proc.throw(p);
      } else {
        const v = g.resume;
        g.resume = undefined;
        r = g.proc.next(v);
      }
    } catch (e) {
      this.fail(g, e);
      this.current = null;
      return;
    }
    if (r.done === true) this.exit(g);
    else {
      this.perform(g, r.value);
      releaseOp(r.value);
    }
    this.current = null;
  }

  private fail(g: G, e: unknown): void {
    const message = e instanceof Error ? e.message : String(e);
    this.failure = { gid: g.id, goroutine: g.name, label: this.labelOf(g.labelId), message, error: e };
    g.state = GState.Done;
    this.record(TraceKind.Panic, 0, 0, message);
  }

  private exit(g: G): void {
    g.state = GState.Done;
    this.record(TraceKind.Exit, 0, 0);
    const i = this.live.indexOf(g);
    if (i >= 0) this.live.splice(i, 1);
  }

  ready(g: G): void {
    g.state = GState.Runnable;
    if (this.rqLen === this.rq.length) this.growRunQueue();
    this.rq[(this.rqHead + this.rqLen) & (this.rq.length - 1)] = g;
    this.rqLen++;
  }

  private growRunQueue(): void {
    const old = this.rq;
    const next = new Array<G | undefined>(old.length * 2);
    for (let i = 0; i < this.rqLen; i++) next[i] = old[(this.rqHead + i) & (old.length - 1)];
    this.rq = next;
    this.rqHead = 0;
  }

  /** Records an event for the running goroutine (gid 0 = the kernel). */
  private record(kind: TraceKind, a: number, b: number, text?: string): void {
    const g = this.current;
    this.trace.record(
      this.steps,
      this.nowUsValue,
      g === null ? 0 : g.id,
      g === null ? 0 : g.labelId,
      kind,
      a,
      b,
      text,
    );
  }

  // ---- operations -----------------------------------------------------------------------

  private perform(g: G, op: Op): void {
    // Loops yield the same label again and again: skip the intern lookup then.
    if (op.label !== g.labelText) {
      g.labelText = op.label;
      g.labelId = this.intern(op.label);
    }
    switch (op.kind) {
      case 'send':
        this.opSend(g, op.ch, op.value);
        return;
      case 'recv':
        this.opRecv(g, op.ch, op.withOk);
        return;
      case 'select':
        this.opSelect(g, op.cases, op.hasDefault, op.priority, op.result);
        return;
      case 'step':
        this.record(TraceKind.Step, 0, 0);
        this.ready(g);
        return;
      case 'sleep':
        this.opSleep(g, op.durationUs);
        return;
      case 'spawn':
        g.resume = this.go(op.name, op.proc).id;
        this.ready(g);
        return;
      case 'wait':
        this.opWait(g, op.wg);
        return;
      case 'close':
        try {
          this.close(op.ch);
        } catch (e) {
          g.pendingPanic = e instanceof Error ? e : new Error(String(e));
        }
        this.ready(g);
        return;
    }
  }

  private opSend(g: G, ch: Chan<unknown> | null, value: unknown): void {
    if (ch === null) {
      this.parkForever(g, GState.BlockedSend, TraceKind.SendBlock);
      return;
    }
    if (ch.closed) {
      g.pendingPanic = new GoPanic(panicSendOnClosed);
      this.record(TraceKind.Send, ch.id, -1);
      this.ready(g);
      return;
    }
    if (ch.recvHead !== null || ch.len() < ch.cap) {
      const to = this.sendNow(ch, value);
      this.record(TraceKind.Send, ch.id, to);
      this.ready(g);
      return;
    }
    const w = g.waiter(0);
    w.mode = WaitMode.Send;
    w.value = value;
    ch.enqueueSend(w);
    g.nWaiters = 1;
    g.state = GState.BlockedSend;
    this.record(TraceKind.SendBlock, ch.id, 0);
  }

  private opRecv(g: G, ch: Chan<unknown> | null, withOk: boolean): void {
    if (ch === null) {
      this.parkForever(g, GState.BlockedRecv, TraceKind.RecvBlock);
      return;
    }
    if (ch.sendHead !== null || ch.len() > 0 || ch.closed) {
      const v = this.recvNow(ch);
      const ok = this.okScratch;
      g.resume = withOk ? { ok, value: v } : v;
      this.record(TraceKind.Recv, ch.id, ok ? 1 : 0);
      this.ready(g);
      return;
    }
    const w = g.waiter(0);
    w.mode = withOk ? WaitMode.RecvOk : WaitMode.Recv;
    ch.enqueueRecv(w);
    g.nWaiters = 1;
    g.state = GState.BlockedRecv;
    this.record(TraceKind.RecvBlock, ch.id, 0);
  }

  private parkForever(g: G, state: GState, kind: TraceKind): void {
    g.nWaiters = 0;
    g.state = state;
    this.record(kind, 0, 0);
  }

  /** Sends to a channel known to be ready for it; returns the receiving goroutine id or 0. */
  private sendNow(ch: Chan<unknown>, value: unknown): number {
    const w = ch.recvHead;
    if (w !== null) {
      ch.unlink(w);
      this.wakeReceiver(w, value, true);
      return w.g.id;
    }
    ch.bufPush(value);
    return 0;
  }

  /** Receives from a channel known to be ready; sets okScratch. */
  private recvNow(ch: Chan<unknown>): unknown {
    const w = ch.sendHead;
    if (w !== null) {
      ch.unlink(w);
      let v: unknown;
      if (ch.cap === 0) {
        v = w.value;
      } else {
        v = ch.bufShift();
        ch.bufPush(w.value);
      }
      this.wakeSender(w);
      this.okScratch = true;
      return v;
    }
    if (ch.len() > 0) {
      this.okScratch = true;
      return ch.bufShift();
    }
    this.okScratch = false;
    return ch.zero;
  }

  /** Takes a parked goroutine off every queue it is on. */
  private unpark(g: G): void {
    const n = g.nWaiters;
    for (let i = 0; i < n; i++) {
      const x = g.waiters[i] as Waiter;
      if (x.queued && x.ch !== null) x.ch.unlink(x);
      x.value = undefined;
      x.ch = null;
    }
    g.nWaiters = 0;
  }

  private wakeReceiver(w: Waiter, value: unknown, ok: boolean): void {
    const g = w.g;
    const mode = w.mode;
    const caseIndex = w.caseIndex;
    this.unpark(g);
    if (mode === WaitMode.Recv) g.resume = value;
    else if (mode === WaitMode.RecvOk) g.resume = { ok, value };
    else g.resume = this.selected(g, caseIndex, value, ok);
    this.ready(g);
  }

  private wakeSender(w: Waiter): void {
    const g = w.g;
    const mode = w.mode;
    const caseIndex = w.caseIndex;
    this.unpark(g);
    g.resume = mode === WaitMode.SelectSend ? this.selected(g, caseIndex, undefined, true) : undefined;
    this.ready(g);
  }

  /** A select's result: the goroutine's reused slot when its op brought one, else a new object. */
  private selected(g: G, index: number, value: unknown, ok: boolean): SelectResult {
    const s = g.selectSlot;
    if (s === null) return { index, value, ok };
    s.index = index;
    s.value = value;
    s.ok = ok;
    return s;
  }

  private opSelect(
    g: G,
    cases: readonly SelectCase[],
    hasDefault: boolean,
    priority: boolean,
    slot: SelectResultSlot | undefined,
  ): void {
    g.selectSlot = slot ?? null;
    const idx = this.scratch;
    let nReady = 0;
    for (let i = 0; i < cases.length; i++) {
      const c = cases[i] as SelectCase;
      const ch = c.ch;
      if (ch === null) continue;
      const ready =
        c.dir === 'send'
          ? ch.closed || ch.recvHead !== null || ch.len() < ch.cap
          : ch.sendHead !== null || ch.len() > 0 || ch.closed;
      if (ready) idx[nReady++] = i;
    }
    if (nReady > 0) {
      const pick = (priority || nReady === 1 ? idx[0] : idx[this.selectRand.intn(nReady)]) as number;
      this.selectNow(g, cases[pick] as SelectCase, pick);
      this.ready(g);
      return;
    }
    if (hasDefault) {
      g.resume = defaultResult;
      this.record(TraceKind.SelectDefault, 0, 0);
      this.ready(g);
      return;
    }
    let k = 0;
    for (let i = 0; i < cases.length; i++) {
      const c = cases[i] as SelectCase;
      if (c.ch === null) continue;
      const w = g.waiter(k++);
      w.caseIndex = i;
      if (c.dir === 'send') {
        w.mode = WaitMode.SelectSend;
        w.value = c.value;
        c.ch.enqueueSend(w);
      } else {
        w.mode = WaitMode.SelectRecv;
        c.ch.enqueueRecv(w);
      }
    }
    g.nWaiters = k;
    g.state = GState.Select;
    this.record(TraceKind.SelectBlock, cases.length, 0);
  }

  private selectNow(g: G, c: SelectCase, index: number): void {
    const ch = c.ch as Chan<unknown>;
    this.record(TraceKind.Select, ch.id, index);
    if (c.dir === 'send') {
      if (ch.closed) g.pendingPanic = new GoPanic(panicSendOnClosed);
      else this.sendNow(ch, c.value);
      g.resume = this.selected(g, index, undefined, true);
    } else {
      const value = this.recvNow(ch);
      g.resume = this.selected(g, index, value, this.okScratch);
    }
  }

  private opSleep(g: G, durationUs: number): void {
    if (!(durationUs > 0)) {
      this.record(TraceKind.Sleep, this.nowUsValue, 0);
      this.ready(g);
      return;
    }
    g.state = GState.Sleeping;
    g.sleepUntilUs = this.nowUsValue + durationUs;
    this.timers.schedule(g.sleepEntry, g.sleepUntilUs);
    this.record(TraceKind.Sleep, g.sleepUntilUs, 0);
  }

  private opWait(g: G, wg: WaitGroup): void {
    if (wg.count === 0) {
      this.record(TraceKind.Wait, 0, 0);
      this.ready(g);
      return;
    }
    g.state = GState.WaitGroup;
    g.waitGroup = wg;
    wg.park(g);
    this.record(TraceKind.WaitBlock, 0, 0);
  }

  /** Wakes goroutines parked in wg.Wait (called by WaitGroup when the counter reaches 0). */
  releaseWaitGroup(waiters: readonly G[]): void {
    for (const g of waiters) {
      g.waitGroup = null;
      this.ready(g);
    }
  }

  // ---- inline channel operations (no step of their own) ----------------------------------

  /**
   * `close(ch)` inline. Throws GoPanic on a nil or closed channel. Receivers parked on the
   * channel wake with (zero, false); parked senders wake into a panic, as in Go.
   */
  close<T>(ch: Chan<T> | null): void {
    if (ch === null) throw new GoPanic(panicCloseOfNil);
    if (ch.closed) throw new GoPanic(panicCloseOfClosed);
    const c = ch as Chan<unknown>;
    c.closed = true;
    this.record(TraceKind.Close, c.id, 0);
    for (let w = c.recvHead; w !== null; w = c.recvHead) {
      c.unlink(w);
      this.wakeReceiver(w, c.zero, false);
    }
    for (let w = c.sendHead; w !== null; w = c.sendHead) {
      c.unlink(w);
      const g = w.g;
      this.unpark(g);
      g.pendingPanic = new GoPanic(panicSendOnClosed);
      this.ready(g);
    }
  }

  /**
   * A non-blocking send (`select { case ch <- v: default: }`) done inline; returns whether the
   * value went in. Throws GoPanic on a closed channel.
   */
  trySend<T>(ch: Chan<T> | null, value: T): boolean {
    if (ch === null) return false;
    const c = ch as Chan<unknown>;
    if (c.closed) throw new GoPanic(panicSendOnClosed);
    if (c.recvHead === null && c.len() >= c.cap) return false;
    const to = this.sendNow(c, value);
    if (this.current !== null) this.record(TraceKind.Send, c.id, to);
    return true;
  }

  /**
   * A non-blocking receive (`select { case v, ok := <-ch: … default: }`) done inline: null
   * when it would block (always, for a nil channel), else the value and ok.
   */
  tryRecv<T>(ch: Chan<T> | null): RecvResult<T> | null {
    if (ch === null) return null;
    const c = ch as Chan<unknown>;
    if (c.sendHead === null && c.len() === 0 && !c.closed) return null;
    const value = this.recvNow(c) as T;
    const ok = this.okScratch;
    if (this.current !== null) this.record(TraceKind.Recv, c.id, ok ? 1 : 0);
    return ok ? { ok: true, value } : { ok: false, value };
  }

  // ---- introspection --------------------------------------------------------------------

  chanInfo(ch: Chan<unknown>): ChanInfo {
    return { id: ch.id, name: ch.name, len: ch.len(), cap: ch.cap, closed: ch.closed };
  }

  /** Live goroutines (and the one that panicked), in id order. */
  goroutines(): GoroutineInfo[] {
    return this.live.map((g) => this.goroutineInfo(g));
  }

  goroutineInfo(g: G): GoroutineInfo {
    const waitingOn: { chan: ChanInfo; dir: 'send' | 'recv'; caseIndex: number }[] = [];
    for (let i = 0; i < g.nWaiters; i++) {
      const w = g.waiters[i];
      if (w === undefined || w.ch === null) continue;
      const dir = w.mode === WaitMode.Send || w.mode === WaitMode.SelectSend ? 'send' : 'recv';
      waitingOn.push({ chan: this.chanInfo(w.ch), dir, caseIndex: w.caseIndex });
    }
    const base = {
      id: g.id,
      name: g.name,
      parentId: g.parentId,
      state: stateNames[g.state] ?? 'done',
      label: this.labelOf(g.labelId),
      waitingOn,
    };
    return g.state === GState.Sleeping ? { ...base, sleepUntilUs: g.sleepUntilUs } : base;
  }

  runnableCount(): number {
    return this.rqLen;
  }

  liveCount(): number {
    return this.live.length;
  }
}
