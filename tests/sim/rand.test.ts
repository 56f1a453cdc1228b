import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Rand, RandStream } from '../../src/sim/rand';
import type { RandSource } from '../../src/sim/rand';
import { Fnv64, fnv1a32 } from '../../src/sim/fnv';

describe('seeded random streams', () => {
  it('are pinned: the same seed and name give these numbers in every engine', () => {
    const s = new Rand(1n).stream('raft/1');
    const got = [s.uint32(), s.uint32(), s.uint32(), s.intn(10), s.intn(1000)];
    expect(got).toMatchInlineSnapshot(`
      [
        380575263,
        1321496460,
        3239419743,
        4,
        849,
      ]
    `);
  });

  it('the same name returns the same stateful stream; names and seeds are independent', () => {
    const r = new Rand(42);
    expect(r.stream('a')).toBe(r.stream('a'));
    const a = new RandStream('a', 42);
    const b = new RandStream('b', 42);
    const a2 = new RandStream('a', 43);
    const draw = (s: RandStream): number[] => Array.from({ length: 8 }, () => s.uint32());
    const da = draw(a);
    expect(draw(new RandStream('a', 42))).toEqual(da);
    expect(draw(b)).not.toEqual(da);
    expect(draw(a2)).not.toEqual(da);
    // numeric and bigint seeds agree
    expect(draw(new RandStream('x', 2 ** 40 + 5))).toEqual(draw(new RandStream('x', 2n ** 40n + 5n)));
  });

  it('intn stays in range and float in [0, 1)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 1, max: 2 ** 40 }), (seed, n) => {
        const s: RandSource & RandStream = new RandStream('p', seed);
        for (let i = 0; i < 20; i++) {
          const v = s.intn(n);
          expect(Number.isInteger(v) && v >= 0 && v < n).toBe(true);
          const f = s.float();
          expect(f >= 0 && f < 1).toBe(true);
        }
      }),
    );
  });

  it('intn is roughly uniform and panics like Go on a bad argument', () => {
    const s = new RandStream('u', 9);
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < 10_000; i++) counts[s.intn(10)]! += 1;
    for (const c of counts) expect(Math.abs(c - 1000)).toBeLessThan(150);
    expect(() => s.intn(0)).toThrow('invalid argument to Intn');
    expect(() => s.intn(1.5)).toThrow('invalid argument to Intn');
    expect(() => new Rand(-1)).toThrow();
  });
});

describe('FNV-1a hashing', () => {
  const prime = 0x100000001b3n;
  const mask = (1n << 64n) - 1n;

  it('the split 64-bit multiply matches a BigInt reference', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 0xffffffff }), { maxLength: 20 }), (words) => {
        const h = new Fnv64();
        let ref = 0xcbf29ce484222325n;
        for (const w of words) {
          h.word(w);
          ref = ((ref ^ BigInt(w)) * prime) & mask;
        }
        expect(h.hex()).toBe(ref.toString(16).padStart(16, '0'));
      }),
    );
  });

  it('fnv1a32 of the empty string is the offset basis', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).not.toBe(fnv1a32('b'));
  });
});
