/**
 * `npm run fuzz -- --seeds N [--from S] [--fault-time 8s] [--quiet-time 4s] [--json]`
 *
 * Runs seeds S … S+N−1 (S defaults to 1), each a cluster with a random workload and a random
 * fault schedule (src/cluster/fuzz.ts), checked for invariant violations during the run and for
 * linearizability at its end. Prints one line per seed and, for every violation, the step, the
 * invariant, the message and the command that reproduces it. Exit 1 on any violation, 2 on bad
 * usage.
 */
import { performance } from 'node:perf_hooks';
import { parseDuration } from '../cluster/duration';
import { fuzzSeed, reproduceCommand } from '../cluster/fuzz';
import type { FuzzResult } from '../cluster/fuzz';

interface Options {
  readonly seeds: number;
  readonly from: number;
  readonly faultUs: number;
  readonly quietUs: number;
  readonly json: boolean;
}

const usage = 'usage: npm run fuzz -- --seeds N [--from S] [--fault-time 8s] [--quiet-time 4s] [--json]';

class UsageError extends Error {}

function parseOptions(argv: readonly string[]): Options {
  let seeds = 10;
  let from = 1;
  let faultUs = 8_000_000;
  let quietUs = 4_000_000;
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value\n${usage}`);
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
    if (arg === '--seeds') seeds = int(value());
    else if (arg === '--from') from = int(value());
    else if (arg === '--fault-time') faultUs = dur(value());
    else if (arg === '--quiet-time') quietUs = dur(value());
    else if (arg === '--json') json = true;
    else if (arg === '--help' || arg === '-h') throw new UsageError(usage);
    else throw new UsageError(`unknown option ${arg}\n${usage}`);
  }
  if (seeds < 1) throw new UsageError('--seeds must be ≥ 1');
  return { seeds, from, faultUs, quietUs, json };
}

function line(r: FuzzResult, wallMs: number, json: boolean): string {
  if (json) {
    return JSON.stringify({
      seed: r.seed,
      ok: r.ok,
      members: r.members,
      steps: r.steps,
      virtualMs: r.virtualUs / 1000,
      faults: r.faults,
      requests: r.requests,
      wallMs: Math.round(wallMs),
      traceHash: r.traceHash,
      ...(r.violation === undefined ? {} : { violation: r.violation, reproduce: reproduceCommand(r.seed) }),
    });
  }
  const lin = r.linearizability?.ok === 'unknown' ? ' linearizability=unknown(search bound)' : '';
  const head = `seed ${r.seed}: ${r.ok ? 'ok' : 'VIOLATION'} members=${r.members} steps=${r.steps} faults=${r.faults} requests=${r.requests}${lin} wall=${Math.round(wallMs)}ms trace-hash=${r.traceHash}`;
  const v = r.violation;
  if (v === undefined) return head;
  return `${head}\n  ${v.invariant} at step ${v.step} (t=${v.timeUs}µs, seed ${v.seed}): ${v.message}\n  reproduce: ${reproduceCommand(r.seed)}`;
}

function main(): number {
  let o: Options;
  try {
    o = parseOptions(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    console.error(e.message);
    return 2;
  }
  let bad = 0;
  const t0 = performance.now();
  for (let seed = o.from; seed < o.from + o.seeds; seed++) {
    const t = performance.now();
    const r = fuzzSeed(seed, { faultUs: o.faultUs, quietUs: o.quietUs });
    if (!r.ok) bad++;
    console.log(line(r, performance.now() - t, o.json));
  }
  const summary = `fuzz: ${o.seeds} seeds (${o.from}..${o.from + o.seeds - 1}), ${bad} with violations, ${Math.round(performance.now() - t0)}ms`;
  console.log(o.json ? JSON.stringify({ seeds: o.seeds, from: o.from, violations: bad }) : summary);
  return bad > 0 ? 1 : 0;
}

process.exitCode = main();
