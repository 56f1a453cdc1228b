/**
 * Cluster-level invariant checking: after a step, the cluster hands over a snapshot of every
 * running member's raft and server state, and the checker reports the first violated invariant
 * with the step it was seen at (a bug report with a seed, not a log line). It keeps state across
 * calls, so violations that span steps (two leaders of one term at different times, a committed
 * entry missing from a later leader, an acknowledged write disappearing after a crash) are caught.
 *
 * The raft safety properties (election safety, log matching, leader completeness, state machine
 * safety over committed entries, commit monotonicity) are src/raft/testing/safety.ts's
 * SafetyChecker, fed with views of the members; this file adds what only a whole etcd cluster
 * has: the index ordering between raft and the server, the key-value state of the members, and
 * the writes clients were told succeeded.
 *
 * Restarts: a restarted member legitimately comes back with a lower commit index (raft persists
 * its HardState after it advanced commit in memory), so each incarnation of a member is a
 * separate node to SafetyChecker; messages name it as `member <id> (incarnation n)`.
 */
import type { Entry, NodeID } from '../raft/raftpb/types';
import { SafetyChecker } from '../raft/testing/safety';
import type { NodeView, SafetyInvariant } from '../raft/testing/safety';
import type { StateType } from '../raft/state_type';

/** A key's value in a member's store and the raft index of the entry that last changed it. */
export interface KvCell {
  /** null: deleted (a tombstone). A key never written is simply absent. */
  readonly value: string | null;
  readonly modIndex: number;
}

/** What the checker needs to know about one running member at one moment. */
export interface MemberSnapshot {
  readonly id: NodeID;
  /** Bumped by the cluster each time the member restarts (0 for its first life). */
  readonly incarnation: number;
  readonly term: number;
  readonly state: StateType;
  readonly lead: NodeID;
  /** raft's commit index. */
  readonly commit: number;
  /** raft's applied index. */
  readonly raftApplied: number;
  /** The server's appliedIndex and committedIndex. */
  readonly appliedIndex: number;
  readonly committedIndex: number;
  /** Index of the first entry in `log`; entries below it are covered by the snapshot. */
  readonly firstIndex: number;
  /**
   * The member's raft log (stable and unstable) from firstIndex on, contiguous. `data` may be
   * the entry's bytes or any stand-in that is equal exactly when the bytes are (e.g. a 4-byte
   * hash: see hashedEntry).
   */
  readonly log: readonly Entry[];
  /**
   * Optional: every entry of `log` up to this index is the one the member's previous snapshot
   * held, so the checker need not look at it again (see SafetyChecker's NodeView).
   */
  readonly unchangedThrough?: number;
  /** The member's key-value contents, with tombstones for deleted keys where known. */
  readonly kv?: ReadonlyMap<string, KvCell>;
}

/** A write a client was told succeeded, and the raft index of the entry that carried it. */
export interface AckedWrite {
  readonly key: string;
  /** null for a delete. */
  readonly value: string | null;
  readonly index: number;
}

export type ClusterInvariant = SafetyInvariant | 'index-order' | 'acknowledged-write-lost' | 'kv-divergence';

export interface InvariantViolation {
  readonly invariant: ClusterInvariant;
  readonly step?: number;
  readonly message: string;
}

/** An Entry whose data is a 4-byte stand-in for its bytes (cheap to compare). */
export function hashedEntry(term: number, index: number, type: Entry['type'], dataHash: number): Entry {
  const data = new Uint8Array(4);
  new DataView(data.buffer).setUint32(0, dataHash >>> 0);
  return { term, index, type, data };
}

/** Identifiers above 2^64 stand for restarted incarnations; real member IDs are uint64. */
const incarnationBase = 1n << 64n;
/** Decimal numbers this long in SafetyChecker's messages are member IDs (etcd's are 64-bit). */
const minRewrittenDigits = 6;

export class ClusterInvariantChecker {
  private readonly safety = new SafetyChecker();
  private readonly incarnationIds = new Map<string, NodeID>();
  private readonly incarnationNames = new Map<string, string>();
  /** Per key, the acknowledged writes in increasing index order. */
  private readonly acked = new Map<string, AckedWrite[]>();
  private firstViolation: InvariantViolation | undefined;

  /** Records a write a client saw succeed. */
  acknowledge(w: AckedWrite): void {
    const list = this.acked.get(w.key);
    if (list === undefined) {
      this.acked.set(w.key, [w]);
      return;
    }
    // Acks can arrive out of index order (different clients); keep the list sorted.
    let at = list.length;
    while (at > 0 && (list[at - 1] as AckedWrite).index > w.index) at--;
    list.splice(at, 0, w);
  }

  /** The first violation seen so far, if any (later calls keep reporting it). */
  get violation(): InvariantViolation | undefined {
    return this.firstViolation;
  }

  /** Checks one moment of the cluster (running members only); returns the first violation. */
  check(members: readonly MemberSnapshot[], step?: number): InvariantViolation | undefined {
    if (this.firstViolation !== undefined) return this.firstViolation;
    const found =
      this.checkIndexOrder(members) ??
      this.checkRaftSafety(members) ??
      this.checkAcknowledgedWrites(members) ??
      this.checkKvAgreement(members);
    if (found === undefined) return undefined;
    this.firstViolation = step === undefined ? found : { ...found, step };
    return this.firstViolation;
  }

  private checkIndexOrder(members: readonly MemberSnapshot[]): InvariantViolation | undefined {
    for (const m of members) {
      const last = m.firstIndex + m.log.length - 1;
      const who = `member ${m.id.toString(16)}`;
      const bad = (message: string): InvariantViolation => ({
        invariant: 'index-order',
        message: `${who}: ${message}`,
      });
      if (m.raftApplied > m.commit) return bad(`raft applied ${m.raftApplied} > commit ${m.commit}`);
      if (m.commit > last) return bad(`commit ${m.commit} > last index ${last}`);
      if (m.appliedIndex > m.committedIndex) {
        return bad(`server appliedIndex ${m.appliedIndex} > committedIndex ${m.committedIndex}`);
      }
    }
    return undefined;
  }

  private checkRaftSafety(members: readonly MemberSnapshot[]): InvariantViolation | undefined {
    const views: NodeView[] = members.map((m) => ({
      id: this.nodeIdOf(m),
      term: m.term,
      state: m.state,
      committed: m.commit,
      firstIndex: m.firstIndex,
      log: m.log,
      ...(m.unchangedThrough === undefined ? {} : { unchangedThrough: m.unchangedThrough }),
    }));
    const v = this.safety.check(views);
    if (v === undefined) return undefined;
    return { invariant: v.invariant, message: this.renameIncarnations(v.message) };
  }

  /** The id SafetyChecker knows this incarnation by. */
  private nodeIdOf(m: MemberSnapshot): NodeID {
    const decimal = m.id.toString();
    if (decimal.length >= minRewrittenDigits) this.incarnationNames.set(decimal, m.id.toString(16));
    if (m.incarnation === 0) return m.id;
    const key = `${m.id.toString()}/${m.incarnation}`;
    let id = this.incarnationIds.get(key);
    if (id === undefined) {
      id = incarnationBase + BigInt(this.incarnationIds.size + 1);
      this.incarnationIds.set(key, id);
      this.incarnationNames.set(id.toString(), `${m.id.toString(16)} (incarnation ${m.incarnation})`);
    }
    return id;
  }

  /**
   * SafetyChecker writes IDs in decimal; etcd (and the rest of this file) writes member IDs in
   * hex. Only long numbers are rewritten, so a small test ID is never confused with a term.
   */
  private renameIncarnations(message: string): string {
    return message.replace(/\d+/g, (digits) =>
      digits.length >= minRewrittenDigits ? (this.incarnationNames.get(digits) ?? digits) : digits,
    );
  }

  /**
   * Every member that has applied an acknowledged write's index still holds its value, unless an
   * entry after it changed the key. Only the latest acknowledged write at or below the member's
   * applied index needs checking: it being in place implies the earlier ones were overwritten.
   */
  private checkAcknowledgedWrites(members: readonly MemberSnapshot[]): InvariantViolation | undefined {
    for (const m of members) {
      if (m.kv === undefined) continue;
      for (const [key, writes] of this.acked) {
        const w = latestAtOrBelow(writes, m.appliedIndex);
        if (w === undefined) continue;
        const cell = m.kv.get(key);
        const modIndex = cell?.modIndex ?? 0;
        const value = cell?.value ?? null;
        const deletedAndGone = w.value === null && value === null;
        if (modIndex > w.index || deletedAndGone || (modIndex === w.index && value === w.value)) continue;
        return {
          invariant: 'acknowledged-write-lost',
          message:
            `member ${m.id.toString(16)} applied up to ${m.appliedIndex} but key ${JSON.stringify(key)} is ` +
            `${value === null ? 'absent' : JSON.stringify(value)} (last changed at ${modIndex}); ` +
            `the acknowledged ${w.value === null ? 'delete' : `put of ${JSON.stringify(w.value)}`} at index ${w.index} is lost`,
        };
      }
    }
    return undefined;
  }

  /** State machine safety on the store itself: members at the same applied index hold the same keys. */
  private checkKvAgreement(members: readonly MemberSnapshot[]): InvariantViolation | undefined {
    const byApplied = new Map<number, MemberSnapshot>();
    for (const m of members) {
      if (m.kv === undefined) continue;
      const other = byApplied.get(m.appliedIndex);
      if (other === undefined) {
        byApplied.set(m.appliedIndex, m);
        continue;
      }
      const diff = kvDifference(other.kv as ReadonlyMap<string, KvCell>, m.kv);
      if (diff !== undefined) {
        return {
          invariant: 'kv-divergence',
          message: `members ${other.id.toString(16)} and ${m.id.toString(16)} both applied ${m.appliedIndex} but differ at key ${JSON.stringify(diff)}`,
        };
      }
    }
    return undefined;
  }
}

function latestAtOrBelow(writes: readonly AckedWrite[], index: number): AckedWrite | undefined {
  let lo = 0;
  let hi = writes.length - 1;
  let found: AckedWrite | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const w = writes[mid] as AckedWrite;
    if (w.index <= index) {
      found = w;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** A key on which two stores differ (tombstones count as absent), or undefined. */
function kvDifference(a: ReadonlyMap<string, KvCell>, b: ReadonlyMap<string, KvCell>): string | undefined {
  const live = (m: ReadonlyMap<string, KvCell>, k: string): string | null => m.get(k)?.value ?? null;
  for (const k of a.keys()) if (live(a, k) !== live(b, k)) return k;
  for (const k of b.keys()) if (live(a, k) !== live(b, k)) return k;
  return undefined;
}
