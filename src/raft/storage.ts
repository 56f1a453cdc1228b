/**
 * The stable-storage interface raft reads its log from (upstream storage.go: Storage) and the
 * in-memory implementation used by tests and by the simulated etcd members (MemoryStorage).
 *
 * Error convention: where Go returns `(value, error)`, these methods return the value and
 * throw one of the four shared StorageError instances below (ErrCompacted, ErrSnapOutOfDate,
 * ErrUnavailable, ErrSnapshotTemporarilyUnavailable). Callers compare by identity
 * (`e === ErrCompacted`) or with `isStorageError(e, 'compacted')`. Go panics become RaftPanic.
 */
import { RaftPanic } from './logger';
import {
  emptyHardState,
  emptySnapshot,
  type ConfState,
  type Entry,
  type HardState,
  type Snapshot,
} from './raftpb/types';
import { limitSize } from './util';

export type StorageErrorKind =
  'compacted' | 'snap-out-of-date' | 'unavailable' | 'snapshot-temporarily-unavailable';

/** One of raft's sentinel storage errors; there is exactly one instance per kind. */
export class StorageError extends Error {
  constructor(
    readonly kind: StorageErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'StorageError';
  }
}

/** The requested index is older than the first index kept (compacted away). */
export const ErrCompacted = new StorageError('compacted', 'requested index is unavailable due to compaction');
/** A snapshot older than the one already stored was offered. */
export const ErrSnapOutOfDate = new StorageError(
  'snap-out-of-date',
  'requested index is older than the existing snapshot',
);
/** The requested entry is beyond the last index. */
export const ErrUnavailable = new StorageError('unavailable', 'requested entry at index is unavailable');
/** The snapshot is being built; raft will retry later. */
export const ErrSnapshotTemporarilyUnavailable = new StorageError(
  'snapshot-temporarily-unavailable',
  'snapshot is temporarily unavailable',
);

export function isStorageError(e: unknown, kind?: StorageErrorKind): e is StorageError {
  return e instanceof StorageError && (kind === undefined || e.kind === kind);
}

export interface InitialState {
  hardState: HardState;
  confState: ConfState;
}

/** What raft needs from stable storage. Methods may throw StorageError (see file comment). */
export interface Storage {
  /** The saved HardState and the ConfState of the latest snapshot. */
  initialState(): InitialState;
  /** Entries in [lo, hi), limited to maxSize bytes but at least one entry. */
  entries(lo: number, hi: number, maxSize: number): Entry[];
  /** Term of entry i, for i in [firstIndex()-1, lastIndex()]. */
  term(i: number): number;
  lastIndex(): number;
  firstIndex(): number;
  /** The most recent snapshot; may throw ErrSnapshotTemporarilyUnavailable. */
  snapshot(): Snapshot;
}

/**
 * Storage backed by an array. `ents[0]` is a dummy entry holding the index and term of the
 * last compacted (or snapshotted) entry, so term(firstIndex()-1) stays answerable; the entry
 * with log index i lives at `ents[i - ents[0].index]`.
 */
export class MemoryStorage implements Storage {
  private hardState: HardState = emptyHardState();
  private snap: Snapshot = emptySnapshot();
  private ents: Entry[] = [{ term: 0, index: 0, type: 0, data: undefined }];

  initialState(): InitialState {
    return { hardState: this.hardState, confState: this.snap.metadata.confState };
  }

  setHardState(hs: HardState): void {
    this.hardState = { ...hs };
  }

  private offset(): number {
    return (this.ents[0] as Entry).index;
  }

  entries(lo: number, hi: number, maxSize: number): Entry[] {
    const offset = this.offset();
    if (lo <= offset) {
      throw ErrCompacted;
    }
    if (hi > this.lastIndex() + 1) {
      throw new RaftPanic(`entries' hi(${hi}) is out of bound lastindex(${this.lastIndex()})`);
    }
    if (this.ents.length === 1) {
      throw ErrUnavailable;
    }
    return limitSize(this.ents.slice(lo - offset, hi - offset), maxSize);
  }

  term(i: number): number {
    const offset = this.offset();
    if (i < offset) {
      throw ErrCompacted;
    }
    const e = this.ents[i - offset];
    if (e === undefined) {
      throw ErrUnavailable;
    }
    return e.term;
  }

  lastIndex(): number {
    return this.offset() + this.ents.length - 1;
  }

  firstIndex(): number {
    return this.offset() + 1;
  }

  snapshot(): Snapshot {
    return this.snap;
  }

  /** Replaces the contents with a snapshot; throws ErrSnapOutOfDate if it is not newer. */
  applySnapshot(s: Snapshot): void {
    if (this.snap.metadata.index >= s.metadata.index) {
      throw ErrSnapOutOfDate;
    }
    this.snap = s;
    this.ents = [{ term: s.metadata.term, index: s.metadata.index, type: 0, data: undefined }];
  }

  /**
   * Records a snapshot at index i (which must be ≤ lastIndex) with the given ConfState (kept
   * from the previous snapshot when undefined) and data. Throws ErrSnapOutOfDate if i is not
   * newer than the current snapshot. Entries are not compacted; call compact for that.
   */
  createSnapshot(i: number, cs: ConfState | undefined, data: Uint8Array | undefined): Snapshot {
    if (i <= this.snap.metadata.index) {
      throw ErrSnapOutOfDate;
    }
    const offset = this.offset();
    if (i > this.lastIndex()) {
      throw new RaftPanic(`snapshot ${i} is out of bound lastindex(${this.lastIndex()})`);
    }
    const term = (this.ents[i - offset] as Entry).term;
    this.snap = {
      data,
      metadata: { index: i, term, confState: cs ?? this.snap.metadata.confState },
    };
    return this.snap;
  }

  /** Discards entries before compactIndex; throws ErrCompacted if already compacted there. */
  compact(compactIndex: number): void {
    const offset = this.offset();
    if (compactIndex <= offset) {
      throw ErrCompacted;
    }
    if (compactIndex > this.lastIndex()) {
      throw new RaftPanic(`compact ${compactIndex} is out of bound lastindex(${this.lastIndex()})`);
    }
    const i = compactIndex - offset;
    const kept = this.ents[i] as Entry;
    const dummy: Entry = { term: kept.term, index: kept.index, type: 0, data: undefined };
    this.ents = [dummy, ...this.ents.slice(i + 1)];
  }

  /**
   * Appends entries, first dropping any below firstIndex and overwriting any existing suffix
   * they conflict with. Entries must be contiguous with the stored log.
   */
  append(entries: readonly Entry[]): void {
    const head = entries[0];
    if (head === undefined) {
      return;
    }
    const first = this.firstIndex();
    const last = head.index + entries.length - 1;
    if (last < first) {
      return;
    }
    const toAdd = first > head.index ? entries.slice(first - head.index) : entries;
    const at = (toAdd[0] as Entry).index - this.offset();
    if (at > this.ents.length) {
      throw new RaftPanic(
        `missing log entry [last: ${this.lastIndex()}, append at: ${(toAdd[0] as Entry).index}]`,
      );
    }
    if (at < this.ents.length) {
      this.ents.length = at;
    }
    for (const e of toAdd) {
      this.ents.push(e);
    }
  }
}
