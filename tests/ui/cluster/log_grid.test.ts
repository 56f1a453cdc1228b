import { describe, expect, it } from 'vitest';
import {
  buildLogGrid,
  cellWidth,
  logGridMaxIndexes,
  termColour,
  termPalette,
  termRuns,
} from '../../../src/ui/cluster/model/log_grid';

const member = (
  index: number,
  fromIndex: number,
  terms: number[],
  patch: Partial<{ up: boolean; stableIndex: number; committedIndex: number; appliedIndex: number }> = {},
) => {
  const last = terms.length === 0 ? 0 : fromIndex + terms.length - 1;
  return {
    index,
    name: `infra${index + 1}`,
    up: true,
    logTail: { fromIndex, terms },
    lastIndex: last,
    stableIndex: last,
    committedIndex: last,
    appliedIndex: last,
    ...patch,
  };
};

describe('buildLogGrid', () => {
  it('aligns members by index and colours entries by term', () => {
    const g = buildLogGrid([
      member(0, 1, [1, 1, 2, 2, 2], { committedIndex: 4, appliedIndex: 3, stableIndex: 4 }),
      member(1, 1, [1, 1, 2]),
      member(2, 1, [1, 1, 1, 1], { committedIndex: 2, appliedIndex: 2 }),
    ]);
    expect([g.fromIndex, g.toIndex]).toEqual([1, 5]);
    expect(g.terms).toEqual([1, 2]);
    const r0 = g.rows[0];
    expect(r0?.cells.map((c) => c.term)).toEqual([1, 1, 2, 2, 2]);
    expect(r0?.cells.map((c) => c.unstable)).toEqual([false, false, false, false, true]);
    expect(r0?.cells.map((c) => c.committed)).toEqual([true, true, true, true, false]);
    expect(r0?.committedColumn).toBe(3);
    expect(r0?.appliedColumn).toBe(2);
    // infra2 has no entries 4 and 5; infra3's index 3 has a different term (a conflict).
    expect(g.rows[1]?.cells.map((c) => c.kind)).toEqual(['entry', 'entry', 'entry', 'none', 'none']);
    expect(g.rows[2]?.cells[2]?.term).toBe(1);
    expect(g.rows[2]?.runs).toEqual([{ term: 1, from: 1, to: 4 }]);
  });

  it('shows only the latest indexes, and marks indexes before the window at its left edge', () => {
    const long = Array.from({ length: 40 }, () => 3);
    const g = buildLogGrid([
      member(0, 21, long, { committedIndex: 60, appliedIndex: 60 }),
      member(1, 1, [1, 1, 1, 1, 1], { committedIndex: 5, appliedIndex: 5 }),
    ]);
    expect([g.fromIndex, g.toIndex]).toEqual([21, 60]);
    expect(g.rows[0]?.cells).toHaveLength(logGridMaxIndexes);
    expect(g.rows[0]?.committedColumn).toBe(39);
    expect(g.rows[1]?.cells.every((c) => c.kind === 'none')).toBe(true);
    expect(g.rows[1]?.committedColumn).toBe(-1);
  });

  it('keeps a down member’s row, empty and unmarked', () => {
    const g = buildLogGrid([member(0, 1, [1, 2]), member(1, 0, [], { up: false, committedIndex: 0 })]);
    expect(g.rows).toHaveLength(2);
    expect(g.rows[1]?.cells.every((c) => c.kind === 'none')).toBe(true);
    expect(g.rows[1]?.committedColumn).toBeNull();
  });

  it('is empty with no entries anywhere', () => {
    const g = buildLogGrid([member(0, 0, [])]);
    expect(g.toIndex).toBeLessThan(g.fromIndex);
    expect(g.rows[0]?.cells).toEqual([]);
  });
});

describe('helpers', () => {
  it('term runs group consecutive entries of one term', () => {
    expect(termRuns(4, [2, 2, 3, 5, 5])).toEqual([
      { term: 2, from: 4, to: 5 },
      { term: 3, from: 6, to: 6 },
      { term: 5, from: 7, to: 8 },
    ]);
  });
  it('a term always gets the same colour, and neighbouring terms differ', () => {
    expect(termColour(3)).toBe(termColour(3 + termPalette.length));
    for (let t = 1; t < 20; t++) expect(termColour(t)).not.toBe(termColour(t + 1));
  });
  it('cells are 6 to 18 px wide', () => {
    expect(cellWidth(1000, 40)).toBe(18);
    expect(cellWidth(400, 40)).toBe(10);
    expect(cellWidth(100, 40)).toBe(6);
  });
});
