/**
 * Where the badges of the faults in force go in the cluster drawing: on the member a fault is
 * about (crash, partition side, slow disk, slow apply) or at the middle of the link (one-way cut,
 * latency, drop/delay the next messages); a rule that names no link is listed with the toolbar.
 * The view turns each badge's kind and values into translated text.
 */
import type { ActiveFault } from '../../../session/types';
import type { CircleLayout, Point } from './layout';

export interface PlacedBadge {
  readonly fault: ActiveFault;
  /** Centre of the badge. */
  readonly at: Point;
  /** What it is on (for tests and CSS): a member, a link, or nothing (the cluster). */
  readonly on: { readonly member: number } | { readonly link: readonly [number, number] } | null;
}

/** Height of one badge line, px. */
export const badgeLinePx = 15;

export function placeFaultBadges(faults: readonly ActiveFault[], layout: CircleLayout): PlacedBadge[] {
  const r = layout.nodeRadius;
  const centreY = layout.height / 2;
  const perMember = new Map<number, number>();
  const perLink = new Map<string, number>();
  const out: PlacedBadge[] = [];
  for (const f of faults) {
    const m = memberOf(f);
    if (m !== null) {
      const p = layout.positions[m];
      if (p === undefined) continue;
      const k = perMember.get(m) ?? 0;
      perMember.set(m, k + 1);
      // Upper members have their name below and little room above: badges go under the name.
      // Lower members get them above the glyph (and crown).
      const y = p.y < centreY ? p.y + r + 46 + k * badgeLinePx : p.y - r - 24 - k * badgeLinePx;
      out.push({ fault: f, at: { x: p.x, y }, on: { member: m } });
      continue;
    }
    const link = linkOf(f);
    const a = link === null ? undefined : layout.positions[link[0]];
    const b = link === null ? undefined : layout.positions[link[1]];
    if (link === null || a === undefined || b === undefined) {
      out.push({ fault: f, at: { x: 0, y: 0 }, on: null });
      continue;
    }
    const key = `${Math.min(...link)}-${Math.max(...link)}`;
    const k = perLink.get(key) ?? 0;
    perLink.set(key, k + 1);
    out.push({
      fault: f,
      at: { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 + 12 + k * badgeLinePx },
      on: { link },
    });
  }
  return out;
}

function memberOf(f: ActiveFault): number | null {
  switch (f.kind) {
    case 'crash':
    case 'partition':
    case 'slow-disk':
    case 'slow-apply':
      return f.member;
    default:
      return null;
  }
}

function linkOf(f: ActiveFault): readonly [number, number] | null {
  switch (f.kind) {
    case 'cut-link':
    case 'link-latency':
      return [f.from, f.to];
    case 'drop-next':
    case 'delay-next':
      return f.from === null || f.to === null ? null : [f.from, f.to];
    default:
      return null;
  }
}

/** µs as milliseconds for a badge: "50", "0.5", "1.25". */
export function msText(us: number): string {
  return String(Math.round(us / 10) / 100);
}
