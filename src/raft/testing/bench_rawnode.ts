/**
 * A throughput benchmark of the raft core alone: a 3-node RawNode cluster with in-memory
 * delivery commits `count` proposals. Engine code must not read the clock, so the caller
 * passes one in (e.g. `() => performance.now()` from a CLI).
 */
import type { NodeID } from '../raftpb/types';
import { MemoryCluster } from './memory_cluster';

export interface RawNodeBenchResult {
  proposals: number;
  wallMs: number;
  proposalsPerSec: number;
}

/** Proposals submitted between two rounds of Ready handling (a client pipeline depth). */
const batchSize = 64;
/** How many applied entries to keep before compacting storage, to bound memory. */
const compactEvery = 4096;

/**
 * Elects node 1, then proposes `count` entries in batches, running Ready/delivery rounds until
 * every node has applied them all. Throws if the cluster stops making progress.
 */
export function benchRawNodeProposals(count: number, nowMs: () => number): RawNodeBenchResult {
  const ids: NodeID[] = [1n, 2n, 3n];
  const c = new MemoryCluster(ids, { electionTick: 10, heartbeatTick: 1, maxInflightMsgs: 256 });
  c.node(1n).rawNode.campaign();
  c.stabilize();
  if (c.leader() !== 1n) {
    throw new Error('bench: node 1 did not become leader');
  }
  const data = new TextEncoder().encode('bench-payload-0123456789');
  const leader = c.node(1n).rawNode;
  const target = leader.raft.raftLog.lastIndex() + count;
  const start = nowMs();
  let proposed = 0;
  let lastCompact = 0;
  // Each round proposes at most one batch, so the bound follows from count.
  const maxRounds = Math.ceil(count / batchSize) * 4 + 1000;
  for (let round = 0; round < maxRounds && !allApplied(c, target); round++) {
    for (let i = 0; i < batchSize && proposed < count; i++) {
      if (leader.propose(data) === undefined) {
        proposed++;
      }
    }
    c.stabilize(1);
    lastCompact = maybeCompact(c, lastCompact);
  }
  const wallMs = nowMs() - start;
  if (!allApplied(c, target)) {
    throw new Error(`bench: only ${proposed} of ${count} proposals were applied`);
  }
  return { proposals: count, wallMs, proposalsPerSec: wallMs > 0 ? (count * 1000) / wallMs : Infinity };
}

function allApplied(c: MemoryCluster, target: number): boolean {
  for (const n of c.nodes.values()) {
    if (n.rawNode.raft.raftLog.applied < target) return false;
  }
  return true;
}

/** Snapshots and compacts every node's storage up to the lowest applied index. */
function maybeCompact(c: MemoryCluster, lastCompact: number): number {
  let minApplied = Infinity;
  for (const n of c.nodes.values()) {
    minApplied = Math.min(minApplied, n.rawNode.raft.raftLog.applied);
  }
  if (minApplied - lastCompact < compactEvery) {
    return lastCompact;
  }
  for (const n of c.nodes.values()) {
    n.storage.createSnapshot(minApplied, n.rawNode.raft.trk.confState(), undefined);
    n.storage.compact(minApplied);
    // The state machine keeps only what the benchmark needs: nothing.
    n.applied = [];
  }
  return minApplied;
}
