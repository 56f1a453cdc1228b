/**
 * The part of d3-scale's scaleLinear the views use (map, invert, copy, and d3-array's round
 * ticks), for numbers only. d3-scale's generic interpolators pull d3-interpolate, d3-color and d3-format into the
 * initial bundle (~20 kB), none of which a number-to-pixel map needs.
 */
import { ticks as d3Ticks } from 'd3-array';

export interface ScaleLinear {
  (v: number): number;
  domain(): [number, number];
  domain(d: readonly [number, number]): ScaleLinear;
  range(): [number, number];
  range(r: readonly [number, number]): ScaleLinear;
  invert(px: number): number;
  copy(): ScaleLinear;
  /** About `count` round values (1, 2 or 5 × 10^n apart) inside the domain, ascending. */
  ticks(count?: number): number[];
}

export function scaleLinear(): ScaleLinear {
  return makeScale([0, 1], [0, 1]);
}

function makeScale(d0: readonly [number, number], r0: readonly [number, number]): ScaleLinear {
  let [a, b] = d0;
  let [c, e] = r0;
  const scale = ((v: number): number =>
    b === a ? (c + e) / 2 : c + ((v - a) / (b - a)) * (e - c)) as ScaleLinear;
  function domain(): [number, number];
  function domain(d: readonly [number, number]): ScaleLinear;
  function domain(d?: readonly [number, number]): [number, number] | ScaleLinear {
    if (d === undefined) return [a, b];
    [a, b] = d;
    return scale;
  }
  function range(): [number, number];
  function range(r: readonly [number, number]): ScaleLinear;
  function range(r?: readonly [number, number]): [number, number] | ScaleLinear {
    if (r === undefined) return [c, e];
    [c, e] = r;
    return scale;
  }
  scale.domain = domain;
  scale.range = range;
  scale.invert = (px) => (e === c ? (a + b) / 2 : a + ((px - c) / (e - c)) * (b - a));
  scale.copy = () => makeScale([a, b], [c, e]);
  scale.ticks = (count = 10) => ticks(Math.min(a, b), Math.max(a, b), count);
  return scale;
}

/** About `count` round values (1, 2 or 5 × 10^n apart) inside [lo, hi], ascending: d3-array's ticks. */
export function ticks(lo: number, hi: number, count: number): number[] {
  return d3Ticks(lo, hi, count);
}
