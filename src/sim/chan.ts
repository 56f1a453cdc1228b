import type { G } from './goroutine';
import { opClose, opRecv, opRecvOk, opSend } from './op';
import type { Op, RecvResult } from './op';

/**
 * How a parked goroutine gets its result when a waiter is matched; a goroutine parked in a
 * select has one waiter per non-nil case.
 */
export const WaitMode = { Recv: 0, RecvOk: 1, Send: 2, SelectRecv: 3, SelectSend: 4 } as const;
export type WaitMode = (typeof WaitMode)[keyof typeof WaitMode];

/**
 * One entry of a channel's send or receive queue (Go's sudog). Entries form an intrusive
 * doubly linked list, so a goroutine leaving a select unlinks its other entries in O(1) and
 * channels that never fire (stop, done) do not accumulate stale entries.
 */
export class Waiter {
  ch: Chan<unknown> | null = null;
  mode: WaitMode = WaitMode.Recv;
  caseIndex = 0;
  value: unknown = undefined;
  prev: Waiter | null = null;
  next: Waiter | null = null;
  queued = false;

  constructor(readonly g: G) {}
}

/**
 * A Go channel. Make it with Kernel.chan so it gets a deterministic id. The element queue is
 * a ring of at most `cap` slots, allocated on first use. `zero` is what a receive from the
 * closed, drained channel yields (Go's zero value); without one, that receive yields
 * undefined — use recvOk (or a select) where a channel can be closed.
 */
export class Chan<T> {
  closed = false;
  private ring: T[] | null = null;
  private head = 0;
  private count = 0;
  recvHead: Waiter | null = null;
  recvTail: Waiter | null = null;
  sendHead: Waiter | null = null;
  sendTail: Waiter | null = null;

  constructor(
    readonly id: number,
    readonly name: string,
    readonly cap: number,
    readonly zero: T,
  ) {
    if (!Number.isInteger(cap) || cap < 0 || cap > 1 << 24) {
      throw new Error(`makechan: size out of range (${cap}) for channel ${name}`);
    }
  }

  /** Go's len(ch): the number of buffered elements. */
  len(): number {
    return this.count;
  }

  /** `v := <-ch` */
  *recv(label: string): Generator<Op, T, unknown> {
    return (yield opRecv(this, label)) as T;
  }

  /** `v, ok := <-ch` */
  *recvOk(label: string): Generator<Op, RecvResult<T>, unknown> {
    return (yield opRecvOk(this, label)) as RecvResult<T>;
  }

  /** `ch <- v` */
  *send(value: T, label: string): Generator<Op, void, unknown> {
    yield opSend(this, value, label);
  }

  /** `close(ch)` as a step of its own (Kernel.close does it inline). */
  *close(label: string): Generator<Op, void, unknown> {
    yield opClose(this, label);
  }

  // The methods below are the kernel's; goroutine code goes through ops.

  bufPush(v: T): void {
    if (this.ring === null) this.ring = new Array<T>(this.cap);
    let i = this.head + this.count;
    if (i >= this.cap) i -= this.cap;
    this.ring[i] = v;
    this.count++;
  }

  bufShift(): T {
    const ring = this.ring;
    if (ring === null || this.count === 0) throw new Error(`chan ${this.name}: shift from empty buffer`);
    const v = ring[this.head] as T;
    ring[this.head] = this.zero; // drop the reference
    this.head = this.head + 1 === this.cap ? 0 : this.head + 1;
    this.count--;
    return v;
  }

  /** Snapshot of the buffered elements, oldest first (introspection only). */
  buffered(): T[] {
    const out: T[] = [];
    const ring = this.ring;
    if (ring === null) return out;
    for (let k = 0; k < this.count; k++) out.push(ring[(this.head + k) % this.cap] as T);
    return out;
  }

  enqueueRecv(w: Waiter): void {
    w.ch = this as Chan<unknown>;
    w.next = null;
    w.prev = this.recvTail;
    if (this.recvTail === null) this.recvHead = w;
    else this.recvTail.next = w;
    this.recvTail = w;
    w.queued = true;
  }

  enqueueSend(w: Waiter): void {
    w.ch = this as Chan<unknown>;
    w.next = null;
    w.prev = this.sendTail;
    if (this.sendTail === null) this.sendHead = w;
    else this.sendTail.next = w;
    this.sendTail = w;
    w.queued = true;
  }

  /** Unlinks w from whichever of this channel's queues holds it. */
  unlink(w: Waiter): void {
    if (!w.queued) return;
    const isSend = w.mode === WaitMode.Send || w.mode === WaitMode.SelectSend;
    if (w.prev !== null) w.prev.next = w.next;
    else if (isSend) this.sendHead = w.next;
    else this.recvHead = w.next;
    if (w.next !== null) w.next.prev = w.prev;
    else if (isSend) this.sendTail = w.prev;
    else this.recvTail = w.prev;
    w.prev = null;
    w.next = null;
    w.queued = false;
  }

  /** Number of goroutines parked sending / receiving (introspection). */
  waiting(): { senders: number; receivers: number } {
    let senders = 0;
    let receivers = 0;
    for (let w = this.sendHead; w !== null; w = w.next) senders++;
    for (let w = this.recvHead; w !== null; w = w.next) receivers++;
    return { senders, receivers };
  }
}
