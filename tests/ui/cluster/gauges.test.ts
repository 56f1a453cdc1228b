import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  downsampleMax,
  gapFill,
  gapLevel,
  gapSparkline,
  gaugeScale,
  samplesUpTo,
  sparkSamples,
} from '../../../src/ui/cluster/model/gauges';

describe('gaugeScale', () => {
  it('covers first..last of every member with integer ticks', () => {
    const s = gaugeScale(
      [
        { first: 3, applied: 10, committed: 12, last: 15 },
        { first: 1, applied: 8, committed: 12, last: 20 },
      ],
      200,
    );
    expect(s.domain).toEqual([1, 20]);
    expect(s.x(1)).toBe(0);
    expect(s.x(20)).toBe(200);
    expect(s.ticks.every((v) => Number.isInteger(v))).toBe(true);
  });

  it('never collapses (a fresh cluster has everything at 0)', () => {
    const s = gaugeScale([{ first: 0, applied: 0, committed: 0, last: 0 }], 100);
    expect(s.domain).toEqual([0, 1]);
    expect(gaugeScale([], 100).domain).toEqual([0, 1]);
  });

  it('keeps markers ordered as the indexes are', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(10_000), { minLength: 4, maxLength: 4 }),
        ([a = 0, b = 0, c = 0, d = 0]) => {
          const [first, applied, committed, last] = [a, b, c, d].sort((x, y) => x - y) as [
            number,
            number,
            number,
            number,
          ];
          const s = gaugeScale([{ first, applied, committed, last }], 300);
          expect(s.x(first)).toBeLessThanOrEqual(s.x(applied));
          expect(s.x(applied)).toBeLessThanOrEqual(s.x(committed));
          expect(s.x(committed)).toBeLessThanOrEqual(s.x(last));
        },
      ),
    );
  });
});

describe('gap', () => {
  it('grades the gap against the limit', () => {
    expect(gapLevel(0, 5)).toBe('ok');
    expect(gapLevel(4, 5)).toBe('warn');
    expect(gapLevel(5, 5)).toBe('warn');
    expect(gapLevel(6, 5)).toBe('over');
    expect(gapLevel(100, 0)).toBe('ok');
  });

  it('lets an over-limit gap overshoot the limit mark', () => {
    const at = gapFill(5, 5);
    const over = gapFill(6, 5);
    expect(at.fill).toBeCloseTo(at.limitAt);
    expect(over.fill).toBeGreaterThan(over.limitAt);
    expect(gapFill(1e9, 5).fill).toBe(1);
  });

  it('draws a sparkline that fits the data and shows the limit only when near', () => {
    const samples = [
      { atUs: 0, gap: 0 },
      { atUs: 10, gap: 3 },
      { atUs: 20, gap: 1 },
    ];
    const far = gapSparkline(samples, 5000, 100, 20);
    expect(far.path.startsWith('M')).toBe(true);
    expect(far.limitY).toBeNull();
    expect(far.maxGap).toBe(3);
    expect(far.markXs).toEqual([]);
    const marked = gapSparkline(samples, 5000, 100, 20, [10, 99]);
    expect(marked.markXs).toHaveLength(1);
    expect(marked.markXs[0]).toBeCloseTo(50);
    const near = gapSparkline(samples, 4, 100, 20);
    expect(near.limitY).not.toBeNull();
    expect(gapSparkline([], 5, 100, 20).path).toBe('');
    expect(gapSparkline([{ atUs: 5, gap: 2 }], 5, 100, 20).path).toMatch(/^M/);
    // A step line that holds the last value until the cursor.
    const held = gapSparkline(
      [
        { atUs: 0, gap: 0 },
        { atUs: 50, gap: 1 },
      ],
      5000,
      101,
      21,
      [],
      100,
    );
    expect(held.path).toBe('M1,20L50.5,20L50.5,1L100,1L100,1');
  });

  it('downsamples keeping peaks', () => {
    const samples = Array.from({ length: 1000 }, (_, i) => ({ atUs: i, gap: i === 517 ? 99 : 1 }));
    const d = downsampleMax(samples, 50);
    expect(d.length).toBeLessThanOrEqual(50);
    expect(Math.max(...d.map((s) => s.gap))).toBe(99);
    expect(downsampleMax(samples.slice(0, 10), 50)).toHaveLength(10);
  });

  it('cuts a series at the cursor', () => {
    const series = {
      steps: new Float64Array([1, 5, 9, 12]),
      timesUs: new Float64Array([10, 50, 90, 120]),
      gap: new Float64Array([0, 1, 2, 3]),
    };
    expect(samplesUpTo(series, 9).map((s) => s.gap)).toEqual([0, 1, 2]);
    expect(samplesUpTo(series, 0)).toEqual([]);
    expect(samplesUpTo(series, 100)).toHaveLength(4);
  });
});

describe('sparkSamples', () => {
  it('equals cutting at the cursor then downsampling', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(50), { maxLength: 400 }),
        fc.nat(2000),
        fc.integer({ min: 2, max: 60 }),
        (gaps, cursor, max) => {
          const series = {
            steps: Float64Array.from(gaps, (_, i) => i * 5),
            timesUs: Float64Array.from(gaps, (_, i) => i * 100),
            gap: Float64Array.from(gaps),
          };
          expect(sparkSamples(series, cursor, max)).toEqual(downsampleMax(samplesUpTo(series, cursor), max));
        },
      ),
    );
  });
});
