/**
 * The part of d3-scale's scaleLinear the views use (map, invert, copy, round ticks), for numbers
 * only. d3-scale's generic interpolators pull d3-interpolate, d3-color and d3-format into the
 * initial bundle (~20 kB), none of which a number-to-pixel map needs.
 */
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

/** The 1-2-5 step nearest to span / count: as a power of ten times 1, 2 or 5. */
function tickStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const power = Math.pow(10, Math.floor(Math.log10(raw)));
  const ratio = raw / power;
  const factor = ratio >= Math.sqrt(50) ? 10 : ratio >= Math.sqrt(10) ? 5 : ratio >= Math.sqrt(2) ? 2 : 1;
  return power * factor;
}

/** Multiples of the step inside [lo, hi]; small steps divide by 1/step to keep values exact. */
export function ticks(lo: number, hi: number, count: number): number[] {
  if (!(hi > lo) || !Number.isFinite(lo) || !Number.isFinite(hi) || count <= 0) {
    return Number.isFinite(lo) && lo === hi && count > 0 ? [lo] : [];
  }
  const step = tickStep(hi - lo, count);
  const out: number[] = [];
  if (step >= 1) {
    for (let i = Math.ceil(lo / step), end = Math.floor(hi / step), n = 0; i <= end && n < 1000; i++, n++)
      out.push(i * step);
  } else {
    const inv = Math.round(1 / step);
    for (let i = Math.ceil(lo * inv), end = Math.floor(hi * inv), n = 0; i <= end && n < 1000; i++, n++)
      out.push(i / inv);
  }
  return out;
}
