import type { Chan } from './chan';
import type { WaitGroup } from './waitgroup';

/**
 * The yield protocol. A goroutine is a generator of Ops: every `yield` hands the kernel one
 * operation and a label naming the line of the modelled Go function it stands at. The kernel
 * performs the operation (or parks the goroutine until it can) and resumes the generator with
 * the operation's result. Goroutine code does not yield Ops by hand; it delegates to the typed
 * helpers below with `yield*`, e.g. `const m = yield* ch.recv('node.run/recvc')`.
 */
export type Op =
  | { readonly kind: 'step'; readonly label: string }
  | {
      readonly kind: 'send';
      readonly label: string;
      readonly ch: Chan<unknown> | null;
      readonly value: unknown;
    }
  | {
      readonly kind: 'recv';
      readonly label: string;
      readonly ch: Chan<unknown> | null;
      readonly withOk: boolean;
    }
  | {
      readonly kind: 'select';
      readonly label: string;
      readonly cases: readonly SelectCase[];
      readonly hasDefault: boolean;
      readonly priority: boolean;
      /** When given, the kernel refills this object as the result instead of allocating one. */
      readonly result?: SelectResultSlot;
    }
  | { readonly kind: 'sleep'; readonly label: string; readonly durationUs: number }
  | { readonly kind: 'spawn'; readonly label: string; readonly name: string; readonly proc: Proc }
  | { readonly kind: 'wait'; readonly label: string; readonly wg: WaitGroup }
  | { readonly kind: 'close'; readonly label: string; readonly ch: Chan<unknown> | null };

/** A goroutine body. */
export type Proc = Generator<Op, void, unknown>;

/** A select case; a null channel is Go's nil channel: never ready. */
export type SelectCase =
  | { readonly dir: 'recv'; readonly ch: Chan<unknown> | null }
  | { readonly dir: 'send'; readonly ch: Chan<unknown> | null; readonly value: unknown };

/**
 * What a select returns: the index of the chosen case (-1 when the default case ran), the
 * received value (undefined for a send case) and ok (false when a receive saw a closed channel).
 */
export interface SelectResult {
  readonly index: number;
  readonly value: unknown;
  readonly ok: boolean;
}

/**
 * A select result object a hot loop reuses across its selects: only for a goroutine that reads
 * the result before it yields again.
 */
export interface SelectResultSlot {
  index: number;
  value: unknown;
  ok: boolean;
}

export type RecvResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly value: T };

export interface SelectOptions {
  /** Include a default case: never block; index -1 when no case is ready. */
  readonly default?: boolean;
  /**
   * Choose the first ready case in order instead of Go's uniform random choice. Go has no such
   * mode; the server model uses it where a fixed priority keeps a scene readable, and says so.
   */
  readonly priority?: boolean;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type OpOf<K extends Op['kind']> = Mutable<Extract<Op, { readonly kind: K }>>;

// One reused op object per kind. The kernel reads an op only while performing it, within the
// resume that yielded it, and keeps no reference to it, so the helpers refill a shared object
// instead of allocating one per yield (a hot path: several yields per kernel step). Code that
// drives a generator by hand must likewise use an op before resuming any generator again.
const stepOp: OpOf<'step'> = { kind: 'step', label: '' };
const recvOp: OpOf<'recv'> = { kind: 'recv', label: '', ch: null, withOk: false };
const sendOp: OpOf<'send'> = { kind: 'send', label: '', ch: null, value: undefined };
const closeOp: OpOf<'close'> = { kind: 'close', label: '', ch: null };
const sleepOp: OpOf<'sleep'> = { kind: 'sleep', label: '', durationUs: 0 };
const noCases: readonly SelectCase[] = [];
const selectOp: OpOf<'select'> = {
  kind: 'select',
  label: '',
  cases: noCases,
  hasDefault: false,
  priority: false,
};

/**
 * Drops what a shared op refers to (channels, a value, cases): called by the kernel once it has
 * performed the op, so a finished run is not kept alive through these module-level objects.
 */
export function releaseOp(op: Op): void {
  if (op === recvOp) recvOp.ch = null;
  else if (op === selectOp) selectOp.cases = noCases;
  else if (op === sendOp) {
    sendOp.ch = null;
    sendOp.value = undefined;
  } else if (op === closeOp) closeOp.ch = null;
}

export function opRecv(ch: Chan<unknown> | null, label: string): Op {
  recvOp.label = label;
  recvOp.ch = ch;
  recvOp.withOk = false;
  return recvOp;
}

export function opRecvOk(ch: Chan<unknown> | null, label: string): Op {
  recvOp.label = label;
  recvOp.ch = ch;
  recvOp.withOk = true;
  return recvOp;
}

export function opSend(ch: Chan<unknown> | null, value: unknown, label: string): Op {
  sendOp.label = label;
  sendOp.ch = ch;
  sendOp.value = value;
  return sendOp;
}

export function opClose(ch: Chan<unknown> | null, label: string): Op {
  closeOp.label = label;
  closeOp.ch = ch;
  return closeOp;
}

/** A label-only step: the goroutine stays runnable; marks progress through a function. */
export function* step(label: string): Generator<Op, void, unknown> {
  stepOp.label = label;
  yield stepOp;
}

/** `<-ch`, where ch may be nil (blocks forever). */
export function* recv<T>(ch: Chan<T> | null, label: string): Generator<Op, T, unknown> {
  return (yield opRecv(ch as Chan<unknown> | null, label)) as T;
}

/** `v, ok := <-ch`, where ch may be nil. */
export function* recvOk<T>(ch: Chan<T> | null, label: string): Generator<Op, RecvResult<T>, unknown> {
  return (yield opRecvOk(ch as Chan<unknown> | null, label)) as RecvResult<T>;
}

/** `ch <- v`, where ch may be nil (blocks forever). */
export function* send<T>(ch: Chan<T> | null, value: T, label: string): Generator<Op, void, unknown> {
  yield opSend(ch as Chan<unknown> | null, value, label);
}

/** `close(ch)`; panics on a nil or closed channel. */
export function* close<T>(ch: Chan<T> | null, label: string): Generator<Op, void, unknown> {
  yield opClose(ch as Chan<unknown> | null, label);
}

/** `time.Sleep(d)` in virtual microseconds; d ≤ 0 only yields. */
export function* sleep(durationUs: number, label: string): Generator<Op, void, unknown> {
  sleepOp.label = label;
  sleepOp.durationUs = durationUs;
  yield sleepOp;
}

/** `go f()` as a step of its own; returns the new goroutine's id. Kernel.go does it inline. */
export function* go(name: string, proc: Proc, label: string): Generator<Op, number, unknown> {
  return (yield { kind: 'spawn', label, name, proc }) as number;
}

/** `wg.Wait()` */
export function* wait(wg: WaitGroup, label: string): Generator<Op, void, unknown> {
  yield { kind: 'wait', label, wg };
}

export function recvCase<T>(ch: Chan<T> | null): SelectCase {
  return { dir: 'recv', ch: ch as Chan<unknown> | null };
}

export function sendCase<T>(ch: Chan<T> | null, value: T): SelectCase {
  return { dir: 'send', ch: ch as Chan<unknown> | null, value };
}

/** `select { … }` over the cases, in source order; see SelectOptions for default/priority. */
export function* select(
  label: string,
  cases: readonly SelectCase[],
  options?: SelectOptions,
): Generator<Op, SelectResult, unknown> {
  const op = selectOp;
  op.label = label;
  op.cases = cases;
  op.hasDefault = options?.default === true;
  op.priority = options?.priority === true;
  return (yield op) as SelectResult;
}
