/**
 * `npm run sim -- --members N --seed S --duration 30s [--put-rate R] [--format log|json|summary]`
 *
 * Runs an etcd cluster headless on virtual time. `log` prints every member's zap lines prefixed
 * with the member name (as goreman does for the local Procfile cluster), then the summary;
 * `json` prints each line as JSON with a "member" key, then the summary as one JSON object;
 * `summary` prints only the summary. The last line always carries the trace hash. Exit code 2
 * on bad usage.
 *
 * `--scenario NAME` (a built-in) or `--scenario-file F` (a JSON file) runs a scenario instead
 * (src/cli/sim_scenario.ts): its captions and actions, its expectations and the trace hash. An
 * invalid scenario prints each problem as `path: message` and exits 2; failed expectations exit 1.
 * With a scenario, `--seed` and `--members` replace the scenario's own, and `--duration` its
 * duration; `--put-rate` is refused (the scenario's workload drives the clients).
 *
 * `--steps N` stops after exactly N kernel steps instead of at the duration: the page opened at
 * `#/?seed=S&scenario=X&cursor=N` shows the same trace hash.
 */
import { performance } from 'node:perf_hooks';
import { maxRunSteps, maxSeed } from '../sim/limits';
import { formatSummary, runSim } from '../cluster/sim_run';
import type { SimSummary } from '../cluster/sim_run';
import { runScenarioCli } from './sim_scenario';
import type { ScenarioSource } from './sim_scenario';

type Format = 'log' | 'json' | 'summary';

interface Options {
  readonly members: number;
  readonly seed: bigint;
  readonly durationUs: number;
  readonly putRate: number;
  readonly format: Format;
  readonly scenario?: ScenarioSource;
  /** Stop after exactly this many kernel steps. */
  readonly steps?: number;
  /** The options given on the command line (a scenario keeps its own values for the rest). */
  readonly given: ReadonlySet<string>;
}

/** The largest --steps: the page's cursor bound. */
const maxSteps = maxRunSteps;

class UsageError extends Error {}

const usage =
  'usage: npm run sim -- --members N --seed S --duration 30s [--put-rate R] [--steps N] [--format log|json|summary]\n' +
  '       npm run sim -- --scenario NAME | --scenario-file F [--seed S] [--members N] [--duration D] [--steps N]\n' +
  '                      [--format log|json|summary]';

/** Parses a Go-style duration: 30s, 500ms, 2m, 1m30s, 250us. */
export function parseDurationUs(s: string): number | undefined {
  const re = /(\d+(?:\.\d+)?)(h|m|s|ms|us|µs)/gy;
  const units: Record<string, number> = { h: 3.6e9, m: 6e7, s: 1e6, ms: 1e3, us: 1, µs: 1 };
  let total = 0;
  let pos = 0;
  for (let m = re.exec(s); m !== null; m = re.exec(s)) {
    total += Number(m[1]) * (units[m[2] ?? ''] ?? 0);
    pos = re.lastIndex;
  }
  return pos === s.length && s.length > 0 ? Math.round(total) : undefined;
}

function parseOptions(argv: readonly string[]): Options {
  let members = 3;
  let seed = 1n;
  let durationUs = 30_000_000;
  let putRate = 0;
  let format: Format = 'log';
  let scenario: ScenarioSource | undefined;
  let steps: number | undefined;
  const given = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    given.add(arg);
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value\n${usage}`);
      return v;
    };
    if (arg === '--members') members = Number(value());
    else if (arg === '--seed') {
      const v = value();
      if (!/^\d+$/.test(v) || BigInt(v) > BigInt(maxSeed))
        throw new UsageError(`--seed must be a whole number from 0 to ${maxSeed} (got ${v})`);
      seed = BigInt(v);
    } else if (arg === '--duration') {
      const v = value();
      const d = parseDurationUs(v);
      if (d === undefined || d <= 0)
        throw new UsageError(`--duration must be a duration such as 30s or 500ms (got ${v})`);
      durationUs = d;
    } else if (arg === '--put-rate') putRate = Number(value());
    else if (arg === '--steps') {
      const v = value();
      if (!/^\d+$/.test(v) || Number(v) > maxSteps)
        throw new UsageError(
          `--steps must be a whole number of kernel steps from 0 to ${maxSteps} (got ${v})`,
        );
      steps = Number(v);
    } else if (arg === '--format') {
      const v = value();
      if (v !== 'log' && v !== 'json' && v !== 'summary')
        throw new UsageError(`--format must be log, json or summary (got ${v})`);
      format = v;
    } else if (arg === '--scenario' || arg === '--scenario-file') {
      if (scenario !== undefined) throw new UsageError(`only one of --scenario or --scenario-file\n${usage}`);
      const v = value();
      scenario = arg === '--scenario' ? { kind: 'name', name: v } : { kind: 'file', path: v };
    } else if (arg === '--help' || arg === '-h') throw new UsageError(usage);
    else throw new UsageError(`unknown option ${arg}\n${usage}`);
  }
  if (!Number.isInteger(members) || members < 1 || members > 7)
    throw new UsageError(`--members must be 1..7 (got ${members})`);
  if (!(putRate >= 0) || !Number.isFinite(putRate))
    throw new UsageError(`--put-rate must be a number ≥ 0 (got ${putRate})`);
  if (scenario !== undefined && given.has('--put-rate'))
    throw new UsageError(
      "--put-rate does not apply to a scenario: the scenario's workload drives the clients",
    );
  return {
    members,
    seed,
    durationUs,
    putRate,
    format,
    given,
    ...(scenario === undefined ? {} : { scenario }),
    ...(steps === undefined ? {} : { steps }),
  };
}

function summaryJSON(s: SimSummary, wallMs: number): string {
  return JSON.stringify({ ...s, wallMs: Math.round(wallMs), traceHash: s.traceHash }, (_k, v: unknown) =>
    typeof v === 'bigint' ? v.toString() : v,
  );
}

function main(argv: readonly string[]): number {
  let o: Options;
  try {
    o = parseOptions(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`${e.message}\n`);
      return 2;
    }
    throw e;
  }
  const out: string[] = [];
  const flush = (): void => {
    if (out.length > 0) process.stdout.write(`${out.join('\n')}\n`);
    out.length = 0;
  };
  if (o.scenario !== undefined) {
    const code = runScenarioCli(
      o.scenario,
      o.format,
      {
        ...(o.given.has('--seed') ? { seed: Number(o.seed) } : {}),
        ...(o.given.has('--members') ? { members: o.members } : {}),
        ...(o.given.has('--duration') ? { durationUs: o.durationUs } : {}),
        ...(o.steps === undefined ? {} : { steps: o.steps }),
      },
      (line) => {
        out.push(line);
        if (out.length >= 1000) flush();
      },
      (line) => process.stderr.write(`${line}\n`),
    );
    flush();
    return code;
  }
  const t0 = performance.now();
  const summary = runSim({
    members: o.members,
    seed: o.seed,
    durationUs: o.durationUs,
    putRate: o.putRate,
    ...(o.steps === undefined ? {} : { steps: o.steps }),
    onLog: (member, line) => {
      if (o.format === 'log') out.push(`${member.padEnd(6)} | ${line}`);
      else if (o.format === 'json') out.push(`{"member":"${member}",${line.slice(1)}`);
      if (out.length >= 1000) flush();
    },
  });
  const wallMs = performance.now() - t0;
  flush();
  if (o.format === 'json') {
    process.stdout.write(`${summaryJSON(summary, wallMs)}\n`);
    return 0;
  }
  const lines = formatSummary(summary);
  const speed = summary.virtualUs / 1000 / Math.max(wallMs, 1);
  lines.splice(
    lines.length - 1,
    0,
    `wall time: ${(wallMs / 1000).toFixed(3)}s (${speed.toFixed(1)} simulated s per wall s)`,
  );
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
