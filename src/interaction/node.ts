/**
 * One raft node of the interaction harness (rafttest/interaction_env.go: Node) and the storage
 * it hands to raft (interaction_env_handler_add_nodes.go: snapOverrideStorage).
 */
import type { Config } from '../raft/raft';
import type { RawNode } from '../raft/rawnode';
import type { Entry, Message, Snapshot } from '../raft/raftpb/types';
import { MemoryStorage, type InitialState, type Storage } from '../raft/storage';

/**
 * A MemoryStorage whose snapshot() answers with the node's latest "state machine snapshot"
 * (History[last]) instead of the snapshot stored in it. That is how a leader in the harness
 * gets a snapshot to send: the appender state machine is the only thing that builds them.
 */
export class HistoryStorage implements Storage {
  readonly memory = new MemoryStorage();

  constructor(private readonly latest: () => Snapshot) {}

  initialState(): InitialState {
    return this.memory.initialState();
  }
  entries(lo: number, hi: number, maxSize: number): Entry[] {
    return this.memory.entries(lo, hi, maxSize);
  }
  term(i: number): number {
    return this.memory.term(i);
  }
  lastIndex(): number {
    return this.memory.lastIndex();
  }
  firstIndex(): number {
    return this.memory.firstIndex();
  }
  snapshot(): Snapshot {
    return this.latest();
  }
}

/** A node of the harness: its RawNode, its storage, and the work waiting for its threads. */
export interface InteractionNode {
  /** Raft ID; the node at position i of the env has ID i+1. */
  readonly id: bigint;
  readonly rawNode: RawNode;
  readonly storage: HistoryStorage;
  /** The Config the node was created with (election/heartbeat ticks and async mode are read back). */
  readonly config: Config;
  /** Queued MsgStorageAppend messages (async-storage-writes mode only), oldest first. */
  appendWork: Message[];
  /** Queued MsgStorageApply messages (async-storage-writes mode only), oldest first. */
  applyWork: Message[];
  /**
   * Snapshots of the appender state machine, one per applied entry; history[0] is the bootstrap
   * snapshot (or the empty snapshot). Each snapshot's data is all applied payloads concatenated.
   */
  readonly history: Snapshot[];
}
