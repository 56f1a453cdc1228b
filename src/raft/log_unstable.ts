/**
 * The part of the raft log not yet known to be in stable storage (upstream log_unstable.go:
 * unstable): at most one incoming snapshot plus the entries after it. `entries[k]` has log
 * index `offset + k`. Entries below `offsetInProgress` (and the snapshot when
 * `snapshotInProgress`) have already been handed to the application for writing, so they are
 * not handed out again, but they stay here until the write is acknowledged (stableTo).
 */
import type { Logger } from './logger';
import type { Entry, Snapshot } from './raftpb/types';
import type { EntryID } from './types';

export class Unstable {
  /** An incoming snapshot not yet persisted; undefined when there is none. */
  snapshot: Snapshot | undefined = undefined;
  entries: Entry[] = [];
  offset: number;
  snapshotInProgress = false;
  offsetInProgress: number;

  constructor(
    offset: number,
    readonly logger: Logger,
  ) {
    this.offset = offset;
    this.offsetInProgress = offset;
  }

  /** Index of the first entry after the unstable snapshot, if there is one. */
  maybeFirstIndex(): number | undefined {
    return this.snapshot === undefined ? undefined : this.snapshot.metadata.index + 1;
  }

  /** Index of the last unstable entry, or of the unstable snapshot, if any. */
  maybeLastIndex(): number | undefined {
    if (this.entries.length !== 0) {
      return this.offset + this.entries.length - 1;
    }
    return this.snapshot === undefined ? undefined : this.snapshot.metadata.index;
  }

  /** Term of entry i if the unstable part knows it (the snapshot answers only for its own index). */
  maybeTerm(i: number): number | undefined {
    if (i < this.offset) {
      if (this.snapshot !== undefined && this.snapshot.metadata.index === i) {
        return this.snapshot.metadata.term;
      }
      return undefined;
    }
    const e = this.entries[i - this.offset];
    return e === undefined ? undefined : e.term;
  }

  /** Entries not yet handed out for writing (empty when all are in progress). */
  nextEntries(): Entry[] {
    const inProgress = this.offsetInProgress - this.offset;
    if (this.entries.length === inProgress) {
      return [];
    }
    return this.entries.slice(inProgress);
  }

  /** The snapshot if it has not been handed out for writing yet. */
  nextSnapshot(): Snapshot | undefined {
    if (this.snapshot === undefined || this.snapshotInProgress) {
      return undefined;
    }
    return this.snapshot;
  }

  /** Marks everything currently unstable as handed out for writing (a Ready took it). */
  acceptInProgress(): void {
    const last = this.entries[this.entries.length - 1];
    if (last !== undefined) {
      this.offsetInProgress = last.index + 1;
    }
    if (this.snapshot !== undefined) {
      this.snapshotInProgress = true;
    }
  }

  /**
   * Drops entries up to id once storage confirms them. A confirmation that no longer matches
   * (the entry was overwritten by a newer leader meanwhile, or was replaced by a snapshot) is
   * logged and ignored.
   */
  stableTo(id: EntryID): void {
    const gt = this.maybeTerm(id.index);
    if (gt === undefined) {
      this.logger.info(`entry at index ${id.index} missing from unstable log; ignoring`);
      return;
    }
    if (id.index < this.offset) {
      this.logger.info(`entry at index ${id.index} matched unstable snapshot; ignoring`);
      return;
    }
    if (gt !== id.term) {
      this.logger.info(
        `entry at (index,term)=(${id.index},${id.term}) mismatched with ` +
          `entry at (${id.index},${gt}) in unstable log; ignoring`,
      );
      return;
    }
    this.entries = this.entries.slice(id.index + 1 - this.offset);
    this.offset = id.index + 1;
    this.offsetInProgress = Math.max(this.offsetInProgress, this.offset);
  }

  /** Forgets the unstable snapshot once storage confirms it was written. */
  stableSnapTo(i: number): void {
    if (this.snapshot !== undefined && this.snapshot.metadata.index === i) {
      this.snapshot = undefined;
      this.snapshotInProgress = false;
    }
  }

  /** Replaces everything with an incoming snapshot. */
  restore(s: Snapshot): void {
    this.offset = s.metadata.index + 1;
    this.offsetInProgress = this.offset;
    this.entries = [];
    this.snapshot = s;
    this.snapshotInProgress = false;
  }

  /** Appends ents, first dropping any unstable entries at or after ents[0].index. */
  truncateAndAppend(ents: readonly Entry[]): void {
    const head = ents[0];
    if (head === undefined) {
      return;
    }
    const fromIndex = head.index;
    if (fromIndex === this.offset + this.entries.length) {
      for (const e of ents) {
        this.entries.push(e);
      }
    } else if (fromIndex <= this.offset) {
      this.logger.info(`replace the unstable entries from index ${fromIndex}`);
      this.entries = [...ents];
      this.offset = fromIndex;
      this.offsetInProgress = this.offset;
    } else {
      this.logger.info(`truncate the unstable entries before index ${fromIndex}`);
      const keep = this.slice(this.offset, fromIndex);
      this.entries = keep.concat(ents);
      // Entries from fromIndex on are new, so they must be handed out again.
      this.offsetInProgress = Math.min(this.offsetInProgress, fromIndex);
    }
  }

  /** A copy of the unstable entries in [lo, hi); panics when out of bounds. */
  slice(lo: number, hi: number): Entry[] {
    this.mustCheckOutOfBounds(lo, hi);
    return this.entries.slice(lo - this.offset, hi - this.offset);
  }

  mustCheckOutOfBounds(lo: number, hi: number): void {
    if (lo > hi) {
      this.logger.panic(`invalid unstable.slice ${lo} > ${hi}`);
    }
    const upper = this.offset + this.entries.length;
    if (lo < this.offset || hi > upper) {
      this.logger.panic(`unstable.slice[${lo},${hi}) out of bound [${this.offset},${upper}]`);
    }
  }
}
