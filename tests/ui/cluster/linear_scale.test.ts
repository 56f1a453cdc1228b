import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { scaleLinear as d3ScaleLinear } from 'd3-scale';
import { scaleLinear, ticks } from '../../../src/ui/cluster/model/linear_scale';

// The views' linear scale is a small number-only scale kept out of the bundle for size; D3's
// scaleLinear is its oracle here.
describe('linear scale against d3-scale', () => {
  const domain = fc
    .tuple(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.integer({ min: 1, max: 2_000_000 }))
    .map(([lo, span]) => [lo, lo + span] as const);

  it('maps and inverts like d3', () => {
    fc.assert(
      fc.property(
        domain,
        fc.integer({ min: 0, max: 4000 }),
        fc.double({ min: -2, max: 3, noNaN: true }),
        (d, width, t) => {
          const ours = scaleLinear().domain(d).range([0, width]);
          const theirs = d3ScaleLinear().domain(d).range([0, width]);
          const v = d[0] + t * (d[1] - d[0]);
          expect(ours(v)).toBeCloseTo(theirs(v), 6);
          if (width > 0) expect(ours.invert(ours(v))).toBeCloseTo(theirs.invert(theirs(v)), 3);
        },
      ),
      { seed: 7, numRuns: 500 },
    );
  });

  it('gives the same ticks as d3 for integer domains', () => {
    fc.assert(
      fc.property(domain, fc.integer({ min: 1, max: 20 }), (d, count) => {
        expect(ticks(d[0], d[1], count)).toEqual(d3ScaleLinear().domain(d).ticks(count));
      }),
      { seed: 7, numRuns: 500 },
    );
  });

  it('gives the same ticks as d3 for small fractional domains', () => {
    for (const [lo, hi, count] of [
      [0, 1, 10],
      [0, 0.3, 5],
      [0.1, 0.7, 4],
      [-0.05, 0.05, 8],
      [1.5, 2.25, 6],
    ] as const) {
      expect(ticks(lo, hi, count)).toEqual(d3ScaleLinear().domain([lo, hi]).ticks(count));
    }
  });
});
