/**
 * A checker of Raft's safety properties (Raft paper, figure 3) over a set of nodes, meant to
 * run after every step of a simulation or property test:
 *
 * - election safety: at most one leader per term;
 * - log matching: if two logs hold an entry with the same index and term, they are identical
 *   up to that index;
 * - leader completeness: an entry committed in a term is in the log of every leader of a later
 *   term;
 * - state machine safety: a committed index holds the same entry on every node that has it;
 * - commit monotonicity: no node's commit index ever decreases.
 *
 * The checker remembers what it saw (leaders per term, committed entries, commit indexes), so
 * it catches violations that span steps. It works on plain NodeView values, so tests can feed
 * it deliberately broken states; nodeViewOf builds a view of a live RawNode.
 */
import type { Entry, NodeID } from '../raftpb/types';
import type { RawNode } from '../rawnode';
import { StateType } from '../state_type';

export type SafetyInvariant =
  'election-safety' | 'log-matching' | 'leader-completeness' | 'state-machine-safety' | 'commit-monotonic';

export interface SafetyViolation {
  invariant: SafetyInvariant;
  message: string;
}

/** What the checker needs to know about one node at one moment. */
export interface NodeView {
  id: NodeID;
  term: number;
  state: StateType;
  committed: number;
  /** Index of the first entry in `log`; entries below it were compacted (or snapshotted). */
  firstIndex: number;
  /** The node's log from firstIndex on, contiguous; entry i has index firstIndex + i. */
  log: readonly Entry[];
}

/** A view of a RawNode's raft state: its whole log (stable and unstable) and commit index. */
export function nodeViewOf(rn: RawNode): NodeView {
  const r = rn.raft;
  return {
    id: r.id,
    term: r.term,
    state: r.state,
    committed: r.raftLog.committed,
    firstIndex: r.raftLog.firstIndex(),
    log: r.raftLog.allEntries(),
  };
}

interface CommittedRecord {
  term: number;
  data: string;
  /** The lowest term of a node seen holding this index committed: leaders of later terms must have it. */
  observedTerm: number;
  observedBy: NodeID;
}

function dataKey(e: Entry): string {
  return `${e.type}:${e.data === undefined ? '-' : Array.from(e.data).join(',')}`;
}

function entryAt(v: NodeView, index: number): Entry | undefined {
  return v.log[index - v.firstIndex];
}

function lastIndexOf(v: NodeView): number {
  return v.firstIndex + v.log.length - 1;
}

/** Checks the safety invariants over successive states of one cluster. */
export class SafetyChecker {
  private readonly leaderByTerm = new Map<number, NodeID>();
  private readonly commitByNode = new Map<NodeID, number>();
  private readonly committed = new Map<number, CommittedRecord>();

  /** Checks RawNodes; returns the first violation found, or undefined. */
  checkRawNodes(nodes: readonly RawNode[]): SafetyViolation | undefined {
    return this.check(nodes.map(nodeViewOf));
  }

  /** Checks one moment of the cluster; returns the first violation found, or undefined. */
  check(views: readonly NodeView[]): SafetyViolation | undefined {
    return (
      this.checkElectionSafety(views) ??
      this.checkCommitMonotonic(views) ??
      this.checkLogMatching(views) ??
      this.checkStateMachineSafety(views) ??
      this.checkLeaderCompleteness(views)
    );
  }

  private checkElectionSafety(views: readonly NodeView[]): SafetyViolation | undefined {
    for (const v of views) {
      if (v.state !== StateType.StateLeader) continue;
      const known = this.leaderByTerm.get(v.term);
      if (known !== undefined && known !== v.id) {
        return {
          invariant: 'election-safety',
          message: `two leaders in term ${v.term}: ${known.toString()} and ${v.id.toString()}`,
        };
      }
      this.leaderByTerm.set(v.term, v.id);
    }
    return undefined;
  }

  private checkCommitMonotonic(views: readonly NodeView[]): SafetyViolation | undefined {
    for (const v of views) {
      const prev = this.commitByNode.get(v.id) ?? 0;
      if (v.committed < prev) {
        return {
          invariant: 'commit-monotonic',
          message: `node ${v.id.toString()} commit index went from ${prev} back to ${v.committed}`,
        };
      }
      this.commitByNode.set(v.id, v.committed);
    }
    return undefined;
  }

  private checkLogMatching(views: readonly NodeView[]): SafetyViolation | undefined {
    for (let i = 0; i < views.length; i++) {
      for (let j = i + 1; j < views.length; j++) {
        const bad = logMatchingPair(views[i] as NodeView, views[j] as NodeView);
        if (bad !== undefined) return bad;
      }
    }
    return undefined;
  }

  private checkStateMachineSafety(views: readonly NodeView[]): SafetyViolation | undefined {
    for (const v of views) {
      const hi = Math.min(v.committed, lastIndexOf(v));
      for (let index = v.firstIndex; index <= hi; index++) {
        const e = entryAt(v, index) as Entry;
        const rec = this.committed.get(index);
        if (rec === undefined) {
          this.committed.set(index, {
            term: e.term,
            data: dataKey(e),
            observedTerm: v.term,
            observedBy: v.id,
          });
          continue;
        }
        if (rec.term !== e.term || rec.data !== dataKey(e)) {
          return {
            invariant: 'state-machine-safety',
            message:
              `committed index ${index} differs: node ${rec.observedBy.toString()} had term ${rec.term}, ` +
              `node ${v.id.toString()} has term ${e.term}${rec.term === e.term ? ' with other data' : ''}`,
          };
        }
        if (v.term < rec.observedTerm) {
          rec.observedTerm = v.term;
          rec.observedBy = v.id;
        }
      }
    }
    return undefined;
  }

  private checkLeaderCompleteness(views: readonly NodeView[]): SafetyViolation | undefined {
    for (const v of views) {
      if (v.state !== StateType.StateLeader) continue;
      for (const [index, rec] of this.committed) {
        // Entries below the leader's first index are covered by its snapshot.
        if (rec.observedTerm >= v.term || index < v.firstIndex) continue;
        const e = entryAt(v, index);
        if (e === undefined || e.term !== rec.term) {
          return {
            invariant: 'leader-completeness',
            message:
              `leader ${v.id.toString()} of term ${v.term} lacks entry ${index} (term ${rec.term}) ` +
              `committed by term ${rec.observedTerm}`,
          };
        }
      }
    }
    return undefined;
  }
}

/** Log matching between two nodes: the highest common (index, term) implies equal prefixes. */
function logMatchingPair(a: NodeView, b: NodeView): SafetyViolation | undefined {
  const lo = Math.max(a.firstIndex, b.firstIndex);
  const hi = Math.min(lastIndexOf(a), lastIndexOf(b));
  let matchedAbove = false;
  for (let index = hi; index >= lo; index--) {
    const ea = entryAt(a, index) as Entry;
    const eb = entryAt(b, index) as Entry;
    if (ea.term === eb.term) {
      matchedAbove = true;
      if (dataKey(ea) !== dataKey(eb)) {
        return {
          invariant: 'log-matching',
          message: `nodes ${a.id.toString()} and ${b.id.toString()} hold different entries at ${index} with the same term ${ea.term}`,
        };
      }
    } else if (matchedAbove) {
      return {
        invariant: 'log-matching',
        message:
          `nodes ${a.id.toString()} and ${b.id.toString()} agree above index ${index} ` +
          `but differ there (terms ${ea.term} and ${eb.term})`,
      };
    }
  }
  return undefined;
}
