/**
 * A lesson as data: a scenario and seed, then moments. Each moment runs until a goal over the
 * run's observations holds (./lesson_goal.ts), shows a caption in English and 简体中文, names
 * the regions to highlight, and may first ask the class a prediction whose answer the run then
 * reveals (each answer carries the check that is true when it is what happened). Validated with
 * zod; problems say what and where, in the scenario format's words.
 */
import * as z from 'zod/mini';
import { builtinScenarioNames } from '../cluster/scenarios';
import { nestsDeeperThan, maxJsonDepth } from '../cluster/limits';
import { badScenario, durationSchema, fromZodIssues, strict } from '../cluster/scenario_zod';
import type { BadScenarioError } from '../cluster/scenario_zod';
import { maxSeed } from '../sim/limits';
import { readySteps } from '../etcd/ready_step';
import { messageTypeNames } from '../cluster/scenario_action';
import type { ReadyStep } from '../etcd/ready_step';
import type { LeaderChangeCause } from './types';

/** Every word a class reads, in both languages. */
export interface BilingualText {
  readonly en: string;
  readonly 'zh-CN': string;
}

export const lessonRegions = ['cluster', 'ready', 'gauges', 'timeline', 'code', 'events'] as const;
export type LessonRegion = (typeof lessonRegions)[number];

/** Where a moment ends: the first position, after the previous moment, where it holds. */
export type LessonGoal =
  /** A member wins an election. */
  | { readonly goal: 'leader-elected' }
  /** A leader loses leadership with no successor yet (crash, CheckQuorum, removal). */
  | { readonly goal: 'leadership-lost' }
  /** A member's Ready loop reaches `step` (with a Ready whose MustSync is `mustSync`, if given). */
  | {
      readonly goal: 'ready-step';
      readonly member?: string;
      readonly step: ReadyStep;
      readonly mustSync?: boolean;
    }
  /** A client call is answered (with exactly this error, if given; 'ok' for a success). */
  | { readonly goal: 'request-answered'; readonly outcome?: 'ok' | 'error'; readonly error?: string }
  /** The scenario's timeline entry `entry` (0-based) has fired. */
  | { readonly goal: 'scenario-action'; readonly entry: number }
  /** A member's committed index runs more than its gap limit ahead of applied (etcd refuses then). */
  | { readonly goal: 'gap-over-limit'; readonly member?: string }
  /**
   * A raft message of `type` is sent between members (from / to, if given; with entries, if
   * `withEntries`): a MsgProp forwarded to the leader, the MsgApp that carries a proposal.
   */
  | {
      readonly goal: 'message-sent';
      readonly type: string;
      readonly from?: string;
      readonly to?: string;
      readonly withEntries?: boolean;
    }
  /** The virtual clock reaches `atUs`. */
  | { readonly goal: 'time'; readonly atUs: number };

/** What must be true at the moment for an answer to be what happened. */
export type LessonCheck =
  | { readonly check: 'leader-is'; readonly member: string }
  | { readonly check: 'last-answer'; readonly outcome: 'ok' | 'error'; readonly error?: string }
  | { readonly check: 'term-at-least'; readonly value: number }
  | { readonly check: 'last-cause'; readonly cause: LeaderChangeCause }
  /** A raft message of `type` has been sent (from / to, if given; with entries, if asked). */
  | {
      readonly check: 'sent';
      readonly type: string;
      readonly from?: string;
      readonly to?: string;
      readonly withEntries?: boolean;
    };

export interface LessonAnswer {
  readonly text: BilingualText;
  readonly when: LessonCheck;
}

export interface LessonPrediction {
  readonly question: BilingualText;
  /** 2–4 answers; exactly one holds at the moment (a test plays every lesson and checks it). */
  readonly answers: readonly LessonAnswer[];
  readonly why: BilingualText;
}

export interface LessonMoment {
  readonly until: LessonGoal;
  readonly caption: BilingualText;
  readonly highlight: readonly LessonRegion[];
  readonly prediction?: LessonPrediction;
}

export interface Lesson {
  readonly name: string;
  readonly title: BilingualText;
  readonly summary: BilingualText;
  readonly scenario: string;
  readonly seed: number;
  readonly moments: readonly LessonMoment[];
}

/** Moments one lesson may have (a class period holds far fewer). */
export const maxLessonMoments = 40;

const text = z.string().check(z.minLength(1), z.maxLength(2000));
const bilingual = strict({ en: text, 'zh-CN': text });
const memberName = z.string().check(z.regex(/^[a-z][a-z0-9-]{0,31}$/));
const causes = [
  'startup',
  'election-timeout',
  'pre-vote',
  'check-quorum',
  'transfer',
  'crash',
  'partition',
  'removal',
  'unknown',
] as const satisfies readonly LeaderChangeCause[];

const goalSchema = z.discriminatedUnion('goal', [
  strict({ goal: z.literal('leader-elected') }),
  strict({ goal: z.literal('leadership-lost') }),
  strict({
    goal: z.literal('ready-step'),
    member: z.optional(memberName),
    step: z.enum(readySteps),
    mustSync: z.optional(z.boolean()),
  }),
  strict({
    goal: z.literal('request-answered'),
    outcome: z.optional(z.enum(['ok', 'error'])),
    error: z.optional(text),
  }),
  strict({ goal: z.literal('scenario-action'), entry: z.number().check(z.int(), z.gte(0), z.lte(999)) }),
  strict({ goal: z.literal('gap-over-limit'), member: z.optional(memberName) }),
  strict({
    goal: z.literal('message-sent'),
    type: z.enum(messageTypeNames as [string, ...string[]]),
    from: z.optional(memberName),
    to: z.optional(memberName),
    withEntries: z.optional(z.boolean()),
  }),
  strict({ goal: z.literal('time'), at: durationSchema }),
]);

const checkSchema = z.discriminatedUnion('check', [
  strict({ check: z.literal('leader-is'), member: memberName }),
  strict({ check: z.literal('last-answer'), outcome: z.enum(['ok', 'error']), error: z.optional(text) }),
  strict({ check: z.literal('term-at-least'), value: z.number().check(z.int(), z.gte(0)) }),
  strict({ check: z.literal('last-cause'), cause: z.enum(causes) }),
  strict({
    check: z.literal('sent'),
    type: z.enum(messageTypeNames as [string, ...string[]]),
    from: z.optional(memberName),
    to: z.optional(memberName),
    withEntries: z.optional(z.boolean()),
  }),
]);

const momentSchema = strict({
  until: goalSchema,
  caption: bilingual,
  highlight: z._default(z.array(z.enum(lessonRegions)).check(z.maxLength(lessonRegions.length)), []),
  prediction: z.optional(
    strict({
      question: bilingual,
      answers: z.array(strict({ text: bilingual, when: checkSchema })).check(z.minLength(2), z.maxLength(4)),
      why: bilingual,
    }),
  ),
});

const lessonSchema = strict({
  name: z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,63}$/)),
  title: bilingual,
  summary: bilingual,
  scenario: z.string().check(z.minLength(1)),
  seed: z._default(z.number().check(z.int(), z.gte(0), z.lte(maxSeed)), 1),
  moments: z.array(momentSchema).check(z.minLength(1), z.maxLength(maxLessonMoments)),
});

export type LessonResult =
  | { readonly ok: true; readonly lesson: Lesson }
  | { readonly ok: false; readonly errors: readonly BadScenarioError[] };

/** Validates a lesson document (parsed JSON, or a literal in src/session/lessons). */
export function parseLesson(doc: unknown): LessonResult {
  if (nestsDeeperThan(doc, maxJsonDepth)) {
    return { ok: false, errors: [badScenario('', `nests deeper than ${maxJsonDepth} levels`)] };
  }
  const r = lessonSchema.safeParse(doc);
  if (!r.success) return { ok: false, errors: fromZodIssues('', r.error.issues) };
  const d = r.data;
  if (!builtinScenarioNames.includes(d.scenario)) {
    return {
      ok: false,
      errors: [
        badScenario(
          'scenario',
          `unknown scenario "${d.scenario}" (expected one of ${builtinScenarioNames.join(', ')})`,
        ),
      ],
    };
  }
  const moments = d.moments.map((m): LessonMoment => {
    const g = m.until;
    const until: LessonGoal = g.goal === 'time' ? { goal: 'time', atUs: g.at } : (g as LessonGoal);
    return {
      until,
      caption: m.caption,
      highlight: m.highlight,
      ...(m.prediction === undefined ? {} : { prediction: m.prediction as LessonPrediction }),
    };
  });
  return { ok: true, lesson: { ...d, moments } };
}
