/**
 * The leader's view of one follower (upstream tracker/progress.go: Progress): how much of
 * its log is known to match, what to send next, and the flow-control state. The transitions
 * are driven from raft.ts; the methods here keep the fields consistent.
 */
import { RaftPanic } from '../logger';
import type { NodeID } from '../raftpb/types';
import { compareNodeIDs } from '../quorum/quorum';
import type { Inflights } from './inflights';
import { StateType, progressStateName } from './state';

/** Fields a new Progress may be given (upstream builds Progress with struct literals). */
export interface ProgressInit {
  match?: number;
  next: number;
  inflights: Inflights;
  isLearner?: boolean;
  recentActive?: boolean;
  state?: StateType;
}

export class Progress {
  /** Highest index known to be in the follower's log. Invariant: match < next. */
  match: number;
  /** Next index to send; everything in (match, next) is in flight. */
  next: number;
  /**
   * Highest commit index sent to the follower (upstream's unexported field sentCommit;
   * renamed because `sentCommit` is the method that sets it).
   */
  sentCommitIndex = 0;
  state: StateType;
  /** In StateSnapshot: the index of the snapshot being sent. */
  pendingSnapshot = 0;
  /** Whether the follower was heard from recently (reset on each check-quorum round). */
  recentActive: boolean;
  /** Whether sending appends is paused (probe sent, or inflights full). */
  msgAppFlowPaused = false;
  inflights: Inflights;
  isLearner: boolean;

  constructor(init: ProgressInit) {
    this.match = init.match ?? 0;
    this.next = init.next;
    this.inflights = init.inflights;
    this.isLearner = init.isLearner ?? false;
    this.recentActive = init.recentActive ?? false;
    this.state = init.state ?? StateType.StateProbe;
  }

  /** A copy with its own Inflights (what Status reports). */
  clone(): Progress {
    const c = this.shallowCopy();
    c.inflights = this.inflights.clone();
    return c;
  }

  /** A copy sharing the Inflights, like Go's `ppr := *pr` (confchange copies this way). */
  shallowCopy(): Progress {
    const c = new Progress({ next: this.next, inflights: this.inflights });
    c.match = this.match;
    c.sentCommitIndex = this.sentCommitIndex;
    c.state = this.state;
    c.pendingSnapshot = this.pendingSnapshot;
    c.recentActive = this.recentActive;
    c.msgAppFlowPaused = this.msgAppFlowPaused;
    c.isLearner = this.isLearner;
    return c;
  }

  resetState(state: StateType): void {
    this.msgAppFlowPaused = false;
    this.pendingSnapshot = 0;
    this.state = state;
    this.inflights.reset();
  }

  /** Back to probing from match+1 (or past the snapshot that was just sent). */
  becomeProbe(): void {
    if (this.state === StateType.StateSnapshot) {
      const pendingSnapshot = this.pendingSnapshot;
      this.resetState(StateType.StateProbe);
      this.next = Math.max(this.match + 1, pendingSnapshot + 1);
    } else {
      this.resetState(StateType.StateProbe);
      this.next = this.match + 1;
    }
    this.sentCommitIndex = Math.min(this.sentCommitIndex, this.next - 1);
  }

  becomeReplicate(): void {
    this.resetState(StateType.StateReplicate);
    this.next = this.match + 1;
  }

  /** Waits on snapshot `snapshoti`, which also carries the commit index up to it. */
  becomeSnapshot(snapshoti: number): void {
    this.resetState(StateType.StateSnapshot);
    this.pendingSnapshot = snapshoti;
    this.next = snapshoti + 1;
    this.sentCommitIndex = snapshoti;
  }

  /** Accounts for an append of `entries` entries with `bytes` payload just sent. */
  sentEntries(entries: number, bytes: number): void {
    switch (this.state) {
      case StateType.StateReplicate:
        if (entries > 0) {
          this.next += entries;
          this.inflights.add(this.next - 1, bytes);
        }
        this.msgAppFlowPaused = this.inflights.full();
        break;
      case StateType.StateProbe:
        // One probe at a time: wait for its answer (or the next heartbeat response).
        if (entries > 0) {
          this.msgAppFlowPaused = true;
        }
        break;
      default:
        throw new RaftPanic(`sending append in unhandled state ${progressStateName(this.state)}`);
    }
  }

  /** Whether an (empty) append should be sent just to tell the follower a newer commit index. */
  canBumpCommit(index: number): boolean {
    // Only a commit index the follower can use (below next) is worth sending.
    return index > this.sentCommitIndex && this.sentCommitIndex < this.next - 1;
  }

  /** Records that commit index `commit` was sent. */
  sentCommit(commit: number): void {
    this.sentCommitIndex = commit;
  }

  /** Handles an acknowledgement of index n; false if it is stale. */
  maybeUpdate(n: number): boolean {
    if (n <= this.match) {
      return false;
    }
    this.match = n;
    this.next = Math.max(this.next, n + 1);
    this.msgAppFlowPaused = false;
    return true;
  }

  /**
   * Handles a rejection of the append at index `rejected`, where the follower suggests
   * matchHint as its possible last matching index. False if the rejection is stale.
   */
  maybeDecrTo(rejected: number, matchHint: number): boolean {
    if (this.state === StateType.StateReplicate) {
      if (rejected <= this.match) {
        return false;
      }
      this.next = this.match + 1;
      this.sentCommitIndex = Math.min(this.sentCommitIndex, this.next - 1);
      return true;
    }
    // In probe state only a rejection of the latest probe (next-1) counts.
    if (this.next - 1 !== rejected) {
      return false;
    }
    this.next = Math.max(Math.min(rejected, matchHint + 1), this.match + 1);
    this.sentCommitIndex = Math.min(this.sentCommitIndex, this.next - 1);
    this.msgAppFlowPaused = false;
    return true;
  }

  /** Whether appends to this follower are on hold. */
  isPaused(): boolean {
    switch (this.state) {
      case StateType.StateProbe:
      case StateType.StateReplicate:
        return this.msgAppFlowPaused;
      case StateType.StateSnapshot:
        return true;
      default:
        throw new RaftPanic('unexpected state');
    }
  }

  /** e.g. `StateReplicate match=14 next=17 paused inflight=2[full]`. */
  toString(): string {
    let out = `${progressStateName(this.state)} match=${this.match} next=${this.next}`;
    if (this.isLearner) out += ' learner';
    if (this.isPaused()) out += ' paused';
    if (this.pendingSnapshot > 0) out += ` pendingSnap=${this.pendingSnapshot}`;
    if (!this.recentActive) out += ' inactive';
    const n = this.inflights.count();
    if (n > 0) {
      out += ` inflight=${n}`;
      if (this.inflights.full()) out += '[full]';
    }
    return out;
  }
}

/** Progress by node ID (upstream ProgressMap); its string form lists IDs ascending. */
export class ProgressMap extends Map<NodeID, Progress> {
  /** The IDs in ascending order. */
  sortedIDs(): NodeID[] {
    return [...this.keys()].sort(compareNodeIDs);
  }

  override toString(): string {
    let out = '';
    for (const id of this.sortedIDs()) {
      out += `${id.toString()}: ${(this.get(id) as Progress).toString()}\n`;
    }
    return out;
  }
}
