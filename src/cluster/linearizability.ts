/**
 * A linearizability checker for the client history of the key-value store.
 *
 * A register per key is P-compositional (Horn & Kroening, "Faster linearizability checking via
 * P-compositionality"): the whole history is linearizable iff each key's sub-history is, so we
 * split by key and search each part alone. The search is Wing & Gong's, with Lowe's
 * just-in-time linearization and memoisation of (set of linearized operations, register value),
 * the way Porcupine does it: walk the call/return events in time order; at a call, try to
 * linearize that operation now; at a return of an operation not yet linearized, undo the last
 * choice. A (set, value) pair already explored is never explored again, and the number of pairs
 * is bounded so a pathological history gives `unknown` instead of hanging the page.
 *
 * What the model knows about etcd's outcomes (see history.ts): a definite failure did not take
 * effect, so it is left out; an unknown outcome (a timeout) may take effect at any point after it
 * was invoked or never: it gets an infinite return time, and because a put or delete can always
 * be applied, "never" is the same as "after everything else". A get with an unknown outcome, or a
 * serializable get (which etcd allows to be stale), tells nothing and is left out.
 */
import { describeOp } from './history';
import type { KvOperation } from './history';

export interface LinearizabilityOptions {
  /** Explored (linearized set, value) pairs allowed per key before giving up; default 500,000. */
  readonly maxStatesPerKey?: number;
  /** Shrink the counterexample by dropping reads that are not needed (default true). */
  readonly minimize?: boolean;
  /** Values keys held before the history began; absent keys are absent (null). */
  readonly initial?: ReadonlyMap<string, string>;
}

export interface LinearizabilityViolation {
  readonly ok: false;
  readonly key: string;
  /** The operation that could not be placed after the longest linearizable prefix. */
  readonly failingOp: KvOperation;
  /** The longest linearizable prefix the search found, in linearization order. */
  readonly prefix: readonly KvOperation[];
  /** The register's value after `prefix` (null = absent). */
  readonly valueAfterPrefix: string | null;
  /** A non-linearizable sub-history of this key (reads that are not needed removed), by invoke time. */
  readonly counterexample: readonly KvOperation[];
  /** The same, in words. */
  readonly explanation: string;
}

export type LinearizabilityResult =
  | { readonly ok: true; readonly keys: number; readonly states: number }
  | LinearizabilityViolation
  | {
      readonly ok: 'unknown';
      readonly key: string;
      readonly reason: 'search bound exceeded';
      readonly states: number;
    };

const defaultMaxStatesPerKey = 500_000;

/** Checks a whole history: each key on its own; the first key (in sorted order) that fails is reported. */
export function checkLinearizability(
  history: readonly KvOperation[],
  options: LinearizabilityOptions = {},
): LinearizabilityResult {
  const byKey = partitionByKey(history);
  const keys = Array.from(byKey.keys()).sort();
  const bound = options.maxStatesPerKey ?? defaultMaxStatesPerKey;
  let states = 0;
  let unknown: LinearizabilityResult | undefined;
  for (const key of keys) {
    const ops = byKey.get(key) as KvOperation[];
    const init = options.initial?.get(key) ?? null;
    const r = searchKey(ops, init, bound);
    states += r.states;
    if (r.kind === 'bound') {
      unknown ??= { ok: 'unknown', key, reason: 'search bound exceeded', states: r.states };
      continue;
    }
    if (r.kind === 'fail') return violation(key, ops, init, r, options.minimize ?? true, bound);
  }
  return unknown ?? { ok: true, keys: keys.length, states };
}

/** Keeps only the operations that constrain the register, grouped by key. */
export function partitionByKey(history: readonly KvOperation[]): Map<string, KvOperation[]> {
  const byKey = new Map<string, KvOperation[]>();
  for (const op of history) {
    if (!constrains(op)) continue;
    const list = byKey.get(op.key);
    if (list === undefined) byKey.set(op.key, [op]);
    else list.push(op);
  }
  return byKey;
}

function constrains(op: KvOperation): boolean {
  if (op.outcome.kind === 'fail') return false;
  if (op.kind === 'get') return op.outcome.kind === 'ok' && op.serializable !== true;
  if (op.outcome.kind === 'ok' && (op.returnUs === undefined || op.returnUs === Infinity)) {
    throw new Error(`history: operation ${op.id} has an ok outcome but no return time`);
  }
  return true;
}

/** Applies op to value: the next value, or undefined when op's output contradicts value. */
function stepModel(value: string | null, op: KvOperation): string | null | undefined {
  const o = op.outcome;
  if (op.kind === 'put') return op.value ?? '';
  if (op.kind === 'delete') {
    if (o.kind === 'ok' && o.deleted !== undefined && o.deleted !== (value === null ? 0 : 1))
      return undefined;
    return null;
  }
  const read = o.kind === 'ok' ? (o.value ?? null) : null;
  return read === value ? value : undefined;
}

/** The events of one key's history, in a doubly linked list the search lifts entries out of. */
interface EventList {
  /** Node 0 is the head sentinel; node 1 + 2i is op i's call, node 2 + 2i its return. */
  readonly next: Int32Array;
  readonly prev: Int32Array;
}

function buildEvents(ops: readonly KvOperation[]): EventList {
  const n = ops.length;
  const nodes: number[] = [];
  for (let i = 0; i < n; i++) nodes.push(1 + 2 * i, 2 + 2 * i);
  const timeOf = (node: number): number => {
    const op = ops[(node - 1) >> 1] as KvOperation;
    return node % 2 === 1 ? op.invokeUs : effectiveReturnUs(op);
  };
  // Calls sort before returns at equal times, so operations that touch in time count as
  // concurrent (the checker errs towards accepting), as Porcupine does.
  nodes.sort((a, b) => {
    const d = timeOf(a) - timeOf(b);
    if (d !== 0 && !Number.isNaN(d)) return d;
    const ka = a % 2 === 1 ? 0 : 1;
    const kb = b % 2 === 1 ? 0 : 1;
    return ka !== kb ? ka - kb : a - b;
  });
  const next = new Int32Array(2 * n + 1).fill(-1);
  const prev = new Int32Array(2 * n + 1).fill(-1);
  let last = 0;
  for (const node of nodes) {
    next[last] = node;
    prev[node] = last;
    last = node;
  }
  return { next, prev };
}

/** An unknown outcome may take effect at any time after its invocation, whatever the client saw. */
function effectiveReturnUs(op: KvOperation): number {
  return op.outcome.kind === 'unknown' ? Infinity : (op.returnUs ?? Infinity);
}

type SearchResult =
  | { readonly kind: 'ok'; readonly states: number }
  | { readonly kind: 'bound'; readonly states: number }
  | {
      readonly kind: 'fail';
      readonly states: number;
      readonly prefix: readonly number[];
      readonly valueAfterPrefix: string | null;
      readonly blocking: number;
    };

/** Wing–Gong–Lowe search over one key's operations, with memoisation and a bound. */
function searchKey(ops: readonly KvOperation[], init: string | null, bound: number): SearchResult {
  const { next, prev } = buildEvents(ops);
  const memo = new MemoSet(ops.length);
  const stackOps: number[] = [];
  const stackValues: (string | null)[] = [];
  let value = init;
  let best: { prefix: number[]; value: string | null; blocking: number } | undefined;
  let node = next[0] as number;
  while (next[0] !== -1) {
    const opIndex = (node - 1) >> 1;
    if (node % 2 === 1) {
      const after = stepModel(value, ops[opIndex] as KvOperation);
      if (after !== undefined) {
        memo.toggle(opIndex);
        if (!memo.has(after)) {
          if (memo.size >= bound) return { kind: 'bound', states: memo.size };
          memo.add(after);
          stackOps.push(opIndex);
          stackValues.push(value);
          value = after;
          lift(next, prev, node);
          node = next[0] as number;
          continue;
        }
        memo.toggle(opIndex);
      }
      node = next[node] as number;
      continue;
    }
    // A return of an operation not yet linearized: the last choice was wrong.
    if (best === undefined || stackOps.length > best.prefix.length) {
      best = { prefix: stackOps.slice(), value, blocking: opIndex };
    }
    const undone = stackOps.pop();
    if (undone === undefined) {
      return {
        kind: 'fail',
        states: memo.size,
        prefix: best.prefix,
        valueAfterPrefix: best.value,
        blocking: best.blocking,
      };
    }
    value = stackValues.pop() as string | null;
    memo.toggle(undone);
    const call = 1 + 2 * undone;
    unlift(next, prev, call);
    node = next[call] as number;
  }
  return { kind: 'ok', states: memo.size };
}

/** murmur3's 32-bit finalizer: a fixed pseudo-random word per operation, for Zobrist hashing. */
function mix32(x: number): number {
  let h = x | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function hashValue(v: string | null): number {
  if (v === null) return 0x9e3779b9;
  let h = 0x811c9dc5;
  for (let i = 0; i < v.length; i++) h = Math.imul(h ^ v.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

interface MemoEntry {
  readonly check: number;
  readonly value: string | null;
  readonly bits: Uint32Array;
}

/**
 * The explored (linearized set, value) pairs. The current set is a bitset with two Zobrist
 * hashes kept up to date by toggle(), so a lookup costs O(1) unless hashes collide, instead of
 * O(operations) for a key built from the whole bitset.
 */
class MemoSet {
  private readonly bits: Uint32Array;
  private h1 = 0;
  private h2 = 0;
  private readonly table = new Map<number, MemoEntry[]>();
  size = 0;

  constructor(n: number) {
    this.bits = new Uint32Array((n >>> 5) + 1);
  }

  toggle(i: number): void {
    const w = i >>> 5;
    this.bits[w] = (this.bits[w] as number) ^ (1 << (i & 31));
    this.h1 = (this.h1 ^ mix32(2 * i + 1)) >>> 0;
    this.h2 = (this.h2 ^ mix32(2 * i + 0x40000001)) >>> 0;
  }

  has(value: string | null): boolean {
    const list = this.table.get((this.h1 ^ hashValue(value)) >>> 0);
    if (list === undefined) return false;
    for (const e of list)
      if (e.check === this.h2 && e.value === value && sameBits(e.bits, this.bits)) return true;
    return false;
  }

  add(value: string | null): void {
    const slot = (this.h1 ^ hashValue(value)) >>> 0;
    const entry = { check: this.h2, value, bits: this.bits.slice() };
    const list = this.table.get(slot);
    if (list === undefined) this.table.set(slot, [entry]);
    else list.push(entry);
    this.size++;
  }
}

function sameBits(a: Uint32Array, b: Uint32Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Removes a call and its return from the list; their own links are kept for unlift. */
function lift(next: Int32Array, prev: Int32Array, call: number): void {
  const ret = call + 1;
  next[prev[call] as number] = next[call] as number;
  if (next[call] !== -1) prev[next[call] as number] = prev[call] as number;
  next[prev[ret] as number] = next[ret] as number;
  if (next[ret] !== -1) prev[next[ret] as number] = prev[ret] as number;
}

/** Puts back what lift removed; lifts are undone in reverse order, so the saved links are valid. */
function unlift(next: Int32Array, prev: Int32Array, call: number): void {
  const ret = call + 1;
  next[prev[ret] as number] = ret;
  if (next[ret] !== -1) prev[next[ret] as number] = ret;
  next[prev[call] as number] = call;
  if (next[call] !== -1) prev[next[call] as number] = call;
}

/** The total explored states the shrinking of one counterexample may spend. */
const shrinkStatesBudget = 400_000;

interface Shrunk {
  readonly ops: KvOperation[];
  /** The time the history was cut at, if it was. */
  readonly cutUs?: number;
}

function violation(
  key: string,
  ops: readonly KvOperation[],
  init: string | null,
  r: Extract<SearchResult, { kind: 'fail' }>,
  minimize: boolean,
  bound: number,
): LinearizabilityViolation {
  const prefix = r.prefix.map((i) => ops[i] as KvOperation);
  const failingOp = ops[r.blocking] as KvOperation;
  const shrunk: Shrunk = minimize ? shrink(ops, init, bound) : { ops: ops.slice() };
  const counterexample = shrunk.ops.sort((a, b) => a.invokeUs - b.invokeUs || a.id - b.id);
  return {
    ok: false,
    key,
    failingOp,
    prefix,
    valueAfterPrefix: r.valueAfterPrefix,
    counterexample,
    explanation: explain(key, prefix, r.valueAfterPrefix, failingOp, counterexample, shrunk.cutUs),
  };
}

/**
 * The history as a client saw it at time cutUs: operations invoked later are gone, reads still
 * running are gone, writes still running have an unknown outcome. If that history is not
 * linearizable, neither is the whole one: in a linearization of the whole, everything invoked
 * after cutUs comes after everything that completed by then, so dropping it changes no result
 * that was observed by cutUs.
 */
export function cutHistory(ops: readonly KvOperation[], cutUs: number): KvOperation[] {
  const out: KvOperation[] = [];
  for (const op of ops) {
    if (op.invokeUs > cutUs) continue;
    if (effectiveReturnUs(op) <= cutUs) out.push(op);
    else if (op.kind !== 'get') out.push({ ...op, returnUs: Infinity, outcome: { kind: 'unknown' } });
  }
  return out;
}

/**
 * Shrinks a failing history, spending at most shrinkStatesBudget explored states: first the
 * earliest cut that still fails (failure is monotone in the cut time, so a binary search), then
 * reads dropped in halving chunks (delta debugging). Only reads: a read changes nothing, so if
 * the history without it has no linearization, neither has the history with it; dropping a
 * write is not sound that way (a later read may have needed it), so writes stay.
 */
function shrink(ops: readonly KvOperation[], init: string | null, bound: number): Shrunk {
  let budget = shrinkStatesBudget;
  const fails = (h: readonly KvOperation[]): boolean => {
    if (budget <= 0) return false;
    const r = searchKey(h, init, Math.min(bound, budget));
    budget -= r.states;
    return r.kind === 'fail';
  };
  const times = Array.from(new Set(ops.filter((o) => o.outcome.kind === 'ok').map(effectiveReturnUs))).sort(
    (a, b) => a - b,
  );
  let lo = 0;
  let hi = times.length - 1;
  let best: Shrunk = { ops: ops.slice() };
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const cutUs = times[mid] as number;
    const cut = cutHistory(ops, cutUs);
    if (fails(cut)) {
      const unchanged = cut.length === ops.length && cut.every((o, i) => o === ops[i]);
      best = unchanged ? { ops: cut } : { ops: cut, cutUs };
      hi = mid - 1;
    } else lo = mid + 1;
  }
  return { ...best, ops: dropReads(best.ops, fails) };
}

function dropReads(ops: KvOperation[], fails: (h: readonly KvOperation[]) => boolean): KvOperation[] {
  let kept = ops;
  let reads = kept.filter((o) => o.kind === 'get');
  for (let chunk = Math.max(1, reads.length >> 1); chunk >= 1 && reads.length > 0; chunk >>= 1) {
    for (let start = 0; start < reads.length;) {
      const drop = new Set(reads.slice(start, start + chunk));
      const without = kept.filter((o) => !drop.has(o));
      if (fails(without)) {
        kept = without;
        reads = reads.filter((o) => !drop.has(o));
      } else start += chunk;
    }
    if (chunk === 1) break;
  }
  return kept;
}

/** At most 16 operations in words: the first 4 and the last 12. */
function listOps(ops: readonly KvOperation[]): string {
  if (ops.length <= 16) return ops.map(describeOp).join('; ');
  const head = ops.slice(0, 4).map(describeOp).join('; ');
  const tail = ops.slice(-12).map(describeOp).join('; ');
  return `${head}; … ${ops.length - 16} more …; ${tail}`;
}

function showValue(v: string | null): string {
  return v === null ? 'absent' : JSON.stringify(v);
}

function explain(
  key: string,
  prefix: readonly KvOperation[],
  valueAfter: string | null,
  failing: KvOperation,
  counterexample: readonly KvOperation[],
  cutUs: number | undefined,
): string {
  const shown = prefix.slice(-8).map(describeOp);
  const prefixText =
    prefix.length === 0
      ? 'No operation on this key can be linearized first'
      : `The longest linearizable prefix has ${prefix.length} operation(s)` +
        `${prefix.length > 8 ? ', ending with' : ':'} ${shown.join('; ')}; after it the key is ${showValue(valueAfter)}`;
  const ret = effectiveReturnUs(failing);
  let why: string;
  if (stepModel(valueAfter, failing) === undefined && failing.kind === 'get') {
    why = `it read ${showValue(failing.outcome.kind === 'ok' ? (failing.outcome.value ?? null) : null)}, yet no order of the operations concurrent with it leaves the key holding that value`;
  } else if (stepModel(valueAfter, failing) === undefined) {
    why =
      'its result contradicts the value the key holds in every order of the operations concurrent with it';
  } else {
    why = 'placing it there makes a later read impossible, whatever the order of the concurrent operations';
  }
  return (
    `key ${JSON.stringify(key)} is not linearizable. ${prefixText}. ` +
    `Operation ${describeOp(failing)} must take effect before it returned at ${ret}µs, but ${why}. ` +
    `The smallest counterexample found has ${counterexample.length} operation(s)` +
    (cutUs === undefined
      ? ''
      : ` (the history as it stood at ${cutUs}µs; writes still running then count as unknown)`) +
    `: ${listOps(counterexample)}.`
  );
}
