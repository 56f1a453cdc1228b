import { describe, expect, it } from 'vitest';
import { scaleLinear, ticks } from '../../../src/ui/cluster/model/linear_scale';
import {
  constrain,
  identityTransform,
  maxZoomK,
  panBy,
  rescaleX,
  wheelFactor,
  zoomAt,
} from '../../../src/ui/cluster/model/time_zoom';

const extent = { left: 100, right: 500 };

describe('linear scale', () => {
  it('maps, inverts and copies', () => {
    const s = scaleLinear().domain([0, 10]).range([100, 200]);
    expect(s(5)).toBe(150);
    expect(s.invert(175)).toBe(7.5);
    const c = s.copy().domain([0, 20]);
    expect(c(10)).toBe(150);
    expect(s(10)).toBe(200);
  });

  it('picks round ticks like d3', () => {
    expect(ticks(0, 10, 5)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(ticks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(ticks(3, 17, 4)).toEqual([5, 10, 15]);
    expect(ticks(0, 123456, 7)).toEqual([0, 20000, 40000, 60000, 80000, 100000, 120000]);
  });
});

describe('time zoom', () => {
  it('keeps the point under the pointer in place', () => {
    const t = zoomAt(identityTransform, 2, 300, extent);
    expect(t.k).toBe(2);
    expect((300 - t.x) / t.k).toBe(300);
  });

  it('never shows time outside the extent and clamps the scale', () => {
    expect(zoomAt(identityTransform, 0.5, 300, extent)).toEqual(identityTransform);
    const t = panBy(zoomAt(identityTransform, 4, 100, extent), 10_000, extent);
    expect((extent.left - t.x) / t.k).toBeGreaterThanOrEqual(extent.left);
    const far = panBy(t, -10_000, extent);
    expect((extent.right - far.x) / far.k).toBeLessThanOrEqual(extent.right + 1e-9);
    expect(constrain({ k: 1e9, x: 0 }, extent).k).toBe(maxZoomK);
  });

  it('rescales the base scale to the visible window', () => {
    const base = scaleLinear().domain([0, 1000]).range([100, 500]);
    const x = rescaleX(zoomAt(identityTransform, 2, 100, extent), base);
    expect(x.domain()).toEqual([0, 500]);
    expect(x.range()).toEqual([100, 500]);
  });

  it('turns wheel deltas into factors like d3-zoom', () => {
    expect(wheelFactor(-500, 0, false)).toBeCloseTo(2);
    expect(wheelFactor(100, 0, true)).toBeCloseTo(2 ** -2);
    expect(wheelFactor(-20, 1, false)).toBeCloseTo(2);
  });
});
