/**
 * The leader timeline as data: role segments clipped to the cursor, term boundaries, and the
 * leader-change markers the cursor has reached. Views draw what is at or before the cursor only,
 * even when the engine has computed further (after a seek back), so the picture never tells the
 * future.
 */
import type { LeaderChange, LeaderChangeCause, MemberRole, RoleSegment } from '../../../session/types';

export interface VisibleSegment {
  readonly member: number;
  readonly role: MemberRole;
  readonly term: number;
  readonly startUs: number;
  readonly endUs: number;
  /** Still going on at the cursor. */
  readonly open: boolean;
}

/** Segments that began at or before the cursor, their ends cut at the cursor. */
export function visibleSegments(
  segments: readonly RoleSegment[],
  cursorStep: number,
  cursorUs: number,
): VisibleSegment[] {
  const out: VisibleSegment[] = [];
  for (const s of segments) {
    if (s.startStep > cursorStep) continue;
    const ended = s.endStep !== null && s.endStep <= cursorStep && s.endUs !== null;
    const endUs = ended ? (s.endUs as number) : cursorUs;
    out.push({
      member: s.member,
      role: s.role,
      term: s.term,
      startUs: s.startUs,
      endUs: Math.max(s.startUs, endUs),
      open: !ended,
    });
  }
  return out;
}

export interface TermBoundary {
  readonly term: number;
  readonly atUs: number;
}

/** The first moment any member entered each term (terms ≥ 1), ascending. */
export function termBoundaries(segments: readonly VisibleSegment[]): TermBoundary[] {
  const first = new Map<number, number>();
  for (const s of segments) {
    if (s.term < 1) continue;
    const seen = first.get(s.term);
    if (seen === undefined || s.startUs < seen) first.set(s.term, s.startUs);
  }
  return Array.from(first, ([term, atUs]) => ({ term, atUs })).sort((a, b) => a.term - b.term);
}

/** Leader changes the cursor has reached. */
export function visibleChanges(changes: readonly LeaderChange[], cursorStep: number): LeaderChange[] {
  return changes.filter((c) => c.step <= cursorStep);
}

/** The i18n key of a cause (cluster.leaderTimeline.cause.*). */
export function causeKey(cause: LeaderChangeCause): string {
  return `cluster.leaderTimeline.cause.${cause}`;
}

/**
 * Virtual time for people: µs below a millisecond, ms below a second, else seconds. Always
 * three significant decimals at most, and no locale-dependent separators (the number is data).
 */
export function formatVirtualTime(us: number): string {
  const a = Math.abs(us);
  if (a < 1000) return `${Math.round(us)} µs`;
  if (a < 1_000_000) return `${trim(us / 1000, 1)} ms`;
  return `${trim(us / 1_000_000, 3)} s`;
}

function trim(v: number, digits: number): string {
  return v.toFixed(digits).replace(/\.?0+$/, '');
}

/**
 * The unzoomed time window: the run so far plus a little room ahead of the cursor, so the lanes
 * use the whole width at any point of the run (the picture follows the cursor), and never
 * narrower than 50 ms so the very first steps do not stretch into a blur.
 */
export function defaultWindow(cursorUs: number): readonly [number, number] {
  return [0, Math.max(50_000, cursorUs * 1.08)];
}

/**
 * Packs labels into rows so none overlaps another in its row: each label (in x order) takes the
 * first row whose last label ends left of it. When every row is taken the label does not fit
 * (row -1): its marker is still drawn and its text stays in the tooltip and the text list, so
 * the drawing never grows without bound or prints text over text. Returns a row per item.
 */
export function packRows(
  items: readonly { readonly x: number; readonly width: number }[],
  maxRows: number,
  gapPx = 4,
): number[] {
  if (maxRows < 1) throw new Error('packRows: need at least one row');
  const order = items.map((it, i) => ({ i, x: it.x, w: it.width })).sort((a, b) => a.x - b.x || a.i - b.i);
  const rowEnd: number[] = [];
  const out = items.map(() => -1);
  for (const it of order) {
    let row = rowEnd.findIndex((end) => end + gapPx <= it.x);
    if (row === -1 && rowEnd.length < maxRows) row = rowEnd.length;
    if (row === -1) continue;
    rowEnd[row] = it.x + it.w;
    out[it.i] = row;
  }
  return out;
}

/**
 * A rough width of a short label, for packing without measuring the DOM: CJK characters are
 * about one em wide, Latin ones a little over half an em.
 */
export function textWidthPx(text: string, fontPx: number): number {
  let em = 0;
  for (const ch of text) em += /[\u2e80-\u9fff\uff00-\uffef]/.test(ch) ? 1 : 0.62;
  return Math.ceil(em * fontPx);
}
