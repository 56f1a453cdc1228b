/**
 * Scenarios as data: a JSON document naming the members, config overrides, the seed, a client
 * workload, a timeline of actions (faults, client requests, membership changes) that fire at a
 * virtual time or when a predicate holds, captions in English and Simplified Chinese, and an
 * `expect` block stating the effect the scenario is meant to show, for a runner to assert.
 *
 * parseScenario never throws on bad input: it returns every problem it found as a
 * BadScenarioError naming the field (`timeline[3].action`) and what is wrong, so the UI can keep
 * the current run and point at the mistake. serializeScenario prints the canonical JSON form;
 * parseScenario(serializeScenario(s)) gives back s.
 *
 * Timeline semantics (for the runner): entries fire in order, one after the other. An `at` entry
 * fires at that virtual time, or right after the previous entry if that fired later; a `when`
 * entry is armed once the previous entry fired, and fires `after` (default 0) once its predicate
 * holds.
 */
import * as z from 'zod/mini';
import { formatDuration } from './duration';
import { maxJsonDepth, maxValueBytes, nestsDeeperThan } from './limits';
import { maxSeed } from '../sim/limits';
import {
  actionFields,
  actionJson,
  actionNames,
  memberNamePattern,
  memberRefs,
  memberRoles,
  messageTypeNames,
  rangeJson,
  toAction,
} from './scenario_action';
import type { ActionName, ScenarioAction } from './scenario_action';
import { scenarioConfigKeyNames, scenarioConfigKeys } from './scenario_config';
import type { ConfigKeySpec, LatencyRange, ScenarioConfig } from './scenario_config';
import { formatComparison, formatPredicate, parsePredicate } from './scenario_predicate';
import type { Comparison, Predicate } from './scenario_predicate';
import {
  badScenario,
  caption,
  captionSchema,
  comparisonSchema,
  durationSchema,
  fromZodIssues,
  joinPath,
  rangeSchema,
  strict,
} from './scenario_zod';
import type { BadScenarioError, Caption } from './scenario_zod';

export type { BadScenarioError, Caption } from './scenario_zod';
export { formatScenarioError } from './scenario_zod';
export type { ScenarioAction, ActionName, MemberRef } from './scenario_action';

export const maxMembers = 7;

export interface Workload {
  /** Client requests offered per virtual second, over all clients. */
  readonly opsPerSecond: number;
  /** The fraction of requests that are gets (the rest are puts). */
  readonly readRatio: number;
  readonly keySpace: number;
  readonly valueBytes: number;
  readonly reads: 'linearizable' | 'serializable';
  /** Where requests go: the current leader, each member in turn, or one member. */
  readonly target: string;
  readonly clients: number;
  /**
   * When the load starts: at startUs if given; otherwise when a `start-workload` action fires if
   * the timeline has one; otherwise at time 0.
   */
  readonly startUs?: number;
  readonly stopUs?: number;
}

export type Trigger =
  | { readonly kind: 'at'; readonly atUs: number }
  | { readonly kind: 'when'; readonly predicate: Predicate; readonly afterUs: number };

export type TimelineEntry = ScenarioAction & { readonly trigger: Trigger; readonly caption?: Caption };

export interface ScenarioExpect {
  /** Leaders elected after the first one (the initial election does not count). */
  readonly leaderChanges?: Comparison;
  /** The highest term at the end. */
  readonly term?: Comparison;
  /** The highest commit index at the end. */
  readonly commit?: Comparison;
  /** Some client request failed with an error whose text is this or starts with it. */
  readonly clientError?: string;
  readonly clientOk?: Comparison;
  readonly noClientErrors?: boolean;
  /** Messages delivered, by raft message type. */
  readonly messages?: Readonly<Record<string, Comparison>>;
  /** Voting members in the configuration at the end. */
  readonly votingMembers?: Comparison;
  /** The member (by name) that must not be the leader at the end. */
  readonly leaderIsNot?: string;
  /** Text that some member's log must contain (etcd or raft log messages). */
  readonly logContains?: readonly string[];
  readonly leaderElectedWithinUs?: number;
  readonly linearizable: boolean;
  readonly invariantsHold: boolean;
}

export interface Scenario {
  readonly name: string;
  readonly title: Caption;
  readonly description?: Caption;
  readonly seed: number;
  readonly members: readonly string[];
  readonly config: ScenarioConfig;
  readonly workload?: Workload;
  readonly durationUs: number;
  readonly timeline: readonly TimelineEntry[];
  readonly expect: ScenarioExpect;
}

export type ScenarioResult =
  | { readonly ok: true; readonly scenario: Scenario }
  | { readonly ok: false; readonly errors: readonly BadScenarioError[] };

function configFieldSchema(spec: ConfigKeySpec): z.ZodMiniType {
  switch (spec.kind) {
    case 'int':
      return z.number().check(z.int(), z.gte(spec.min), z.lte(spec.max ?? Number.MAX_SAFE_INTEGER));
    case 'bool':
      return z.boolean();
    case 'probability':
      return z.number().check(z.gte(0), z.lte(1));
    case 'duration':
      return durationSchema;
    case 'range':
      return rangeSchema;
  }
}

const configSchema = strict(
  Object.fromEntries(
    scenarioConfigKeyNames.map((k) => [k, z.optional(configFieldSchema(scenarioConfigKeys[k]))]),
  ),
);

const workloadSchema = strict({
  opsPerSecond: z.number().check(z.gte(0), z.lte(1_000_000)),
  readRatio: z._default(z.number().check(z.gte(0), z.lte(1)), 0),
  keySpace: z._default(z.number().check(z.int(), z.gte(1), z.lte(1_000_000)), 16),
  valueBytes: z._default(z.number().check(z.int(), z.gte(0), z.lte(maxValueBytes)), 8),
  reads: z._default(z.enum(['linearizable', 'serializable']), 'linearizable'),
  target: z._default(z.string().check(z.minLength(1)), 'leader'),
  clients: z._default(z.number().check(z.int(), z.gte(1), z.lte(1024)), 1),
  start: z.optional(durationSchema),
  stop: z.optional(durationSchema),
});

const expectSchema = strict({
  leaderChanges: z.optional(comparisonSchema),
  term: z.optional(comparisonSchema),
  commit: z.optional(comparisonSchema),
  clientError: z.optional(z.string().check(z.minLength(1))),
  clientOk: z.optional(comparisonSchema),
  noClientErrors: z.optional(z.boolean()),
  messages: z.optional(
    z.record(z.string(), comparisonSchema).check(
      z.superRefine((rec, ctx) => {
        for (const t of Object.keys(rec)) {
          if (!messageTypeNames.includes(t)) {
            ctx.addIssue({
              code: 'custom',
              path: [t],
              message: `unknown raft message type "${t}" (expected one of ${messageTypeNames.join(', ')})`,
            });
          }
        }
      }),
    ),
  ),
  votingMembers: z.optional(comparisonSchema),
  leaderIsNot: z.optional(z.string().check(z.minLength(1))),
  logContains: z.optional(z.array(z.string().check(z.minLength(1)))),
  leaderElectedWithin: z.optional(durationSchema),
  linearizable: z._default(z.boolean(), true),
  invariantsHold: z._default(z.boolean(), true),
});

const membersSchema = z.union([
  z.number().check(z.int(), z.gte(1), z.lte(maxMembers)),
  z.array(z.string().check(z.regex(memberNamePattern))).check(z.minLength(1), z.maxLength(maxMembers)),
]);

const documentSchema = strict({
  name: z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,63}$/)),
  title: captionSchema,
  description: z.optional(captionSchema),
  seed: z._default(z.number().check(z.int(), z.gte(0), z.lte(maxSeed)), 1),
  members: membersSchema,
  config: z._default(configSchema, {}),
  workload: z.optional(workloadSchema),
  duration: durationSchema,
  timeline: z._default(z.array(z.unknown()).check(z.maxLength(10_000)), []),
  expect: z._default(expectSchema, { linearizable: true, invariantsHold: true }),
});

/** Parses a scenario from JSON text. */
export function parseScenarioJson(text: string): ScenarioResult {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return { ok: false, errors: [badScenario('', `invalid JSON: ${(e as Error).message}`)] };
  }
  return parseScenario(doc);
}

/** Validates a scenario document (already parsed from JSON, or written as a literal). */
export function parseScenario(doc: unknown): ScenarioResult {
  if (nestsDeeperThan(doc, maxJsonDepth)) {
    return { ok: false, errors: [badScenario('', `nests deeper than ${maxJsonDepth} levels`)] };
  }
  const top = documentSchema.safeParse(doc, { reportInput: true });
  if (!top.success) {
    // Report the timeline's problems too, so one round of fixes is enough.
    const errors = fromZodIssues('', top.error.issues);
    const timeline = (doc as { timeline?: unknown } | null)?.timeline;
    if (Array.isArray(timeline)) timeline.forEach((entry, i) => parseEntry(entry, `timeline[${i}]`, errors));
    return { ok: false, errors };
  }
  const d = top.data;
  const errors: BadScenarioError[] = [];
  const members = typeof d.members === 'number' ? defaultMemberNames(d.members) : d.members;
  checkUniqueNames(members, errors);
  const timeline = d.timeline
    .map((entry, i) => parseEntry(entry, `timeline[${i}]`, errors))
    .filter((e) => e !== undefined);
  const config = d.config as ScenarioConfig;
  if (
    config.heartbeatMs !== undefined &&
    config.tickMs !== undefined &&
    config.heartbeatMs !== config.tickMs
  ) {
    errors.push(
      badScenario(
        'config.heartbeatMs',
        `conflicts with config.tickMs (${config.tickMs}): etcd's --heartbeat-interval is the tick`,
      ),
    );
  }
  if (errors.length === 0) checkNames(members, timeline, d, errors);
  if (errors.length > 0) return { ok: false, errors };
  const scenario: Scenario = {
    name: d.name,
    title: caption(d.title),
    ...(d.description === undefined ? {} : { description: caption(d.description) }),
    seed: d.seed,
    members,
    config,
    ...(d.workload === undefined ? {} : { workload: workloadOf(d.workload) }),
    durationUs: d.duration,
    timeline,
    expect: expectOf(d.expect),
  };
  return { ok: true, scenario };
}

/** infra1 … infraN, the names etcd's own examples use. */
export function defaultMemberNames(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `infra${i + 1}`);
}

function checkUniqueNames(members: readonly string[], errors: BadScenarioError[]): void {
  members.forEach((m, i) => {
    if (members.indexOf(m) !== i) errors.push(badScenario(`members[${i}]`, `duplicate member name "${m}"`));
    if ((memberRoles as readonly string[]).includes(m)) {
      errors.push(
        badScenario(`members[${i}]`, `"${m}" is reserved (it names a role: ${memberRoles.join(', ')})`),
      );
    }
  });
}

const triggerFields = {
  at: z.optional(durationSchema),
  when: z.optional(z.string()),
  after: z.optional(durationSchema),
  caption: z.optional(captionSchema),
};

function parseEntry(entry: unknown, path: string, errors: BadScenarioError[]): TimelineEntry | undefined {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    errors.push(badScenario(path, 'expected an object with an "action"'));
    return undefined;
  }
  const name = (entry as { action?: unknown }).action;
  if (typeof name !== 'string' || !(actionNames as readonly string[]).includes(name)) {
    const shown = name === undefined ? 'missing action' : `unknown action ${JSON.stringify(name)}`;
    errors.push(badScenario(`${path}.action`, `${shown} (expected one of ${actionNames.join(', ')})`));
    return undefined;
  }
  const action = name as ActionName;
  const schema = strict({ ...triggerFields, action: z.literal(action), ...actionFields[action] });
  const r = schema.safeParse(entry, { reportInput: true });
  if (!r.success) {
    errors.push(...fromZodIssues(path, r.error.issues));
    return undefined;
  }
  const {
    at,
    when,
    after,
    caption: cap,
    action: _a,
    ...fields
  } = r.data as Record<string, unknown> & {
    at?: number;
    when?: string;
    after?: number;
    caption?: { en: string; 'zh-CN'?: string };
  };
  const trigger = triggerOf(at, when, after, path, errors);
  const a = toAction(action, fields);
  if (a.action === 'put' && (a.value === undefined) === (a.valueBytes === undefined)) {
    errors.push(badScenario(`${path}.value`, 'a put needs exactly one of "value" or "valueBytes"'));
  }
  if (trigger === undefined) return undefined;
  return { ...a, trigger, ...(cap === undefined ? {} : { caption: caption(cap) }) };
}

function triggerOf(
  at: number | undefined,
  when: string | undefined,
  after: number | undefined,
  path: string,
  errors: BadScenarioError[],
): Trigger | undefined {
  if ((at === undefined) === (when === undefined)) {
    errors.push(badScenario(path, 'needs exactly one of "at" (a virtual time) or "when" (a predicate)'));
    return undefined;
  }
  if (at !== undefined) {
    if (after !== undefined)
      errors.push(badScenario(`${path}.after`, '"after" goes with "when", not with "at"'));
    return { kind: 'at', atUs: at };
  }
  const p = parsePredicate(when as string);
  if (!p.ok) {
    errors.push(badScenario(`${path}.when`, p.message));
    return undefined;
  }
  return { kind: 'when', predicate: p.value, afterUs: after ?? 0 };
}

/** Every member reference names a member (or a role); names added by add-member count. */
function checkNames(
  members: readonly string[],
  timeline: readonly TimelineEntry[],
  d: { workload?: { target: string } | undefined; expect: { leaderIsNot?: string | undefined } },
  errors: BadScenarioError[],
): void {
  const known = new Set<string>(members);
  for (const e of timeline) if (e.action === 'add-member') known.add(e.name);
  const list = Array.from(known).join(', ');
  const check = (path: string, ref: string, roles: readonly string[]): void => {
    if (!known.has(ref) && !roles.includes(ref)) {
      errors.push(
        badScenario(path, `unknown member "${ref}" (members are ${list}; or one of ${roles.join(', ')})`),
      );
    }
  };
  timeline.forEach((e, i) => {
    for (const r of memberRefs(e)) check(joinPath(`timeline[${i}]`, r.path), r.ref, memberRoles);
    if (e.action === 'add-member' && members.includes(e.name)) {
      errors.push(badScenario(`timeline[${i}].name`, `member "${e.name}" already exists`));
    }
    if (
      e.trigger.kind === 'when' &&
      e.trigger.predicate.kind === 'compare' &&
      e.trigger.predicate.member !== undefined
    ) {
      check(`timeline[${i}].when`, e.trigger.predicate.member, ['leader']);
    }
  });
  if (known.size > maxMembers)
    errors.push(badScenario('timeline', `more than ${maxMembers} members in all (${list})`));
  if (d.workload !== undefined) check('workload.target', d.workload.target, ['leader', 'round-robin']);
  if (d.expect.leaderIsNot !== undefined) check('expect.leaderIsNot', d.expect.leaderIsNot, []);
}

function workloadOf(w: z.output<typeof workloadSchema>): Workload {
  const { start, stop, ...rest } = w;
  return {
    ...rest,
    ...(start === undefined ? {} : { startUs: start }),
    ...(stop === undefined ? {} : { stopUs: stop }),
  };
}

function expectOf(e: z.output<typeof expectSchema>): ScenarioExpect {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(e)) {
    if (v === undefined) continue;
    out[k === 'leaderElectedWithin' ? 'leaderElectedWithinUs' : k] = v;
  }
  return out as unknown as ScenarioExpect;
}

/** The canonical JSON document of a scenario: defaults written out, times as duration text. */
export function scenarioToJson(s: Scenario): Record<string, unknown> {
  return {
    name: s.name,
    title: s.title,
    ...(s.description === undefined ? {} : { description: s.description }),
    seed: s.seed,
    members: s.members.slice(),
    config: configJson(s.config),
    ...(s.workload === undefined ? {} : { workload: workloadJson(s.workload) }),
    duration: formatDuration(s.durationUs),
    timeline: s.timeline.map(entryJson),
    expect: expectJson(s.expect),
  };
}

/** JSON text of a scenario; parseScenarioJson reads it back to an equal Scenario. */
export function serializeScenario(s: Scenario): string {
  return JSON.stringify(scenarioToJson(s), null, 2);
}

function configJson(c: ScenarioConfig): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of scenarioConfigKeyNames) {
    const v = c[key];
    if (v === undefined) continue;
    const kind = scenarioConfigKeys[key].kind;
    if (kind === 'duration') out[key] = formatDuration(v as number);
    else if (kind === 'range') out[key] = rangeJson(v as LatencyRange);
    else out[key] = v;
  }
  return out;
}

function workloadJson(w: Workload): Record<string, unknown> {
  const { startUs, stopUs, ...rest } = w;
  return {
    ...rest,
    ...(startUs === undefined ? {} : { start: formatDuration(startUs) }),
    ...(stopUs === undefined ? {} : { stop: formatDuration(stopUs) }),
  };
}

function entryJson(e: TimelineEntry): Record<string, unknown> {
  const { trigger, caption: cap, ...action } = e;
  const when =
    trigger.kind === 'at'
      ? { at: formatDuration(trigger.atUs) }
      : {
          when: formatPredicate(trigger.predicate),
          ...(trigger.afterUs === 0 ? {} : { after: formatDuration(trigger.afterUs) }),
        };
  return { ...when, ...actionJson(action as ScenarioAction), ...(cap === undefined ? {} : { caption: cap }) };
}

function expectJson(e: ScenarioExpect): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(e)) {
    if (v === undefined) continue;
    if (k === 'leaderElectedWithinUs') out.leaderElectedWithin = formatDuration(v as number);
    else if (k === 'messages') {
      out.messages = Object.fromEntries(
        Object.entries(v as Record<string, Comparison>).map(([t, c]) => [t, formatComparison(c)]),
      );
    } else if (isComparison(v)) out[k] = formatComparison(v);
    else out[k] = v;
  }
  return out;
}

function isComparison(v: unknown): v is Comparison {
  return typeof v === 'object' && v !== null && 'op' in v && 'value' in v;
}
