/**
 * Index gauges: one shared linear scale for every member's first/applied/committed/last index
 * (so members compare at a glance), the applied/committed gap against etcd's limit
 * (maxGapBetweenApplyAndCommitIndex), and the gap's history as a sparkline.
 */
import { scaleLinear } from './linear_scale';
import { stepAfterPath } from './svg_path';

export interface IndexQuad {
  readonly first: number;
  readonly applied: number;
  readonly committed: number;
  readonly last: number;
}

export interface GaugeScale {
  readonly domain: readonly [number, number];
  readonly x: (index: number) => number;
  readonly ticks: readonly number[];
}

/**
 * One scale for all members, covering the smallest first index to the largest last index. The
 * domain never collapses to a point (a fresh cluster has every index at 0) and ticks are integers,
 * since indexes are.
 */
export function gaugeScale(members: readonly IndexQuad[], widthPx: number, tickCount = 5): GaugeScale {
  let lo = Infinity;
  let hi = -Infinity;
  for (const m of members) {
    lo = Math.min(lo, m.first, m.applied, m.committed, m.last);
    hi = Math.max(hi, m.first, m.applied, m.committed, m.last);
  }
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) [lo, hi] = [0, 1];
  lo = Math.max(0, Math.floor(lo));
  hi = Math.ceil(hi);
  if (hi <= lo) hi = lo + 1;
  const s = scaleLinear()
    .domain([lo, hi])
    .range([0, Math.max(1, widthPx)]);
  const ticks = s.ticks(Math.max(2, tickCount)).filter((v) => Number.isInteger(v));
  return { domain: [lo, hi], x: (i) => s(i), ticks };
}

export type GapLevel = 'ok' | 'warn' | 'over';

/** How alarming a gap is: over the limit refuses proposals; past 80 % of it is a warning. */
export function gapLevel(gap: number, limit: number): GapLevel {
  if (limit > 0 && gap > limit) return 'over';
  if (limit > 0 && gap >= 0.8 * limit) return 'warn';
  return 'ok';
}

/**
 * The gap bar's fill in [0, 1] of its track. The track represents the limit plus a fifth, so a
 * gap over the limit visibly overshoots the limit tick instead of pinning at full.
 */
export function gapFill(gap: number, limit: number): { readonly fill: number; readonly limitAt: number } {
  const track = limit > 0 ? limit * 1.2 : Math.max(1, gap);
  const fill = Math.max(0, Math.min(1, gap / track));
  return { fill, limitAt: limit > 0 ? limit / track : 1 };
}

export interface GapSample {
  readonly atUs: number;
  readonly gap: number;
}

export interface Sparkline {
  readonly path: string;
  /** Y of the limit line when the limit is within sight of the data, else null. */
  readonly limitY: number | null;
  readonly maxGap: number;
  /** X of each mark (a refused proposal) that falls within the drawn time span. */
  readonly markXs: readonly number[];
}

/**
 * The gap over virtual time as an SVG step line in a width×height box, up to endUs (the cursor). The y axis fits the data (a
 * classroom gap of 3 must not vanish under a limit of 5000); the limit line is drawn only when
 * it is near enough to the data to matter. Samples must be in time order; marks (refused
 * proposals) are placed on the same time axis.
 */
export function gapSparkline(
  samples: readonly GapSample[],
  limit: number,
  width: number,
  height: number,
  marksUs: readonly number[] = [],
  endUs?: number,
): Sparkline {
  let maxGap = 0;
  for (const s of samples) maxGap = Math.max(maxGap, s.gap);
  const showLimit = limit > 0 && limit <= Math.max(1, maxGap) * 1.5;
  const yMax = Math.max(1, maxGap, showLimit ? limit : 0);
  const firstSample = samples[0];
  const lastSample = samples[samples.length - 1];
  const first = firstSample?.atUs ?? 0;
  // The gap holds its value until the next sample, and the latest value holds until now.
  const lastT = Math.max(lastSample?.atUs ?? first, endUs ?? first);
  const x = scaleLinear()
    .domain([first, lastT > first ? lastT : first + 1])
    .range([1, Math.max(2, width - 1)]);
  const y = scaleLinear()
    .domain([0, yMax])
    .range([height - 1, 1]);
  const points =
    lastSample === undefined
      ? []
      : [...samples, { atUs: lastT > first ? lastT : first + 1, gap: lastSample.gap }];
  const path = points.length === 0 ? '' : stepAfterPath(points.map((d) => [x(d.atUs), y(d.gap)] as const));
  const markXs = marksUs.filter((t) => t >= first && t <= lastT).map((t) => x(t));
  return { path, limitY: showLimit ? y(limit) : null, maxGap, markXs };
}

/**
 * At most maxPoints samples, keeping the peaks: a long run is reduced bucket by bucket to each
 * bucket's largest gap, so a spike towards the limit never disappears from the sparkline.
 */
export function downsampleMax(samples: readonly GapSample[], maxPoints: number): GapSample[] {
  if (maxPoints < 2) throw new Error('downsampleMax: need at least 2 points');
  if (samples.length <= maxPoints) return [...samples];
  const out: GapSample[] = [];
  const bucket = samples.length / maxPoints;
  for (let b = 0; b < maxPoints; b++) {
    const lo = Math.floor(b * bucket);
    const hi = Math.min(samples.length, Math.floor((b + 1) * bucket));
    let best: GapSample | undefined;
    for (let i = lo; i < hi; i++) {
      const s = samples[i];
      if (s !== undefined && (best === undefined || s.gap > best.gap)) best = s;
    }
    if (best !== undefined) out.push(best);
  }
  return out;
}

/** The samples of a recorded series at or before the cursor (steps ascend; binary search). */
export function samplesUpTo(
  series: {
    readonly steps: ArrayLike<number>;
    readonly timesUs: ArrayLike<number>;
    readonly gap: ArrayLike<number>;
  },
  cursorStep: number,
): GapSample[] {
  let lo = 0;
  let hi = series.steps.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((series.steps[mid] ?? 0) <= cursorStep) lo = mid + 1;
    else hi = mid;
  }
  const out: GapSample[] = new Array<GapSample>(lo);
  for (let i = 0; i < lo; i++) out[i] = { atUs: series.timesUs[i] ?? 0, gap: series.gap[i] ?? 0 };
  return out;
}

/**
 * samplesUpTo followed by downsampleMax, straight from the typed arrays: a long run has tens of
 * thousands of samples per member, and the sparkline is redrawn on every step, so no object is
 * made for a sample that is not drawn.
 */
export function sparkSamples(
  series: {
    readonly steps: ArrayLike<number>;
    readonly timesUs: ArrayLike<number>;
    readonly gap: ArrayLike<number>;
  },
  cursorStep: number,
  maxPoints: number,
): GapSample[] {
  if (maxPoints < 2) throw new Error('sparkSamples: need at least 2 points');
  let lo = 0;
  let hi = series.steps.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((series.steps[mid] ?? 0) <= cursorStep) lo = mid + 1;
    else hi = mid;
  }
  const n = lo;
  const at = (i: number): GapSample => ({ atUs: series.timesUs[i] ?? 0, gap: series.gap[i] ?? 0 });
  if (n <= maxPoints) return Array.from({ length: n }, (_, i) => at(i));
  const out: GapSample[] = [];
  const bucket = n / maxPoints;
  for (let b = 0; b < maxPoints; b++) {
    const from = Math.floor(b * bucket);
    const to = Math.min(n, Math.floor((b + 1) * bucket));
    let best = from;
    for (let i = from + 1; i < to; i++) if ((series.gap[i] ?? 0) > (series.gap[best] ?? 0)) best = i;
    if (from < to) out.push(at(best));
  }
  return out;
}
