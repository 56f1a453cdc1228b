import { kernelHandoffs } from './kernel-handoffs';
import { nodeClusterSteps } from './node-cluster-steps';
import { raftConformance } from './raft-conformance';
import { rawNodeProposals } from './rawnode-proposals';
import type { Workload } from './workload';

/** Every workload `npm run bench` knows, in the order it runs them. */
export const workloads: readonly Workload[] = [
  kernelHandoffs,
  nodeClusterSteps,
  rawNodeProposals,
  raftConformance,
];
