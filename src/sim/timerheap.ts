/**
 * The kernel's timer queue: a binary min-heap ordered by (atUs, seq). The sequence number is
 * handed out when an entry is (re)scheduled, so timers due at the same virtual instant fire in
 * the order they were armed — FIFO, and the same in every run.
 */

/** Something the kernel calls back when its timer is due (a sleeping goroutine, a Go timer, …). */
export interface TimerTarget {
  onTimer(entry: TimerEntry): void;
  /**
   * What the trace records for the firing: a goroutine id (> 0), minus the id of the channel
   * the timer sends on (< 0), or 0 for anything else (a context deadline).
   */
  readonly traceRef: number;
}

export class TimerEntry {
  atUs = 0;
  seq = 0;
  /** Position in the heap array, or -1 while not scheduled. */
  index = -1;

  constructor(readonly target: TimerTarget) {}

  get scheduled(): boolean {
    return this.index >= 0;
  }
}

function before(a: TimerEntry, b: TimerEntry): boolean {
  return a.atUs < b.atUs || (a.atUs === b.atUs && a.seq < b.seq);
}

export class TimerHeap {
  private readonly items: TimerEntry[] = [];
  private nextSeq = 1;

  get size(): number {
    return this.items.length;
  }

  /** The due time of the earliest entry, or Infinity when the heap is empty. */
  nextAtUs(): number {
    const top = this.items[0];
    return top === undefined ? Infinity : top.atUs;
  }

  peek(): TimerEntry | undefined {
    return this.items[0];
  }

  /** Schedules (or re-schedules) an entry; a re-scheduled entry goes behind its equals. */
  schedule(e: TimerEntry, atUs: number): void {
    if (e.index >= 0) this.remove(e);
    e.atUs = atUs;
    e.seq = this.nextSeq++;
    e.index = this.items.length;
    this.items.push(e);
    this.up(e.index);
  }

  /** Removes an entry if it is scheduled; returns whether it was. */
  remove(e: TimerEntry): boolean {
    const i = e.index;
    if (i < 0) return false;
    const last = this.items.pop();
    e.index = -1;
    if (last !== undefined && last !== e) {
      this.items[i] = last;
      last.index = i;
      this.down(i);
      this.up(last.index);
    }
    return true;
  }

  pop(): TimerEntry | undefined {
    const top = this.items[0];
    if (top !== undefined) this.remove(top);
    return top;
  }

  private up(i: number): void {
    const items = this.items;
    const e = items[i];
    if (e === undefined) return;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = items[p];
      if (parent === undefined || !before(e, parent)) break;
      items[i] = parent;
      parent.index = i;
      i = p;
    }
    items[i] = e;
    e.index = i;
  }

  private down(i: number): void {
    const items = this.items;
    const n = items.length;
    const e = items[i];
    if (e === undefined) return;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let c = l;
      const left = items[l];
      const right = items[r];
      if (left === undefined) break;
      let child = left;
      if (right !== undefined && before(right, left)) {
        c = r;
        child = right;
      }
      if (!before(child, e)) break;
      items[i] = child;
      child.index = i;
      i = c;
    }
    items[i] = e;
    e.index = i;
  }
}
