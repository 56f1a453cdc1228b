/**
 * Horizontal zoom and pan of the leader timeline as plain arithmetic: a scale factor `k` and an
 * offset `x` in pixels, so screen = world · k + x. This replaces d3-zoom (with d3-transition,
 * d3-drag and d3-timer, ~40 kB of the initial bundle) for the one behaviour the timeline needs.
 */
import type { ScaleLinear } from './linear_scale';

export interface TimeTransform {
  readonly k: number;
  readonly x: number;
}

export const identityTransform: TimeTransform = { k: 1, x: 0 };
export const minZoomK = 1;
export const maxZoomK = 5000;

/** The pixel interval [left, right] the timeline draws in; the view never leaves it. */
export interface ZoomExtent {
  readonly left: number;
  readonly right: number;
}

/**
 * Keeps the visible world interval inside [left, right] (d3-zoom's translateExtent equal to its
 * extent): x between right·(1−k) and left·(1−k).
 */
export function constrain(t: TimeTransform, e: ZoomExtent): TimeTransform {
  const k = Math.min(maxZoomK, Math.max(minZoomK, t.k));
  const x = Math.min(e.left * (1 - k), Math.max(e.right * (1 - k), t.x));
  return k === t.k && x === t.x ? t : { k, x };
}

/** Scales by `factor` keeping the world point under pixel `atPx` where it is. */
export function zoomAt(t: TimeTransform, factor: number, atPx: number, e: ZoomExtent): TimeTransform {
  const k = Math.min(maxZoomK, Math.max(minZoomK, t.k * factor));
  const world = (atPx - t.x) / t.k;
  return constrain({ k, x: atPx - world * k }, e);
}

export function panBy(t: TimeTransform, dxPx: number, e: ZoomExtent): TimeTransform {
  return constrain({ k: t.k, x: t.x + dxPx }, e);
}

/** The base scale as seen through the transform (d3's ZoomTransform.rescaleX). */
export function rescaleX(t: TimeTransform, base: ScaleLinear): ScaleLinear {
  const [r0 = 0, r1 = 1] = base.range();
  return base.copy().domain([base.invert((r0 - t.x) / t.k), base.invert((r1 - t.x) / t.k)]);
}

/** d3-zoom's wheel delta: a factor of 2^delta per event, faster with ctrl (trackpad pinch). */
export function wheelFactor(deltaY: number, deltaMode: number, ctrlKey: boolean): number {
  const perUnit = deltaMode === 1 ? 0.05 : deltaMode === 2 ? 1 : 0.002;
  return Math.pow(2, -deltaY * perUnit * (ctrlKey ? 10 : 1));
}
