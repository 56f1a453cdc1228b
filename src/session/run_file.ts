/**
 * Files the classroom imports and exports. A scenario file is S1's scenario JSON
 * (src/cluster/scenario.ts). A run file is a whole run as data — what the engine needs to replay
 * it exactly, plus the trace hash at the cursor to prove the replay went the same way:
 *
 *   { "format": "etcd-stepper-run", "version": 1, "seed": 7, "scenario": "normal-startup" | {…},
 *     "size": 3, "inputs": [{ "step": 120, "atUs": 5000, "input": { "kind": "put", … } }, …],
 *     "cursor": 1234, "traceHash": "9f…" }
 *
 * Parsing never throws: every problem is a BadScenarioError naming the field (`inputs[2].input.
 * member`) in the same words scenario errors use, so the banner shows both alike. A document with
 * a `format` field is a run file; anything else is read as a scenario.
 */
import * as z from 'zod/mini';
import { maxClusterSize } from '../cluster/cluster';
import { parseScenario, scenarioToJson, serializeScenario } from '../cluster/scenario';
import type { BadScenarioError, Scenario } from '../cluster/scenario';
import { builtinScenario, builtinScenarioNames } from '../cluster/scenarios';
import { badScenario, fromZodIssues, strict } from '../cluster/scenario_zod';
import type { EngineSetup } from './engine';
import type { TimedInput, UserInput } from './types';
import { maxCursor, maxSeed } from './url';
import { maxJsonDepth, nestsDeeperThan } from '../cluster/limits';
import { maxDropCount, maxFaultUs, messageTypeNames } from './inputs/fault_inputs';

export const runFileFormat = 'etcd-stepper-run';
export const runFileVersion = 1;
export const maxRunFileInputs = 10_000;

/** What an import produces: a setup for the engine, and for a run file its cursor and hash. */
export type ImportedFile =
  | { readonly kind: 'scenario'; readonly setup: EngineSetup }
  | {
      readonly kind: 'run';
      readonly setup: EngineSetup;
      readonly cursor: number;
      readonly traceHash: string;
    };

export type ImportResult =
  | { readonly ok: true; readonly file: ImportedFile }
  | { readonly ok: false; readonly errors: readonly BadScenarioError[] };

/** What an export writes. */
export interface RunFileData {
  readonly seed: number;
  readonly scenario: Scenario;
  readonly size: number;
  readonly inputs: readonly TimedInput[];
  readonly cursor: number;
  readonly traceHash: string;
}

const int = (min: number, max: number) => z.number().check(z.int(), z.gte(min), z.lte(max));

const topSchema = strict({
  format: z.literal(runFileFormat),
  version: z.literal(runFileVersion),
  seed: int(0, maxSeed),
  scenario: z.union([z.string(), z.record(z.string(), z.unknown())]),
  size: int(1, maxClusterSize),
  inputs: z.array(z.unknown()).check(z.maxLength(maxRunFileInputs)),
  cursor: int(0, maxCursor),
  traceHash: z.string().check(z.regex(/^[0-9a-f]{8,64}$/)),
});

const timedSchema = strict({
  step: int(0, maxCursor),
  atUs: int(0, Number.MAX_SAFE_INTEGER),
  input: z.record(z.string(), z.unknown()),
});

/** One strict schema per input kind, for a run of `size` members. */
function inputSchemas(size: number) {
  const member = int(0, size - 1);
  const us = int(0, maxFaultUs);
  const one = <K extends string, S extends Record<string, z.ZodMiniType>>(kind: K, shape: S) =>
    strict({ kind: z.literal(kind), member, ...shape });
  return {
    put: one('put', { key: z.string(), value: z.string() }),
    get: one('get', { key: z.string(), serializable: z.boolean() }),
    delete: one('delete', { key: z.string() }),
    crash: one('crash', {}),
    restart: one('restart', {}),
    isolate: one('isolate', {}),
    heal: one('heal', {}),
    drop: one('drop', {
      to: member,
      count: int(1, maxDropCount),
      messageType: z.nullable(z.enum(messageTypeNames as [string, ...string[]])),
    }),
    'link-latency': one('link-latency', { to: member, latencyUs: us }),
    'slow-disk': one('slow-disk', { fsyncUs: us }),
    'slow-apply': one('slow-apply', { applyUs: us }),
    'member-add': one('member-add', { learner: z.boolean() }),
    'member-promote': one('member-promote', { via: member }),
    'member-remove': one('member-remove', { via: member }),
    'move-leader': one('move-leader', { via: member }),
  } satisfies Record<UserInput['kind'], z.ZodMiniType>;
}

const inputKinds = Object.keys(inputSchemas(1));

/** Reads a dropped or picked file's text: a run file or a scenario. */
export function parseImportText(text: string): ImportResult {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return { ok: false, errors: [badScenario('', `invalid JSON: ${(e as Error).message}`)] };
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    return { ok: false, errors: [badScenario('', 'expected a JSON object (a scenario or a run file)')] };
  }
  if (nestsDeeperThan(doc, maxJsonDepth)) {
    return { ok: false, errors: [badScenario('', `nests deeper than ${maxJsonDepth} levels`)] };
  }
  if ('format' in doc) return parseRunFile(doc as Record<string, unknown>);
  const r = parseScenario(doc);
  if (!r.ok) return r;
  return { ok: true, file: { kind: 'scenario', setup: setupOf(r.scenario, r.scenario.seed) } };
}

/** A built-in scenario is loaded by name (so the URL can carry it); any other one inline. */
function setupOf(doc: Scenario, seed: number, size?: number): EngineSetup {
  const base = { seed, ...(size === undefined ? {} : { size }) };
  return sameAsBuiltin(doc)
    ? { ...base, scenario: doc.name }
    : { ...base, scenario: doc.name, scenarioDoc: doc };
}

/** The document is the built-in of its name, whatever its seed. */
export function sameAsBuiltin(doc: Scenario): boolean {
  const b = builtinScenario(doc.name);
  return b.ok && serializeScenario({ ...b.scenario, seed: 0 }) === serializeScenario({ ...doc, seed: 0 });
}

function parseRunFile(doc: Record<string, unknown>): ImportResult {
  // Format and version first: a file of another kind or version gets one clear sentence.
  if (doc.format !== runFileFormat) {
    return {
      ok: false,
      errors: [badScenario('format', `expected "${runFileFormat}", got ${JSON.stringify(doc.format)}`)],
    };
  }
  if (doc.version !== runFileVersion) {
    return {
      ok: false,
      errors: [
        badScenario(
          'version',
          `unsupported version ${JSON.stringify(doc.version)} (this app reads version ${runFileVersion})`,
        ),
      ],
    };
  }
  const top = topSchema.safeParse(doc, { reportInput: true });
  if (!top.success) return { ok: false, errors: fromZodIssues('', top.error.issues) };
  const d = top.data;
  const errors: BadScenarioError[] = [];
  const scenario = scenarioOf(d.scenario, errors);
  const inputs = inputsOf(d.inputs, membersAtMost(d.size, d.inputs, scenario), errors);
  if (scenario === null || errors.length > 0) return { ok: false, errors };
  const setup = { ...setupOf(scenario, d.seed, d.size), inputs };
  return { ok: true, file: { kind: 'run', setup, cursor: d.cursor, traceHash: d.traceHash } };
}

function scenarioOf(s: string | Record<string, unknown>, errors: BadScenarioError[]): Scenario | null {
  if (typeof s === 'string') {
    const b = builtinScenario(s);
    if (b.ok) return b.scenario;
    errors.push(
      badScenario('scenario', `unknown scenario "${s}" (expected one of ${builtinScenarioNames.join(', ')})`),
    );
    return null;
  }
  const r = parseScenario(s);
  if (r.ok) return r.scenario;
  for (const e of r.errors)
    errors.push(badScenario(e.path === '' ? 'scenario' : `scenario.${e.path}`, e.message));
  return null;
}

/**
 * How many members the run can have: its size plus every member add (the scenario's and the
 * user's), so an input may name a member added at run time.
 */
function membersAtMost(size: number, inputs: readonly unknown[], scenario: Scenario | null): number {
  const isAdd = (x: unknown): boolean =>
    typeof x === 'object' && x !== null && (x as { input?: { kind?: unknown } }).input?.kind === 'member-add';
  const adds =
    inputs.filter(isAdd).length + (scenario?.timeline.filter((e) => e.action === 'add-member').length ?? 0);
  return Math.min(maxClusterSize, size + adds);
}

function inputsOf(list: readonly unknown[], size: number, errors: BadScenarioError[]): TimedInput[] {
  const schemas: Record<string, z.ZodMiniType> = inputSchemas(size);
  const out: TimedInput[] = [];
  let lastStep = 0;
  list.forEach((raw, i) => {
    const at = `inputs[${i}]`;
    const t = timedSchema.safeParse(raw, { reportInput: true });
    if (!t.success) return void errors.push(...fromZodIssues(at, t.error.issues));
    const kind = t.data.input.kind;
    const schema = typeof kind === 'string' ? schemas[kind] : undefined;
    if (schema === undefined) {
      const shown = kind === undefined ? 'missing kind' : `unknown input ${JSON.stringify(kind)}`;
      return void errors.push(
        badScenario(`${at}.input.kind`, `${shown} (expected one of ${inputKinds.join(', ')})`),
      );
    }
    const r = schema.safeParse(t.data.input, { reportInput: true });
    if (!r.success) return void errors.push(...fromZodIssues(`${at}.input`, r.error.issues));
    if (t.data.step < lastStep) {
      return void errors.push(
        badScenario(`${at}.step`, `goes back: ${t.data.step} comes after step ${lastStep}`),
      );
    }
    lastStep = t.data.step;
    out.push({ step: t.data.step, atUs: t.data.atUs, input: r.data as UserInput });
  });
  return out;
}

/** The run file's JSON text; a built-in scenario goes by name, any other one inline. */
export function serializeRunFile(d: RunFileData): string {
  const doc = {
    format: runFileFormat,
    version: runFileVersion,
    seed: d.seed,
    scenario: sameAsBuiltin(d.scenario) ? d.scenario.name : scenarioToJson(d.scenario),
    size: d.size,
    inputs: d.inputs,
    cursor: d.cursor,
    traceHash: d.traceHash,
  };
  return JSON.stringify(doc, null, 2);
}

/** The scenario JSON of the current run: its seed is the run's, so importing it gives this run. */
export function serializeScenarioOfRun(doc: Scenario, seed: number): string {
  return serializeScenario({ ...doc, seed });
}
