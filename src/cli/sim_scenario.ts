/**
 * `npm run sim -- --scenario NAME | --scenario-file F [--format log|json|summary]`: runs a
 * built-in or user scenario headless. Prints member log lines (log/json formats), the timeline's
 * captions and actions as they happen, the result of every `expect` entry, any invariant
 * violation, and as the last line the trace hash. A scenario that cannot be read or is invalid
 * prints each problem as `path: message` and exits 2; a scenario whose expectations do not hold
 * (or that violates an invariant) exits 1.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { formatScenarioError, parseScenarioJson } from '../cluster/scenario';
import type { ScenarioResult } from '../cluster/scenario';
import { builtinScenario } from '../cluster/scenarios/index';
import { runScenario } from '../cluster/scenario_runner';
import { scenarioWith } from '../cluster/scenario_script';
import type { RunEvent } from '../cluster/run_record';

/** What the command line replaces in the scenario. */
export interface ScenarioOverrides {
  readonly seed?: number;
  readonly members?: number;
  readonly durationUs?: number;
  /** Stop after exactly this many kernel steps. */
  readonly steps?: number;
}

export type ScenarioSource =
  { readonly kind: 'name'; readonly name: string } | { readonly kind: 'file'; readonly path: string };
export type ScenarioFormat = 'log' | 'json' | 'summary';

function load(src: ScenarioSource): ScenarioResult {
  if (src.kind === 'name') return builtinScenario(src.name);
  let text: string;
  try {
    text = readFileSync(src.path, 'utf8');
  } catch (e) {
    return {
      ok: false,
      errors: [
        { kind: 'bad-scenario', path: '', message: `cannot read ${src.path}: ${(e as Error).message}` },
      ],
    };
  }
  return parseScenarioJson(text);
}

function seconds(us: number): string {
  return `${(us / 1e6).toFixed(6)}s`;
}

/** Runs the scenario and prints as it goes; returns the exit code. */
export function runScenarioCli(
  src: ScenarioSource,
  format: ScenarioFormat,
  overrides: ScenarioOverrides,
  write: (line: string) => void,
  writeError: (line: string) => void = write,
): number {
  const parsed = load(src);
  if (!parsed.ok) {
    const where = src.kind === 'name' ? `scenario ${src.name}` : src.path;
    for (const e of parsed.errors) writeError(`${where}: ${formatScenarioError(e)}`);
    return 2;
  }
  const sized = scenarioWith(parsed.scenario, {
    ...(overrides.seed === undefined ? {} : { seed: overrides.seed }),
    ...(overrides.members === undefined ? {} : { size: overrides.members }),
  });
  const s = overrides.durationUs === undefined ? sized : { ...sized, durationUs: overrides.durationUs };
  const json = format === 'json';
  const event = (ev: RunEvent): void => {
    if (json) write(JSON.stringify({ event: ev.input.kind, step: ev.step, timeUs: ev.atUs, text: ev.text }));
    else write(`# ${seconds(ev.atUs)} step ${ev.step}: ${ev.text}`);
  };
  const t0 = performance.now();
  const o = runScenario(s, {
    ...(overrides.steps === undefined ? {} : { stopAtStep: overrides.steps }),
    onEvent: event,
    logSink: (member, line) => {
      if (format === 'log') write(`${member.padEnd(6)} | ${line}`);
      else if (json) write(`{"member":"${member}",${line.slice(1)}`);
    },
  });
  const wallMs = performance.now() - t0;
  const hash = o.run.cluster.traceHash();
  if (json) {
    write(
      JSON.stringify({
        scenario: s.name,
        ok: o.ok,
        seed: s.seed,
        members: s.members.length,
        steps: o.run.step,
        virtualUs: o.run.nowUs,
        timeline: o.progress,
        wallMs: Math.round(wallMs),
        expectations: o.expectations,
        violation: o.violation ?? null,
        traceHash: hash,
      }),
    );
    return o.ok ? 0 : 1;
  }
  write(`scenario ${s.name}: ${s.title.en} (seed ${s.seed}, ${s.members.length} members)`);
  write(
    `virtual time: ${seconds(o.run.nowUs)}, kernel steps: ${o.run.step}, run: ${o.stop.kind}, wall time: ${(wallMs / 1000).toFixed(3)}s`,
  );
  for (const e of o.expectations)
    write(`expect ${e.name}: ${e.ok ? 'ok' : 'FAILED'} (wanted ${e.wanted}, seen ${e.seen})`);
  const w = o.progress.waiting;
  if (w !== null) {
    write(
      `timeline: ${o.unfired} entr${o.unfired === 1 ? 'y' : 'ies'} never fired; entry ${w.entry} (${w.action}) waited for ${w.until} from ${seconds(w.sinceUs)}${w.overdue ? ", past the scenario's end" : ''}`,
    );
  }
  if (o.violation !== undefined) {
    const v = o.violation;
    write(`violation: ${v.invariant} at step ${v.step} (seed ${v.seed}): ${v.message}`);
  }
  write(`result: ${o.ok ? 'ok' : 'FAILED'}`);
  write(`trace-hash: ${hash}`);
  return o.ok ? 0 : 1;
}
