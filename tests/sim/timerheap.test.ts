import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TimerEntry, TimerHeap } from '../../src/sim/timerheap';

function entry(tag: number): TimerEntry & { tag: number } {
  const target = { traceRef: 0, onTimer: () => undefined };
  return Object.assign(new TimerEntry(target), { tag });
}

describe('TimerHeap', () => {
  it('pops by time, and FIFO among equal times, with removals', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.boolean()), { maxLength: 60 }),
        (spec) => {
          const h = new TimerHeap();
          const es = spec.map(([at], i) => {
            const e = entry(i);
            h.schedule(e, at);
            return e;
          });
          spec.forEach(([, drop], i) => {
            if (drop) expect(h.remove(es[i]!)).toBe(true);
          });
          const expected = spec
            .map(([at, drop], i) => ({ at, drop, i }))
            .filter((x) => !x.drop)
            .sort((a, b) => a.at - b.at || a.i - b.i)
            .map((x) => x.i);
          const got: number[] = [];
          for (let e = h.pop(); e !== undefined; e = h.pop())
            got.push((e as TimerEntry & { tag: number }).tag);
          expect(got).toEqual(expected);
        },
      ),
    );
  });

  it('re-scheduling moves an entry behind its equals', () => {
    const h = new TimerHeap();
    const a = entry(1);
    const b = entry(2);
    h.schedule(a, 5);
    h.schedule(b, 5);
    h.schedule(a, 5);
    expect([h.pop(), h.pop()].map((e) => (e as TimerEntry & { tag: number }).tag)).toEqual([2, 1]);
    expect(h.remove(a)).toBe(false);
    expect(h.nextAtUs()).toBe(Infinity);
  });
});
