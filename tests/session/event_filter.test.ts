import { describe, expect, it } from 'vitest';
import { filterEvents } from '../../src/session/event_filter';
import type { EventLine, LogLevel } from '../../src/session/types';

function line(seq: number, member: number | null, level: LogLevel, step: number): EventLine {
  return {
    seq,
    step,
    timeUs: step * 10,
    member,
    level,
    kind: member === null ? 'event' : 'log',
    text: `line ${seq}`,
    json: null,
  };
}

const events: EventLine[] = [
  line(0, 0, 'info', 1),
  line(1, 1, 'warn', 2),
  line(2, null, 'info', 3),
  line(3, 2, 'debug', 4),
  line(4, 0, 'error', 5),
  line(5, 1, 'info', 9),
];
const seqs = (r: { lines: EventLine[] }) => r.lines.map((e) => e.seq);

describe('event log filter', () => {
  it('keeps everything with no filter', () => {
    const r = filterEvents(events, { member: 'all', minLevel: 'all', upToStep: null, limit: 100 });
    expect(seqs(r)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(r.total).toBe(6);
  });

  it('filters by member, and by the cluster’s own events', () => {
    expect(seqs(filterEvents(events, { member: 0, minLevel: 'all', upToStep: null, limit: 100 }))).toEqual([
      0, 4,
    ]);
    expect(
      seqs(filterEvents(events, { member: 'cluster', minLevel: 'all', upToStep: null, limit: 100 })),
    ).toEqual([2]);
  });

  it('filters by minimum level', () => {
    expect(
      seqs(filterEvents(events, { member: 'all', minLevel: 'warn', upToStep: null, limit: 100 })),
    ).toEqual([1, 4]);
    expect(
      seqs(filterEvents(events, { member: 'all', minLevel: 'info', upToStep: null, limit: 100 })),
    ).toEqual([0, 1, 2, 4, 5]);
  });

  it('hides lines after the cursor', () => {
    expect(seqs(filterEvents(events, { member: 'all', minLevel: 'all', upToStep: 4, limit: 100 }))).toEqual([
      0, 1, 2, 3,
    ]);
  });

  it('keeps the newest lines within the limit and counts all matches', () => {
    const r = filterEvents(events, { member: 'all', minLevel: 'all', upToStep: null, limit: 2 });
    expect(seqs(r)).toEqual([4, 5]);
    expect(r.total).toBe(6);
  });

  it('combines the filters', () => {
    expect(seqs(filterEvents(events, { member: 1, minLevel: 'info', upToStep: 5, limit: 100 }))).toEqual([1]);
  });
});
