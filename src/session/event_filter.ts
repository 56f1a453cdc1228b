/**
 * Filtering the event log (pure, for the view and its tests): by member (a member index, the
 * cluster's own events, or everything), by minimum level, and up to the cursor; the result is
 * bounded to the newest `limit` lines so rendering stays cheap however long the run.
 */
import type { EventLine, LogLevel } from './types';

export type MemberFilter = 'all' | 'cluster' | number;

export interface EventFilter {
  readonly member: MemberFilter;
  readonly minLevel: LogLevel | 'all';
  /** Hide lines recorded after this step (null = show up to the frontier). */
  readonly upToStep: number | null;
  readonly limit: number;
}

const levelRank: Readonly<Record<LogLevel, number>> = {
  debug: 0,
  info: 1,
  warn: 2,
  error: 3,
  panic: 4,
  fatal: 5,
};

export function matches(e: EventLine, f: EventFilter): boolean {
  if (f.upToStep !== null && e.step > f.upToStep) return false;
  if (f.member === 'cluster' && e.member !== null) return false;
  if (typeof f.member === 'number' && e.member !== f.member) return false;
  return f.minLevel === 'all' || levelRank[e.level] >= levelRank[f.minLevel];
}

/** The matching lines (newest `limit`, oldest first) and how many matched in all. */
export function filterEvents(
  events: readonly EventLine[],
  f: EventFilter,
): { lines: EventLine[]; total: number } {
  const out: EventLine[] = [];
  let total = 0;
  for (const e of events) {
    if (!matches(e, f)) continue;
    total++;
    out.push(e);
  }
  return { lines: out.length > f.limit ? out.slice(out.length - f.limit) : out, total };
}
