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
  /**
   * Optional: every entry of `log` up to this index is the one this node's previous view held.
   * Without it the checker compares the log with the previous view's (which must not change).
   */
  unchangedThrough?: number;
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
  type: Entry['type'];
  data: Uint8Array | undefined;
  /** The lowest term of a node seen holding this index committed: leaders of later terms must have it. */
  observedTerm: number;
  observedBy: NodeID;
}

/** Equal exactly when the two entries' dataKey (type and bytes) would be. */
function sameData(aType: Entry['type'], a: Uint8Array | undefined, b: Entry): boolean {
  if (aType !== b.type) return false;
  const d = b.data;
  if (a === d) return true;
  if (a === undefined || d === undefined || a.length !== d.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== d[i]) return false;
  return true;
}

function sameEntry(a: Entry, b: Entry): boolean {
  return a === b || (a.term === b.term && sameData(a.type, a.data, b));
}

function entryAt(v: NodeView, index: number): Entry | undefined {
  return v.log[index - v.firstIndex];
}

function lastIndexOf(v: NodeView): number {
  return v.firstIndex + v.log.length - 1;
}

/**
 * What the checker remembers of one node so that a check only looks at what changed since the
 * node's previous view: indexes up to a mark were checked then, and are still the same entries.
 */
interface NodeState {
  /** The previous view's log, kept only when the view gave no unchangedThrough hint. */
  prevLog: readonly Entry[] | undefined;
  prevFirst: number;
  term: number;
  /** Indexes from firstIndex to this one were checked against the committed records. */
  smsThrough: number;
  /** As leader of lcTerm, it was found to hold every committed record up to this index. */
  lcTerm: number | undefined;
  lcThrough: number;
  /** Per other node: the highest index up to which both logs are known to be identical. */
  agreed: Map<NodeID, number>;
}

/**
 * Checks the safety invariants over successive states of one cluster. Each check costs what
 * changed since the previous one (new or rewritten entries, new committed records), not the
 * length of the logs: a node's entries up to its view's `unchangedThrough` (or, without that
 * hint, up to the first entry that differs from its previous view) are not looked at again.
 */
export class SafetyChecker {
  private readonly leaderByTerm = new Map<number, NodeID>();
  private readonly commitByNode = new Map<NodeID, number>();
  private readonly committed = new Map<number, CommittedRecord>();
  private maxCommittedIndex = 0;
  private readonly nodes = new Map<NodeID, NodeState>();
  /** Indexes whose record was created or whose observedTerm dropped during the current check. */
  private dirty: number[] = [];

  /** Checks RawNodes; returns the first violation found, or undefined. */
  checkRawNodes(nodes: readonly RawNode[]): SafetyViolation | undefined {
    return this.check(nodes.map(nodeViewOf));
  }

  /** Checks one moment of the cluster; returns the first violation found, or undefined. */
  check(views: readonly NodeView[]): SafetyViolation | undefined {
    const states = this.statesOf(views);
    this.dirty = [];
    const v =
      this.checkElectionSafety(views) ??
      this.checkCommitMonotonic(views) ??
      this.checkLogMatching(views, states) ??
      this.checkStateMachineSafety(views, states) ??
      this.checkLeaderCompleteness(views, states);
    // A check cut short leaves marks half advanced: start the next one from scratch.
    if (v !== undefined) this.nodes.clear();
    return v;
  }

  /** Each view's state, with its marks lowered to what is unchanged since its previous view. */
  private statesOf(views: readonly NodeView[]): NodeState[] {
    const present = new Set<NodeID>();
    for (const v of views) present.add(v.id);
    for (const [id, st] of this.nodes) {
      if (present.has(id)) {
        for (const other of st.agreed.keys()) if (!present.has(other)) st.agreed.delete(other);
      } else this.nodes.delete(id);
    }
    return views.map((v) => {
      let st = this.nodes.get(v.id);
      if (st === undefined) {
        st = {
          prevLog: undefined,
          prevFirst: v.firstIndex,
          term: v.term,
          smsThrough: -1,
          lcTerm: undefined,
          lcThrough: -1,
          agreed: new Map(),
        };
        this.nodes.set(v.id, st);
      }
      const u = this.unchangedThrough(v, st);
      st.prevLog = v.unchangedThrough === undefined ? v.log : undefined;
      st.prevFirst = v.firstIndex;
      // Terms only grow; if one went back, its earlier observations may be too high.
      if (v.term < st.term) st.smsThrough = -1;
      st.term = v.term;
      st.smsThrough = Math.min(st.smsThrough, u);
      st.lcThrough = Math.min(st.lcThrough, u);
      if (v.state !== StateType.StateLeader || st.lcTerm !== v.term) {
        st.lcTerm = undefined;
        st.lcThrough = -1;
      }
      for (const [other, g] of st.agreed) {
        if (g <= u) continue;
        st.agreed.set(other, u);
        this.nodes.get(other)?.agreed.set(v.id, u);
      }
      return st;
    });
  }

  /** The highest index up to which the node's entries are those of its previous view. */
  private unchangedThrough(v: NodeView, st: NodeState): number {
    const last = lastIndexOf(v);
    if (v.firstIndex < st.prevFirst) return v.firstIndex - 1;
    if (v.unchangedThrough !== undefined) return Math.min(v.unchangedThrough, last);
    const prev = st.prevLog;
    if (prev === undefined) return v.firstIndex - 1;
    const hi = Math.min(last, st.prevFirst + prev.length - 1);
    let index = v.firstIndex;
    while (index <= hi && sameEntry(entryAt(v, index) as Entry, prev[index - st.prevFirst] as Entry)) index++;
    return index - 1;
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

  private checkLogMatching(
    views: readonly NodeView[],
    states: readonly NodeState[],
  ): SafetyViolation | undefined {
    for (let i = 0; i < views.length; i++) {
      const a = views[i] as NodeView;
      const sa = states[i] as NodeState;
      for (let j = i + 1; j < views.length; j++) {
        const b = views[j] as NodeView;
        const sb = states[j] as NodeState;
        // Below the agreed index both logs were identical and have not changed since.
        const agreed = sa.agreed.get(b.id) ?? -1;
        const r = logMatchingPair(a, b, agreed);
        if (typeof r !== 'number') return r;
        sa.agreed.set(b.id, r);
        sb.agreed.set(a.id, r);
      }
    }
    return undefined;
  }

  private checkStateMachineSafety(
    views: readonly NodeView[],
    states: readonly NodeState[],
  ): SafetyViolation | undefined {
    for (let i = 0; i < views.length; i++) {
      const v = views[i] as NodeView;
      const st = states[i] as NodeState;
      const hi = Math.min(v.committed, lastIndexOf(v));
      // Indexes checked before were seen at a term no higher than now: nothing to update there.
      for (let index = Math.max(v.firstIndex, st.smsThrough + 1); index <= hi; index++) {
        const e = entryAt(v, index) as Entry;
        const rec = this.committed.get(index);
        if (rec === undefined) {
          this.committed.set(index, {
            term: e.term,
            type: e.type,
            data: e.data?.slice(),
            observedTerm: v.term,
            observedBy: v.id,
          });
          if (index > this.maxCommittedIndex) this.maxCommittedIndex = index;
          this.dirty.push(index);
          continue;
        }
        if (rec.term !== e.term || !sameData(rec.type, rec.data, e)) {
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
          this.dirty.push(index);
        }
      }
      st.smsThrough = Math.max(st.smsThrough, hi);
    }
    return undefined;
  }

  private checkLeaderCompleteness(
    views: readonly NodeView[],
    states: readonly NodeState[],
  ): SafetyViolation | undefined {
    for (let i = 0; i < views.length; i++) {
      const v = views[i] as NodeView;
      if (v.state !== StateType.StateLeader) continue;
      const st = states[i] as NodeState;
      // New records above the mark, and records below it that a lower term has just observed.
      let ok = true;
      for (
        let index = Math.max(v.firstIndex, st.lcThrough + 1);
        ok && index <= this.maxCommittedIndex;
        index++
      ) {
        ok = this.holdsRecord(v, index);
      }
      for (let k = 0; ok && k < this.dirty.length; k++) ok = this.holdsRecord(v, this.dirty[k] as number);
      if (!ok) return this.leaderCompletenessOf(v);
      st.lcTerm = v.term;
      st.lcThrough = this.maxCommittedIndex;
    }
    return undefined;
  }

  private holdsRecord(v: NodeView, index: number): boolean {
    const rec = this.committed.get(index);
    // Entries below the leader's first index are covered by its snapshot.
    if (rec === undefined || rec.observedTerm >= v.term || index < v.firstIndex) return true;
    const e = entryAt(v, index);
    return e !== undefined && e.term === rec.term;
  }

  /** The whole check for one leader, in record order, so the message names the first record it lacks. */
  private leaderCompletenessOf(v: NodeView): SafetyViolation | undefined {
    for (const [index, rec] of this.committed) {
      if (this.holdsRecord(v, index)) continue;
      return {
        invariant: 'leader-completeness',
        message:
          `leader ${v.id.toString()} of term ${v.term} lacks entry ${index} (term ${rec.term}) ` +
          `committed by term ${rec.observedTerm}`,
      };
    }
    return undefined;
  }
}

/**
 * Log matching between two nodes: the highest common (index, term) implies equal prefixes. Up to
 * `agreed` the logs are known to be identical, so only the indexes above it are compared. Returns
 * the new agreed index, or the violation.
 */
function logMatchingPair(a: NodeView, b: NodeView, agreed: number): SafetyViolation | number {
  const lo = Math.max(a.firstIndex, b.firstIndex, agreed + 1);
  const hi = Math.min(lastIndexOf(a), lastIndexOf(b));
  let matchedAbove = false;
  let highestMatch = agreed;
  for (let index = hi; index >= lo; index--) {
    const ea = entryAt(a, index) as Entry;
    const eb = entryAt(b, index) as Entry;
    if (ea.term === eb.term) {
      if (!matchedAbove) highestMatch = index;
      matchedAbove = true;
      if (!sameData(ea.type, ea.data, eb)) {
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
  return Math.max(highestMatch, agreed);
}
