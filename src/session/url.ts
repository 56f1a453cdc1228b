/**
 * The session in the URL: seed, scenario, size, cursor and the user's input log, in the query of
 * the cluster route's hash (`#/?seed=7&scenario=normal-startup&size=3&cursor=1234&in=…`), so a
 * link works from file:// and a teacher can hand a whole class the same moment of the same run.
 *
 * Inputs are compact: `step,atUs,op[,member[,key[,value]]]` joined by `;`, numbers in base 36,
 * key and value URI-encoded (which escapes `,` and `;`). ops: p put, g get, s serializable get,
 * d delete, c crash, r restart, i isolate, h heal.
 *
 * Parsing never throws: a bad parameter is a `bad-url` error value naming the parameter (and the
 * input's position), and the caller falls back to defaults for the whole state.
 */
import * as z from 'zod/mini';
import { builtinScenarioNames } from '../cluster/scenarios';
import { maxClusterSize } from '../cluster/cluster';
import type { TimedInput, UserInput } from './types';
import { maxRunSteps, maxSeed } from '../sim/limits';
import {
  encodeExtraFault,
  extraFaultOps,
  isExtraFault,
  isExtraFaultKind,
  parseExtraFault,
} from './inputs/fault_inputs';
import { encodeMemberInput, isMemberInput, memberOps, parseMemberInput } from './inputs/member_inputs';

export interface UrlState {
  readonly seed: number;
  readonly scenario: string;
  /** Absent = the scenario's own size. */
  readonly size?: number;
  readonly cursor: number;
  readonly inputs: readonly TimedInput[];
}

/** Why a URL was refused: `code` picks the translated message; `where` is the parameter. */
export interface BadUrlError {
  readonly kind: 'bad-url';
  readonly code: 'seed' | 'scenario' | 'size' | 'cursor' | 'inputs' | 'unknown-param' | 'too-long';
  readonly where: string;
  readonly value: string;
  /** The English sentence (tests and logs); the UI translates by code. */
  readonly message: string;
}

export type UrlParse =
  | { readonly ok: true; readonly state: UrlState | null }
  | { readonly ok: false; readonly errors: readonly BadUrlError[] };

export { maxSeed } from '../sim/limits';
/** The cursor's bound: the run's step limit (src/sim/limits.ts). */
export const maxCursor = maxRunSteps;
export const maxInputs = 500;
export const maxUrlChars = 20_000;

const knownParams = new Set(['seed', 'scenario', 'size', 'cursor', 'in']);

const intString = (min: number, max: number) =>
  z.pipe(
    z.pipe(z.string().check(z.regex(/^\d{1,10}$/)), z.transform(Number)),
    z.number().check(z.int(), z.gte(min), z.lte(max)),
  );

const paramsSchema = z.object({
  seed: intString(0, maxSeed),
  scenario: z.enum(builtinScenarioNames as [string, ...string[]]),
  size: z.optional(intString(1, maxClusterSize)),
  cursor: z.optional(intString(0, maxCursor)),
});

const opCodes: Readonly<Record<string, UserInput['kind'] | 'sget'>> = {
  p: 'put',
  g: 'get',
  s: 'sget',
  d: 'delete',
  c: 'crash',
  r: 'restart',
  i: 'isolate',
  h: 'heal',
  ...extraFaultOps,
  ...memberOps,
};

const messages: Readonly<Record<BadUrlError['code'], (v: string) => string>> = {
  seed: (v) => `must be a whole number from 0 to ${maxSeed} (got "${v}")`,
  scenario: (v) => `unknown scenario "${v}" (expected one of ${builtinScenarioNames.join(', ')})`,
  size: (v) => `must be a whole number from 1 to ${maxClusterSize} (got "${v}")`,
  cursor: (v) => `must be a whole number from 0 to ${maxCursor} (got "${v}")`,
  inputs: (v) => `cannot read the input "${v}"`,
  'unknown-param': (v) => `unknown parameter "${v}"`,
  'too-long': (v) => `the link is longer than ${maxUrlChars} characters (${v})`,
};

function bad(code: BadUrlError['code'], where: string, value: string): BadUrlError {
  return { kind: 'bad-url', code, where, value, message: `${where}: ${messages[code](value)}` };
}

/** The query of a cluster-route hash (`#/?…`), or null when the hash carries no session. */
export function sessionQuery(hash: string): string | null {
  const m = /^#\/\?(.*)$/s.exec(hash);
  return m === null ? null : (m[1] ?? '');
}

/** Parses the hash of the page; `ok` with null state when there is nothing to restore. */
export function parseSessionHash(hash: string): UrlParse {
  const q = sessionQuery(hash);
  if (q === null || q === '') return { ok: true, state: null };
  if (q.length > maxUrlChars) return { ok: false, errors: [bad('too-long', 'url', `${q.length}`)] };
  const params = new URLSearchParams(q);
  const errors: BadUrlError[] = [];
  const raw: Record<string, string> = {};
  for (const [k, v] of params) {
    if (!knownParams.has(k)) errors.push(bad('unknown-param', k, k));
    else raw[k] = v;
  }
  const parsed = paramsSchema.safeParse({
    seed: raw.seed ?? '',
    scenario: raw.scenario ?? '',
    size: raw.size,
    cursor: raw.cursor,
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? 'url') as 'seed' | 'scenario' | 'size' | 'cursor';
      if (!errors.some((e) => e.where === key)) errors.push(bad(key, key, raw[key] ?? ''));
    }
  }
  const inputs = parseInputs(raw.in ?? '', errors);
  if (errors.length > 0 || !parsed.success) return { ok: false, errors };
  const p = parsed.data;
  return {
    ok: true,
    state: {
      seed: p.seed,
      scenario: p.scenario,
      ...(p.size === undefined ? {} : { size: p.size }),
      cursor: p.cursor ?? 0,
      inputs,
    },
  };
}

function parseInputs(text: string, errors: BadUrlError[]): TimedInput[] {
  if (text === '') return [];
  const parts = text.split(';');
  if (parts.length > maxInputs) {
    errors.push(bad('inputs', 'in', `${parts.length} inputs, at most ${maxInputs}`));
    return [];
  }
  const out: TimedInput[] = [];
  let lastStep = 0;
  for (let i = 0; i < parts.length; i++) {
    const t = parseInput(parts[i] ?? '');
    if (t === null || t.step < lastStep) {
      errors.push(bad('inputs', `in[${i}]`, parts[i] ?? ''));
      continue;
    }
    lastStep = t.step;
    out.push(t);
  }
  return out;
}

const base36 = /^[0-9a-z]{1,10}$/;

function num36(s: string | undefined, max: number): number | null {
  if (s === undefined || !base36.test(s)) return null;
  const n = parseInt(s, 36);
  return Number.isSafeInteger(n) && n <= max ? n : null;
}

function decode(s: string | undefined): string | null {
  if (s === undefined) return null;
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

function parseInput(text: string): TimedInput | null {
  const f = text.split(',');
  const step = num36(f[0], maxCursor);
  const atUs = num36(f[1], Number.MAX_SAFE_INTEGER);
  const op = opCodes[f[2] ?? ''];
  const member = num36(f[3], maxClusterSize - 1);
  if (step === null || atUs === null || op === undefined || member === null) return null;
  const key = decode(f[4]);
  const value = decode(f[5]);
  let input: UserInput;
  if (memberOps[f[2] ?? ''] !== undefined) {
    const m = parseMemberInput(f[2] ?? '', member, f, num36, maxClusterSize - 1);
    return m === null ? null : { step, atUs, input: m };
  }
  if (isExtraFaultKind(op)) {
    const extra = parseExtraFault(op, member, f, num36, maxClusterSize - 1);
    return extra === null ? null : { step, atUs, input: extra };
  }
  switch (op) {
    case 'crash':
    case 'restart':
    case 'isolate':
    case 'heal':
      if (f.length !== 4) return null;
      input = { kind: op, member };
      break;
    case 'put':
      if (f.length !== 6 || key === null || value === null) return null;
      input = { kind: 'put', member, key, value };
      break;
    case 'get':
    case 'sget':
      if (f.length !== 5 || key === null) return null;
      input = { kind: 'get', member, key, serializable: op === 'sget' };
      break;
    case 'delete':
      if (f.length !== 5 || key === null) return null;
      input = { kind: 'delete', member, key };
      break;
    default:
      return null;
  }
  return { step, atUs, input };
}

function encodeInput(t: TimedInput): string {
  const head = [t.step.toString(36), t.atUs.toString(36)];
  const i = t.input;
  if (isExtraFault(i)) return `${head.join(',')},${encodeExtraFault(i)}`;
  if (isMemberInput(i)) return `${head.join(',')},${encodeMemberInput(i)}`;
  const m = i.member.toString(36);
  const enc = encodeURIComponent;
  switch (i.kind) {
    case 'crash':
      return [...head, 'c', m].join(',');
    case 'restart':
      return [...head, 'r', m].join(',');
    case 'isolate':
      return [...head, 'i', m].join(',');
    case 'heal':
      return [...head, 'h', m].join(',');
    case 'put':
      return [...head, 'p', m, enc(i.key), enc(i.value)].join(',');
    case 'get':
      return [...head, i.serializable ? 's' : 'g', m, enc(i.key)].join(',');
    case 'delete':
      return [...head, 'd', m, enc(i.key)].join(',');
  }
}

/** The hash for a state (the inverse of parseSessionHash). */
export function formatSessionHash(s: UrlState): string {
  const parts = [`seed=${s.seed}`, `scenario=${encodeURIComponent(s.scenario)}`];
  if (s.size !== undefined) parts.push(`size=${s.size}`);
  parts.push(`cursor=${s.cursor}`);
  // URLSearchParams decodes '+' to space and '%xx' once: encode the whole list once more.
  if (s.inputs.length > 0) parts.push(`in=${encodeURIComponent(s.inputs.map(encodeInput).join(';'))}`);
  return `#/?${parts.join('&')}`;
}
