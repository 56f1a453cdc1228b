/**
 * The raft log as raft sees it (upstream log.go: raftLog): the stable prefix in Storage plus
 * the Unstable suffix, with the commit/apply bookkeeping on top.
 *
 * Invariant: applied ≤ applying ≤ committed ≤ lastIndex(); committed entries never change.
 *
 * Error convention (Go's `(value, error)`): term(), slice(), entries() and snapshot() throw a
 * StorageError (ErrCompacted / ErrUnavailable / ErrSnapshotTemporarilyUnavailable, compare by
 * identity or with isStorageError). Invariant violations throw RaftPanic via logger.panic.
 */
import type { Logger } from './logger';
import { Unstable } from './log_unstable';
import { noLimit, type Entry, type Snapshot } from './raftpb/types';
import { ErrCompacted, ErrUnavailable, isStorageError, type Storage } from './storage';
import { pbEntryID, type EntryID, type LogSlice } from './types';
import { entsSize, limitSize } from './util';

export class RaftLog {
  /** Entries already persisted (up to the last Ready the application acknowledged). */
  readonly storage: Storage;
  /** Entries and a snapshot not yet persisted. */
  readonly unstable: Unstable;
  /** Highest index known to be committed on a quorum. */
  committed: number;
  /** Highest index handed to the application to apply (≥ applied). */
  applying: number;
  /** Highest index the application reported applied. */
  applied: number;
  readonly logger: Logger;
  /** Byte budget of entries being applied at once (Config.MaxCommittedSizePerReady). */
  maxApplyingEntsSize: number;
  /** Bytes of committed entries handed out but not yet reported applied. */
  applyingEntsSize = 0;
  /** True while handing out more committed entries would exceed the budget. */
  applyingEntsPaused = false;

  constructor(storage: Storage, logger: Logger, maxApplyingEntsSize: number) {
    const firstIndex = storage.firstIndex();
    const lastIndex = storage.lastIndex();
    this.storage = storage;
    this.unstable = new Unstable(lastIndex + 1, logger);
    this.maxApplyingEntsSize = maxApplyingEntsSize;
    this.committed = firstIndex - 1;
    this.applying = firstIndex - 1;
    this.applied = firstIndex - 1;
    this.logger = logger;
  }

  toString(): string {
    return (
      `committed=${this.committed}, applied=${this.applied}, applying=${this.applying}, ` +
      `unstable.offset=${this.unstable.offset}, unstable.offsetInProgress=${this.unstable.offsetInProgress}, ` +
      `len(unstable.Entries)=${this.unstable.entries.length}`
    );
  }

  /**
   * Appends the leader's slice if it extends our log at a.prev, overwriting a conflicting
   * suffix, then commits up to min(committed, last new index). Returns the last new index, or
   * undefined when a.prev does not match (upstream's ok=false).
   */
  maybeAppend(a: LogSlice, committed: number): number | undefined {
    if (!this.matchTerm(a.prev)) {
      return undefined;
    }
    const lastNewIndex = a.prev.index + a.entries.length;
    const ci = this.findConflict(a.entries);
    if (ci !== 0) {
      if (ci <= this.committed) {
        this.logger.panic(`entry ${ci} conflict with committed entry [committed(${this.committed})]`);
      }
      const offset = a.prev.index + 1;
      if (ci - offset > a.entries.length) {
        this.logger.panic(`index, ${ci - offset}, is out of range [${a.entries.length}]`);
      }
      this.append(...a.entries.slice(ci - offset));
    }
    this.commitTo(Math.min(committed, lastNewIndex));
    return lastNewIndex;
  }

  /** Appends entries to the unstable log; returns the new last index. */
  append(...ents: Entry[]): number {
    const head = ents[0];
    if (head === undefined) {
      return this.lastIndex();
    }
    const after = head.index - 1;
    if (after < this.committed) {
      this.logger.panic(`after(${after}) is out of range [committed(${this.committed})]`);
    }
    this.unstable.truncateAndAppend(ents);
    return this.lastIndex();
  }

  /**
   * Index of the first entry whose term differs from ours (a conflict, or simply new), or 0
   * when all entries are already in the log. Entries must be contiguous.
   */
  findConflict(ents: readonly Entry[]): number {
    for (const e of ents) {
      const id = pbEntryID(e);
      if (!this.matchTerm(id)) {
        if (id.index <= this.lastIndex()) {
          const existing = this.zeroTermOnOutOfBounds(() => this.term(id.index));
          this.logger.info(
            `found conflict at index ${id.index} [existing term: ${existing}, conflicting term: ${id.term}]`,
          );
        }
        return id.index;
      }
    }
    return 0;
  }

  /**
   * The last (index, term) at or below `index` whose term is ≤ `term`; used by a rejected
   * append to skip a whole term of conflicting entries at once. Returns term 0 (with the
   * index where the lookup failed) once the log below is unknown, and (0, 0) if none.
   */
  findConflictByTerm(index: number, term: number): { index: number; term: number } {
    for (; index > 0; index--) {
      let ourTerm: number;
      try {
        ourTerm = this.term(index);
      } catch (e) {
        if (isStorageError(e)) {
          return { index, term: 0 };
        }
        throw e;
      }
      if (ourTerm <= term) {
        return { index, term: ourTerm };
      }
    }
    return { index: 0, term: 0 };
  }

  /** Unstable entries not yet handed to the application for writing. */
  nextUnstableEnts(): Entry[] {
    return this.unstable.nextEntries();
  }

  hasNextUnstableEnts(): boolean {
    return this.nextUnstableEnts().length > 0;
  }

  /** Whether there are unstable entries at all, handed out or not. */
  hasNextOrInProgressUnstableEnts(): boolean {
    return this.unstable.entries.length > 0;
  }

  /**
   * Committed entries ready to be applied, within the applying byte budget. With
   * allowUnstable, entries not yet persisted locally may be applied too (they are committed).
   */
  nextCommittedEnts(allowUnstable: boolean): Entry[] {
    if (this.applyingEntsPaused || this.hasNextOrInProgressSnapshot()) {
      // A pending snapshot must be applied before any entry after it.
      return [];
    }
    const lo = this.applying + 1;
    const hi = this.maxAppliableIndex(allowUnstable) + 1;
    if (lo >= hi) {
      return [];
    }
    const maxSize = this.maxApplyingEntsSize - this.applyingEntsSize;
    if (maxSize <= 0) {
      this.logger.panic(
        `applying entry size (${this.maxApplyingEntsSize}-${this.applyingEntsSize})=${maxSize} not positive`,
      );
    }
    try {
      return this.slice(lo, hi, maxSize);
    } catch (e) {
      if (isStorageError(e)) {
        this.logger.panic(`unexpected error when getting unapplied entries (${e.message})`);
      }
      throw e;
    }
  }

  hasNextCommittedEnts(allowUnstable: boolean): boolean {
    if (this.applyingEntsPaused || this.hasNextOrInProgressSnapshot()) {
      return false;
    }
    return this.applying + 1 < this.maxAppliableIndex(allowUnstable) + 1;
  }

  /** The highest index that may be applied: committed, capped at the stable prefix unless allowUnstable. */
  maxAppliableIndex(allowUnstable: boolean): number {
    let hi = this.committed;
    if (!allowUnstable) {
      hi = Math.min(hi, this.unstable.offset - 1);
    }
    return hi;
  }

  /** The unstable snapshot if not yet handed to the application. */
  nextUnstableSnapshot(): Snapshot | undefined {
    return this.unstable.nextSnapshot();
  }

  hasNextUnstableSnapshot(): boolean {
    return this.unstable.nextSnapshot() !== undefined;
  }

  hasNextOrInProgressSnapshot(): boolean {
    return this.unstable.snapshot !== undefined;
  }

  /** The newest snapshot: the unstable one, else storage's (which may throw StorageError). */
  snapshot(): Snapshot {
    return this.unstable.snapshot ?? this.storage.snapshot();
  }

  firstIndex(): number {
    return this.unstable.maybeFirstIndex() ?? this.storage.firstIndex();
  }

  lastIndex(): number {
    return this.unstable.maybeLastIndex() ?? this.storage.lastIndex();
  }

  /** Raises committed to tocommit (never lowers it). */
  commitTo(tocommit: number): void {
    if (this.committed < tocommit) {
      if (this.lastIndex() < tocommit) {
        this.logger.panic(
          `tocommit(${tocommit}) is out of range [lastIndex(${this.lastIndex()})]. ` +
            'Was the raft log corrupted, truncated, or lost?',
        );
      }
      this.committed = tocommit;
    }
  }

  /** Records that the application applied up to i, releasing `size` bytes of the budget. */
  appliedTo(i: number, size: number): void {
    if (this.committed < i || i < this.applied) {
      this.logger.panic(
        `applied(${i}) is out of range [prevApplied(${this.applied}), committed(${this.committed})]`,
      );
    }
    this.applied = i;
    this.applying = Math.max(this.applying, i);
    this.applyingEntsSize = this.applyingEntsSize > size ? this.applyingEntsSize - size : 0;
    this.applyingEntsPaused = this.applyingEntsSize >= this.maxApplyingEntsSize;
  }

  /** Records that entries up to i (of `size` bytes) were handed to the application. */
  acceptApplying(i: number, size: number, allowUnstable: boolean): void {
    if (this.committed < i) {
      this.logger.panic(
        `applying(${i}) is out of range [prevApplying(${this.applying}), committed(${this.committed})]`,
      );
    }
    this.applying = i;
    this.applyingEntsSize += size;
    // A batch cut short by the size limit also pauses: the rest waits for appliedTo.
    this.applyingEntsPaused =
      this.applyingEntsSize >= this.maxApplyingEntsSize || i < this.maxAppliableIndex(allowUnstable);
  }

  stableTo(id: EntryID): void {
    this.unstable.stableTo(id);
  }

  stableSnapTo(i: number): void {
    this.unstable.stableSnapTo(i);
  }

  /** Marks the unstable entries and snapshot as handed out in a Ready. */
  acceptUnstable(): void {
    this.unstable.acceptInProgress();
  }

  lastTerm(): number {
    return this.lastEntryID().term;
  }

  lastEntryID(): EntryID {
    const index = this.lastIndex();
    let t: number;
    try {
      t = this.term(index);
    } catch (e) {
      if (isStorageError(e)) {
        this.logger.panic(`unexpected error when getting the last term at ${index}: ${e.message}`);
      }
      throw e;
    }
    return { term: t, index };
  }

  /**
   * Term of entry i. Answerable for [firstIndex()-1, lastIndex()]; throws ErrCompacted
   * below and ErrUnavailable above that range.
   */
  term(i: number): number {
    const t = this.unstable.maybeTerm(i);
    if (t !== undefined) {
      return t;
    }
    if (i + 1 < this.firstIndex()) {
      throw ErrCompacted;
    }
    if (i > this.lastIndex()) {
      throw ErrUnavailable;
    }
    try {
      return this.storage.term(i);
    } catch (e) {
      if (e === ErrCompacted || e === ErrUnavailable) {
        throw e;
      }
      throw new Error(`raftLog.term(${i}): unexpected storage error: ${String(e)}`, { cause: e });
    }
  }

  /** Entries from i to the end, within maxSize (at least one); [] when i > lastIndex. Throws ErrCompacted. */
  entries(i: number, maxSize: number): Entry[] {
    if (i > this.lastIndex()) {
      return [];
    }
    return this.slice(i, this.lastIndex() + 1, maxSize);
  }

  /** Every entry in the log (test helper upstream). */
  allEntries(): Entry[] {
    // Retrying on ErrCompacted mirrors upstream, which guards against a racing compaction.
    for (let attempt = 0; attempt < 100; attempt++) {
      try {
        return this.entries(this.firstIndex(), noLimit);
      } catch (e) {
        if (e !== ErrCompacted) {
          throw e;
        }
      }
    }
    throw new Error('allEntries: storage keeps compacting');
  }

  /** Whether a candidate whose last entry is `their` is at least as up to date as us (§5.4.1). */
  isUpToDate(their: EntryID): boolean {
    const our = this.lastEntryID();
    return their.term > our.term || (their.term === our.term && their.index >= our.index);
  }

  /** Whether our log has entry id (same index and term). */
  matchTerm(id: EntryID): boolean {
    try {
      return this.term(id.index) === id.term;
    } catch (e) {
      if (isStorageError(e)) {
        return false;
      }
      throw e;
    }
  }

  /** Commits up to `at` if it is in our log, newer than committed, and has a non-zero term. */
  maybeCommit(at: EntryID): boolean {
    if (at.term !== 0 && at.index > this.committed && this.matchTerm(at)) {
      this.commitTo(at.index);
      return true;
    }
    return false;
  }

  restore(s: Snapshot): void {
    this.logger.info(
      `log [${this.toString()}] starts to restore snapshot [index: ${s.metadata.index}, term: ${s.metadata.term}]`,
    );
    this.committed = s.metadata.index;
    this.unstable.restore(s);
  }

  /**
   * Visits the entries of [lo, hi) in pages of at most pageSize bytes (at least one entry per
   * page). Stops at the first error returned by visit (returned) or thrown by slice (thrown).
   */
  scan(
    lo: number,
    hi: number,
    pageSize: number,
    visit: (ents: Entry[]) => Error | undefined,
  ): Error | undefined {
    while (lo < hi) {
      const ents = this.slice(lo, hi, pageSize);
      if (ents.length === 0) {
        return new Error(`got 0 entries in [${lo}, ${hi})`);
      }
      const err = visit(ents);
      if (err !== undefined) {
        return err;
      }
      lo += ents.length;
    }
    return undefined;
  }

  /** Entries in [lo, hi) within maxSize (at least one if non-empty). Throws ErrCompacted. */
  slice(lo: number, hi: number, maxSize: number): Entry[] {
    this.mustCheckOutOfBounds(lo, hi);
    if (lo === hi) {
      return [];
    }
    const offset = this.unstable.offset;
    if (lo >= offset) {
      return limitSize(this.unstable.slice(lo, hi), maxSize);
    }
    const cut = Math.min(hi, offset);
    const ents = this.storageEntries(lo, cut, maxSize);
    if (hi <= offset || ents.length < cut - lo) {
      // Either nothing unstable was asked for, or storage already cut the batch by size.
      return ents;
    }
    const size = entsSize(ents);
    if (size >= maxSize) {
      return ents;
    }
    const unstable = limitSize(this.unstable.slice(offset, hi), maxSize - size);
    // limitSize keeps one entry even when it alone exceeds the budget; here that is too much.
    if (unstable.length === 1 && size + entsSize(unstable) > maxSize) {
      return ents;
    }
    return ents.concat(unstable);
  }

  private storageEntries(lo: number, hi: number, maxSize: number): Entry[] {
    try {
      return this.storage.entries(lo, hi, maxSize);
    } catch (e) {
      if (e === ErrUnavailable) {
        this.logger.panic(`entries[${lo}:${hi}) is unavailable from storage`);
      }
      throw e;
    }
  }

  /** Panics on an invalid or too-high range; throws ErrCompacted when lo is compacted away. */
  mustCheckOutOfBounds(lo: number, hi: number): void {
    if (lo > hi) {
      this.logger.panic(`invalid slice ${lo} > ${hi}`);
    }
    const fi = this.firstIndex();
    if (lo < fi) {
      throw ErrCompacted;
    }
    const length = this.lastIndex() + 1 - fi;
    if (hi > fi + length) {
      this.logger.panic(`slice[${lo},${hi}) out of bound [${fi},${this.lastIndex()}]`);
    }
  }

  /**
   * Upstream zeroTermOnOutOfBounds(term(i)): runs the term lookup and maps ErrCompacted and
   * ErrUnavailable to 0. Takes a thunk because term() throws instead of returning an error:
   * `log.zeroTermOnOutOfBounds(() => log.term(i))`.
   */
  zeroTermOnOutOfBounds(term: () => number): number {
    try {
      return term();
    } catch (e) {
      if (e === ErrCompacted || e === ErrUnavailable) {
        return 0;
      }
      if (isStorageError(e)) {
        this.logger.panic(`unexpected error (${e.message})`);
      }
      throw e;
    }
  }
}

/** newLog: a log over storage with no applying byte budget. */
export function newLog(storage: Storage, logger: Logger): RaftLog {
  return new RaftLog(storage, logger, noLimit);
}

/** newLogWithSize: a log whose committed-entry hand-out is limited to maxApplyingEntsSize bytes. */
export function newLogWithSize(storage: Storage, logger: Logger, maxApplyingEntsSize: number): RaftLog {
  return new RaftLog(storage, logger, maxApplyingEntsSize);
}
