/**
 * The wait registry (pkg/wait/wait.go): a proposer registers its request ID and waits on the
 * returned channel; the applier triggers the ID with the apply result. Register of an ID that
 * is already registered panics (`dup id %x`); Trigger of an unknown ID does nothing, which is
 * what happens on every member except the proposer's.
 *
 * Simplified: upstream shards the map into 64 locked lists to cut lock contention; a single
 * Map is equivalent here, where goroutines never run in parallel.
 */
import type { Chan } from '../sim/chan';
import type { Kernel } from '../sim/kernel';
import { GoPanic } from '../sim/panic';

/** One pending registration, for the UI (age against the request timeout). */
export interface WaitEntry {
  readonly id: bigint;
  readonly registeredAtUs: number;
}

export class Wait<T> {
  private readonly m = new Map<bigint, { ch: Chan<T>; registeredAtUs: number }>();

  constructor(
    private readonly kernel: Kernel,
    readonly name = 'wait',
  ) {}

  /** Register(id): a channel of capacity 1 that receives the triggered value, then closes. */
  register(id: bigint): Chan<T> {
    if (this.m.has(id)) throw new GoPanic(`dup id ${BigInt.asUintN(64, id).toString(16)}`);
    const ch = this.kernel.chan<T>(`${this.name} ${BigInt.asUintN(64, id).toString(16)}`, 1);
    this.m.set(id, { ch, registeredAtUs: this.kernel.nowUs });
    return ch;
  }

  /** Trigger(id, x): hands x to the waiter and forgets the ID; a no-op when not registered. */
  trigger(id: bigint, x: T): void {
    const w = this.m.get(id);
    if (w === undefined) return;
    this.m.delete(id);
    this.kernel.trySend(w.ch, x);
    this.kernel.close(w.ch);
  }

  /** IsRegistered(id) */
  isRegistered(id: bigint): boolean {
    return this.m.has(id);
  }

  /** How many IDs are registered and not yet triggered (the UI's pending proposals). */
  get size(): number {
    return this.m.size;
  }

  /** The pending registrations in registration order. */
  entries(): WaitEntry[] {
    return Array.from(this.m, ([id, w]) => ({ id, registeredAtUs: w.registeredAtUs }));
  }
}
