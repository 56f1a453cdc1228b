/**
 * A headless run of a cluster (what `npm run sim` drives): N members start together, an optional
 * put workload at a fixed rate goes to members chosen by the seeded stream `workload`, and the
 * run ends with a summary — leader changes, terms, committed/applied per member, client results
 * and the trace hash. Pure engine code: the CLI adds argument parsing, printing and wall time.
 */
import { sleep } from '../sim/op';
import type { Proc } from '../sim/op';
import type { ServerConfigOverrides } from '../etcd/config';
import type { LogRecord } from '../etcd/zap';
import { Cluster } from './cluster';
import type { MemberState } from './cluster';

export interface SimRunOptions {
  readonly members: number;
  readonly seed: bigint | number;
  readonly durationUs: number;
  /** Puts per second of virtual time (0 = no workload). */
  readonly putRate: number;
  /** Stop after exactly this many kernel steps instead of at durationUs. */
  readonly steps?: number;
  readonly config?: ServerConfigOverrides;
  readonly onLog?: (member: string, line: string, record: LogRecord) => void;
}

export interface LeaderChange {
  readonly timeUs: number;
  readonly member: string;
  readonly term: number;
}

export interface SimSummary {
  readonly members: readonly MemberState[];
  readonly leaderChanges: readonly LeaderChange[];
  readonly clients: {
    readonly issued: number;
    readonly ok: number;
    readonly pending: number;
    readonly errors: Readonly<Record<string, number>>;
  };
  readonly virtualUs: number;
  readonly steps: number;
  readonly runResult: string;
  readonly traceHash: string;
}

/** The workload: one put every 1/rate s, to a member that serves clients, from the first ready one on. */
function* workload(c: Cluster, rate: number): Proc {
  const rnd = c.kernel.rand.stream('workload');
  const periodUs = Math.max(1, Math.round(1_000_000 / rate));
  for (let i = 0; i < 10_000_000 && !c.allReady(); i++) yield* sleep(100_000, 'workload/wait-ready');
  for (let n = 0; n < 100_000_000; n++) {
    const ready = c.members.filter((m) => m.up && m.server?.readych.closed === true).map((m) => m.index);
    if (ready.length > 0) {
      const i = ready[rnd.intn(ready.length)] ?? 0;
      c.put(i, `key-${n % 16}`, `value-${n}`);
    }
    yield* sleep(periodUs, 'workload/sleep');
  }
}

export function runSim(o: SimRunOptions): SimSummary {
  const leaderChanges: LeaderChange[] = [];
  const c = new Cluster({
    size: o.members,
    seed: o.seed,
    ...(o.config === undefined ? {} : { config: o.config }),
    ...(o.onLog === undefined ? {} : { logSink: o.onLog }),
    observer: {
      observe: (member, x) => {
        if (x.kind !== 'role' || x.change.reason !== 'election-won' || member === null) return;
        const name = c.members[member]?.name ?? String(member);
        leaderChanges.push({ timeUs: c.kernel.nowUs, member: name, term: x.change.term });
      },
    },
  });
  c.start();
  if (o.putRate > 0) c.kernel.go('workload', workload(c, o.putRate));
  const stepsAt = o.steps;
  const r =
    stepsAt === undefined
      ? c.runFor(o.durationUs, 200_000_000)
      : c.runUntil(() => c.kernel.stepCount >= stepsAt, 200_000_000);
  const errors: Record<string, number> = {};
  let ok = 0;
  let pending = 0;
  for (const call of c.calls) {
    if (call.result === null) pending++;
    else if (call.result.ok) ok++;
    else errors[call.result.err.message] = (errors[call.result.err.message] ?? 0) + 1;
  }
  return {
    members: c.members.map((m) => c.memberState(m.index)),
    leaderChanges,
    clients: { issued: c.calls.length, ok, pending, errors },
    virtualUs: c.kernel.nowUs,
    steps: c.kernel.stepCount,
    runResult: r.kind,
    traceHash: c.traceHash(),
  };
}

/** The summary as text, one fact per line; the last line carries the trace hash. */
export function formatSummary(s: SimSummary): string[] {
  const out: string[] = [];
  out.push(`virtual time: ${(s.virtualUs / 1e6).toFixed(3)}s, kernel steps: ${s.steps}, run: ${s.runResult}`);
  out.push(`leader changes: ${s.leaderChanges.length}`);
  for (const l of s.leaderChanges)
    out.push(`  ${(l.timeUs / 1e6).toFixed(6)}s ${l.member} won the election for term ${l.term}`);
  out.push('members:');
  for (const m of s.members) {
    out.push(
      `  ${m.name} ${m.id} ${m.up ? 'up' : 'down'} ${m.raftState} term=${m.term} lead=${m.lead} committed=${m.committedIndex} applied=${m.appliedIndex} gap=${m.gap}`,
    );
  }
  out.push(`clients: issued=${s.clients.issued} ok=${s.clients.ok} pending=${s.clients.pending}`);
  for (const [msg, n] of Object.entries(s.clients.errors).sort())
    out.push(`  error ${JSON.stringify(msg)}: ${n}`);
  out.push(`trace-hash: ${s.traceHash}`);
  return out;
}
