import { benchRawNodeProposals } from '../../raft/testing/bench_rawnode';
import type { Workload } from './workload';

const proposals = 100_000;

/** The raft core alone: a 3-node RawNode cluster with in-memory delivery commits proposals. */
export const rawNodeProposals: Workload = {
  name: 'rawnode-proposals',
  description:
    '3-node RawNode cluster, in-memory delivery, 100,000 proposals committed and applied everywhere',
  run() {
    // Warm the JIT on a small run first so the figure measures steady state.
    benchRawNodeProposals(5_000, () => performance.now());
    const r = benchRawNodeProposals(proposals, () => performance.now());
    return {
      proposals: r.proposals,
      wallMs: Math.round(r.wallMs),
      proposalsPerSec: Math.round(r.proposalsPerSec),
    };
  },
};
