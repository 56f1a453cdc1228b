import { buildNodeCluster, proposer } from './node-cluster';
import type { Workload } from './workload';

const virtualSeconds = 300;
const proposals = 10_000;

/** A 3-member cluster of raft Nodes: elections, heartbeats and a steady stream of proposals. */
export const nodeClusterSteps: Workload = {
  name: 'node-cluster-steps',
  description: `3 raft Nodes on the kernel for ${virtualSeconds} virtual seconds with ${proposals} proposals`,
  run() {
    const c = buildNodeCluster(7, 3, false);
    const k = c.kernel;
    const results: string[] = [];
    const via = c.members[0];
    if (via === undefined) throw new Error('node-cluster-steps: empty cluster');
    k.go('proposer', proposer(k, via, proposals, 20_000, results));
    const t0 = performance.now();
    const r = k.runFor(virtualSeconds * 1_000_000, { maxSteps: 100_000_000 });
    const wallMs = performance.now() - t0;
    if (r.kind !== 'time-reached') throw new Error(`node-cluster-steps: stopped with ${r.kind}`);
    return {
      steps: k.stepCount,
      wallMs: Math.round(wallMs),
      stepsPerSec: Math.round(k.stepCount / (wallMs / 1000)),
      virtualSecPerWallSec: Math.round((virtualSeconds / (wallMs / 1000)) * 10) / 10,
      proposalsOk: results.filter((x) => x === 'ok').length,
      applied: Math.min(...c.members.map((m) => m.applied.length)),
      traceHash: k.traceHash(),
    };
  },
};
