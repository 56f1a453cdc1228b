/**
 * A small MVCC key-value store in the shape of etcd's (server/storage/mvcc): one main revision
 * counter for the whole store (it starts at 1, and each write transaction — a put, or a delete
 * that deletes something — bumps it by one); per key a history of revisions with create
 * revision, mod revision and version (1 at creation, +1 per put, reset by a delete's
 * tombstone); ranges over a single key, [key, rangeEnd) or everything from key ("\0" end), at
 * the current or a past revision; compaction; the consistent index the applier advances; and a
 * hash over the kept history for cross-member invariant checks.
 *
 * Simplified (mvcc/kvstore.go, kvstore_txn.go, key_index.go): no bbolt backend, no
 * sub-revisions (no multi-op txns), no leases or watchers; the hash is FNV-1a 64 over our own
 * encoding, not etcd's CRC32 over bbolt pages (kvstore.go:HashByRev), so it only compares
 * members of this model with each other.
 */
import { Fnv64 } from '../sim/fnv';

export interface KeyValue {
  readonly key: Uint8Array;
  readonly createRevision: number;
  readonly modRevision: number;
  readonly version: number;
  readonly value: Uint8Array;
  readonly lease: bigint;
}

/** etcdserverpb.ResponseHeader */
export interface ResponseHeader {
  readonly clusterId: bigint;
  readonly memberId: bigint;
  readonly revision: number;
  readonly raftTerm: number;
}

export type MvccError =
  | { readonly kind: 'compacted'; readonly message: 'mvcc: required revision has been compacted' }
  | { readonly kind: 'future-rev'; readonly message: 'mvcc: required revision is a future revision' };

export const ErrCompacted: MvccError = Object.freeze({
  kind: 'compacted',
  message: 'mvcc: required revision has been compacted',
});
export const ErrFutureRev: MvccError = Object.freeze({
  kind: 'future-rev',
  message: 'mvcc: required revision is a future revision',
});

export interface RangeOptions {
  /** Empty or absent: the single key. [0]: every key ≥ key. Otherwise [key, rangeEnd). */
  readonly rangeEnd?: Uint8Array;
  /** Read at this revision; ≤ 0 means the current one. */
  readonly rev?: number;
  /** At most this many kvs (0 = no limit); count still counts them all. */
  readonly limit?: number;
}

export interface RangeResult {
  readonly kvs: KeyValue[];
  readonly count: number;
  /** The store's current revision (what the response header carries). */
  readonly rev: number;
}

interface Rev {
  readonly main: number;
  readonly value: Uint8Array;
  readonly version: number;
  readonly createRevision: number;
  readonly lease: bigint;
  readonly tombstone: boolean;
}

/** Keys are held as latin1 strings of their bytes, so JS string order is etcd's byte order. */
function keyString(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += String.fromCharCode(x);
  return s;
}

function keyBytes(s: string): Uint8Array {
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i);
  return b;
}

export class KVStore {
  private currentRevValue = 1;
  private compactMainRev = -1;
  private readonly histories = new Map<string, Rev[]>();
  /** Every key ever written (until compacted away), sorted. */
  private sortedKeys: string[] = [];
  private consistentIndexValue = 0;
  private consistentTermValue = 0;

  /** The current main revision (kvstore.go: currentRev). */
  get rev(): number {
    return this.currentRevValue;
  }

  /** The last compacted revision, or -1. */
  get compactRev(): number {
    return this.compactMainRev;
  }

  /** cindex.ConsistentIndex(): the index of the last entry applied to this store. */
  consistentIndex(): number {
    return this.consistentIndexValue;
  }

  consistentTerm(): number {
    return this.consistentTermValue;
  }

  /** SetConsistentIndex / SetConsistentApplyingIndex (the model has no separate "applying" stage). */
  setConsistentIndex(index: number, term: number): void {
    this.consistentIndexValue = index;
    this.consistentTermValue = term;
  }

  /** Put(key, value, lease): a new revision; returns it and the previous live kv, if any. */
  put(
    key: Uint8Array,
    value: Uint8Array,
    lease = 0n,
  ): { readonly rev: number; readonly prevKv: KeyValue | undefined } {
    const k = keyString(key);
    const prev = this.latestLive(k, this.currentRevValue);
    const main = this.currentRevValue + 1;
    const rec: Rev = {
      main,
      value: value.slice(),
      version: prev === undefined ? 1 : prev.version + 1,
      createRevision: prev === undefined ? main : prev.createRevision,
      lease,
      tombstone: false,
    };
    this.append(k, rec);
    this.currentRevValue = main;
    return { rev: main, prevKv: prev === undefined ? undefined : toKV(k, prev) };
  }

  /** DeleteRange(key, end): tombstones every live key in range; no new revision if none. */
  deleteRange(
    key: Uint8Array,
    rangeEnd?: Uint8Array,
  ): { readonly deleted: number; readonly rev: number; readonly prevKvs: KeyValue[] } {
    const live = this.liveInRange(key, rangeEnd, this.currentRevValue);
    if (live.length === 0) return { deleted: 0, rev: this.currentRevValue, prevKvs: [] };
    const main = this.currentRevValue + 1;
    for (const [k] of live) {
      this.append(k, {
        main,
        value: new Uint8Array(0),
        version: 0,
        createRevision: 0,
        lease: 0n,
        tombstone: true,
      });
    }
    this.currentRevValue = main;
    return { deleted: live.length, rev: main, prevKvs: live.map(([k, r]) => toKV(k, r)) };
  }

  /** Range(key, end, {rev, limit}). */
  range(
    key: Uint8Array,
    opts: RangeOptions = {},
  ): { readonly ok: true; readonly result: RangeResult } | { readonly ok: false; readonly err: MvccError } {
    const at = opts.rev === undefined || opts.rev <= 0 ? this.currentRevValue : opts.rev;
    if (at > this.currentRevValue) return { ok: false, err: ErrFutureRev };
    if (at < this.compactMainRev) return { ok: false, err: ErrCompacted };
    const live = this.liveInRange(key, opts.rangeEnd, at);
    const limit = opts.limit ?? 0;
    const shown = limit > 0 ? live.slice(0, limit) : live;
    return {
      ok: true,
      result: { kvs: shown.map(([k, r]) => toKV(k, r)), count: live.length, rev: this.currentRevValue },
    };
  }

  /**
   * Rollback(rev, index, term): forgets every revision after `rev` and resets the consistent
   * index — what a crash does to writes the backend had not committed yet (bbolt keeps only
   * committed transactions). Not an etcd API: the model's stand-in for reopening the db file.
   */
  rollback(rev: number, index: number, term: number): void {
    if (rev >= this.currentRevValue) {
      this.setConsistentIndex(index, term);
      return;
    }
    for (const [k, h] of this.histories) {
      let n = h.length;
      while (n > 0 && (h[n - 1]?.main ?? 0) > rev) n--;
      if (n === 0) this.histories.delete(k);
      else if (n < h.length) this.histories.set(k, h.slice(0, n));
    }
    this.sortedKeys = this.sortedKeys.filter((k) => this.histories.has(k));
    this.currentRevValue = rev;
    this.setConsistentIndex(index, term);
  }

  /** Compact(rev): forgets history that no read at ≥ rev can see. */
  compact(rev: number): { readonly ok: true } | { readonly ok: false; readonly err: MvccError } {
    if (rev <= this.compactMainRev) return { ok: false, err: ErrCompacted };
    if (rev > this.currentRevValue) return { ok: false, err: ErrFutureRev };
    this.compactMainRev = rev;
    for (const [k, h] of this.histories) {
      let keepFrom = 0;
      for (let i = 0; i < h.length; i++) if ((h[i]?.main ?? 0) <= rev) keepFrom = i;
      let kept = h.slice(keepFrom);
      if (kept[0]?.tombstone === true && (kept[0]?.main ?? 0) <= rev) kept = kept.slice(1);
      if (kept.length === 0) this.histories.delete(k);
      else this.histories.set(k, kept);
    }
    this.sortedKeys = this.sortedKeys.filter((k) => this.histories.has(k));
    return { ok: true };
  }

  /** A hash of the kept history up to the current revision, and the consistent index. */
  hash(): string {
    const h = new Fnv64();
    h.int(this.currentRevValue);
    h.int(this.compactMainRev);
    for (const k of this.sortedKeys) {
      h.str(k);
      for (const r of this.histories.get(k) ?? []) {
        h.int(r.main);
        h.int(r.version);
        h.int(r.createRevision);
        h.word(r.tombstone ? 1 : 0);
        h.str(keyString(r.value));
      }
    }
    return h.hex();
  }

  /** Number of live keys at the current revision. */
  liveKeyCount(): number {
    let n = 0;
    for (const k of this.sortedKeys) if (this.latestLive(k, this.currentRevValue) !== undefined) n++;
    return n;
  }

  /** The whole store as bytes, for raft snapshots (our encoding, not a bbolt file). */
  snapshotData(): Uint8Array {
    const hist = this.sortedKeys.map((k) => [
      k,
      (this.histories.get(k) ?? []).map((r) => [
        r.main,
        keyString(r.value),
        r.version,
        r.createRevision,
        r.lease.toString(),
        r.tombstone,
      ]),
    ]);
    const doc = {
      rev: this.currentRevValue,
      compact: this.compactMainRev,
      ci: this.consistentIndexValue,
      ct: this.consistentTermValue,
      hist,
    };
    return new TextEncoder().encode(JSON.stringify(doc));
  }

  /** Replaces the whole store with one made by snapshotData() (applySnapshot's mvcc restore). */
  restore(data: Uint8Array): void {
    const doc = JSON.parse(new TextDecoder().decode(data)) as {
      rev: number;
      compact: number;
      ci: number;
      ct: number;
      hist: [string, [number, string, number, number, string, boolean][]][];
    };
    this.histories.clear();
    for (const [k, revs] of doc.hist) {
      this.histories.set(
        k,
        revs.map(([main, v, version, createRevision, lease, tombstone]) => ({
          main,
          value: keyBytes(v),
          version,
          createRevision,
          lease: BigInt(lease),
          tombstone,
        })),
      );
    }
    this.sortedKeys = doc.hist.map(([k]) => k);
    this.currentRevValue = doc.rev;
    this.compactMainRev = doc.compact;
    this.consistentIndexValue = doc.ci;
    this.consistentTermValue = doc.ct;
  }

  private append(k: string, rec: Rev): void {
    const h = this.histories.get(k);
    if (h !== undefined) {
      h.push(rec);
      return;
    }
    this.histories.set(k, [rec]);
    let lo = 0;
    let hi = this.sortedKeys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.sortedKeys[mid] ?? '') < k) lo = mid + 1;
      else hi = mid;
    }
    this.sortedKeys.splice(lo, 0, k);
  }

  /** The newest revision of k at or below `at`, unless that is a tombstone. */
  private latestLive(k: string, at: number): Rev | undefined {
    const h = this.histories.get(k);
    if (h === undefined) return undefined;
    for (let i = h.length - 1; i >= 0; i--) {
      const r = h[i];
      if (r !== undefined && r.main <= at) return r.tombstone ? undefined : r;
    }
    return undefined;
  }

  private liveInRange(key: Uint8Array, rangeEnd: Uint8Array | undefined, at: number): [string, Rev][] {
    const start = keyString(key);
    if (rangeEnd === undefined || rangeEnd.length === 0) {
      const r = this.latestLive(start, at);
      return r === undefined ? [] : [[start, r]];
    }
    const toEnd = rangeEnd.length === 1 && rangeEnd[0] === 0;
    const end = keyString(rangeEnd);
    const out: [string, Rev][] = [];
    for (const k of this.sortedKeys) {
      if (k < start) continue;
      if (!toEnd && k >= end) break;
      const r = this.latestLive(k, at);
      if (r !== undefined) out.push([k, r]);
    }
    return out;
  }
}

function toKV(k: string, r: Rev): KeyValue {
  return {
    key: keyBytes(k),
    createRevision: r.createRevision,
    modRevision: r.main,
    version: r.version,
    value: r.value.slice(),
    lease: r.lease,
  };
}
