/**
 * An in-memory cluster of RawNodes for tests, property tests and benchmarks: each node has a
 * MemoryStorage and a trivial state machine (the list of applied entries), and every message
 * goes through one shared in-flight list that the caller delivers, drops, duplicates or
 * reorders at will. Nothing here reads a clock or a host random source.
 *
 * Only sync-storage mode (Ready/Advance) is modelled; tests of async writes drive RawNode
 * directly.
 */
import type { Logger } from '../logger';
import { confChangeFromEntry } from '../raftpb/confchange';
import {
  EntryType,
  isEmptyHardState,
  isEmptySnap,
  type ConfState,
  type Entry,
  type Message,
  type NodeID,
} from '../raftpb/types';
import type { Config } from '../raft';
import { SeededRand, seedFromNodeID } from '../rand';
import { newRawNode, type RawNode } from '../rawnode';
import type { ReadOnlyOption } from '../read_only';
import type { ReadState } from '../ready';
import { StateType } from '../state_type';
import { MemoryStorage } from '../storage';

/** One member: its RawNode, its storage, and what its state machine applied. */
export interface MemoryNode {
  readonly id: NodeID;
  readonly rawNode: RawNode;
  readonly storage: MemoryStorage;
  /** Entries applied to the state machine, in order (a snapshot restore resets it). */
  applied: Entry[];
  /** Index of the snapshot the state machine was last restored from (0: none). */
  snapshotIndex: number;
  /** ReadStates surfaced by Readys, oldest first. */
  readStates: ReadState[];
}

export interface MemoryClusterOptions {
  electionTick?: number;
  heartbeatTick?: number;
  preVote?: boolean;
  checkQuorum?: boolean;
  readOnlyOption?: ReadOnlyOption;
  maxSizePerMsg?: number;
  maxInflightMsgs?: number;
  /** Seed of the per-node election-timeout streams (each node mixes in its ID). */
  seed?: number;
  logger?: Logger;
}

/** A bootstrapped cluster whose members all start from the same snapshot (index 1, term 1). */
export class MemoryCluster {
  readonly nodes = new Map<NodeID, MemoryNode>();
  /** The network: messages sent and not yet delivered or dropped, in send order. */
  inFlight: Message[] = [];

  constructor(
    readonly ids: readonly NodeID[],
    opts: MemoryClusterOptions = {},
  ) {
    const confState: ConfState = {
      voters: [...ids],
      learners: [],
      votersOutgoing: [],
      learnersNext: [],
      autoLeave: false,
    };
    for (const id of ids) {
      const storage = new MemoryStorage();
      storage.applySnapshot({ data: undefined, metadata: { index: 1, term: 1, confState } });
      const config: Config = {
        id,
        electionTick: opts.electionTick ?? 10,
        heartbeatTick: opts.heartbeatTick ?? 1,
        storage,
        applied: 1,
        maxSizePerMsg: opts.maxSizePerMsg ?? 1024 * 1024,
        maxInflightMsgs: opts.maxInflightMsgs ?? 256,
        preVote: opts.preVote ?? false,
        checkQuorum: opts.checkQuorum ?? false,
        rand: new SeededRand((seedFromNodeID(id) ^ (opts.seed ?? 0)) >>> 0),
      };
      if (opts.readOnlyOption !== undefined) config.readOnlyOption = opts.readOnlyOption;
      if (opts.logger !== undefined) config.logger = opts.logger;
      const rawNode = newRawNode(config);
      this.nodes.set(id, { id, rawNode, storage, applied: [], snapshotIndex: 1, readStates: [] });
    }
  }

  node(id: NodeID): MemoryNode {
    const n = this.nodes.get(id);
    if (n === undefined) {
      throw new Error(`no node ${id.toString()}`);
    }
    return n;
  }

  rawNodes(): RawNode[] {
    return [...this.nodes.values()].map((n) => n.rawNode);
  }

  /**
   * Handles one Ready of node `id` the way a sync-mode application must: persist, apply, send,
   * then Advance. Returns false when the node had nothing ready.
   */
  processReady(id: NodeID): boolean {
    const n = this.node(id);
    if (!n.rawNode.hasReady()) {
      return false;
    }
    const rd = n.rawNode.ready();
    if (!isEmptyHardState(rd.hardState)) {
      n.storage.setHardState(rd.hardState);
    }
    if (!isEmptySnap(rd.snapshot)) {
      n.storage.applySnapshot(rd.snapshot);
      n.applied = [];
      n.snapshotIndex = rd.snapshot.metadata.index;
    }
    n.storage.append(rd.entries);
    for (const e of rd.committedEntries) {
      this.apply(n, e);
    }
    n.readStates.push(...rd.readStates);
    this.inFlight.push(...rd.messages);
    n.rawNode.advance(rd);
    return true;
  }

  private apply(n: MemoryNode, e: Entry): void {
    n.applied.push(e);
    if (e.type === EntryType.EntryConfChange || e.type === EntryType.EntryConfChangeV2) {
      n.rawNode.applyConfChange(confChangeFromEntry(e));
    }
  }

  /** Steps message m into its recipient (messages to unknown nodes vanish). */
  deliverMessage(m: Message): void {
    const n = this.nodes.get(m.to);
    if (n !== undefined) {
      // Step errors (e.g. a dropped forwarded proposal) are normal network outcomes here.
      n.rawNode.step(m);
    }
  }

  /** Removes and delivers the in-flight message at position i. */
  deliverAt(i: number): void {
    const [m] = this.inFlight.splice(i, 1);
    if (m !== undefined) {
      this.deliverMessage(m);
    }
  }

  /**
   * Runs Ready handling and delivery until nothing is left, or `maxRounds` rounds passed.
   * Returns whether the cluster went quiet.
   */
  stabilize(maxRounds = 1000): boolean {
    for (let round = 0; round < maxRounds; round++) {
      let busy = false;
      for (const id of this.ids) {
        busy = this.processReady(id) || busy;
      }
      const msgs = this.inFlight;
      this.inFlight = [];
      for (const m of msgs) {
        this.deliverMessage(m);
        busy = true;
      }
      if (!busy) {
        return true;
      }
    }
    return false;
  }

  /** The current leader as seen by a node in state leader with the highest term, if any. */
  leader(): NodeID | undefined {
    let best: { id: NodeID; term: number } | undefined;
    for (const n of this.nodes.values()) {
      const st = n.rawNode.basicStatus();
      if (st.raftState === StateType.StateLeader && (best === undefined || st.term > best.term)) {
        best = { id: n.id, term: st.term };
      }
    }
    return best?.id;
  }
}
