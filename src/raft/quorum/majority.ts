/**
 * A simple majority configuration (upstream quorum/majority.go: MajorityConfig): a set of
 * voter IDs, any strict majority of which forms a quorum.
 */
import type { NodeID } from '../raftpb/types';
import { VoteResult, compareNodeIDs, type AckedIndexer, type Index } from './quorum';

export class MajorityConfig extends Set<NodeID> {
  /** `(1 2 3)`: the IDs ascending in decimal; `()` when empty. */
  override toString(): string {
    return `(${this.slice().join(' ')})`;
  }

  /** The IDs in ascending order. */
  slice(): NodeID[] {
    return [...this].sort(compareNodeIDs);
  }

  /**
   * A small bar chart of acknowledged indexes used by upstream's quorum tests: one row per
   * voter (ascending ID), the bar length being how many voters acked strictly less.
   */
  describe(l: AckedIndexer): string {
    const n = this.size;
    if (n === 0) {
      return '<empty majority quorum>';
    }
    const info = [...this].map((id) => {
      const idx = l.ackedIndex(id);
      return { id, idx: idx ?? 0, ok: idx !== undefined, bar: 0 };
    });
    info.sort((a, b) => (a.idx !== b.idx ? a.idx - b.idx : compareNodeIDs(a.id, b.id)));
    info.forEach((t, i) => {
      const prev = info[i - 1];
      if (prev !== undefined && prev.idx < t.idx) {
        t.bar = i;
      }
    });
    info.sort((a, b) => compareNodeIDs(a.id, b.id));
    let out = ' '.repeat(n) + '    idx\n';
    for (const t of info) {
      out += t.ok ? 'x'.repeat(t.bar) + '>' + ' '.repeat(n - t.bar) : '?' + ' '.repeat(n);
      out += ` ${String(t.idx).padStart(5)}    (id=${t.id.toString()})\n`;
    }
    return out;
  }

  /**
   * The highest index acknowledged by a majority: sort the acked indexes (unknown counts as
   * 0) and take the one a quorum has reached. Infinity for an empty config, so that a joint
   * config with an empty half is decided by the other half alone.
   */
  committedIndex(l: AckedIndexer): Index {
    const n = this.size;
    if (n === 0) {
      return Infinity;
    }
    const acked: number[] = [];
    for (const id of this) {
      acked.push(l.ackedIndex(id) ?? 0);
    }
    acked.sort((a, b) => a - b);
    return acked[n - (Math.floor(n / 2) + 1)] as number;
  }

  /** Won once a majority voted yes, Lost once that is impossible, else Pending. Empty config wins. */
  voteResult(votes: ReadonlyMap<NodeID, boolean>): VoteResult {
    if (this.size === 0) {
      return VoteResult.VoteWon;
    }
    let granted = 0;
    let missing = 0;
    for (const id of this) {
      const v = votes.get(id);
      if (v === undefined) {
        missing++;
      } else if (v) {
        granted++;
      }
    }
    const q = Math.floor(this.size / 2) + 1;
    if (granted >= q) {
      return VoteResult.VoteWon;
    }
    if (granted + missing >= q) {
      return VoteResult.VotePending;
    }
    return VoteResult.VoteLost;
  }
}
