/**
 * The leader's bookkeeping of the cluster (upstream tracker/tracker.go): the active
 * configuration (voters, possibly joint, and learners), one Progress per member, and the
 * votes of the current election.
 */
import type { ConfState, NodeID } from '../raftpb/types';
import { JointConfig } from '../quorum/joint';
import { MajorityConfig } from '../quorum/majority';
import { VoteResult, type AckedIndexer, type Index } from '../quorum/quorum';
import { Progress, ProgressMap } from './progress';

/**
 * A membership configuration. The learner sets are never shared with the voter halves;
 * an empty set stands for upstream's nil ("absent") set — the conf change code keeps empty
 * sets nil, so the two are the same in every observable way (printing included).
 */
export class Config {
  voters: JointConfig;
  /** Set while in a joint config that raft should leave by itself once it is applied. */
  autoLeave: boolean;
  /** Learners that are not voters in either half. */
  learners: MajorityConfig;
  /**
   * Learners to be, that are still voters in the outgoing half: they become learners when
   * the joint config is left (a node cannot be a voter and a learner at once).
   */
  learnersNext: MajorityConfig;

  constructor(
    voters: JointConfig = new JointConfig(),
    autoLeave = false,
    learners: MajorityConfig = new MajorityConfig(),
    learnersNext: MajorityConfig = new MajorityConfig(),
  ) {
    this.voters = voters;
    this.autoLeave = autoLeave;
    this.learners = learners;
    this.learnersNext = learnersNext;
  }

  /** e.g. `voters=(1 2 3)&&(1) learners=(4) autoleave`. */
  toString(): string {
    let out = `voters=${this.voters.toString()}`;
    if (this.learners.size > 0) out += ` learners=${this.learners.toString()}`;
    if (this.learnersNext.size > 0) out += ` learners_next=${this.learnersNext.toString()}`;
    if (this.autoLeave) out += ' autoleave';
    return out;
  }

  /**
   * A deep copy of the sets. Like upstream's Config.Clone, AutoLeave is NOT copied; every
   * caller either runs on a non-joint config (where it is false) or sets it afterwards.
   */
  clone(): Config {
    return new Config(
      this.voters.clone(),
      false,
      new MajorityConfig(this.learners),
      new MajorityConfig(this.learnersNext),
    );
  }
}

/** Reads each voter's Match as its acknowledged index (upstream matchAckIndexer). */
class MatchAckIndexer implements AckedIndexer {
  constructor(private readonly progress: ProgressMap) {}

  ackedIndex(id: NodeID): Index | undefined {
    return this.progress.get(id)?.match;
  }
}

export class ProgressTracker {
  config: Config = new Config();
  progress: ProgressMap = new ProgressMap();
  votes: Map<NodeID, boolean> = new Map();

  constructor(
    readonly maxInflight: number,
    readonly maxInflightBytes: number,
  ) {}

  // Upstream embeds Config in ProgressTracker, so `trk.Voters` etc. read the config's fields.
  get voters(): JointConfig {
    return this.config.voters;
  }
  get learners(): MajorityConfig {
    return this.config.learners;
  }
  get learnersNext(): MajorityConfig {
    return this.config.learnersNext;
  }
  get autoLeave(): boolean {
    return this.config.autoLeave;
  }

  /** The ConfState describing the active configuration (all lists sorted). */
  confState(): ConfState {
    return {
      voters: this.config.voters[0].slice(),
      votersOutgoing: this.config.voters[1].slice(),
      learners: this.config.learners.slice(),
      learnersNext: this.config.learnersNext.slice(),
      autoLeave: this.config.autoLeave,
    };
  }

  /** Whether this is a single-voter, non-joint configuration. */
  isSingleton(): boolean {
    return this.config.voters[0].size === 1 && this.config.voters[1].size === 0;
  }

  /** The highest index a quorum of voters has acknowledged. */
  committed(): number {
    return this.config.voters.committedIndex(new MatchAckIndexer(this.progress));
  }

  /** Calls f for every member (voters and learners) in ascending ID order. */
  visit(f: (id: NodeID, pr: Progress) => void): void {
    for (const id of this.progress.sortedIDs()) {
      // Upstream reads the map at call time, so a Progress replaced by an earlier callback is seen.
      f(id, this.progress.get(id) as Progress);
    }
  }

  /** Whether a quorum of voters has been recently active. */
  quorumActive(): boolean {
    const votes = new Map<NodeID, boolean>();
    this.visit((id, pr) => {
      if (!pr.isLearner) {
        votes.set(id, pr.recentActive);
      }
    });
    return this.config.voters.voteResult(votes) === VoteResult.VoteWon;
  }

  /** Voters of both halves, ascending. */
  voterNodes(): NodeID[] {
    return new MajorityConfig(this.config.voters.ids()).slice();
  }

  /** Learners, ascending (empty when none). */
  learnerNodes(): NodeID[] {
    return this.config.learners.slice();
  }

  resetVotes(): void {
    this.votes = new Map();
  }

  /** Records id's vote; only the first vote of each node counts. */
  recordVote(id: NodeID, v: boolean): void {
    if (!this.votes.has(id)) {
      this.votes.set(id, v);
    }
  }

  /** Counts granted and rejected votes of voters, and the election's outcome so far. */
  tallyVotes(): { granted: number; rejected: number; result: VoteResult } {
    let granted = 0;
    let rejected = 0;
    for (const [id, pr] of this.progress) {
      if (pr.isLearner) {
        continue;
      }
      const v = this.votes.get(id);
      if (v === undefined) {
        continue;
      }
      if (v) {
        granted++;
      } else {
        rejected++;
      }
    }
    return { granted, rejected, result: this.config.voters.voteResult(this.votes) };
  }
}

/** MakeProgressTracker: an empty tracker with the given flow-control limits. */
export function makeProgressTracker(maxInflight: number, maxInflightBytes: number): ProgressTracker {
  return new ProgressTracker(maxInflight, maxInflightBytes);
}
