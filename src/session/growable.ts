/**
 * A growable column of float64 numbers (amortised O(1) append by doubling), so per-step series
 * cost memory linear in samples and never a copy of the world per step (DESIGN.md principle 6).
 */
export class GrowableColumn {
  private buf: Float64Array;
  private n = 0;

  constructor(initialCapacity = 64) {
    this.buf = new Float64Array(Math.max(1, initialCapacity));
  }

  get length(): number {
    return this.n;
  }

  push(v: number): void {
    if (this.n === this.buf.length) {
      const next = new Float64Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.n++] = v;
  }

  at(i: number): number {
    if (i < 0 || i >= this.n) throw new Error(`column index ${i} out of range 0..${this.n - 1}`);
    return this.buf[i] ?? 0;
  }

  /** A view of the used part (shares memory: callers must not write to it). */
  view(): Float64Array {
    return this.buf.subarray(0, this.n);
  }
}

/** A bounded list that drops its oldest items first. */
export class BoundedList<T> {
  private items: T[] = [];
  private dropped = 0;

  constructor(readonly capacity: number) {}

  push(item: T): void {
    this.items.push(item);
    // Trim in batches so that a long run does not pay an O(n) shift per push.
    if (this.items.length > this.capacity * 1.25) {
      const cut = this.items.length - this.capacity;
      this.items = this.items.slice(cut);
      this.dropped += cut;
    }
  }

  /** Items kept, oldest first (at most capacity). */
  list(): T[] {
    return this.items.length > this.capacity
      ? this.items.slice(this.items.length - this.capacity)
      : this.items;
  }

  last(): T | undefined {
    return this.items[this.items.length - 1];
  }

  get droppedCount(): number {
    return this.dropped;
  }
}
