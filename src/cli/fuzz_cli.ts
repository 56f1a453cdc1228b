/**
 * The `npm run fuzz` command line: its options, its parser, the reproduce command printed for a
 * violation (built from the options the run used, so copying it reruns the same seed the same
 * way) and the entry point itself, which tests call with a planted bug.
 */
import { performance } from 'node:perf_hooks';
import { formatDuration, parseDuration } from '../cluster/duration';
import { fuzzProfiles, fuzzSeed, profileTimesUs } from '../cluster/fuzz';
import type { FuzzProfile, FuzzResult } from '../cluster/fuzz';
import type { Run } from '../cluster/run_record';

export interface FuzzCliOptions {
  readonly profile: FuzzProfile;
  readonly seeds: number;
  readonly from: number;
  readonly faultUs: number;
  readonly quietUs: number;
  readonly json: boolean;
}

export const defaultFuzzCliOptions: FuzzCliOptions = {
  profile: 'default',
  seeds: 10,
  from: 1,
  faultUs: 8_000_000,
  quietUs: 4_000_000,
  json: false,
};

export const fuzzUsage =
  'usage: npm run fuzz -- --seeds N [--from S] [--profile default|crash-storm] [--fault-time 8s] [--quiet-time 4s] [--json]\n' +
  '  (crash-storm: fault time 60s and quiet time 8s unless given)';

/** What the reproduce command starts with; its arguments follow, separated by single spaces. */
export const fuzzCommandPrefix = 'npm run fuzz --';

export class UsageError extends Error {}

export function parseFuzzArgs(argv: readonly string[]): FuzzCliOptions {
  let { profile, seeds, from, json } = defaultFuzzCliOptions;
  let faultUs: number | undefined;
  let quietUs: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value\n${fuzzUsage}`);
      return v;
    };
    const int = (v: string): number => {
      if (!/^\d+$/.test(v)) throw new UsageError(`${arg} must be a non-negative integer (got ${v})`);
      return Number(v);
    };
    const dur = (v: string): number => {
      const d = parseDuration(v);
      if (!d.ok) throw new UsageError(`${arg}: ${d.message}`);
      return d.us;
    };
    if (arg === '--profile') {
      const p = value();
      const known = fuzzProfiles.find((x) => x === p);
      if (known === undefined)
        throw new UsageError(`--profile must be one of ${fuzzProfiles.join(', ')} (got ${p})`);
      profile = known;
    } else if (arg === '--seeds') seeds = int(value());
    else if (arg === '--from') from = int(value());
    else if (arg === '--fault-time') faultUs = dur(value());
    else if (arg === '--quiet-time') quietUs = dur(value());
    else if (arg === '--json') json = true;
    else if (arg === '--help' || arg === '-h') throw new UsageError(fuzzUsage);
    else throw new UsageError(`unknown option ${arg}\n${fuzzUsage}`);
  }
  if (seeds < 1) throw new UsageError('--seeds must be ≥ 1');
  const times = profileTimesUs[profile];
  return { profile, seeds, from, faultUs: faultUs ?? times.faultUs, quietUs: quietUs ?? times.quietUs, json };
}

/** The arguments that give `o` back through parseFuzzArgs: seeds and from, then every non-default option. */
export function fuzzArgs(o: FuzzCliOptions): string[] {
  const d = defaultFuzzCliOptions;
  const times = profileTimesUs[o.profile];
  const args = ['--seeds', `${o.seeds}`, '--from', `${o.from}`];
  if (o.profile !== d.profile) args.push('--profile', o.profile);
  if (o.faultUs !== times.faultUs) args.push('--fault-time', formatDuration(o.faultUs));
  if (o.quietUs !== times.quietUs) args.push('--quiet-time', formatDuration(o.quietUs));
  if (o.json !== d.json) args.push('--json');
  return args;
}

/** The command line that runs `o`. */
export function reproduceCommand(o: FuzzCliOptions): string {
  return `${fuzzCommandPrefix} ${fuzzArgs(o).join(' ')}`;
}

/** The options that rerun only `seed` of a run made with `o`. */
export function seedOptions(o: FuzzCliOptions, seed: number): FuzzCliOptions {
  return { ...o, seeds: 1, from: seed };
}

function linearizabilityVerdict(r: FuzzResult): 'ok' | 'unknown' | 'violation' | 'not-checked' {
  const ok = r.linearizability?.ok;
  if (ok === undefined) return 'not-checked';
  return ok === true ? 'ok' : ok === 'unknown' ? 'unknown' : 'violation';
}

function line(r: FuzzResult, wallMs: number, o: FuzzCliOptions): string {
  const reproduce = reproduceCommand(seedOptions(o, r.seed));
  if (o.json) {
    return JSON.stringify({
      seed: r.seed,
      ok: r.ok,
      members: r.members,
      steps: r.steps,
      virtualMs: r.virtualUs / 1000,
      faults: r.faults,
      requests: r.requests,
      linearizability: linearizabilityVerdict(r),
      wallMs: Math.round(wallMs),
      traceHash: r.traceHash,
      ...(r.violation === undefined ? {} : { violation: r.violation, reproduce }),
    });
  }
  const lin = r.linearizability?.ok === 'unknown' ? ' linearizability=unknown(search bound)' : '';
  const head = `seed ${r.seed}: ${r.ok ? 'ok' : 'VIOLATION'} members=${r.members} steps=${r.steps} faults=${r.faults} requests=${r.requests}${lin} wall=${Math.round(wallMs)}ms trace-hash=${r.traceHash}`;
  const v = r.violation;
  if (v === undefined) return head;
  return `${head}\n  ${v.invariant} at step ${v.step} (t=${v.timeUs}µs, seed ${v.seed}): ${v.message}\n  reproduce: ${reproduce}`;
}

export interface FuzzCliIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  /** Called with each run before it starts (tests plant bugs here). */
  readonly prepare?: (run: Run) => void;
}

/** Runs the command line; returns the exit code (1 on any violation, 2 on bad usage). */
export function fuzzMain(argv: readonly string[], io: FuzzCliIo): number {
  let o: FuzzCliOptions;
  try {
    o = parseFuzzArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(e.message);
    return 2;
  }
  let bad = 0;
  const t0 = performance.now();
  for (let seed = o.from; seed < o.from + o.seeds; seed++) {
    const t = performance.now();
    const r = fuzzSeed(seed, {
      profile: o.profile,
      faultUs: o.faultUs,
      quietUs: o.quietUs,
      ...(io.prepare === undefined ? {} : { prepare: io.prepare }),
    });
    if (!r.ok) bad++;
    io.out(line(r, performance.now() - t, o));
  }
  const summary = `fuzz: ${o.seeds} seeds (${o.from}..${o.from + o.seeds - 1}), ${bad} with violations, ${Math.round(performance.now() - t0)}ms`;
  io.out(o.json ? JSON.stringify({ seeds: o.seeds, from: o.from, violations: bad }) : summary);
  return bad > 0 ? 1 : 0;
}
