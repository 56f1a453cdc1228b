import { describe, expect, it } from 'vitest';
import { Unstable } from '../../src/raft/log_unstable';
import type { Entry, Snapshot } from '../../src/raft/raftpb/types';
import { ent, ids, recordingLogger, snap } from './helpers';

function unstable(
  offset: number,
  entries: Entry[],
  snapshot?: Snapshot,
  offsetInProgress = offset,
): {
  u: Unstable;
  lines: string[];
} {
  const { logger, lines } = recordingLogger();
  const u = new Unstable(offset, logger);
  u.entries = entries;
  u.snapshot = snapshot;
  u.offsetInProgress = offsetInProgress;
  return { u, lines };
}

describe('Unstable', () => {
  it('maybeFirstIndex / maybeLastIndex / maybeTerm', () => {
    expect(unstable(5, [ent(5, 1)]).u.maybeFirstIndex()).toBeUndefined();
    expect(unstable(5, [ent(5, 1)], snap(4, 1)).u.maybeFirstIndex()).toBe(5);
    expect(unstable(5, [ent(5, 1)]).u.maybeLastIndex()).toBe(5);
    expect(unstable(5, [], snap(4, 1)).u.maybeLastIndex()).toBe(4);
    expect(unstable(0, []).u.maybeLastIndex()).toBeUndefined();
    const { u } = unstable(5, [ent(5, 1)], snap(4, 1));
    expect(u.maybeTerm(5)).toBe(1);
    expect(u.maybeTerm(6)).toBeUndefined();
    expect(u.maybeTerm(4)).toBe(1);
    expect(u.maybeTerm(3)).toBeUndefined();
  });

  it('nextEntries and acceptInProgress', () => {
    const { u } = unstable(5, [ent(5, 1), ent(6, 1)], snap(4, 1));
    expect(ids(u.nextEntries())).toEqual([
      [5, 1],
      [6, 1],
    ]);
    expect(u.nextSnapshot()).toBeDefined();
    u.acceptInProgress();
    expect(u.nextEntries()).toEqual([]);
    expect(u.nextSnapshot()).toBeUndefined();
    expect(u.offsetInProgress).toBe(7);
    expect(u.snapshotInProgress).toBe(true);
  });

  it('stableTo: the normal case and the three ignored cases with their log lines', () => {
    const a = unstable(5, [ent(5, 1), ent(6, 1)], undefined, 7);
    a.u.stableTo({ index: 5, term: 1 });
    expect([a.u.offset, a.u.offsetInProgress, ids(a.u.entries)]).toEqual([6, 7, [[6, 1]]]);
    expect(a.lines).toEqual([]);

    const missing = unstable(5, [ent(5, 1)]);
    missing.u.stableTo({ index: 7, term: 1 });
    expect(missing.lines).toEqual(['INFO entry at index 7 missing from unstable log; ignoring']);

    const matchedSnap = unstable(5, [ent(5, 1)], snap(4, 1));
    matchedSnap.u.stableTo({ index: 4, term: 1 });
    expect(matchedSnap.lines).toEqual(['INFO entry at index 4 matched unstable snapshot; ignoring']);
    expect(matchedSnap.u.offset).toBe(5);

    const mismatch = unstable(5, [ent(5, 2)]);
    mismatch.u.stableTo({ index: 5, term: 1 });
    expect(mismatch.lines).toEqual([
      'INFO entry at (index,term)=(5,1) mismatched with entry at (5,2) in unstable log; ignoring',
    ]);
    expect(mismatch.u.entries.length).toBe(1);
  });

  it('stableTo keeps offsetInProgress at least offset', () => {
    const { u } = unstable(5, [ent(5, 1), ent(6, 1)], undefined, 5);
    u.stableTo({ index: 6, term: 1 });
    expect([u.offset, u.offsetInProgress, u.entries.length]).toEqual([7, 7, 0]);
  });

  it('stableSnapTo and restore', () => {
    const { u } = unstable(5, [ent(5, 1)], snap(4, 1));
    u.snapshotInProgress = true;
    u.stableSnapTo(3);
    expect(u.snapshot).toBeDefined();
    u.stableSnapTo(4);
    expect([u.snapshot, u.snapshotInProgress]).toEqual([undefined, false]);
    u.restore(snap(6, 2));
    expect([u.offset, u.offsetInProgress, u.entries.length, u.snapshot?.metadata.index]).toEqual([
      7, 7, 0, 6,
    ]);
  });

  it('truncateAndAppend', () => {
    // [offset, offsetInProgress, entries, toAppend, want offset, want offsetInProgress, want entries, log]
    const cases: [number, number, Entry[], Entry[], number, number, [number, number][], string[]][] = [
      // append to the end
      [
        5,
        5,
        [ent(5, 1)],
        [ent(6, 1), ent(7, 1)],
        5,
        5,
        [
          [5, 1],
          [6, 1],
          [7, 1],
        ],
        [],
      ],
      [
        5,
        6,
        [ent(5, 1)],
        [ent(6, 1), ent(7, 1)],
        5,
        6,
        [
          [5, 1],
          [6, 1],
          [7, 1],
        ],
        [],
      ],
      // replace the unstable entries
      [
        5,
        5,
        [ent(5, 1)],
        [ent(5, 2), ent(6, 2)],
        5,
        5,
        [
          [5, 2],
          [6, 2],
        ],
        ['INFO replace the unstable entries from index 5'],
      ],
      [
        5,
        5,
        [ent(5, 1)],
        [ent(4, 2), ent(5, 2), ent(6, 2)],
        4,
        4,
        [
          [4, 2],
          [5, 2],
          [6, 2],
        ],
        ['INFO replace the unstable entries from index 4'],
      ],
      [
        5,
        6,
        [ent(5, 1)],
        [ent(5, 2), ent(6, 2)],
        5,
        5,
        [
          [5, 2],
          [6, 2],
        ],
        ['INFO replace the unstable entries from index 5'],
      ],
      // truncate the existing entries and append
      [
        5,
        5,
        [ent(5, 1), ent(6, 1), ent(7, 1)],
        [ent(6, 2)],
        5,
        5,
        [
          [5, 1],
          [6, 2],
        ],
        ['INFO truncate the unstable entries before index 6'],
      ],
      [
        5,
        5,
        [ent(5, 1), ent(6, 1), ent(7, 1)],
        [ent(7, 2), ent(8, 2)],
        5,
        5,
        [
          [5, 1],
          [6, 1],
          [7, 2],
          [8, 2],
        ],
        ['INFO truncate the unstable entries before index 7'],
      ],
      [
        5,
        8,
        [ent(5, 1), ent(6, 1), ent(7, 1)],
        [ent(6, 2)],
        5,
        6,
        [
          [5, 1],
          [6, 2],
        ],
        ['INFO truncate the unstable entries before index 6'],
      ],
      [
        5,
        7,
        [ent(5, 1), ent(6, 1), ent(7, 1)],
        [ent(7, 2)],
        5,
        7,
        [
          [5, 1],
          [6, 1],
          [7, 2],
        ],
        ['INFO truncate the unstable entries before index 7'],
      ],
    ];
    for (const [off, oip, es, toAppend, wOff, wOip, wEnts, wLog] of cases) {
      const { u, lines } = unstable(off, es, undefined, oip);
      u.truncateAndAppend(toAppend);
      expect([u.offset, u.offsetInProgress, ids(u.entries), lines]).toEqual([wOff, wOip, wEnts, wLog]);
    }
  });

  it('slice panics out of bounds', () => {
    const { u } = unstable(5, [ent(5, 1), ent(6, 1)]);
    expect(ids(u.slice(5, 7))).toEqual([
      [5, 1],
      [6, 1],
    ]);
    expect(() => u.slice(4, 6)).toThrow('unstable.slice[4,6) out of bound [5,7]');
    expect(() => u.slice(6, 5)).toThrow('invalid unstable.slice 6 > 5');
  });
});
