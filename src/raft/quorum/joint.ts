/**
 * A joint configuration (upstream quorum/joint.go: JointConfig): the incoming and outgoing
 * majority configurations during a membership change; a decision needs a quorum in both.
 * When not in a joint state the outgoing half (`[1]`) is empty, which also means "absent".
 * Indexed like upstream's `[2]MajorityConfig` so that `voters[0]` / `voters[1]` read the same.
 */
import type { NodeID } from '../raftpb/types';
import { MajorityConfig } from './majority';
import { VoteResult, type AckedIndexer, type Index } from './quorum';

export class JointConfig {
  /** Incoming voters: the configuration being moved to (or the only one). */
  0: MajorityConfig;
  /** Outgoing voters: non-empty only while in a joint configuration. */
  1: MajorityConfig;

  constructor(
    incoming: MajorityConfig = new MajorityConfig(),
    outgoing: MajorityConfig = new MajorityConfig(),
  ) {
    this[0] = incoming;
    this[1] = outgoing;
  }

  /** `(1 2 3)`, or `(1 2 3)&&(1)` when joint. */
  toString(): string {
    if (this[1].size > 0) {
      return `${this[0].toString()}&&${this[1].toString()}`;
    }
    return this[0].toString();
  }

  /** The union of both halves. */
  ids(): Set<NodeID> {
    const m = new Set<NodeID>(this[0]);
    for (const id of this[1]) {
      m.add(id);
    }
    return m;
  }

  describe(l: AckedIndexer): string {
    return new MajorityConfig(this.ids()).describe(l);
  }

  /** The lower of the two halves' committed indexes (an empty half does not constrain). */
  committedIndex(l: AckedIndexer): Index {
    return Math.min(this[0].committedIndex(l), this[1].committedIndex(l));
  }

  /** Both halves must win; a loss in either half loses. */
  voteResult(votes: ReadonlyMap<NodeID, boolean>): VoteResult {
    const r1 = this[0].voteResult(votes);
    const r2 = this[1].voteResult(votes);
    if (r1 === r2) {
      return r1;
    }
    if (r1 === VoteResult.VoteLost || r2 === VoteResult.VoteLost) {
      return VoteResult.VoteLost;
    }
    return VoteResult.VotePending;
  }

  /** A deep copy (the halves are mutable sets). */
  clone(): JointConfig {
    return new JointConfig(new MajorityConfig(this[0]), new MajorityConfig(this[1]));
  }
}
