import { describe, expect, it } from 'vitest';
import { newLog, newLogWithSize, type RaftLog } from '../../src/raft/log';
import { RaftPanic } from '../../src/raft/logger';
import { entrySize } from '../../src/raft/raftpb/encoding';
import { MemoryStorage, ErrCompacted, ErrUnavailable } from '../../src/raft/storage';
import type { Entry } from '../../src/raft/raftpb/types';
import { ent, ents, ids, recordingLogger, snap } from './helpers';

function logWith(stable: Entry[], unstable: Entry[] = [], snapshotIndex = 0, snapshotTerm = 0) {
  const { logger, lines } = recordingLogger();
  const st = new MemoryStorage();
  if (snapshotIndex > 0) st.applySnapshot(snap(snapshotIndex, snapshotTerm));
  st.append(stable);
  const l = newLog(st, logger);
  l.append(...unstable);
  return { l, lines, st };
}

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('RaftLog construction and string form', () => {
  it('starts committed/applied at firstIndex-1 and unstable at lastIndex+1', () => {
    const { l } = logWith(ents(101, 110, 1), [], 100, 1);
    expect(l.toString()).toBe(
      'committed=100, applied=100, applying=100, unstable.offset=111, unstable.offsetInProgress=111, len(unstable.Entries)=0',
    );
    expect([l.firstIndex(), l.lastIndex()]).toEqual([101, 110]);
  });
});

describe('findConflict', () => {
  const prev = [ent(1, 1), ent(2, 2), ent(3, 3)];
  const cases: [Entry[], number, string[]][] = [
    [[], 0, []],
    [[ent(1, 1), ent(2, 2), ent(3, 3)], 0, []],
    [[ent(2, 2), ent(3, 3)], 0, []],
    [[ent(3, 3)], 0, []],
    [[ent(1, 1), ent(2, 2), ent(3, 3), ent(4, 4), ent(5, 4)], 4, []],
    [[ent(2, 2), ent(3, 3), ent(4, 4), ent(5, 4)], 4, []],
    [[ent(4, 4), ent(5, 4)], 4, []],
    [[ent(1, 4), ent(2, 4)], 1, ['INFO found conflict at index 1 [existing term: 1, conflicting term: 4]']],
    [
      [ent(2, 1), ent(3, 4), ent(4, 4)],
      2,
      ['INFO found conflict at index 2 [existing term: 2, conflicting term: 1]'],
    ],
    [
      [ent(3, 1), ent(4, 2), ent(5, 4), ent(6, 4)],
      3,
      ['INFO found conflict at index 3 [existing term: 3, conflicting term: 1]'],
    ],
  ];
  it.each(cases.map((c, i) => [i, ...c] as const))('case %i', (_i, input, want, wantLog) => {
    const { l, lines } = logWith([], prev);
    expect(l.findConflict(input)).toBe(want);
    expect(lines).toEqual(wantLog);
  });
});

describe('findConflictByTerm', () => {
  it('walks back to the last entry with a term ≤ the given one', () => {
    // Storage holds a snapshot at (10,2) and entries 11..15 with terms 3,3,4,4,5.
    const { l } = logWith([ent(11, 3), ent(12, 3), ent(13, 4), ent(14, 4), ent(15, 5)], [], 10, 2);
    expect(l.findConflictByTerm(15, 5)).toEqual({ index: 15, term: 5 });
    expect(l.findConflictByTerm(15, 4)).toEqual({ index: 14, term: 4 });
    expect(l.findConflictByTerm(15, 3)).toEqual({ index: 12, term: 3 });
    expect(l.findConflictByTerm(15, 2)).toEqual({ index: 10, term: 2 });
    expect(l.findConflictByTerm(15, 1)).toEqual({ index: 9, term: 0 }); // compacted below
    expect(l.findConflictByTerm(17, 9)).toEqual({ index: 17, term: 0 }); // beyond the log
  });
  it('returns (0,0) when nothing matches from the start', () => {
    const { l } = logWith([ent(1, 3), ent(2, 3)]);
    expect(l.findConflictByTerm(2, 2)).toEqual({ index: 0, term: 0 });
    expect(l.findConflictByTerm(2, 0)).toEqual({ index: 0, term: 0 });
  });
});

describe('maybeAppend', () => {
  const prev = [ent(1, 1), ent(2, 2), ent(3, 3)];
  const lastIndex = 3;
  const lastTerm = 3;
  const commit = 1;
  // [logTerm, index, committed, entries, want lastNew|undefined, want commit, panic]
  const cases: [number, number, number, Entry[], number | undefined, number, boolean][] = [
    // not match: term is different / index out of bound
    [lastTerm - 1, lastIndex, lastIndex, [ent(lastIndex + 1, 4)], undefined, commit, false],
    [lastTerm, lastIndex + 1, lastIndex, [ent(lastIndex + 2, 4)], undefined, commit, false],
    // match with the last existing entry
    [lastTerm, lastIndex, lastIndex, [], lastIndex, lastIndex, false],
    [lastTerm, lastIndex, lastIndex + 1, [], lastIndex, lastIndex, false], // do not increase commit higher than lastnewi
    [lastTerm, lastIndex, lastIndex - 1, [], lastIndex, lastIndex - 1, false],
    [lastTerm, lastIndex, 0, [], lastIndex, commit, false], // commit does not decrease
    [0, 0, lastIndex, [], 0, commit, false],
    [lastTerm, lastIndex, lastIndex, [ent(lastIndex + 1, 4)], lastIndex + 1, lastIndex, false],
    [lastTerm, lastIndex, lastIndex + 1, [ent(lastIndex + 1, 4)], lastIndex + 1, lastIndex + 1, false],
    [lastTerm, lastIndex, lastIndex + 2, [ent(lastIndex + 1, 4)], lastIndex + 1, lastIndex + 1, false],
    [
      lastTerm,
      lastIndex,
      lastIndex + 2,
      [ent(lastIndex + 1, 4), ent(lastIndex + 2, 4)],
      lastIndex + 2,
      lastIndex + 2,
      false,
    ],
    // match with an entry in the middle
    [lastTerm - 1, lastIndex - 1, lastIndex, [ent(lastIndex, 4)], lastIndex, lastIndex, false],
    [lastTerm - 2, lastIndex - 2, lastIndex, [ent(lastIndex - 1, 4)], lastIndex - 1, lastIndex - 1, false],
    [lastTerm - 3, lastIndex - 3, lastIndex, [ent(lastIndex - 2, 4)], lastIndex - 2, lastIndex - 2, true], // conflict with committed
    [
      lastTerm - 2,
      lastIndex - 2,
      lastIndex,
      [ent(lastIndex - 1, 4), ent(lastIndex, 4)],
      lastIndex,
      lastIndex,
      false,
    ],
  ];
  it.each(cases.map((c, i) => [i, ...c] as const))(
    'case %i',
    (_i, logTerm, index, committed, es, wLast, wCommit, wPanic) => {
      const { l } = logWith([], prev);
      l.commitTo(commit);
      const run = () => l.maybeAppend({ term: 100, prev: { term: logTerm, index }, entries: es }, committed);
      if (wPanic) {
        expect(run).toThrow(RaftPanic);
        return;
      }
      expect(run()).toBe(wLast);
      expect(l.committed).toBe(wCommit);
      if (wLast !== undefined && es.length > 0) {
        expect(ids(l.slice(l.lastIndex() - es.length + 1, l.lastIndex() + 1, Infinity))).toEqual(ids(es));
      }
    },
  );
});

describe('term and slice across storage and unstable', () => {
  it('answers terms in [firstIndex-1, lastIndex] and errors outside', () => {
    const { l } = logWith(ents(101, 105, 2), ents(106, 108, 3), 100, 1);
    expect(l.term(100)).toBe(1);
    expect(l.term(103)).toBe(2);
    expect(l.term(107)).toBe(3);
    expect(thrown(() => l.term(99))).toBe(ErrCompacted);
    expect(thrown(() => l.term(109))).toBe(ErrUnavailable);
    expect(l.zeroTermOnOutOfBounds(() => l.term(99))).toBe(0);
    expect(l.zeroTermOnOutOfBounds(() => l.term(107))).toBe(3);
    expect(l.lastEntryID()).toEqual({ term: 3, index: 108 });
    expect(l.lastTerm()).toBe(3);
    expect(l.matchTerm({ term: 3, index: 108 })).toBe(true);
    expect(l.matchTerm({ term: 2, index: 108 })).toBe(false);
    expect(l.matchTerm({ term: 2, index: 200 })).toBe(false);
  });

  it('slices with size limits', () => {
    const { l } = logWith(ents(101, 105, 2), ents(106, 108, 3), 100, 1);
    const size = entrySize(ent(101, 2));
    expect(thrown(() => l.slice(100, 102, Infinity))).toBe(ErrCompacted);
    expect(l.slice(103, 103, Infinity)).toEqual([]);
    expect(ids(l.slice(104, 108, Infinity))).toEqual([
      [104, 2],
      [105, 2],
      [106, 3],
      [107, 3],
    ]);
    expect(ids(l.slice(106, 109, Infinity))).toEqual([
      [106, 3],
      [107, 3],
      [108, 3],
    ]);
    expect(ids(l.slice(104, 108, 0))).toEqual([[104, 2]]);
    expect(ids(l.slice(104, 108, size * 2))).toEqual([
      [104, 2],
      [105, 2],
    ]); // storage part alone
    expect(ids(l.slice(105, 108, size))).toEqual([[105, 2]]); // one unstable entry would exceed
    expect(ids(l.slice(104, 108, size * 3))).toEqual([
      [104, 2],
      [105, 2],
      [106, 3],
    ]);
    expect(() => l.slice(104, 110, Infinity)).toThrow('slice[104,110) out of bound [101,108]');
    expect(() => l.slice(105, 104, Infinity)).toThrow('invalid slice 105 > 104');
    expect(l.entries(109, Infinity)).toEqual([]);
    expect(l.allEntries().length).toBe(8);
  });

  it('scan pages through the log', () => {
    const { l } = logWith(ents(1, 5, 1), ents(6, 9, 2));
    const size = entrySize(ent(1, 1));
    const pages: number[][] = [];
    expect(
      l.scan(2, 9, size * 2, (es) => {
        pages.push(es.map((e) => e.index));
        return undefined;
      }),
    ).toBeUndefined();
    expect(pages).toEqual([[2, 3], [4, 5], [6, 7], [8]]);
  });
});

describe('commit and apply bookkeeping', () => {
  it('commitTo never decreases and panics beyond lastIndex', () => {
    const { l } = logWith([], ents(1, 3, 1));
    l.commitTo(2);
    l.commitTo(1);
    expect(l.committed).toBe(2);
    expect(() => l.commitTo(4)).toThrow(
      'tocommit(4) is out of range [lastIndex(3)]. Was the raft log corrupted, truncated, or lost?',
    );
  });

  it('maybeCommit needs a matching non-zero term', () => {
    const { l } = logWith([], [ent(1, 1), ent(2, 2)]);
    expect(l.maybeCommit({ term: 1, index: 2 })).toBe(false);
    expect(l.maybeCommit({ term: 0, index: 2 })).toBe(false);
    expect(l.maybeCommit({ term: 2, index: 2 })).toBe(true);
    expect(l.committed).toBe(2);
  });

  it('isUpToDate', () => {
    const { l } = logWith([], [ent(1, 1), ent(2, 2), ent(3, 3)]);
    expect(l.isUpToDate({ term: 4, index: 1 })).toBe(true);
    expect(l.isUpToDate({ term: 3, index: 3 })).toBe(true);
    expect(l.isUpToDate({ term: 3, index: 2 })).toBe(false);
    expect(l.isUpToDate({ term: 2, index: 9 })).toBe(false);
  });

  it('append panics below committed', () => {
    const { l } = logWith([], ents(1, 3, 1));
    l.commitTo(2);
    expect(() => l.append(ent(2, 2))).toThrow('after(1) is out of range [committed(2)]');
  });

  it('nextCommittedEnts with and without allowUnstable', () => {
    // Stable entries 1..3, unstable 4..6, commit 5, applied 1.
    for (const [applied, applying, allowUnstable, paused, snapshot, want] of [
      [1, 1, true, false, false, [2, 3, 4, 5]],
      [1, 1, false, false, false, [2, 3]],
      [1, 3, true, false, false, [4, 5]],
      [1, 3, false, false, false, []],
      [1, 1, true, true, false, []],
      [1, 1, true, false, true, []],
      [5, 5, true, false, false, []],
    ] as const) {
      const { l } = logWith(ents(1, 3, 1), ents(4, 6, 1));
      l.commitTo(5);
      l.appliedTo(applied, 0);
      l.acceptApplying(applying, 0, allowUnstable);
      l.applyingEntsPaused = paused;
      if (snapshot) l.restore(snap(4, 1));
      const got = l.nextCommittedEnts(allowUnstable).map((e) => e.index);
      expect(got).toEqual(want.length === 0 || snapshot ? [] : want);
      expect(l.hasNextCommittedEnts(allowUnstable)).toBe(got.length > 0);
    }
  });

  it('limits and pauses applying by size', () => {
    const size = entrySize(ent(1, 1));
    const { logger } = recordingLogger();
    const st = new MemoryStorage();
    st.append(ents(1, 5, 1));
    const l: RaftLog = newLogWithSize(st, logger, size * 2);
    l.commitTo(5);
    const first = l.nextCommittedEnts(true);
    expect(first.map((e) => e.index)).toEqual([1, 2]);
    l.acceptApplying(2, size * 2, true);
    expect(l.applyingEntsPaused).toBe(true);
    expect(l.nextCommittedEnts(true)).toEqual([]);
    l.appliedTo(2, size * 2);
    expect(l.applyingEntsPaused).toBe(false);
    const second = l.nextCommittedEnts(true);
    expect(second.map((e) => e.index)).toEqual([3, 4]);
    l.acceptApplying(4, size, true); // cut short: 4 < 5 keeps it paused
    expect(l.applyingEntsPaused).toBe(true);
    expect(() => l.appliedTo(6, 0)).toThrow('applied(6) is out of range [prevApplied(2), committed(5)]');
  });

  it('restore logs the log state before the snapshot', () => {
    const { l, lines } = logWith(ents(1, 3, 1), ents(4, 5, 1));
    l.commitTo(3);
    l.restore(snap(10, 2));
    expect(lines).toEqual([
      'INFO log [committed=3, applied=0, applying=0, unstable.offset=4, unstable.offsetInProgress=4, len(unstable.Entries)=2] starts to restore snapshot [index: 10, term: 2]',
    ]);
    expect([l.committed, l.firstIndex(), l.lastIndex(), l.term(10)]).toEqual([10, 11, 10, 2]);
    expect(l.hasNextUnstableSnapshot()).toBe(true);
    l.acceptUnstable();
    expect(l.hasNextUnstableSnapshot()).toBe(false);
    expect(l.hasNextOrInProgressSnapshot()).toBe(true);
    expect(l.snapshot().metadata.index).toBe(10);
    l.stableSnapTo(10);
    expect(l.hasNextOrInProgressSnapshot()).toBe(false);
  });

  it('unstable ents hand-out and stableTo', () => {
    const { l } = logWith(ents(1, 2, 1), ents(3, 4, 1));
    expect(l.nextUnstableEnts().map((e) => e.index)).toEqual([3, 4]);
    expect(l.hasNextUnstableEnts()).toBe(true);
    l.acceptUnstable();
    expect(l.hasNextUnstableEnts()).toBe(false);
    expect(l.hasNextOrInProgressUnstableEnts()).toBe(true);
    l.stableTo({ term: 1, index: 4 });
    expect(l.hasNextOrInProgressUnstableEnts()).toBe(false);
    expect(l.unstable.offset).toBe(5);
  });
});
