/**
 * W2: etcd's defaults, 3 members, 1,000 puts per virtual second offered to the leader (open
 * loop), 60 virtual seconds. Shows how much of the offered load commits and how fast the engine
 * runs under load. BENCH_W2_SECONDS shortens the run (the default is 60).
 *
 * Measured hot spot: every memorySnapshotCount (100) applied entries the member model puts the
 * whole mvcc history into the raft snapshot's data (src/etcd/apply.ts snapshotBytes →
 * KVStore.snapshotData), so the cost per snapshot grows with the number of puts so far.
 */
import { performance } from 'node:perf_hooks';
import { recordMetrics } from '../../cluster/run_metrics';
import { Run } from '../../cluster/run_record';
import { countsOf } from './w1-comparison';
import type { Workload } from './workload';

const seconds = Number(process.env['BENCH_W2_SECONDS'] ?? 60);

export const w2Throughput: Workload = {
  name: 'w2-throughput',
  description: `etcd defaults, 3 members, 1,000 puts/s offered, ${seconds} virtual s`,
  run() {
    const run = new Run({ size: 3, seed: 1 });
    const metrics = recordMetrics(run);
    run.apply({
      kind: 'start-workload',
      workload: {
        opsPerSecond: 1000,
        readRatio: 0,
        keySpace: 1000,
        valueBytes: 64,
        reads: 'linearizable',
        target: 'leader',
        clients: 16,
      },
    });
    const t0 = performance.now();
    const r = run.runFor(seconds * 1_000_000, 2_000_000_000);
    const wallMs = performance.now() - t0;
    if (r.kind !== 'time-reached') throw new Error(`w2: stopped with ${r.kind}`);
    const n = countsOf(run);
    const errors = run.cluster.calls.filter((x) => x.result !== null && !x.result.ok).length;
    return {
      simulatedMs: seconds * 1000,
      wallMs: Math.round(wallMs),
      speedup: Math.round(((seconds * 1000) / wallMs) * 10) / 10,
      kernelSteps: n.steps,
      messagesDelivered: n.messagesDelivered,
      committedEntries: n.committed,
      appliedEntries: n.applied,
      putsOffered: run.cluster.calls.length,
      putsOk: n.putsOk,
      putsFailed: errors,
      metricsRows: metrics.length,
      traceHash: run.cluster.traceHash(),
    };
  },
};
