/**
 * Reading directive arguments the way the Go harness does (datadriven.go: CmdArg.Scan,
 * TestData.ScanArgs; Go's strconv), including the exact error texts where they reach the output.
 *
 * Two kinds of failure exist upstream and are kept apart here:
 * - a *returned* error (e.g. `compact 1 x`) is printed as the directive's output: functions here
 *   return it as a `{ ok: false, error }` value;
 * - a *test-fatal* error (t.Fatal: a malformed node index, a missing required argument) stops the
 *   file: `DirectiveFatal` is thrown, and the runner reports it as a crash of that directive.
 */
import { goQuote } from '../raft/quote';
import type { CmdArg, Directive } from './datadriven';

/** t.Fatal in the Go harness: the script itself is wrong, so the file cannot go on. */
export class DirectiveFatal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DirectiveFatal';
  }
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const maxUint64 = (1n << 64n) - 1n;
const minInt64 = -(1n << 63n);
const maxInt64 = (1n << 63n) - 1n;

function syntaxError(fn: string, s: string): Parsed<never> {
  return { ok: false, error: `strconv.${fn}: parsing ${goQuote(s)}: invalid syntax` };
}

function rangeError(fn: string, s: string): Parsed<never> {
  return { ok: false, error: `strconv.${fn}: parsing ${goQuote(s)}: value out of range` };
}

/** strconv.ParseUint(s, 10, 64). */
export function parseUint64(s: string): Parsed<bigint> {
  if (!/^[0-9]+$/.test(s)) {
    return syntaxError('ParseUint', s);
  }
  const v = BigInt(s);
  return v > maxUint64 ? rangeError('ParseUint', s) : { ok: true, value: v };
}

/** strconv.ParseInt(s, 10, 64), reported under `fn` (Atoi reports itself as Atoi). */
export function parseInt64(s: string, fn = 'ParseInt'): Parsed<bigint> {
  if (!/^[+-]?[0-9]+$/.test(s)) {
    return syntaxError(fn, s);
  }
  const v = BigInt(s);
  return v < minInt64 || v > maxInt64 ? rangeError(fn, s) : { ok: true, value: v };
}

/** strconv.Atoi, as a JS number (every value the harness needs is small). */
export function atoi(s: string): Parsed<number> {
  const r = parseInt64(s, 'Atoi');
  return r.ok ? { ok: true, value: Number(r.value) } : r;
}

const trueWords = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const falseWords = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/** strconv.ParseBool. */
export function parseBool(s: string): Parsed<boolean> {
  if (trueWords.has(s)) return { ok: true, value: true };
  if (falseWords.has(s)) return { ok: true, value: false };
  return syntaxError('ParseBool', s);
}

/** Unwraps a parse result, making a failure test-fatal. */
export function orFatal<T>(r: Parsed<T>): T {
  if (!r.ok) {
    throw new DirectiveFatal(r.error);
  }
  return r.value;
}

/** CmdArg.Scan into a uint64 (test-fatal on failure). */
export function scanUint64(arg: CmdArg, i: number): bigint {
  return orFatal(parseUint64(valueAt(arg, i)));
}

/** CmdArg.Scan into an int (test-fatal on failure). */
export function scanInt(arg: CmdArg, i: number): number {
  return Number(orFatal(parseInt64(valueAt(arg, i))));
}

/** CmdArg.Scan into a bool (test-fatal on failure). */
export function scanBool(arg: CmdArg, i: number): boolean {
  return orFatal(parseBool(valueAt(arg, i)));
}

function valueAt(arg: CmdArg, i: number): string {
  const v = arg.vals[i];
  if (v === undefined) {
    throw new DirectiveFatal(`cannot scan index ${i} of key ${arg.key}`);
  }
  return v;
}

/** TestData.ScanArgs for a key with exactly one value; the scan function decides the type. */
export function scanSingleArg<T>(d: Directive, key: string, scan: (arg: CmdArg, i: number) => T): T {
  const arg = d.cmdArgs.find((a) => a.key === key);
  if (arg === undefined) {
    throw new DirectiveFatal(`${d.pos}: missing argument: ${key}`);
  }
  if (arg.vals.length !== 1) {
    throw new DirectiveFatal(`${d.pos}: ${arg.key}: got 1 destinations, but ${arg.vals.length} values`);
  }
  try {
    return scan(arg, 0);
  } catch (e) {
    if (e instanceof DirectiveFatal) {
      throw new DirectiveFatal(`${d.pos}: ${arg.key}: failed to scan argument 0: ${e.message}`);
    }
    throw e;
  }
}

/** interaction_env_handler.go: firstAsInt — the first argument's key as an int. */
export function firstAsInt(d: Directive): number {
  const first = d.cmdArgs[0];
  if (first === undefined) {
    throw new DirectiveFatal(`${d.pos}: ${d.cmd}: missing argument`);
  }
  return orFatal(atoi(first.key));
}

/** interaction_env_handler.go: firstAsNodeIdx — the first argument as a 0-based node position. */
export function firstAsNodeIdx(d: Directive): number {
  return firstAsInt(d) - 1;
}

/** interaction_env_handler.go: nodeIdxs — every value-less argument as a 0-based node position. */
export function nodeIdxs(d: Directive): number[] {
  return d.cmdArgs.filter((a) => a.vals.length === 0).map((a) => orFatal(atoi(a.key)) - 1);
}
