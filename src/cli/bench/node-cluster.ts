/**
 * A small cluster of raft Nodes on one kernel, wired the simplest way that still exercises
 * every channel of node.go: per member a node goroutine, a Ready-loop driver (a stripped-down
 * raftNode.start: tick on a ticker, persist to MemoryStorage, send, apply, Advance), and a
 * receiver goroutine that steps messages from a buffered inbox. Messages arrive without
 * delay. Used by the bench workload 'node-cluster-steps' and by tests/raft/node.test.ts.
 */
import type { Chan } from '../../sim/chan';
import { background, withTimeout } from '../../sim/context';
import { Kernel } from '../../sim/kernel';
import { recvCase, select, sleep } from '../../sim/op';
import type { Proc } from '../../sim/op';
import { Ticker } from '../../sim/time';
import { SinkLogger } from '../../raft/logger';
import { startNode } from '../../raft/node';
import type { Node } from '../../raft/node';
import { confChangeFromEntry } from '../../raft/raftpb/confchange';
import { EntryType, isEmptyHardState, isEmptySnap } from '../../raft/raftpb/types';
import type { Message, NodeID } from '../../raft/raftpb/types';
import type { Ready } from '../../raft/ready';
import { StateType } from '../../raft/state_type';
import { MemoryStorage } from '../../raft/storage';

export interface Member {
  readonly id: NodeID;
  readonly node: Node;
  readonly storage: MemoryStorage;
  readonly inbox: Chan<Message>;
  /** Data of applied normal entries, in order. */
  readonly applied: string[];
}

export interface NodeCluster {
  readonly kernel: Kernel;
  readonly members: readonly Member[];
  readonly logs: string[];
  /** The member ids that currently think they are leader. */
  leaders(): NodeID[];
  stop: Chan<undefined>;
}

export const tickUs = 100_000;
const inboxCapacity = 4096;

export function buildNodeCluster(seed: number, size = 3, keepLogs = true): NodeCluster {
  const k = new Kernel({ seed, traceCapacity: 1024 });
  const logs: string[] = [];
  const stop = k.chan<undefined>('cluster stop');
  const ids = Array.from({ length: size }, (_, i) => BigInt(i + 1));
  const inboxes = new Map<NodeID, Chan<Message>>();
  for (const id of ids) inboxes.set(id, k.chan<Message>(`net ${id} inbox`, inboxCapacity));
  const members = ids.map((id): Member => {
    const storage = new MemoryStorage();
    const logger = new SinkLogger((level, message) => {
      if (keepLogs) logs.push(`${id} ${level} ${message}`);
    });
    const node = startNode(
      k,
      {
        id,
        electionTick: 10,
        heartbeatTick: 1,
        storage,
        maxSizePerMsg: 1 << 20,
        maxInflightMsgs: 256,
        checkQuorum: true,
        preVote: true,
        logger,
      },
      ids.map((p) => ({ id: p, context: undefined })),
    );
    return { id, node, storage, inbox: inboxes.get(id) as Chan<Message>, applied: [] };
  });
  for (const m of members) {
    k.go(`receiver ${m.id}`, receiver(m, stop));
    k.go(`driver ${m.id}`, driver(k, m, inboxes, stop));
  }
  const leaders = (): NodeID[] =>
    members.filter((m) => m.node.rn.raft.state === StateType.StateLeader).map((m) => m.id);
  return { kernel: k, members, logs, leaders, stop };
}

function* receiver(m: Member, stop: Chan<undefined>): Proc {
  for (;;) {
    const r = yield* select('transport/recv', [recvCase(m.inbox), recvCase(stop)]);
    if (r.index === 1) return;
    yield* m.node.step(background(), r.value as Message);
  }
}

function* driver(
  k: Kernel,
  m: Member,
  inboxes: ReadonlyMap<NodeID, Chan<Message>>,
  stop: Chan<undefined>,
): Proc {
  const ticker = new Ticker(k, tickUs, `ticker ${m.id}`);
  for (;;) {
    const r = yield* select('driver/select', [recvCase(ticker.c), recvCase(m.node.ready()), recvCase(stop)]);
    if (r.index === 0) m.node.tick();
    else if (r.index === 1) yield* handleReady(k, m, r.value as Ready, inboxes);
    else {
      ticker.stop();
      yield* m.node.stop();
      return;
    }
  }
}

function* handleReady(k: Kernel, m: Member, rd: Ready, inboxes: ReadonlyMap<NodeID, Chan<Message>>): Proc {
  if (!isEmptySnap(rd.snapshot)) m.storage.applySnapshot(rd.snapshot);
  if (!isEmptyHardState(rd.hardState)) m.storage.setHardState(rd.hardState);
  m.storage.append(rd.entries);
  for (const msg of rd.messages) {
    const inbox = inboxes.get(msg.to);
    // A full inbox drops the message, as a full rafthttp buffer would.
    if (inbox !== undefined) k.trySend(inbox, msg);
  }
  for (const e of rd.committedEntries) {
    if (e.type === EntryType.EntryNormal) {
      if (e.data !== undefined && e.data.length > 0) m.applied.push(new TextDecoder().decode(e.data));
    } else {
      yield* m.node.applyConfChange(confChangeFromEntry(e));
    }
  }
  yield* m.node.advance();
}

/** Proposes `count` values through `via`, one every `gapUs`, each with a 7 s timeout. */
export function* proposer(k: Kernel, via: Member, count: number, gapUs: number, results: string[]): Proc {
  for (let i = 0; i < count; i++) {
    const [ctx, cancel] = withTimeout(k, background(), 7_000_000);
    const err = yield* via.node.propose(ctx, new TextEncoder().encode(`v${i}`));
    cancel();
    results.push(err === undefined ? 'ok' : err.message);
    yield* sleep(gapUs, 'proposer/sleep');
  }
}
