import { kernelHandoffs } from './kernel-handoffs';
import { nodeClusterSteps } from './node-cluster-steps';
import { raftConformance } from './raft-conformance';
import { rawNodeProposals } from './rawnode-proposals';
import { w1Comparison } from './w1-comparison';
import { w2Throughput } from './w2-throughput';
import { w3Seek } from './w3-seek';
import { sessionHistory } from './session-history';
import type { Workload } from './workload';

/** Every workload `npm run bench` knows, in the order it runs them. */
export const workloads: readonly Workload[] = [
  kernelHandoffs,
  nodeClusterSteps,
  rawNodeProposals,
  raftConformance,
  w1Comparison,
  w2Throughput,
  w3Seek,
  sessionHistory,
];
