/**
 * Where members sit in the cluster drawing. A circle is deterministic, stable when a member
 * crashes (it keeps its seat) and readable for 1–7 members, which is all a cluster can hold;
 * a force layout would add nothing but jitter between runs.
 */
import { scaleLinear } from './linear_scale';

export interface Point {
  readonly x: number;
  readonly y: number;
}

export type LabelSide = 'below' | 'left' | 'right';

export interface CircleLayout {
  readonly width: number;
  readonly height: number;
  /** Radii of the ellipse members sit on (equal for a square box). */
  readonly ringRadiusX: number;
  readonly ringRadiusY: number;
  /** Radius of a member's glyph. */
  readonly nodeRadius: number;
  readonly positions: readonly Point[];
  /** Where each member's name and term go: beside the members at the far left and right. */
  readonly labelSides: readonly LabelSide[];
}

/** Room kept above a glyph (the leader's crown) and below it (name and term), in px. */
export const crownRoomPx = 16;
export const labelRoomPx = 38;
/** Width kept beside a glyph for a side label ("infra7" / "term 12"). */
export const sideLabelPx = 74;
const labelHalfWidthPx = 36;

/**
 * Seats n members clockwise on an ellipse that fills the box, the first at the top. Regions are
 * wide and short on a laptop, so a circle would waste the sides; members at the far left and
 * right carry their labels beside them, where there is room, rather than below, where the next
 * member sits. Glyphs shrink a little as members are added. A single member sits in the centre;
 * two sit left and right so that their link is horizontal and its labels readable.
 */
export function circleLayout(n: number, width: number, height: number): CircleLayout {
  if (!Number.isInteger(n) || n < 0) throw new Error(`circleLayout: bad member count ${n}`);
  const crowd = n <= 3 ? 10 : n <= 5 ? 12 : 14;
  const nodeRadius = Math.max(12, Math.min(28, Math.min(width, height) / crowd));
  const start = n === 2 ? Math.PI : -Math.PI / 2;
  const angle = scaleLinear()
    .domain([0, Math.max(1, n)])
    .range([start, start + 2 * Math.PI]);
  const angles = Array.from({ length: n }, (_, i) => angle(i));
  // Side labels only when the box is wide enough to keep a ring beside them.
  const sideFits = width / 2 - 3 * nodeRadius - sideLabelPx - 8 >= 0;
  const labelSides: LabelSide[] = angles.map((a) =>
    !sideFits || n <= 1 || Math.abs(Math.cos(a)) <= 0.55 ? 'below' : Math.cos(a) > 0 ? 'right' : 'left',
  );
  const sideRoom = labelSides.some((s) => s !== 'below')
    ? sideLabelPx
    : Math.max(0, labelHalfWidthPx - nodeRadius);
  const top = nodeRadius + crownRoomPx;
  const bottom = height - nodeRadius - labelRoomPx;
  const cx = width / 2;
  const cy = n <= 1 ? height / 2 : (top + bottom) / 2;
  const ringRadiusX = n <= 1 ? 0 : Math.max(0, width / 2 - nodeRadius - sideRoom - 8);
  const ringRadiusY = n <= 1 ? 0 : Math.max(0, (bottom - top) / 2);
  const positions = angles.map((a) => ({
    x: cx + ringRadiusX * Math.cos(a),
    y: cy + ringRadiusY * Math.sin(a),
  }));
  return { width, height, ringRadiusX, ringRadiusY, nodeRadius, positions, labelSides };
}

/** Every unordered pair (i < j), in a stable order: the links drawn between members. */
export function memberPairs(n: number): readonly (readonly [number, number])[] {
  const out: [number, number][] = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) out.push([i, j]);
  return out;
}

/**
 * The two ends of the lane a directed link uses: shifted sideways from the centre line so that
 * traffic i→j and j→i run on separate tracks, and shortened so it starts and ends at the rims.
 */
export function laneEnds(a: Point, b: Point, nodeRadius: number, offset: number): readonly [Point, Point] {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len = Math.hypot(dx, dy);
  if (len === 0) return [a, b];
  const ux = dx / len;
  const uy = dy / len;
  // The normal (−uy, ux) points to the right of travel, so the two directions never share a track.
  const nx = -uy * offset;
  const ny = ux * offset;
  const trim = Math.min(nodeRadius + 2, len / 2 - 1);
  return [
    { x: a.x + ux * trim + nx, y: a.y + uy * trim + ny },
    { x: b.x - ux * trim + nx, y: b.y - uy * trim + ny },
  ];
}

/**
 * How far along its link a message is at virtual time nowUs, in [0, 1]: 0 when just sent, 1
 * on arrival. Position is a pure function of virtual time, so stepping moves dots exactly the
 * same on every screen, and a message whose latency is 0 sits at its destination.
 */
export function flightProgress(sendUs: number, arriveUs: number, nowUs: number): number {
  const span = arriveUs - sendUs;
  if (!(span > 0)) return 1;
  const p = (nowUs - sendUs) / span;
  return p < 0 ? 0 : p > 1 ? 1 : p;
}

export function lerp(a: Point, b: Point, t: number): Point {
  return { x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t };
}

/**
 * Several messages can sit on the same spot (same lane, nearly the same progress: e.g. a MsgApp
 * and a MsgHeartbeat sent in one Ready). Each gets a stack level, 0 for the first, so its label
 * can be drawn one line further out and every label stays readable. Input order is kept.
 */
export function stackLevels(
  items: readonly { readonly key: string; readonly progress: number }[],
  minGap: number,
): number[] {
  const order = items.map((it, i) => ({ i, key: it.key, p: it.progress }));
  order.sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : x.p - y.p || x.i - y.i));
  const out = items.map(() => 0);
  let anchor = 0;
  for (let k = 1; k < order.length; k++) {
    const cur = order[k];
    const first = order[anchor];
    if (cur === undefined || first === undefined) continue;
    if (cur.key === first.key && cur.p - first.p < minGap) {
      out[cur.i] = k - anchor;
    } else {
      anchor = k;
    }
  }
  return out;
}
