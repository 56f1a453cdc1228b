import { describe, expect, it } from 'vitest';
import { RaftPanic } from '../../src/raft/logger';
import type { Entry, Snapshot } from '../../src/raft/raftpb/types';
import { EntryType, emptyConfState } from '../../src/raft/raftpb/types';
import {
  ErrCompacted,
  ErrSnapOutOfDate,
  ErrUnavailable,
  ErrSnapshotTemporarilyUnavailable,
  MemoryStorage,
  isStorageError,
} from '../../src/raft/storage';
import { entrySize } from '../../src/raft/raftpb/encoding';

const ent = (index: number, term: number): Entry => ({
  index,
  term,
  type: EntryType.EntryNormal,
  data: undefined,
});

/** A storage whose dummy entry is (3,3) followed by (4,4), (5,5) — upstream's usual fixture. */
function fixture(): MemoryStorage {
  const ms = new MemoryStorage();
  ms.applySnapshot({ data: undefined, metadata: { index: 3, term: 3, confState: emptyConfState() } });
  ms.append([ent(4, 4), ent(5, 5)]);
  return ms;
}

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('MemoryStorage', () => {
  it('has upstream error texts', () => {
    expect(ErrCompacted.message).toBe('requested index is unavailable due to compaction');
    expect(ErrSnapOutOfDate.message).toBe('requested index is older than the existing snapshot');
    expect(ErrUnavailable.message).toBe('requested entry at index is unavailable');
    expect(ErrSnapshotTemporarilyUnavailable.message).toBe('snapshot is temporarily unavailable');
    expect(isStorageError(ErrCompacted, 'compacted')).toBe(true);
    expect(isStorageError(ErrCompacted, 'unavailable')).toBe(false);
    expect(isStorageError(new Error('x'))).toBe(false);
  });

  it('starts empty', () => {
    const ms = new MemoryStorage();
    expect(ms.firstIndex()).toBe(1);
    expect(ms.lastIndex()).toBe(0);
    expect(ms.term(0)).toBe(0);
    expect(thrown(() => ms.entries(1, 1, Infinity))).toBe(ErrUnavailable);
  });

  it('term', () => {
    const ms = fixture();
    expect(thrown(() => ms.term(2))).toBe(ErrCompacted);
    expect(ms.term(3)).toBe(3);
    expect(ms.term(4)).toBe(4);
    expect(ms.term(5)).toBe(5);
    expect(thrown(() => ms.term(6))).toBe(ErrUnavailable);
  });

  it('entries with size limits', () => {
    const ms = fixture();
    ms.append([ent(6, 6)]);
    const size = entrySize(ent(4, 4));
    expect(thrown(() => ms.entries(2, 6, Infinity))).toBe(ErrCompacted);
    expect(thrown(() => ms.entries(3, 4, Infinity))).toBe(ErrCompacted);
    expect(ms.entries(4, 5, Infinity)).toEqual([ent(4, 4)]);
    expect(ms.entries(4, 6, Infinity)).toEqual([ent(4, 4), ent(5, 5)]);
    expect(ms.entries(4, 7, Infinity)).toEqual([ent(4, 4), ent(5, 5), ent(6, 6)]);
    expect(ms.entries(4, 7, 0)).toEqual([ent(4, 4)]); // at least one
    expect(ms.entries(4, 7, size * 2)).toEqual([ent(4, 4), ent(5, 5)]);
    expect(ms.entries(4, 7, size * 3 - 1)).toEqual([ent(4, 4), ent(5, 5)]);
    expect(ms.entries(4, 7, size * 3)).toEqual([ent(4, 4), ent(5, 5), ent(6, 6)]);
    expect(() => ms.entries(4, 8, Infinity)).toThrow(RaftPanic);
    expect(() => ms.entries(4, 8, Infinity)).toThrow("entries' hi(8) is out of bound lastindex(6)");
  });

  it('compact', () => {
    for (const [i, err, wIndex, wTerm, wLen] of [
      [2, ErrCompacted, 3, 3, 3],
      [3, ErrCompacted, 3, 3, 3],
      [4, undefined, 4, 4, 2],
      [5, undefined, 5, 5, 1],
    ] as const) {
      const ms = fixture();
      expect(thrown(() => ms.compact(i))).toBe(err);
      expect(ms.firstIndex()).toBe(wIndex + 1);
      expect(ms.term(wIndex)).toBe(wTerm);
      expect(ms.lastIndex() - ms.firstIndex() + 2).toBe(wLen);
    }
    expect(() => fixture().compact(6)).toThrow('compact 6 is out of bound lastindex(5)');
  });

  it('createSnapshot and applySnapshot', () => {
    const ms = fixture();
    const cs = { ...emptyConfState(), voters: [1n, 2n, 3n] };
    const data = new Uint8Array([100]);
    const s: Snapshot = ms.createSnapshot(4, cs, data);
    expect(s.metadata).toEqual({ index: 4, term: 4, confState: cs });
    expect(ms.snapshot()).toBe(s);
    expect(thrown(() => ms.createSnapshot(4, cs, data))).toBe(ErrSnapOutOfDate);
    expect(ms.initialState().confState).toEqual(cs);

    const fresh = new MemoryStorage();
    fresh.applySnapshot({ data, metadata: { index: 4, term: 4, confState: cs } });
    expect(thrown(() => fresh.applySnapshot({ data, metadata: { index: 3, term: 3, confState: cs } }))).toBe(
      ErrSnapOutOfDate,
    );
    expect(fresh.firstIndex()).toBe(5);
    expect(fresh.lastIndex()).toBe(4);
  });

  it('append: overwrite, truncate, skip old, panic on gap', () => {
    const cases: [Entry[], Entry[] | 'panic'][] = [
      [
        [ent(1, 1), ent(2, 2)],
        [ent(3, 3), ent(4, 4), ent(5, 5)],
      ],
      [
        [ent(3, 3), ent(4, 4), ent(5, 5)],
        [ent(3, 3), ent(4, 4), ent(5, 5)],
      ],
      [
        [ent(3, 3), ent(4, 6), ent(5, 6)],
        [ent(3, 3), ent(4, 6), ent(5, 6)],
      ],
      [
        [ent(3, 3), ent(4, 4), ent(5, 5), ent(6, 5)],
        [ent(3, 3), ent(4, 4), ent(5, 5), ent(6, 5)],
      ],
      [
        [ent(2, 3), ent(3, 3), ent(4, 5)],
        [ent(3, 3), ent(4, 5)],
      ], // truncate incoming below first
      [[ent(4, 5)], [ent(3, 3), ent(4, 5)]], // truncate existing
      [[ent(6, 5)], [ent(3, 3), ent(4, 4), ent(5, 5), ent(6, 5)]], // direct append
      [[ent(7, 5)], 'panic'],
    ];
    for (const [input, want] of cases) {
      const ms = fixture();
      if (want === 'panic') {
        expect(() => ms.append(input)).toThrow('missing log entry [last: 5, append at: 7]');
        continue;
      }
      ms.append(input);
      const got = [
        { index: 3, term: ms.term(3), type: EntryType.EntryNormal, data: undefined },
        ...ms.entries(4, ms.lastIndex() + 1, Infinity),
      ];
      expect(got.map((e) => [e.index, e.term])).toEqual(want.map((e) => [e.index, e.term]));
    }
  });

  it('setHardState / initialState', () => {
    const ms = new MemoryStorage();
    ms.setHardState({ term: 2, vote: 1n, commit: 3 });
    expect(ms.initialState().hardState).toEqual({ term: 2, vote: 1n, commit: 3 });
  });
});
