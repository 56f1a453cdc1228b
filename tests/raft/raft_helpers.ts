/** Shared helpers for the raft core tests (raft_*.test.ts, rawnode*.test.ts). */
import { SinkLogger, type LogLevelName } from '../../src/raft/logger';
import type { Message, NodeID } from '../../src/raft/raftpb/types';
import { MemoryCluster, type MemoryClusterOptions } from '../../src/raft/testing/memory_cluster';
import { StateType } from '../../src/raft/state_type';

export const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
export const dec = (b: Uint8Array | undefined): string =>
  b === undefined ? '' : new TextDecoder().decode(b);

/** A logger recording `LEVEL message` lines. */
export function recorder(): { logger: SinkLogger; lines: string[] } {
  const lines: string[] = [];
  return { logger: new SinkLogger((l: LogLevelName, m: string) => lines.push(`${l} ${m}`)), lines };
}

export function ids(n: number): NodeID[] {
  return Array.from({ length: n }, (_, i) => BigInt(i + 1));
}

/** A cluster of n nodes with node 1 elected leader. */
export function clusterWithLeader(n: number, opts: MemoryClusterOptions = {}): MemoryCluster {
  const c = new MemoryCluster(ids(n), opts);
  c.node(1n).rawNode.campaign();
  c.stabilize();
  if (c.leader() !== 1n) {
    throw new Error('node 1 did not win');
  }
  return c;
}

/**
 * Like MemoryCluster.stabilize, but every message from or to a node in `isolated` is lost,
 * and `filter` may drop any other message.
 */
export function stabilizePartitioned(
  c: MemoryCluster,
  isolated: ReadonlySet<NodeID>,
  filter: (m: Message) => boolean = () => true,
  maxRounds = 1000,
): void {
  for (let round = 0; round < maxRounds; round++) {
    let busy = false;
    for (const id of c.ids) {
      busy = c.processReady(id) || busy;
    }
    const msgs = c.inFlight;
    c.inFlight = [];
    for (const m of msgs) {
      busy = true;
      if (!isolated.has(m.from) && !isolated.has(m.to) && filter(m)) {
        c.deliverMessage(m);
      }
    }
    if (!busy) return;
  }
}

export function stateOf(c: MemoryCluster, id: NodeID): StateType {
  return c.node(id).rawNode.raft.state;
}

/** The data of every normal, non-empty entry a node applied, as strings. */
export function appliedData(c: MemoryCluster, id: NodeID): string[] {
  return c
    .node(id)
    .applied.filter((e) => e.type === 0 && e.data !== undefined && e.data.length > 0)
    .map((e) => dec(e.data));
}
