/**
 * The leaves of the scenario schema (durations, latency ranges, captions, comparisons, strict
 * objects) and the translation of zod's issues into the simulator's user errors: a field path
 * written the way a person would point at it (`timeline[3].member`) and a message that says what
 * was wrong in plain words.
 */
import * as z from 'zod/mini';
import type { core } from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import { formatDuration, parseDuration } from './duration';
import type { LatencyRange } from './scenario_config';
import { parseComparison } from './scenario_predicate';
import type { Comparison } from './scenario_predicate';

// zod/mini (tree-shakable) loads no locale by itself; the `invalid_format` and union messages
// users see come from the English one, as they did with classic zod.
z.config(en());

/** A user error in a scenario: where, and what is wrong there. */
export interface BadScenarioError {
  readonly kind: 'bad-scenario';
  /** e.g. `timeline[3].action`; empty for the document itself. */
  readonly path: string;
  readonly message: string;
}

/** `timeline[3].action: unknown action "crsh" (…)`. */
export function formatScenarioError(e: BadScenarioError): string {
  return e.path === '' ? e.message : `${e.path}: ${e.message}`;
}

export function badScenario(path: string, message: string): BadScenarioError {
  return { kind: 'bad-scenario', path, message };
}

export function joinPath(base: string, segments: readonly PropertyKey[]): string {
  let out = base;
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else out += out === '' ? String(s) : `.${String(s)}`;
  }
  return out;
}

/** A strict object whose unknown-key error lists the keys it does accept. */
export function strict<T extends core.$ZodLooseShape>(shape: T) {
  const allowed = Object.keys(shape).join(', ');
  return z.strictObject(shape, { error: (iss) => (iss.code === 'unrecognized_keys' ? allowed : undefined) });
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `the string ${JSON.stringify(v)}`;
  return `${typeof v} ${String(v)}`;
}

/** zod's issues as BadScenarioErrors under `base`. */
export function fromZodIssues(base: string, issues: readonly core.$ZodIssue[]): BadScenarioError[] {
  const out: BadScenarioError[] = [];
  for (const iss of issues) {
    const path = joinPath(base, iss.path);
    switch (iss.code) {
      case 'unrecognized_keys':
        for (const key of iss.keys)
          out.push(badScenario(joinPath(path, [key]), `unknown field (expected one of ${iss.message})`));
        break;
      case 'invalid_type':
        out.push(
          badScenario(
            path,
            iss.input === undefined ? 'is required' : `expected ${iss.expected}, got ${kindOf(iss.input)}`,
          ),
        );
        break;
      case 'invalid_value':
        out.push(
          badScenario(
            path,
            `${JSON.stringify(iss.input)} is not one of ${iss.values.map((v) => String(v)).join(', ')}`,
          ),
        );
        break;
      case 'too_small':
        out.push(
          badScenario(
            path,
            iss.origin === 'array'
              ? `must have at least ${String(iss.minimum)} item(s)`
              : `must be ≥ ${String(iss.minimum)}`,
          ),
        );
        break;
      case 'too_big':
        out.push(
          badScenario(
            path,
            iss.origin === 'array'
              ? `must have at most ${String(iss.maximum)} item(s)`
              : `must be ≤ ${String(iss.maximum)}`,
          ),
        );
        break;
      case 'invalid_format':
        out.push(badScenario(path, `${kindOf(iss.input)} is not valid here (${iss.message})`));
        break;
      default:
        out.push(badScenario(path, iss.message));
    }
  }
  return out;
}

/** What a transform may do besides returning a value: report an issue, as classic zod's ctx did. */
interface IssueSink {
  addIssue(issue: { code: 'custom'; message: string; path?: PropertyKey[] }): void;
}

/**
 * `z.unknown().transform(fn)` of classic zod, in zod/mini: mini's transform hands the parse
 * payload itself to `fn`, so the issues are pushed onto it here (with the input, like classic).
 */
function transformUnknown<O>(fn: (v: unknown, ctx: IssueSink) => O) {
  return z.pipe(
    z.unknown(),
    z.transform((v: unknown, payload: core.ParsePayload): O =>
      fn(v, { addIssue: (issue) => payload.issues.push({ ...issue, input: v } as core.$ZodRawIssue) }),
    ),
  );
}

/** A duration: "1.5s", "200ms", "2m", or a number of milliseconds; parsed to µs. */
export const durationSchema = transformUnknown((v, ctx): number => {
  if (v === undefined) {
    ctx.addIssue({ code: 'custom', message: 'is required' });
    return z.NEVER;
  }
  if (typeof v !== 'string' && typeof v !== 'number') {
    ctx.addIssue({
      code: 'custom',
      message: `expected a duration such as "1.5s", "200ms" or a number of milliseconds, got ${kindOf(v)}`,
    });
    return z.NEVER;
  }
  const r = parseDuration(v);
  if (!r.ok) {
    ctx.addIssue({ code: 'custom', message: r.message });
    return z.NEVER;
  }
  return r.us;
});

/** A latency: one duration (fixed) or { min, max }. */
export const rangeSchema = transformUnknown((v, ctx): LatencyRange => {
  if (v === undefined) {
    ctx.addIssue({ code: 'custom', message: 'is required' });
    return z.NEVER;
  }
  if (typeof v === 'string' || typeof v === 'number') {
    const r = parseDuration(v);
    if (r.ok) return { minUs: r.us, maxUs: r.us };
    ctx.addIssue({ code: 'custom', message: r.message });
    return z.NEVER;
  }
  const parsed = strict({ min: durationSchema, max: durationSchema }).safeParse(v, { reportInput: true });
  if (!parsed.success) {
    for (const e of fromZodIssues('', parsed.error.issues)) {
      ctx.addIssue({ code: 'custom', message: e.message, path: e.path === '' ? [] : e.path.split('.') });
    }
    if (typeof v !== 'object' || v === null) {
      ctx.addIssue({
        code: 'custom',
        message: `expected a duration or { "min": …, "max": … }, got ${kindOf(v)}`,
      });
    }
    return z.NEVER;
  }
  if (parsed.data.max < parsed.data.min) {
    ctx.addIssue({
      code: 'custom',
      path: ['max'],
      message: `must be ≥ min (${formatDuration(parsed.data.min)}), got ${formatDuration(parsed.data.max)}`,
    });
    return z.NEVER;
  }
  return { minUs: parsed.data.min, maxUs: parsed.data.max };
});

/** ">=1", "==0", or a number (equality). */
export const comparisonSchema = transformUnknown((v, ctx): Comparison => {
  if (v === undefined) {
    ctx.addIssue({ code: 'custom', message: 'is required' });
    return z.NEVER;
  }
  if (typeof v !== 'string' && typeof v !== 'number') {
    ctx.addIssue({
      code: 'custom',
      message: `expected a comparison such as ">=1" or a number, got ${kindOf(v)}`,
    });
    return z.NEVER;
  }
  const r = parseComparison(v);
  if (!r.ok) {
    ctx.addIssue({ code: 'custom', message: r.message });
    return z.NEVER;
  }
  return r.value;
});

export interface Caption {
  readonly en: string;
  readonly 'zh-CN'?: string;
}

export const captionSchema = strict({
  en: z.string().check(z.minLength(1)),
  'zh-CN': z.optional(z.string().check(z.minLength(1))),
});

/** A caption without `zh-CN: undefined` (exactOptionalPropertyTypes). */
export function caption(c: { en: string; 'zh-CN'?: string | undefined }): Caption {
  return c['zh-CN'] === undefined ? { en: c.en } : { en: c.en, 'zh-CN': c['zh-CN'] };
}
