/**
 * The few SVG paths the views draw, built with d3-shape: the role glyphs (area-sized symbols)
 * and a step-after line for the gap sparkline.
 */
import {
  curveStepAfter,
  line,
  symbol,
  symbolCircle,
  symbolDiamond,
  symbolStar,
  symbolTriangle,
} from 'd3-shape';
import type { SymbolType } from 'd3-shape';

export type GlyphShape = 'circle' | 'triangle' | 'diamond' | 'star';

const symbolTypes: Record<GlyphShape, SymbolType> = {
  circle: symbolCircle,
  triangle: symbolTriangle,
  diamond: symbolDiamond,
  star: symbolStar,
};

/** The path of a glyph of the given area, centred on 0,0. */
export function glyphPath(shape: GlyphShape, area: number): string {
  return symbol(symbolTypes[shape], area)() ?? '';
}

const stepAfter = line<readonly [number, number]>()
  .x((p) => p[0])
  .y((p) => p[1])
  .curve(curveStepAfter);

/** A step-after polyline: each value holds until the next point's x (d3's curveStepAfter). */
export function stepAfterPath(points: readonly (readonly [number, number])[]): string {
  return stepAfter(points) ?? '';
}
