/**
 * The client history of a run: every key-value operation a client issued, with the virtual times
 * it was invoked and returned and what it observed. The linearizability checker reads it; the UI
 * lists it. A history is plain data (JSON-safe apart from `Infinity` for "never returned"), so a
 * failing run can be saved and re-checked.
 *
 * Outcomes follow what a client can actually know:
 * - `ok`: the server answered; a get carries the value it read (`null` = the key was absent), a
 *   delete may carry how many keys it deleted;
 * - `fail`: the server answered with an error that is known to be raised before the request was
 *   proposed to raft (e.g. `etcdserver: too many requests`), so it did not take effect;
 * - `unknown`: a timeout or a lost connection: the request may or may not have taken effect, at
 *   any time after its invocation.
 */
import {
  ErrGRPCNoSpace,
  ErrGRPCTooManyOps,
  ErrNoSpace,
  ErrRequestTooLarge,
  ErrTooManyRequests,
  ErrGRPCNotCapable,
} from '../etcd/errors';

export type KvOpKind = 'put' | 'get' | 'delete';

export type KvOutcome =
  | { readonly kind: 'ok'; readonly value?: string | null; readonly deleted?: number }
  | { readonly kind: 'fail'; readonly error: string }
  | { readonly kind: 'unknown'; readonly error?: string };

export interface KvOperation {
  /** Unique within a history; the order ops were invoked in is a good choice. */
  readonly id: number;
  readonly clientId: number;
  readonly kind: KvOpKind;
  readonly key: string;
  /** The value a put writes. */
  readonly value?: string;
  /** Virtual µs at which the client sent the request. */
  readonly invokeUs: number;
  /** Virtual µs at which the client got its answer; Infinity (or absent) while it has none. */
  readonly returnUs?: number;
  readonly outcome: KvOutcome;
  /** get: a serializable read (may be stale by design, so the checker leaves it out). */
  readonly serializable?: boolean;
}

/**
 * Errors a client sees only when the request was refused before it reached raft: such a request
 * did not change anything. Every other error (timeouts, leader changes, a stopped server) leaves
 * the outcome unknown. From v3_server.go: processInternalRaftRequestOnce checks the apply gap and
 * the request size before proposing; the quota and txn checks run earlier still.
 */
const definiteFailures: ReadonlySet<string> = new Set([
  ErrTooManyRequests.message,
  ErrRequestTooLarge.message,
  ErrNoSpace.message,
  ErrGRPCNoSpace.message,
  ErrGRPCTooManyOps.message,
  ErrGRPCNotCapable.message,
]);

/** The outcome a client should record for an error message. */
export function outcomeOfError(message: string): KvOutcome {
  return definiteFailures.has(message)
    ? { kind: 'fail', error: message }
    : { kind: 'unknown', error: message };
}

/** Collects a history as a run goes: call invoke() when a request is sent, complete() on its answer. */
export class HistoryRecorder {
  private readonly ops: KvOperation[] = [];
  private readonly open = new Map<number, number>();
  private nextId = 0;

  /** Records a request being sent; returns its id for complete(). */
  invoke(op: Omit<KvOperation, 'id' | 'returnUs' | 'outcome'>): number {
    const id = this.nextId++;
    this.open.set(id, this.ops.length);
    this.ops.push({ ...op, id, outcome: { kind: 'unknown' } });
    return id;
  }

  /** Records the answer to request `id`. */
  complete(id: number, returnUs: number, outcome: KvOutcome): void {
    const at = this.open.get(id);
    if (at === undefined) throw new Error(`history: operation ${id} is not open`);
    const op = this.ops[at] as KvOperation;
    if (returnUs < op.invokeUs) throw new Error(`history: operation ${id} returns before it was invoked`);
    this.open.delete(id);
    this.ops[at] = { ...op, returnUs, outcome };
  }

  /** Requests that never got an answer stay `unknown` with no return time. */
  history(): readonly KvOperation[] {
    return this.ops.slice();
  }

  get size(): number {
    return this.ops.length;
  }
}

/** `put(k, "v")`, `get(k) → "v"`, … : one operation in words, for explanations. */
export function describeOp(op: KvOperation): string {
  const o = op.outcome;
  let what: string;
  if (op.kind === 'put') what = `put(${JSON.stringify(op.key)}, ${JSON.stringify(op.value ?? '')})`;
  else if (op.kind === 'delete') what = `delete(${JSON.stringify(op.key)})`;
  else what = `get(${JSON.stringify(op.key)})`;
  let result: string;
  if (o.kind === 'fail') result = ` → error ${JSON.stringify(o.error)}`;
  else if (o.kind === 'unknown') result = ' → unknown outcome';
  else if (op.kind === 'get')
    result = ` → ${o.value === null || o.value === undefined ? 'absent' : JSON.stringify(o.value)}`;
  else if (op.kind === 'delete' && o.deleted !== undefined) result = ` → deleted ${o.deleted}`;
  else result = ' → ok';
  const ret = op.returnUs === undefined || op.returnUs === Infinity ? '∞' : `${op.returnUs}`;
  return `#${op.id} client ${op.clientId} ${what}${result} [${op.invokeUs}µs, ${ret}µs]`;
}
