/**
 * Checking a typed command before the harness runs it. The harness treats many script mistakes
 * as test-fatal (it throws); in the lab a mistake must instead be a clear message next to the
 * command line, so everything the harness would choke on is caught here first, as a value.
 */
import { parseLine, type CmdArg } from '../../../interaction/datadriven';
import { confChangesFromString } from '../../../raft/raftpb/confchange';
import {
  commandSpec,
  logLevels,
  messageTypeNames,
  type CommandSpec,
  type OptionSpec,
  type PositionalKind,
} from './commands';

/** The most nodes the lab creates: a bound so that a typo like `add-nodes 1000` cannot hang the page. */
export const maxLabNodes = 9;

/** What is wrong with a typed command; the view turns it into words (i18n). */
export type CommandError =
  | { readonly kind: 'empty' }
  | { readonly kind: 'comment' }
  | { readonly kind: 'syntax'; readonly message: string }
  | { readonly kind: 'unknown-command'; readonly cmd: string }
  | { readonly kind: 'no-nodes'; readonly cmd: string }
  | { readonly kind: 'missing-argument'; readonly what: string }
  | { readonly kind: 'extra-argument'; readonly value: string }
  | { readonly kind: 'bad-node'; readonly value: string; readonly max: number }
  | { readonly kind: 'bad-number'; readonly key: string; readonly value: string }
  | { readonly kind: 'bad-bool'; readonly key: string; readonly value: string }
  | { readonly kind: 'bad-choice'; readonly key: string; readonly value: string; readonly allowed: string }
  | { readonly kind: 'unknown-option'; readonly key: string }
  | { readonly kind: 'missing-option'; readonly key: string }
  | { readonly kind: 'too-many-nodes'; readonly max: number }
  | { readonly kind: 'bad-data' }
  | { readonly kind: 'deliver-and-drop'; readonly id: string }
  | { readonly kind: 'bad-input'; readonly message: string }
  | { readonly kind: 'v1-needs-one-change' };

export type CommandCheck =
  | { readonly ok: true; readonly line: string; readonly input: string; readonly cmd: string }
  | { readonly ok: false; readonly error: CommandError };

/** What the checker needs to know about the current environment. */
export interface CommandContext {
  readonly nodeCount: number;
}

const uintPattern = /^[0-9]+$/;
const intPattern = /^[+-]?[0-9]+$/;
const boolWords = new Set(['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False']);

type Problem = CommandError | undefined;

/** Checks one command line (and, for propose-conf-change, its input block). */
export function checkCommand(lineText: string, inputText: string, ctx: CommandContext): CommandCheck {
  const line = lineText.trim();
  // The harness splits conf changes on single spaces, so any run of whitespace becomes one.
  const input = inputText.trim().replace(/\s+/g, ' ');
  if (line === '') return fail({ kind: 'empty' });
  if (line.startsWith('#')) return fail({ kind: 'comment' });
  if (line.endsWith('\\') || line === '----') return fail({ kind: 'syntax', message: line });
  const parsed = parseLine(line);
  if (parsed === undefined) return fail({ kind: 'empty' });
  if ('error' in parsed) return fail({ kind: 'syntax', message: parsed.error });
  const spec = commandSpec(parsed.cmd);
  if (spec === undefined) return fail({ kind: 'unknown-command', cmd: parsed.cmd });
  const problem =
    checkPositional(spec, parsed.cmdArgs, ctx) ??
    checkOptions(spec, parsed.cmdArgs, ctx) ??
    checkInput(spec, parsed.cmdArgs, input);
  if (problem !== undefined) return fail(problem);
  return { ok: true, line, input: spec.input === undefined ? '' : input, cmd: spec.name };
}

function fail(error: CommandError): CommandCheck {
  return { ok: false, error };
}

function checkNode(value: string, ctx: CommandContext): Problem {
  if (!uintPattern.test(value)) return { kind: 'bad-node', value, max: ctx.nodeCount };
  const id = Number(value);
  return id >= 1 && id <= ctx.nodeCount ? undefined : { kind: 'bad-node', value, max: ctx.nodeCount };
}

function needsNodes(p: PositionalKind): boolean {
  return (
    p.kind === 'node' || p.kind === 'node-then' || p.kind === 'node-pair' || (p.kind === 'nodes' && p.min > 0)
  );
}

function checkPositional(spec: CommandSpec, args: readonly CmdArg[], ctx: CommandContext): Problem {
  const p = spec.positional;
  const bare = args.filter((a) => a.vals.length === 0).map((a) => a.key);
  if ((needsNodes(p) || spec.name === 'transfer-leadership') && ctx.nodeCount === 0) {
    return { kind: 'no-nodes', cmd: spec.name };
  }
  switch (p.kind) {
    case 'none':
      return extra(bare, 0);
    case 'node':
      return exactly(bare, 1, 'node') ?? checkNode(bare[0] ?? '', ctx);
    case 'node-pair':
      return exactly(bare, 2, 'node') ?? checkNode(bare[0] ?? '', ctx) ?? checkNode(bare[1] ?? '', ctx);
    case 'nodes':
      if (bare.length < p.min) return { kind: 'missing-argument', what: 'node' };
      return firstProblem(bare.map((v) => checkNode(v, ctx)));
    case 'recipients':
      return firstProblem(bare.map((v) => checkNode(v, ctx)));
    case 'node-then':
      return checkNodeThen(p.what, args, ctx);
    case 'count':
      return checkCount(bare, ctx);
    case 'level':
      return exactly(bare, 1, 'level') ?? checkLevel('log-level', bare[0] ?? '');
  }
}

function checkNodeThen(what: 'data' | 'index', args: readonly CmdArg[], ctx: CommandContext): Problem {
  const [first, second, third] = args;
  if (first === undefined || first.vals.length > 0) return { kind: 'missing-argument', what: 'node' };
  const nodeProblem = checkNode(first.key, ctx);
  if (nodeProblem !== undefined) return nodeProblem;
  if (second === undefined) return { kind: 'missing-argument', what };
  if (third !== undefined) return { kind: 'extra-argument', value: third.key };
  if (what === 'data') return second.vals.length > 0 ? { kind: 'bad-data' } : undefined;
  if (second.vals.length > 0 || !uintPattern.test(second.key)) {
    return { kind: 'bad-number', key: 'index', value: second.key };
  }
  return undefined;
}

function checkCount(bare: readonly string[], ctx: CommandContext): Problem {
  const problem = exactly(bare, 1, 'count');
  if (problem !== undefined) return problem;
  const value = bare[0] ?? '';
  if (!uintPattern.test(value) || Number(value) < 1) return { kind: 'bad-number', key: 'count', value };
  return ctx.nodeCount + Number(value) > maxLabNodes
    ? { kind: 'too-many-nodes', max: maxLabNodes }
    : undefined;
}

function exactly(bare: readonly string[], n: number, what: string): Problem {
  if (bare.length < n) return { kind: 'missing-argument', what };
  return extra(bare, n);
}

function extra(bare: readonly string[], n: number): Problem {
  const value = bare[n];
  return value === undefined ? undefined : { kind: 'extra-argument', value };
}

function firstProblem(problems: readonly Problem[]): Problem {
  return problems.find((p) => p !== undefined);
}

function checkOptions(spec: CommandSpec, args: readonly CmdArg[], ctx: CommandContext): Problem {
  const seen = new Set<string>();
  for (const arg of args) {
    if (arg.vals.length === 0) continue;
    const opt = spec.options.find((o) => o.key === arg.key);
    if (opt === undefined) return { kind: 'unknown-option', key: arg.key };
    seen.add(opt.key);
    const problem = firstProblem(arg.vals.map((v) => checkValue(opt, v, ctx)));
    if (problem !== undefined) return problem;
  }
  const missing = spec.options.find((o) => o.required === true && !seen.has(o.key));
  if (missing !== undefined) return { kind: 'missing-option', key: missing.key };
  return spec.name === 'deliver-msgs' ? checkDeliverAndDrop(args) : undefined;
}

function checkValue(opt: OptionSpec, value: string, ctx: CommandContext): Problem {
  const key = opt.key;
  switch (opt.kind) {
    case 'bool':
      return boolWords.has(value) ? undefined : { kind: 'bad-bool', key, value };
    case 'uint':
      return uintPattern.test(value) ? undefined : { kind: 'bad-number', key, value };
    case 'int':
      if (!intPattern.test(value)) return { kind: 'bad-number', key, value };
      return key === 'timeout' && Number(value) < 1 ? { kind: 'bad-number', key, value } : undefined;
    case 'node':
      return checkNode(value, ctx);
    case 'node-list':
      return uintPattern.test(value) && Number(value) >= 1 ? undefined : { kind: 'bad-number', key, value };
    case 'level':
      return checkLevel(key, value);
    case 'msg-type':
      return choice(key, value, messageTypeNames);
    case 'enum':
      return choice(key, value, opt.values ?? []);
  }
}

function checkLevel(key: string, value: string): Problem {
  return choice(key, value.toUpperCase(), logLevels, value);
}

function choice(key: string, value: string, allowed: readonly string[], shown = value): Problem {
  return allowed.includes(value)
    ? undefined
    : { kind: 'bad-choice', key, value: shown, allowed: allowed.join(', ') };
}

// The harness stops the whole script when one ID is both delivered and dropped.
function checkDeliverAndDrop(args: readonly CmdArg[]): Problem {
  const delivered = new Set(args.filter((a) => a.vals.length === 0).map((a) => Number(a.key)));
  for (const arg of args) {
    if (arg.key !== 'drop') continue;
    const clash = arg.vals.find((v) => delivered.has(Number(v)));
    if (clash !== undefined) return { kind: 'deliver-and-drop', id: clash };
  }
  return undefined;
}

function checkInput(spec: CommandSpec, args: readonly CmdArg[], input: string): Problem {
  if (spec.input === undefined) return undefined;
  const changes = confChangesFromString(input);
  if (!changes.ok) return { kind: 'bad-input', message: changes.error };
  const v1 = args
    .find((a) => a.key === 'v1')
    ?.vals.some((v) => ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v));
  // The harness indexes the first change of a v1 proposal without checking (a Go panic).
  return v1 === true && changes.value.length === 0 ? { kind: 'v1-needs-one-change' } : undefined;
}
