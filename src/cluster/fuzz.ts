/**
 * Fuzzing: one seed gives a cluster (3 or 5 members, sometimes a small snapshot count so
 * snapshots happen), a client workload and a random schedule of faults — crashes and restarts,
 * partitions and one-way cuts and heals, dropped and delayed messages, slow links, slow disks
 * and slow apply — all drawn from the seeded stream `fuzz/schedule`. The run is checked all the
 * way (invariants every few steps, linearizability of the client history at the end); after the
 * faults stop, everything is healed and restarted for a quiet period so the members converge
 * and the final checks compare them. Same seed and options, same run: a violation is reproduced
 * by them (src/cli/fuzz_cli.ts prints the command).
 */
import { RandStream } from '../sim/rand';
import { defaultSimKnobs } from '../etcd/config';
import type { ServerConfigOverrides } from '../etcd/config';
import type { Fault } from './faults';
import { quorumLeader } from './cluster_probe';
import { RunChecker } from './run_checks';
import type { RunViolation } from './run_checks';
import { Run } from './run_record';
import type { RunStop } from './run_record';
import type { WorkloadSpec } from './workload';
import type { LinearizabilityResult } from './linearizability';

/**
 * What kind of schedule a seed gets. `default`: the mixed faults above over a few seconds.
 * `crash-storm`: a minute of repeated crashes and restarts, whole-cluster power losses (every
 * member down at once, their unsynced writes lost), partitions and slow disks, with small
 * SnapshotCount (20–60) and SnapshotCatchUpEntries (5–15) so snapshots, compactions and merged
 * snapshots happen all the time; 40 ops/s over 4 keys, 20% linearizable reads. After the quiet
 * period every member must be up at the same revision and every acknowledged put readable on
 * every member at its revision, with its value.
 */
export type FuzzProfile = 'default' | 'crash-storm';

export const fuzzProfiles: readonly FuzzProfile[] = ['default', 'crash-storm'];

/** Fault and quiet time of each profile, when the options do not say. */
export const profileTimesUs: Readonly<Record<FuzzProfile, { faultUs: number; quietUs: number }>> = {
  default: { faultUs: 8_000_000, quietUs: 4_000_000 },
  'crash-storm': { faultUs: 60_000_000, quietUs: 8_000_000 },
};

export interface FuzzOptions {
  /** The kind of schedule (default `default`). */
  readonly profile?: FuzzProfile;
  /** Virtual time with faults (default 8 s); a quiet period of `quietUs` follows. */
  readonly faultUs?: number;
  readonly quietUs?: number;
  /** Kernel steps between two invariant checks (default 200). */
  readonly checkEverySteps?: number;
  /** Bound of the linearizability search per key (default 20,000 states; beyond it: unknown). */
  readonly maxStatesPerKey?: number;
  /** Called with the run before it starts (tests plant bugs here). */
  readonly prepare?: (run: Run) => void;
}

export interface FuzzResult {
  readonly seed: number;
  readonly ok: boolean;
  readonly violation: RunViolation | undefined;
  readonly linearizability: LinearizabilityResult | undefined;
  readonly stop: RunStop;
  readonly members: number;
  readonly steps: number;
  readonly virtualUs: number;
  readonly faults: number;
  readonly requests: number;
  readonly traceHash: string;
  readonly run: Run;
}

const faultKinds = [
  'crash',
  'partition',
  'cut-link',
  'drop-next',
  'delay-next',
  'link-latency',
  'slow-disk',
  'slow-apply',
  'heal',
] as const;

/** The cluster and workload a seed gets. */
export function fuzzSetup(seed: number): {
  size: number;
  config: ServerConfigOverrides;
  workload: WorkloadSpec;
} {
  const r = new RandStream('fuzz/setup', seed);
  const size = r.intn(4) === 0 ? 5 : 3;
  const config: ServerConfigOverrides =
    r.intn(3) === 0 ? { snapshotCount: 30 + r.intn(50), snapshotCatchUpEntries: 5 + r.intn(20) } : {};
  const workload: WorkloadSpec = {
    opsPerSecond: 5 + r.intn(40),
    readRatio: r.intn(5) / 10,
    keySpace: 1 + r.intn(6),
    valueBytes: 8,
    reads: r.intn(4) === 0 ? 'serializable' : 'linearizable',
    target: r.intn(3) === 0 ? 'round-robin' : 'leader',
    clients: 1 + r.intn(4),
    timeoutUs: 3_000_000 + r.intn(5_000_000),
  };
  return { size, config, workload };
}

/** The cluster and workload a crash-storm seed gets. */
export function crashStormSetup(seed: number): {
  size: number;
  config: ServerConfigOverrides;
  workload: WorkloadSpec;
} {
  const r = new RandStream('fuzz/crash-storm/setup', seed);
  const size = r.intn(3) === 0 ? 5 : 3;
  const config: ServerConfigOverrides = {
    snapshotCount: 20 + r.intn(41),
    snapshotCatchUpEntries: 5 + r.intn(11),
  };
  const workload: WorkloadSpec = {
    opsPerSecond: 40,
    readRatio: 0.2,
    keySpace: 4,
    valueBytes: 8,
    reads: 'linearizable',
    target: r.intn(2) === 0 ? 'round-robin' : 'leader',
    clients: 4,
    timeoutUs: 5_000_000,
  };
  return { size, config, workload };
}

export function fuzzSeed(seed: number, opts: FuzzOptions = {}): FuzzResult {
  const profile = opts.profile ?? 'default';
  const storm = profile === 'crash-storm';
  const { size, config, workload } = storm ? crashStormSetup(seed) : fuzzSetup(seed);
  const run = new Run({ size, seed, config });
  const checker = new RunChecker(run, {
    everySteps: opts.checkEverySteps ?? 200,
    maxStatesPerKey: opts.maxStatesPerKey ?? 20_000,
  });
  opts.prepare?.(run);
  run.apply({ kind: 'start-workload', workload });
  const sched = new RandStream(storm ? 'fuzz/crash-storm/schedule' : 'fuzz/schedule', seed);
  const times = profileTimesUs[profile];
  const faultEndUs = opts.faultUs ?? times.faultUs;
  let faults = 0;
  let stop: RunStop = { kind: 'time-reached', steps: 0 };
  for (let i = 0; i < 10_000 && run.nowUs < faultEndUs; i++) {
    stop = run.runFor(Math.min(faultEndUs - run.nowUs, 200_000 + sched.intn(1_500_000)));
    if (stop.kind !== 'time-reached') break;
    if (run.nowUs >= faultEndUs) break;
    const fs = storm ? crashStormFaults(run, sched) : [randomFault(run, sched)];
    for (const f of fs) {
      if (f === undefined) continue;
      run.apply({ kind: 'fault', fault: f });
      faults++;
    }
  }
  if (stop.kind === 'time-reached') stop = quiet(run, opts.quietUs ?? times.quietUs);
  if (stop.kind === 'panic') checker.reportPanic(stop.message);
  else if (storm && stop.kind === 'time-reached') checker.checkConverged();
  const { violation, linearizability } = checker.finish();
  return {
    seed,
    ok: violation === undefined,
    violation,
    linearizability,
    stop,
    members: size,
    steps: run.step,
    virtualUs: run.nowUs,
    faults,
    requests: run.cluster.calls.length,
    traceHash: run.cluster.traceHash(),
    run,
  };
}

/** Heals and restarts everything, restores normal speeds, and lets the cluster converge. */
function quiet(run: Run, quietUs: number): RunStop {
  const c = run.cluster;
  run.apply({ kind: 'fault', fault: { kind: 'heal' } });
  for (const m of c.members) {
    const now = m.cfg.sim;
    const d = defaultSimKnobs;
    if (!c.isUp(m.index)) run.apply({ kind: 'fault', fault: { kind: 'restart', member: m.index } });
    if (now.applyUsPerEntry !== d.applyUsPerEntry) {
      run.apply({
        kind: 'fault',
        fault: { kind: 'slow-apply', member: m.index, applyUsPerEntry: d.applyUsPerEntry },
      });
    }
    if (now.fsyncUsMax !== d.fsyncUsMax || now.fsyncUsMin !== d.fsyncUsMin) {
      run.apply({
        kind: 'fault',
        fault: { kind: 'slow-disk', member: m.index, fsync: { minUs: d.fsyncUsMin, maxUs: d.fsyncUsMax } },
      });
    }
  }
  run.apply({ kind: 'stop-workload' });
  return run.runFor(quietUs);
}

const crashStormKinds = [
  'crash',
  'crash',
  'crash',
  'power-loss',
  'partition',
  'partition',
  'heal',
  'slow-disk',
  'slow-disk',
] as const;

/**
 * The next faults of a crash storm: a down member is restarted half of the time; otherwise a
 * crash (of the leader half of the time), a power loss (every member that is up crashes at
 * the same instant, so every unsynced WAL record and uncommitted backend write is lost), a
 * partition, a heal, or a slow disk.
 */
function crashStormFaults(run: Run, r: RandStream): Fault[] {
  const c = run.cluster;
  const n = c.members.length;
  const down = c.members.filter((m) => !m.up).map((m) => m.index);
  const up = c.members.filter((m) => m.up).map((m) => m.index);
  if (down.length > 0 && r.intn(2) === 0)
    return [{ kind: 'restart', member: down[r.intn(down.length)] as number }];
  const kind = pick(r, crashStormKinds);
  switch (kind) {
    case 'crash': {
      const victim = r.intn(2) === 0 ? (quorumLeader(c) ?? pick(r, up)) : pick(r, up);
      return victim === undefined ? [] : [{ kind: 'crash', member: victim }];
    }
    case 'power-loss':
      return up.map((member) => ({ kind: 'crash', member }));
    case 'partition': {
      const group = c.members.map((m) => m.index).filter(() => r.intn(2) === 0);
      return group.length === 0 || group.length === n
        ? [{ kind: 'heal' }]
        : [{ kind: 'partition', groups: [group] }];
    }
    case 'slow-disk': {
      const lo = 1_000 + r.intn(100_000);
      return [{ kind: 'slow-disk', member: r.intn(n), fsync: { minUs: lo, maxUs: lo + r.intn(200_000) } }];
    }
    case 'heal':
    case undefined:
      return [{ kind: 'heal' }];
  }
}

function pick<T>(r: RandStream, xs: readonly T[]): T | undefined {
  return xs.length === 0 ? undefined : xs[r.intn(xs.length)];
}

/** A fault that makes sense now (restarting a down member is favoured so the run goes on). */
function randomFault(run: Run, r: RandStream): Fault | undefined {
  const c = run.cluster;
  const n = c.members.length;
  const down = c.members.filter((m) => !m.up).map((m) => m.index);
  const up = c.members.filter((m) => m.up).map((m) => m.index);
  if (down.length > 0 && r.intn(2) === 0)
    return { kind: 'restart', member: down[r.intn(down.length)] as number };
  const other = (a: number): number => (a + 1 + r.intn(n - 1)) % n;
  const kind = pick(r, faultKinds);
  const a = r.intn(n);
  switch (kind) {
    case 'crash': {
      const victim = r.intn(2) === 0 ? (quorumLeader(c) ?? pick(r, up)) : pick(r, up);
      return victim === undefined ? undefined : { kind: 'crash', member: victim };
    }
    case 'partition': {
      const group = c.members.map((m) => m.index).filter(() => r.intn(2) === 0);
      return group.length === 0 || group.length === n
        ? { kind: 'heal' }
        : { kind: 'partition', groups: [group] };
    }
    case 'cut-link':
      return { kind: 'cut-link', from: a, to: other(a) };
    case 'drop-next':
      return { kind: 'drop-next', count: 1 + r.intn(10), ...randomMatch(r, n) };
    case 'delay-next':
      return {
        kind: 'delay-next',
        count: 1 + r.intn(10),
        delayUs: 1_000 + r.intn(500_000),
        ...randomMatch(r, n),
      };
    case 'link-latency': {
      const lo = r.intn(50_000);
      return {
        kind: 'link-latency',
        from: a,
        to: other(a),
        latency: { minUs: lo, maxUs: lo + r.intn(100_000) },
        symmetric: r.intn(2) === 0,
      };
    }
    case 'slow-disk': {
      const lo = 1_000 + r.intn(100_000);
      return { kind: 'slow-disk', member: a, fsync: { minUs: lo, maxUs: lo + r.intn(200_000) } };
    }
    case 'slow-apply':
      return {
        kind: 'slow-apply',
        member: a,
        applyUsPerEntry: r.intn(2) === 0 ? defaultSimKnobs.applyUsPerEntry : 1_000 + r.intn(50_000),
      };
    case 'heal':
    case undefined:
      return { kind: 'heal' };
  }
}

const matchTypes = [
  'MsgApp',
  'MsgAppResp',
  'MsgHeartbeat',
  'MsgHeartbeatResp',
  'MsgVote',
  'MsgPreVote',
  'MsgSnap',
  'MsgReadIndex',
  'MsgTimeoutNow',
];

function randomMatch(r: RandStream, n: number): { from?: number; to?: number; messageType?: string } {
  const out: { from?: number; to?: number; messageType?: string } = {};
  if (r.intn(2) === 0) out.from = r.intn(n);
  if (r.intn(2) === 0) out.to = r.intn(n);
  if (r.intn(3) !== 0) out.messageType = matchTypes[r.intn(matchTypes.length)] as string;
  return out;
}
