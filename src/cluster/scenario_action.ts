/**
 * The actions a scenario's timeline can take, as data: their parsed types, one strict zod schema
 * per action, and the printer back to JSON. Every fault the cluster can inject at a step is here
 * (crash/restart, symmetric partitions, one-way cuts, heal, dropping or delaying messages, slow
 * disks and slow apply), plus client requests and membership changes.
 *
 * Members are referred to by name, or by role at the moment the action fires: `leader` (the
 * current leader), `follower` (the lowest-named live member that is not the leader) or
 * `crashed` (the member crashed most recently that is still down). A
 * partition lists groups; members named in no group form one more group together, so
 * `[["leader"]]` isolates the leader.
 */
import * as z from 'zod/mini';
import { MessageType } from '../raft/raftpb/types';
import { formatDuration } from './duration';
import { maxValueBytes } from './limits';
import type { LatencyRange } from './scenario_config';
import { durationSchema, rangeSchema } from './scenario_zod';

export type MemberRef = string;
export const memberRoles = ['leader', 'follower', 'crashed'] as const;

/** raft message type names (MsgApp, MsgHeartbeat, …) that may travel between members. */
export const messageTypeNames: readonly string[] = (() => {
  const names: string[] = [];
  for (let t = 0; MessageType[t] !== undefined; t++) names.push(MessageType[t] as string);
  return names;
})();

export type ScenarioAction =
  | { readonly action: 'crash'; readonly member: MemberRef }
  | { readonly action: 'restart'; readonly member: MemberRef }
  | { readonly action: 'partition'; readonly groups: readonly (readonly MemberRef[])[] }
  | { readonly action: 'cut-link'; readonly from: MemberRef; readonly to: MemberRef }
  | { readonly action: 'heal' }
  | {
      readonly action: 'drop-next';
      readonly from?: MemberRef;
      readonly to?: MemberRef;
      readonly messageType?: string;
      readonly count: number;
    }
  /** Holds back the next matching message(s) by exactly delayUs on top of the link latency. */
  | {
      readonly action: 'delay-next';
      readonly from?: MemberRef;
      readonly to?: MemberRef;
      readonly messageType?: string;
      readonly count: number;
      readonly delayUs: number;
    }
  | {
      readonly action: 'delay-link';
      readonly from: MemberRef;
      readonly to: MemberRef;
      readonly latency: LatencyRange;
      readonly symmetric: boolean;
    }
  | { readonly action: 'slow-disk'; readonly member: MemberRef; readonly fsyncLatency: LatencyRange }
  | { readonly action: 'slow-apply'; readonly member: MemberRef; readonly applyLatencyUs: number }
  | {
      readonly action: 'put';
      readonly key: string;
      readonly value?: string;
      /** A value of this many bytes instead of `value` (for the oversize-request lesson). */
      readonly valueBytes?: number;
      readonly member: MemberRef;
    }
  | {
      readonly action: 'get';
      readonly key: string;
      readonly member: MemberRef;
      readonly consistency: 'linearizable' | 'serializable';
    }
  | { readonly action: 'delete'; readonly key: string; readonly member: MemberRef }
  | { readonly action: 'transfer-leadership'; readonly to: MemberRef }
  /** MemberAdd through the leader, then start the new member joining the existing cluster. */
  | { readonly action: 'add-member'; readonly name: string; readonly learner: boolean }
  | { readonly action: 'promote-member'; readonly member: MemberRef }
  | { readonly action: 'remove-member'; readonly member: MemberRef }
  | { readonly action: 'start-workload' }
  | { readonly action: 'stop-workload' };

export type ActionName = ScenarioAction['action'];

export const memberNamePattern = /^[a-z][a-z0-9-]{0,31}$/;
const ref = z.string().check(z.minLength(1));
const key = z.string().check(z.minLength(1), z.maxLength(1024));
const messageType = z.enum(messageTypeNames as [string, ...string[]]);

/** The fields of each action (besides `action` and the trigger/caption fields every entry has). */
export const actionFields = {
  crash: { member: ref },
  restart: { member: ref },
  partition: { groups: z.array(z.array(ref).check(z.minLength(1))).check(z.minLength(1), z.maxLength(7)) },
  'cut-link': { from: ref, to: ref },
  heal: {},
  'drop-next': {
    from: z.optional(ref),
    to: z.optional(ref),
    messageType: z.optional(messageType),
    count: z._default(z.number().check(z.int(), z.gte(1), z.lte(1_000_000)), 1),
  },
  'delay-next': {
    from: z.optional(ref),
    to: z.optional(ref),
    messageType: z.optional(messageType),
    count: z._default(z.number().check(z.int(), z.gte(1), z.lte(1_000_000)), 1),
    delay: durationSchema,
  },
  'delay-link': { from: ref, to: ref, latency: rangeSchema, symmetric: z._default(z.boolean(), false) },
  'slow-disk': { member: ref, fsyncLatency: rangeSchema },
  'slow-apply': { member: ref, applyLatency: durationSchema },
  put: {
    key,
    value: z.optional(z.string()),
    valueBytes: z.optional(z.number().check(z.int(), z.gte(0), z.lte(maxValueBytes))),
    member: z._default(ref, 'leader'),
  },
  get: {
    key,
    member: z._default(ref, 'leader'),
    consistency: z._default(z.enum(['linearizable', 'serializable']), 'linearizable'),
  },
  delete: { key, member: z._default(ref, 'leader') },
  'transfer-leadership': { to: ref },
  'add-member': {
    name: z.string().check(z.regex(memberNamePattern)),
    learner: z._default(z.boolean(), false),
  },
  'promote-member': { member: ref },
  'remove-member': { member: ref },
  'start-workload': {},
  'stop-workload': {},
} as const satisfies Record<ActionName, Record<string, z.ZodMiniType>>;

export const actionNames = Object.keys(actionFields) as ActionName[];

/** JSON field → parsed field, where the parsed one carries its unit. */
const renamed: ReadonlyMap<string, string> = new Map([
  ['applyLatency', 'applyLatencyUs'],
  ['delay', 'delayUs'],
]);

/** Turns the fields zod parsed for `name` into a ScenarioAction (renames and drops undefined). */
export function toAction(name: ActionName, data: Record<string, unknown>): ScenarioAction {
  const out: Record<string, unknown> = { action: name };
  for (const [k, v] of Object.entries(data)) {
    if (v === undefined) continue;
    out[renamed.get(k) ?? k] = v;
  }
  return out as ScenarioAction;
}

export function rangeJson(r: LatencyRange): string | { min: string; max: string } {
  return r.minUs === r.maxUs
    ? formatDuration(r.minUs)
    : { min: formatDuration(r.minUs), max: formatDuration(r.maxUs) };
}

/** The JSON fields of an action, canonical (defaults written out, durations as text). */
export function actionJson(a: ScenarioAction): Record<string, unknown> {
  switch (a.action) {
    case 'delay-link':
      return { ...a, latency: rangeJson(a.latency) };
    case 'slow-disk':
      return { ...a, fsyncLatency: rangeJson(a.fsyncLatency) };
    case 'slow-apply': {
      const { applyLatencyUs, ...rest } = a;
      return { ...rest, applyLatency: formatDuration(applyLatencyUs) };
    }
    case 'delay-next': {
      const { delayUs, ...rest } = a;
      return { ...rest, delay: formatDuration(delayUs) };
    }
    case 'partition':
      return { action: a.action, groups: a.groups.map((g) => g.slice()) };
    default:
      return { ...a };
  }
}

/** The member references an action makes, with the field path of each (for name checks). */
export function memberRefs(a: ScenarioAction): { path: (string | number)[]; ref: MemberRef }[] {
  const out: { path: (string | number)[]; ref: MemberRef }[] = [];
  const fields: readonly string[] = ['member', 'from', 'to'];
  for (const f of fields) {
    const v = (a as Record<string, unknown>)[f];
    if (typeof v === 'string') out.push({ path: [f], ref: v });
  }
  if (a.action === 'partition') {
    a.groups.forEach((g, i) => g.forEach((r, j) => out.push({ path: ['groups', i, j], ref: r })));
  }
  return out;
}
