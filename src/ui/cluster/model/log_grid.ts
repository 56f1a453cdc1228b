/**
 * The log grid as data: one row per member, one column per log index over a window of the
 * latest indexes (aligned across members, so "same index, same term" is one column of one
 * colour), the term of each entry, and where each member's committed and applied indexes
 * (EtcdServer.committedIndex / appliedIndex) and its stable (WAL) boundary fall. It teaches log
 * matching and the applied/committed gap; LogGrid.tsx only draws it.
 */
import type { MemberSnapshot } from '../../../session/types';

/** At most this many indexes are shown (the snapshot carries as many terms per member). */
export const logGridMaxIndexes = 40;

/** entry: the member holds it; none: past its last index; unknown: before the carried tail. */
export type LogCellKind = 'entry' | 'none' | 'unknown';

export interface LogGridCell {
  readonly index: number;
  readonly kind: LogCellKind;
  /** The entry's term; null unless kind is 'entry'. */
  readonly term: number | null;
  /** Not yet on stable storage (still in raft's unstable log, not in the WAL). */
  readonly unstable: boolean;
  readonly committed: boolean;
  readonly applied: boolean;
}

/** Consecutive entries of one term (for the text equivalent). */
export interface TermRun {
  readonly term: number;
  readonly from: number;
  readonly to: number;
}

export interface LogGridRow {
  readonly member: number;
  readonly name: string;
  readonly up: boolean;
  readonly cells: readonly LogGridCell[];
  readonly committedIndex: number;
  readonly appliedIndex: number;
  readonly lastIndex: number;
  /** Column (0-based) whose right edge the mark goes on; -1 = before the window, null = none. */
  readonly committedColumn: number | null;
  readonly appliedColumn: number | null;
  readonly runs: readonly TermRun[];
}

export interface LogGrid {
  /** The first and last index shown; toIndex < fromIndex when no member has an entry. */
  readonly fromIndex: number;
  readonly toIndex: number;
  readonly rows: readonly LogGridRow[];
  /** The terms that appear, ascending (the legend). */
  readonly terms: readonly number[];
}

type GridMember = Pick<
  MemberSnapshot,
  'index' | 'name' | 'up' | 'logTail' | 'lastIndex' | 'stableIndex' | 'committedIndex' | 'appliedIndex'
>;

function tailEnd(m: GridMember): number {
  return m.logTail.fromIndex + m.logTail.terms.length - 1;
}

export function buildLogGrid(members: readonly GridMember[], maxIndexes = logGridMaxIndexes): LogGrid {
  let toIndex = 0;
  for (const m of members) if (m.up && m.logTail.terms.length > 0) toIndex = Math.max(toIndex, tailEnd(m));
  const fromIndex = Math.max(1, toIndex - maxIndexes + 1);
  const rows = members.map((m) => gridRow(m, fromIndex, toIndex));
  const terms = new Set<number>();
  for (const r of rows) for (const c of r.cells) if (c.term !== null) terms.add(c.term);
  return { fromIndex, toIndex, rows, terms: [...terms].sort((a, b) => a - b) };
}

function gridRow(m: GridMember, fromIndex: number, toIndex: number): LogGridRow {
  const cells: LogGridCell[] = [];
  const has = m.up && m.logTail.terms.length > 0;
  for (let index = fromIndex; index <= toIndex; index++) {
    const term = has ? m.logTail.terms[index - m.logTail.fromIndex] : undefined;
    const kind: LogCellKind =
      term !== undefined ? 'entry' : has && index < m.logTail.fromIndex ? 'unknown' : 'none';
    cells.push({
      index,
      kind,
      term: term ?? null,
      unstable: term !== undefined && index > m.stableIndex,
      committed: index <= m.committedIndex,
      applied: index <= m.appliedIndex,
    });
  }
  return {
    member: m.index,
    name: m.name,
    up: m.up,
    cells,
    committedIndex: m.committedIndex,
    appliedIndex: m.appliedIndex,
    lastIndex: m.lastIndex,
    committedColumn: m.up ? markColumn(m.committedIndex, fromIndex, toIndex) : null,
    appliedColumn: m.up ? markColumn(m.appliedIndex, fromIndex, toIndex) : null,
    runs: has ? termRuns(m.logTail.fromIndex, m.logTail.terms) : [],
  };
}

/** The column whose right edge marks `index`: -1 when it is before the window, null when none. */
function markColumn(index: number, fromIndex: number, toIndex: number): number | null {
  if (index <= 0 || toIndex < fromIndex) return null;
  if (index < fromIndex) return -1;
  return Math.min(index, toIndex) - fromIndex;
}

export function termRuns(fromIndex: number, terms: readonly number[]): TermRun[] {
  const runs: TermRun[] = [];
  terms.forEach((term, i) => {
    const index = fromIndex + i;
    const last = runs[runs.length - 1];
    if (last !== undefined && last.term === term && last.to === index - 1) {
      runs[runs.length - 1] = { ...last, to: index };
    } else {
      runs.push({ term, from: index, to: index });
    }
  });
  return runs;
}

/** Light tones (dark text reads on each) so that neighbouring terms differ clearly. */
export const termPalette: readonly string[] = [
  '#a6cee3',
  '#fdbf6f',
  '#b2df8a',
  '#cab2d6',
  '#fb9a99',
  '#ffff99',
  '#8dd3c7',
  '#e5c494',
];

/** The fill of a term: stable for the run (term t always gets the same colour). */
export function termColour(term: number): string {
  const n = termPalette.length;
  return termPalette[((term % n) + n) % n] ?? '#cccccc';
}

/** Cell width in px for the available width: at most 18, at least 6. */
export function cellWidth(availablePx: number, columns: number): number {
  if (columns <= 0) return 18;
  return Math.max(6, Math.min(18, Math.floor(availablePx / columns)));
}
