/**
 * W1, the comparison workload: 5 members, tick 10 ms, ElectionTick 10, network latency uniform
 * 10–15 ms, one put every 100 virtual ms to the leader, 600 virtual seconds, seeds 1–5 — run as
 * a Run (input log, checkpoints) with the per-step metrics history recorded, as the UI would.
 * BENCH_W1_SECONDS shortens the run (the default is 600).
 *
 * HeartbeatTick 5 is the comparison's; etcd itself hard-codes 1 (ServerConfig.heartbeatTick is the
 * simulator's knob for it).
 */
import { performance } from 'node:perf_hooks';
import { recordMetrics } from '../../cluster/run_metrics';
import { Run } from '../../cluster/run_record';
import type { RunSpec } from '../../cluster/run_record';
import type { MetricsHistory } from '../../cluster/metrics_history';
import type { ServerConfigOverrides } from '../../etcd/config';
import type { Workload } from './workload';

export const w1Config: ServerConfigOverrides = {
  tickMs: 10,
  electionMs: 100,
  heartbeatTick: 5,
  sim: { networkLatencyUsMin: 10_000, networkLatencyUsMax: 15_000 },
};

export function w1Spec(seed: number): RunSpec {
  return { size: 5, seed, config: w1Config };
}

/** A W1 run: the cluster, its metrics history and the leader-directed put stream. */
export function startW1(seed: number): { run: Run; metrics: MetricsHistory } {
  const run = new Run(w1Spec(seed));
  const metrics = recordMetrics(run);
  run.apply({
    kind: 'start-workload',
    workload: {
      opsPerSecond: 10,
      readRatio: 0,
      keySpace: 16,
      valueBytes: 8,
      reads: 'linearizable',
      target: 'leader',
      clients: 1,
    },
  });
  return { run, metrics };
}

export interface RunCounts {
  readonly steps: number;
  readonly messagesDelivered: number;
  readonly committed: number;
  readonly applied: number;
  readonly putsOk: number;
}

export function countsOf(run: Run): RunCounts {
  const c = run.cluster;
  let delivered = 0;
  for (const n of run.faults.deliveredByType().values()) delivered += n;
  const servers = c.members.map((m) => m.server).filter((s) => s !== null);
  return {
    steps: run.step,
    messagesDelivered: delivered,
    committed: Math.max(0, ...servers.map((s) => s.committedIndex)),
    applied: Math.min(...servers.map((s) => s.appliedIndex)),
    putsOk: c.calls.filter((x) => x.result?.ok === true).length,
  };
}

function heapMB(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return Math.round((process.memoryUsage().heapUsed / (1024 * 1024)) * 10) / 10;
}

const seconds = Number(process.env['BENCH_W1_SECONDS'] ?? 600);
const seeds = [1, 2, 3, 4, 5];

export const w1Comparison: Workload = {
  name: 'w1-comparison',
  description: `5 members, tick 10 ms, 10–15 ms links, a put every 100 ms, ${seconds} virtual s, seeds 1–5`,
  run() {
    let wallMs = 0;
    let steps = 0;
    let delivered = 0;
    let committed = 0;
    let applied = 0;
    let putsOk = 0;
    let heapMaxMB = 0;
    let cpuTotalMs = 0;
    const perSeed: string[] = [];
    for (const seed of seeds) {
      const { run, metrics } = startW1(seed);
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      const r = run.runFor(seconds * 1_000_000, 2_000_000_000);
      const ms = performance.now() - t0;
      // CPU time too: on a shared machine wall time measures the neighbours as well.
      const cpuMs = process.cpuUsage(cpu0).user / 1000;
      cpuTotalMs += cpuMs;
      if (r.kind !== 'time-reached') throw new Error(`w1: seed ${seed} stopped with ${r.kind}`);
      const n = countsOf(run);
      wallMs += ms;
      steps += n.steps;
      delivered += n.messagesDelivered;
      committed += n.committed;
      applied += n.applied;
      putsOk += n.putsOk;
      heapMaxMB = Math.max(heapMaxMB, heapMB());
      perSeed.push(`${seed}:${Math.round((seconds * 1000) / ms)}x/${metrics.length}rows`);
      console.error(
        JSON.stringify({
          workload: 'w1-comparison',
          seed,
          simulatedMs: seconds * 1000,
          wallMs: Math.round(ms),
          cpuMs: Math.round(cpuMs),
          speedup: Math.round((seconds * 1000) / ms),
          speedupCpu: Math.round((seconds * 1000) / cpuMs),
          ...n,
          metricsRows: metrics.length,
          metricsBytes: metrics.byteLength,
          checkpoints: run.checkpoints.length,
          traceHash: run.cluster.traceHash(),
        }),
      );
    }
    const simulatedMs = seconds * 1000 * seeds.length;
    return {
      seeds: seeds.length,
      simulatedMs,
      wallMs: Math.round(wallMs),
      speedup: Math.round((simulatedMs / wallMs) * 10) / 10,
      cpuMs: Math.round(cpuTotalMs),
      speedupCpu: Math.round((simulatedMs / cpuTotalMs) * 10) / 10,
      kernelSteps: steps,
      messagesDelivered: delivered,
      committedEntries: committed,
      appliedEntries: applied,
      putsOk,
      heapAfterGcMaxMB: heapMaxMB,
      heartbeatTick: 5,
      perSeed: perSeed.join(' '),
    };
  },
};
