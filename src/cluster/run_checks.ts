/**
 * Invariant checking during a Run: every `everySteps` kernel steps (and whenever asked) the
 * running members are handed to the ClusterInvariantChecker (election safety, log matching,
 * leader completeness, state machine safety, commit monotonicity, applied ≤ committed ≤ last
 * index, no acknowledged write lost, equal stores at equal applied indexes); at the end, the
 * client history goes to the linearizability checker. The first violation stops the run and is
 * reported with its step and the seed, so it can be replayed.
 *
 * Acknowledged writes need the raft index of the entry that carried them, but a client only
 * sees a revision; each member's store is watched (its put and deleteRange) to learn which raft
 * index produced which revision — the same on every member, since they apply the same log.
 *
 * A check costs what changed since the previous one: each member's log is re-read only past the
 * newest entry still the same, plus a rotating window of older entries (all of them at finish()),
 * so a rewrite in the middle of a log is still found, a few checks later at worst.
 */
import type { Entry } from '../raft/raftpb/types';
import { bytesFromString, stringFromBytes } from '../etcd/raft_request';
import type { KVStore } from '../etcd/mvcc';
import type { EtcdServer } from '../etcd/server';
import {
  commitOf,
  firstIndexOf,
  lastIndexOf,
  logEntries,
  raftAppliedOf,
  raftLeadOf,
  roleOf,
  termOf,
} from '../etcd/member_view';
import type { DeleteRangeResponse, PutResponse } from '../etcd/v3_server';
import type { ClientCall } from './cluster';
import { ClusterInvariantChecker, hashedEntry } from './invariants';
import type { KvCell, MemberSnapshot } from './invariants';
import { checkLinearizability } from './linearizability';
import type { LinearizabilityResult } from './linearizability';
import type { Run } from './run_record';

export interface RunViolation {
  readonly kind: 'invariant' | 'linearizability' | 'panic';
  /** The invariant's name (election-safety, …, linearizability, panic). */
  readonly invariant: string;
  readonly step: number;
  readonly timeUs: number;
  readonly seed: number;
  readonly message: string;
}

export interface RunCheckOptions {
  /** Kernel steps between two invariant checks (default 100). */
  readonly everySteps?: number;
  /** Bound of the linearizability search per key (default 200,000 states). */
  readonly maxStatesPerKey?: number;
}

function fnv32(data: Uint8Array | undefined): number {
  let h = 0x811c9dc5;
  if (data !== undefined) {
    for (let i = 0; i < data.length; i++) h = Math.imul(h ^ (data[i] as number), 0x01000193);
  }
  return h >>> 0;
}

/**
 * A member's log as last handed to the checker: the raw entries (with the term and data they
 * had then) and their hashed stand-ins (4-byte FNV-1a of the data, cheap to compare exactly).
 */
interface LogCache {
  first: number;
  raw: Entry[];
  terms: number[];
  datas: (Uint8Array | undefined)[];
  hashed: Entry[];
  /** Where the audit of older entries goes on at the next check. */
  audit: number;
}

/** Older entries re-read per member and check, so a rewrite in the middle of a log is seen too. */
const auditPerCheck = 64;

function sameAsCached(c: LogCache, index: number, e: Entry): boolean {
  const k = index - c.first;
  return c.raw[k] === e && c.terms[k] === e.term && c.datas[k] === e.data;
}

function truncateCache(c: LogCache, length: number): void {
  c.raw.length = length;
  c.terms.length = length;
  c.datas.length = length;
  c.hashed.length = length;
}

function appendToCache(c: LogCache, entries: readonly Entry[]): void {
  for (const e of entries) {
    c.raw.push(e);
    c.terms.push(e.term);
    c.datas.push(e.data);
    c.hashed.push(hashedEntry(e.term, e.index, e.type, fnv32(e.data)));
  }
}

export class RunChecker {
  readonly checker = new ClusterInvariantChecker();
  private readonly everySteps: number;
  private readonly maxStatesPerKey: number;
  private nextCheckStep: number;
  private readonly watched = new WeakSet<KVStore>();
  /** revision → raft index of the entry that created it. */
  private readonly revIndex = new Map<number, number>();
  /** Successful writes not yet acknowledged to the checker (call ids). */
  private ackedUpTo = 0;
  private first: RunViolation | undefined;
  private readonly acked = new Set<number>();
  private readonly logs = new WeakMap<EtcdServer, LogCache>();
  /** The next check audits every cached entry, not just a window (the end of the run). */
  private auditAll = false;

  constructor(
    readonly run: Run,
    opts: RunCheckOptions = {},
  ) {
    this.everySteps = opts.everySteps ?? 100;
    this.maxStatesPerKey = opts.maxStatesPerKey ?? 200_000;
    this.nextCheckStep = run.step;
    this.watchStores();
    run.onStep(() => this.afterStep());
  }

  /** The first violation found (invariants during the run, or linearizability at finish()). */
  get violation(): RunViolation | undefined {
    return this.first;
  }

  private afterStep(): void {
    this.watchStores();
    if (this.run.step < this.nextCheckStep) return;
    this.nextCheckStep = this.run.step + this.everySteps;
    this.checkNow();
  }

  /** Checks the cluster as it is now; a violation stops the run. */
  checkNow(): RunViolation | undefined {
    if (this.first !== undefined) return this.first;
    this.acknowledgeWrites();
    const v = this.checker.check(this.snapshots(), this.run.step);
    if (v !== undefined) this.report('invariant', v.invariant, v.message);
    return this.first;
  }

  /**
   * The end of a run: a last invariant check, then the client history through the
   * linearizability checker. A search that hits its bound is not a violation (returned as is).
   */
  finish(): {
    readonly violation: RunViolation | undefined;
    readonly linearizability: LinearizabilityResult | undefined;
  } {
    this.watchStores();
    this.auditAll = true;
    this.checkNow();
    this.auditAll = false;
    if (this.first !== undefined) return { violation: this.first, linearizability: undefined };
    const lin = checkLinearizability(this.run.clients.history(), { maxStatesPerKey: this.maxStatesPerKey });
    if (lin.ok === false) this.report('linearizability', 'linearizability', lin.explanation);
    return { violation: this.first, linearizability: lin };
  }

  /**
   * The end of a run that healed and converged: every member is up and at the same revision, and
   * every put a client was told succeeded is readable on every member at its revision, with its
   * value ("nothing acknowledged is lost", whatever the crash schedule was). A revision that was
   * compacted away cannot be read and is not checked.
   */
  checkConverged(): RunViolation | undefined {
    if (this.first !== undefined) return this.first;
    const members = this.run.cluster.members;
    const down = members.filter((m) => !m.up || m.server === null).map((m) => m.name);
    if (down.length > 0) {
      this.report(
        'invariant',
        'convergence',
        `members still down after the quiet period: ${down.join(', ')}`,
      );
      return this.first;
    }
    const revs = members.map((m) => `${m.name}@${m.server?.kv.rev ?? 0}`);
    if (new Set(members.map((m) => m.server?.kv.rev)).size > 1) {
      this.report('invariant', 'convergence', `members did not reach the same revision: ${revs.join(' ')}`);
      return this.first;
    }
    for (const call of this.run.cluster.calls) {
      const lost = this.lostPut(call);
      if (lost !== undefined) {
        this.report('invariant', 'acknowledged-put-readable', lost);
        break;
      }
    }
    return this.first;
  }

  /** Why an acknowledged put is not readable on some member at its revision, or undefined. */
  private lostPut(call: ClientCall<unknown>): string | undefined {
    const r = call.result;
    if (call.op !== 'put' || r === null || !r.ok) return undefined;
    const value = this.run.clients.valueOf(call.id);
    if (value === undefined) return undefined;
    const rev = (r.value as PutResponse).header.revision;
    const what = `put ${call.key}=${value} acknowledged at revision ${rev}`;
    for (const m of this.run.cluster.members) {
      const kv = m.server?.kv;
      if (kv === undefined) continue;
      const got = kv.range(bytesFromString(call.key), { rev });
      if (!got.ok) {
        if (got.err.kind === 'compacted') continue;
        return `${what} is not readable on ${m.name} (${got.err.message}; its revision is ${kv.rev})`;
      }
      const x = got.result.kvs[0];
      if (x === undefined || x.modRevision !== rev || stringFromBytes(x.value) !== value) {
        const seen =
          x === undefined ? 'no value' : `${stringFromBytes(x.value)} made at revision ${x.modRevision}`;
        return `${what}: ${m.name} has ${seen} there`;
      }
    }
    return undefined;
  }

  /** Records a panic of the engine as a violation (a Go panic in a member is a bug report too). */
  reportPanic(message: string): void {
    this.report('panic', 'panic', message);
  }

  private report(kind: RunViolation['kind'], invariant: string, message: string): void {
    if (this.first !== undefined) return;
    this.first = {
      kind,
      invariant,
      step: this.run.step,
      timeUs: this.run.nowUs,
      seed: this.run.spec.seed,
      message,
    };
    this.run.requestStop(`${invariant}: ${message}`);
  }

  private snapshots(): MemberSnapshot[] {
    const out: MemberSnapshot[] = [];
    const c = this.run.cluster;
    for (const m of c.members) {
      const s = m.server;
      if (!m.up || s === null) continue;
      out.push(this.snapshotOf(s, m.incarnation - 1));
    }
    return out;
  }

  private snapshotOf(s: EtcdServer, incarnation: number): MemberSnapshot {
    const { log, unchangedThrough } = this.logOf(s);
    return {
      id: s.memberId,
      incarnation,
      term: termOf(s),
      state: roleOf(s),
      lead: raftLeadOf(s),
      commit: commitOf(s),
      raftApplied: raftAppliedOf(s),
      appliedIndex: s.appliedIndex,
      committedIndex: s.committedIndex,
      firstIndex: firstIndexOf(s),
      log,
      unchangedThrough,
      // After a restart the store (persisted up to its consistent index) runs ahead of the
      // server's appliedIndex until the replayed entries catch up: no applied index names the
      // store's state then, so its contents are not compared.
      ...(s.kv.consistentIndex() > s.appliedIndex ? {} : { kv: this.kvOf(s.kv) }),
    };
  }

  /**
   * The member's log, re-reading only what may have changed since the last check: entries past
   * the newest one that is still the same object (raft replaces a log only as a suffix), and a
   * rotating window of older ones in case something rewrote the middle.
   */
  private logOf(s: EtcdServer): { log: readonly Entry[]; unchangedThrough: number } {
    const fi = firstIndexOf(s);
    const li = lastIndexOf(s);
    let c = this.logs.get(s);
    if (c === undefined || fi < c.first) {
      c = { first: fi, raw: [], terms: [], datas: [], hashed: [], audit: fi };
      this.logs.set(s, c);
      appendToCache(c, logEntries(s));
      return { log: c.hashed, unchangedThrough: fi - 1 };
    }
    const drop = Math.min(fi - c.first, c.raw.length);
    if (drop > 0) {
      c.raw.splice(0, drop);
      c.terms.splice(0, drop);
      c.datas.splice(0, drop);
      c.hashed.splice(0, drop);
    }
    c.first = fi;
    let u = Math.min(c.first + c.raw.length - 1, li);
    while (u >= fi) {
      const lo = Math.max(fi, u - 31);
      const cur = logEntries(s, lo, u + 1);
      let k = cur.length - 1;
      while (k >= 0 && !sameAsCached(c, lo + k, cur[k] as Entry)) k--;
      if (k >= 0) {
        u = lo + k;
        break;
      }
      u = lo - 1;
    }
    const span = u - fi + 1;
    if (span > 0) {
      let remaining = this.auditAll ? span : Math.min(auditPerCheck, span);
      let at = c.audit < fi || c.audit > u ? fi : c.audit;
      let lowestChanged = u + 1;
      while (remaining > 0) {
        const to = Math.min(u, at + remaining - 1);
        const cur = logEntries(s, at, to + 1);
        for (let k = 0; k < cur.length; k++) {
          if (sameAsCached(c, at + k, cur[k] as Entry)) continue;
          lowestChanged = Math.min(lowestChanged, at + k);
          break;
        }
        remaining -= to - at + 1;
        at = to + 1 > u ? fi : to + 1;
      }
      c.audit = at;
      u = lowestChanged - 1;
    }
    truncateCache(c, u - fi + 1);
    appendToCache(c, logEntries(s, u + 1, li + 1));
    return { log: c.hashed, unchangedThrough: u };
  }

  /** The live keys of a store with the raft index that last changed each (when known). */
  private kvOf(kv: KVStore): Map<string, KvCell> {
    const out = new Map<string, KvCell>();
    const all = kv.range(bytesFromString('\0'), { rangeEnd: bytesFromString('\0') });
    if (!all.ok) return out;
    for (const x of all.result.kvs) {
      const index = this.revIndex.get(x.modRevision);
      // A revision restored from a snapshot before any watched store made it: no index to compare.
      if (index === undefined) continue;
      out.set(stringFromBytes(x.key), { value: stringFromBytes(x.value), modIndex: index });
    }
    return out;
  }

  /** Wraps the put/deleteRange of every store not yet watched, to learn revision → raft index. */
  private watchStores(): void {
    for (const m of this.run.cluster.members) {
      const kv = m.server?.kv;
      if (kv === undefined || this.watched.has(kv)) continue;
      this.watched.add(kv);
      const put = kv.put.bind(kv);
      const del = kv.deleteRange.bind(kv);
      kv.put = (key, value, lease) => {
        const r = put(key, value, lease);
        this.noteRevision(r.rev, kv.consistentIndex());
        return r;
      };
      kv.deleteRange = (key, end) => {
        const r = del(key, end);
        if (r.deleted > 0) this.noteRevision(r.rev, kv.consistentIndex());
        return r;
      };
    }
  }

  private noteRevision(rev: number, index: number): void {
    const known = this.revIndex.get(rev);
    if (known === undefined) this.revIndex.set(rev, index);
    else if (known !== index) {
      this.report(
        'invariant',
        'state-machine-safety',
        `revision ${rev} was made by raft index ${known} on one member and ${index} on another`,
      );
    }
  }

  /** Hands the checker every write a client was told succeeded since the last call. */
  private acknowledgeWrites(): void {
    const calls = this.run.cluster.calls;
    // Calls complete out of order: scan from the oldest one that may still be open.
    let firstOpen = -1;
    for (let i = this.ackedUpTo; i < calls.length; i++) {
      const call = calls[i] as ClientCall<unknown>;
      if (call.result === null) {
        if (firstOpen < 0) firstOpen = i;
        continue;
      }
      if (this.acked.has(call.id)) continue;
      this.acked.add(call.id);
      this.acknowledge(call);
    }
    this.ackedUpTo = firstOpen < 0 ? calls.length : firstOpen;
  }

  private acknowledge(call: ClientCall<unknown>): void {
    const r = call.result;
    if (r === null || !r.ok || call.op === 'get') return;
    const value = call.op === 'put' ? this.run.clients.valueOf(call.id) : null;
    if (call.op === 'put' && value === undefined) return;
    const rev =
      call.op === 'put'
        ? (r.value as PutResponse).header.revision
        : (r.value as DeleteRangeResponse).header.revision;
    if (call.op === 'delete' && (r.value as DeleteRangeResponse).deleted === 0) return;
    const index = this.revIndex.get(rev);
    if (index === undefined) return;
    this.checker.acknowledge({ key: call.key, value: value ?? null, index });
  }
}
