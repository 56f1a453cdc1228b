import { useEffect, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import type { ScaleLinear } from '../model/linear_scale';
import {
  constrain,
  identityTransform,
  panBy as panTransform,
  rescaleX,
  wheelFactor,
  zoomAt,
} from '../model/time_zoom';
import type { TimeTransform, ZoomExtent } from '../model/time_zoom';

export interface TimeZoom {
  readonly transform: TimeTransform & {
    rescaleX(base: ScaleLinear): ScaleLinear;
  };
  zoomBy(k: number): void;
  panBy(dxPx: number): void;
  reset(): void;
  /** + / = zoom in, − zoom out, arrows pan, 0 resets. */
  onKeyDown(e: KeyboardEvent<Element>): void;
}

/** A drag moved further than this (px) is a pan, and the click that ends it does not seek. */
const clickSlopPx = 3;

/**
 * Horizontal zoom of an SVG element: React keeps the transform in state and rescales its time
 * axis with it; the wheel zooms at the pointer, a drag pans, two touch points pinch, a double
 * click zooms in (shift: out). Buttons and keys go through the same arithmetic
 * (model/time_zoom.ts), so pointer and keyboard zoom never disagree.
 */
export function useTimeZoom(svg: SVGSVGElement | null, left: number, right: number): TimeZoom {
  const [transform, setTransform] = useState<TimeTransform>(identityTransform);
  const extent: ZoomExtent = { left, right };
  const extentRef = useRef(extent);
  extentRef.current = extent;
  useEffect(() => {
    setTransform((t) => constrain(t, { left, right }));
  }, [left, right]);
  useEffect(() => {
    if (svg === null) return;
    return attachPointerZoom(svg, extentRef, setTransform);
  }, [svg]);

  const update = (f: (t: TimeTransform, e: ZoomExtent) => TimeTransform): void =>
    setTransform((t) => f(t, extentRef.current));
  const zoomBy = (k: number): void => update((t, e) => zoomAt(t, k, (e.left + e.right) / 2, e));
  const panBy = (dx: number): void => update((t, e) => panTransform(t, dx, e));
  const reset = (): void => setTransform(identityTransform);
  const onKeyDown = (e: KeyboardEvent<Element>): void => {
    const keys: Record<string, () => void> = {
      '+': () => zoomBy(1.5),
      '=': () => zoomBy(1.5),
      '-': () => zoomBy(1 / 1.5),
      '0': reset,
      ArrowLeft: () => panBy(60),
      ArrowRight: () => panBy(-60),
    };
    const act = keys[e.key];
    if (act === undefined) return;
    e.preventDefault();
    act();
  };
  const withRescale = useMemo(
    () => ({ ...transform, rescaleX: (base: ScaleLinear) => rescaleX(transform, base) }),
    [transform],
  );
  return {
    transform: withRescale,
    zoomBy,
    panBy,
    reset,
    onKeyDown,
  };
}

type SetTransform = (f: (t: TimeTransform) => TimeTransform) => void;

/** Wheel, drag, pinch and double click on `svg`; returns the detach function. */
function attachPointerZoom(
  svg: SVGSVGElement,
  extent: { readonly current: ZoomExtent },
  set: SetTransform,
): () => void {
  const xOf = (clientX: number): number => clientX - svg.getBoundingClientRect().left;
  const pointers = new Map<number, number>();
  let moved = 0;
  const onWheel = (e: WheelEvent): void => {
    const f = wheelFactor(e.deltaY, e.deltaMode, e.ctrlKey);
    const at = xOf(e.clientX);
    e.preventDefault();
    set((t) => zoomAt(t, f, at, extent.current));
  };
  const onDown = (e: PointerEvent): void => {
    if (e.button !== 0 || (e.ctrlKey && e.pointerType === 'mouse')) return;
    if (pointers.size === 0) moved = 0;
    pointers.set(e.pointerId, e.clientX);
  };
  const onMove = (e: PointerEvent): void => {
    const prev = pointers.get(e.pointerId);
    if (prev === undefined) return;
    const spread = (): number => {
      const xs = [...pointers.values()];
      return Math.max(1, Math.abs((xs[0] ?? 0) - (xs[1] ?? 0)));
    };
    const before = spread();
    pointers.set(e.pointerId, e.clientX);
    moved += Math.abs(e.clientX - prev);
    // Capture only once this is a drag: capturing on pointerdown would retarget the click of a
    // plain press to the svg, and the marker under the pointer would never see it.
    if (moved > clickSlopPx && !svg.hasPointerCapture(e.pointerId)) svg.setPointerCapture(e.pointerId);
    if (pointers.size === 1) {
      set((t) => panTransform(t, e.clientX - prev, extent.current));
    } else {
      // Two touch points: pinch around their midpoint.
      const xs = [...pointers.values()];
      const mid = xOf(((xs[0] ?? 0) + (xs[1] ?? 0)) / 2);
      const factor = spread() / before;
      set((t) => zoomAt(t, factor, mid, extent.current));
    }
  };
  const onUp = (e: PointerEvent): void => {
    pointers.delete(e.pointerId);
  };
  // Not dragging yet (no capture): a press that leaves the svg will not report its release here.
  const onLeave = (e: PointerEvent): void => {
    if (!svg.hasPointerCapture(e.pointerId)) pointers.delete(e.pointerId);
  };
  // A drag that panned must not also count as a click on what lies under the pointer.
  const onClick = (e: MouseEvent): void => {
    if (moved > clickSlopPx) {
      e.stopPropagation();
      e.preventDefault();
      moved = 0;
    }
  };
  const onDblClick = (e: MouseEvent): void => {
    const at = xOf(e.clientX);
    set((t) => zoomAt(t, e.shiftKey ? 0.5 : 2, at, extent.current));
  };
  svg.style.touchAction = 'none';
  svg.addEventListener('wheel', onWheel, { passive: false });
  svg.addEventListener('pointerdown', onDown);
  svg.addEventListener('pointermove', onMove);
  svg.addEventListener('pointerup', onUp);
  svg.addEventListener('pointercancel', onUp);
  svg.addEventListener('pointerleave', onLeave);
  svg.addEventListener('click', onClick, true);
  svg.addEventListener('dblclick', onDblClick);
  return () => {
    svg.removeEventListener('wheel', onWheel);
    svg.removeEventListener('pointerdown', onDown);
    svg.removeEventListener('pointermove', onMove);
    svg.removeEventListener('pointerup', onUp);
    svg.removeEventListener('pointercancel', onUp);
    svg.removeEventListener('pointerleave', onLeave);
    svg.removeEventListener('click', onClick, true);
    svg.removeEventListener('dblclick', onDblClick);
  };
}
