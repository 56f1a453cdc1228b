/**
 * The few SVG paths the views draw, as plain strings: the role glyphs (the area-sized circle,
 * triangle, diamond and five-pointed star of d3's symbol types, same geometry and the same
 * 3-decimal rounding) and a step-after line for the gap sparkline. d3-shape and d3-path cost
 * ~15 kB of the initial bundle for these.
 */

/** A number as d3-path writes it (rounded to 3 decimals). */
function n(v: number): string {
  return String(Math.round(v * 1000) / 1000);
}

function pt(x: number, y: number): string {
  return `${n(x)},${n(y)}`;
}

export type GlyphShape = 'circle' | 'triangle' | 'diamond' | 'star';

/** The path of a glyph of the given area, centred on 0,0. */
export function glyphPath(shape: GlyphShape, area: number): string {
  switch (shape) {
    case 'circle': {
      const r = Math.sqrt(area / Math.PI);
      return `M${pt(r, 0)}A${pt(r, r)},0,1,1,${pt(-r, 0)}A${pt(r, r)},0,1,1,${pt(r, 0)}`;
    }
    case 'triangle': {
      const s3 = Math.sqrt(3);
      const y = -Math.sqrt(area / (s3 * 3));
      return `M${pt(0, y * 2)}L${pt(-s3 * y, -y)}L${pt(s3 * y, -y)}Z`;
    }
    case 'diamond': {
      const tan30 = Math.sqrt(1 / 3);
      const y = Math.sqrt(area / (tan30 * 2));
      const x = y * tan30;
      return `M${pt(0, -y)}L${pt(x, 0)}L${pt(0, y)}L${pt(-x, 0)}Z`;
    }
    case 'star':
      return starPath(area);
  }
}

/** A five-pointed star: outer radius from the area, inner points on the pentagram's lines. */
function starPath(area: number): string {
  const ka = 0.8908130915292852;
  const kr = Math.sin(Math.PI / 10) / Math.sin((7 * Math.PI) / 10);
  const kx = Math.sin((2 * Math.PI) / 10) * kr;
  const ky = -Math.cos((2 * Math.PI) / 10) * kr;
  const r = Math.sqrt(area * ka);
  const x = kx * r;
  const y = ky * r;
  let d = `M${pt(0, -r)}L${pt(x, y)}`;
  for (let i = 1; i < 5; i++) {
    const a = (2 * Math.PI * i) / 5;
    const c = Math.cos(a);
    const s = Math.sin(a);
    d += `L${pt(s * r, -c * r)}L${pt(c * x - s * y, s * x + c * y)}`;
  }
  return `${d}Z`;
}

/** A step-after polyline: each value holds until the next point's x (d3's curveStepAfter). */
export function stepAfterPath(points: readonly (readonly [number, number])[]): string {
  const [first, ...rest] = points;
  if (first === undefined) return '';
  let d = `M${pt(first[0], first[1])}`;
  if (rest.length === 0) return `${d}Z`;
  let prevY = first[1];
  for (const [x, y] of rest) {
    d += `L${pt(x, prevY)}L${pt(x, y)}`;
    prevY = y;
  }
  return d;
}
