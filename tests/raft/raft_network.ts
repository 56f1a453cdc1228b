/**
 * A synchronous test network of raft state machines, in the spirit of upstream raft_test.go's
 * `network`: sending a message steps it into its recipient and keeps delivering whatever that
 * produces until nothing is left, with per-link drops, ignored message types and a hook.
 * Raft instances are driven directly (no RawNode): durable responses are stepped or sent
 * right away, as if every write were instantly durable.
 */
import { newRaft, type Config, type Raft } from '../../src/raft/raft';
import { SeededRand } from '../../src/raft/rand';
import {
  EntryType,
  emptyConfState,
  type ConfState,
  type Entry,
  type Message,
  type MessageType,
  type NodeID,
} from '../../src/raft/raftpb/types';
import { MemoryStorage, type InitialState } from '../../src/raft/storage';
import { newInflights } from '../../src/raft/tracker/inflights';
import { Progress } from '../../src/raft/tracker/progress';
import { makeProgressTracker } from '../../src/raft/tracker/tracker';

/** A MemoryStorage whose initial ConfState is given (upstream's withPeers/withLearners). */
export class PeersStorage extends MemoryStorage {
  constructor(private readonly cs: ConfState) {
    super();
  }
  override initialState(): InitialState {
    return { hardState: super.initialState().hardState, confState: this.cs };
  }
}

export function peersStorage(voters: NodeID[], learners: NodeID[] = []): PeersStorage {
  return new PeersStorage({ ...emptyConfState(), voters, learners });
}

export type ConfigFn = (c: Config) => void;

export function testConfig(id: NodeID, election: number, heartbeat: number, storage: MemoryStorage): Config {
  return {
    id,
    electionTick: election,
    heartbeatTick: heartbeat,
    storage,
    maxSizePerMsg: Infinity,
    maxInflightMsgs: 256,
  };
}

export function testRaft(
  id: NodeID,
  election: number,
  heartbeat: number,
  storage: MemoryStorage,
  fn?: ConfigFn,
): Raft {
  const c = testConfig(id, election, heartbeat, storage);
  fn?.(c);
  return newRaft(c);
}

/** Entries with consecutive indexes from `first`, one per term given. */
export function entries(first: number, ...terms: number[]): Entry[] {
  return terms.map((term, i) => ({ term, index: first + i, type: EntryType.EntryNormal, data: undefined }));
}

/** Steps every durable response: self-addressed ones into r, the others into r.msgs. */
export function advanceMessagesAfterAppend(r: Raft): void {
  for (let round = 0; round < 100; round++) {
    const msgs = r.msgsAfterAppend;
    r.msgsAfterAppend = [];
    if (msgs.length === 0) return;
    for (const m of msgs) {
      if (m.to === r.id) r.step(m);
      else r.msgs.push(m);
    }
  }
  throw new Error('advanceMessagesAfterAppend did not settle');
}

/** Takes every outgoing message (after settling durable responses). */
export function readMessages(r: Raft): Message[] {
  advanceMessagesAfterAppend(r);
  const msgs = r.msgs;
  r.msgs = [];
  return msgs;
}

/** Persists the unstable log, settles responses, and returns (and marks applied) the committed entries. */
export function nextEnts(r: Raft, s: MemoryStorage): Entry[] {
  s.append(r.raftLog.nextUnstableEnts());
  r.raftLog.stableTo(r.raftLog.lastEntryID());
  advanceMessagesAfterAppend(r);
  const ents = r.raftLog.nextCommittedEnts(true);
  r.raftLog.appliedTo(r.raftLog.committed, 0);
  return ents;
}

/** A node whose log holds one entry per given term, at the last term (upstream entsWithConfig). */
export function entsWithConfig(fn: ConfigFn | undefined, id: NodeID, ...terms: number[]): Raft {
  const s = new MemoryStorage();
  s.append(entries(1, ...terms));
  const r = testRaft(id, 5, 1, s, fn);
  r.reset(terms[terms.length - 1] as number);
  return r;
}

/** A node that voted for `vote` in `term` but has no entries (upstream votedWithConfig). */
export function votedWithConfig(fn: ConfigFn | undefined, id: NodeID, vote: NodeID, term: number): Raft {
  const s = new MemoryStorage();
  s.setHardState({ term, vote, commit: 0 });
  const r = testRaft(id, 5, 1, s, fn);
  r.reset(term);
  return r;
}

export const blackHole = 'blackhole' as const;
/** A peer spec: undefined creates a fresh node, a Raft is adopted, blackHole swallows everything. */
export type PeerSpec = Raft | undefined | typeof blackHole;

export class Network {
  readonly peers = new Map<NodeID, Raft | typeof blackHole>();
  readonly storage = new Map<NodeID, MemoryStorage>();
  private dropm = new Map<string, number>();
  private ignorem = new Set<MessageType>();
  private readonly rand = new SeededRand(12345);
  msgHook: ((m: Message) => boolean) | undefined;

  constructor(fn: ConfigFn | undefined, specs: PeerSpec[]) {
    const ids = specs.map((_, i) => BigInt(i + 1));
    specs.forEach((spec, i) => {
      const id = ids[i] as NodeID;
      if (spec === undefined) {
        const s = peersStorage(ids);
        this.storage.set(id, s);
        this.peers.set(id, testRaft(id, 10, 1, s, fn));
      } else if (spec === blackHole) {
        this.peers.set(id, blackHole);
      } else {
        adoptPeers(spec, ids);
        this.peers.set(id, spec);
      }
    });
  }

  raft(id: NodeID): Raft {
    const p = this.peers.get(id);
    if (p === undefined || p === blackHole) throw new Error(`peer ${id.toString()} is not a raft`);
    return p;
  }

  /** Delivers messages and everything they cause, breadth first. */
  send(...msgs: Message[]): void {
    const queue = [...msgs];
    for (let steps = 0; queue.length > 0; steps++) {
      if (steps > 100_000) throw new Error('network did not settle');
      const m = queue.shift() as Message;
      const p = this.peers.get(m.to);
      if (p === undefined || p === blackHole) continue;
      p.step(m);
      queue.push(...this.filter(readMessages(p)));
    }
  }

  drop(from: NodeID, to: NodeID, perc: number): void {
    this.dropm.set(`${from}-${to}`, perc);
  }

  cut(one: NodeID, other: NodeID): void {
    this.drop(one, other, 2);
    this.drop(other, one, 2);
  }

  isolate(id: NodeID): void {
    for (const other of this.peers.keys()) {
      if (other !== id) {
        this.drop(id, other, 1);
        this.drop(other, id, 1);
      }
    }
  }

  ignore(t: MessageType): void {
    this.ignorem.add(t);
  }

  recover(): void {
    this.dropm = new Map();
    this.ignorem = new Set();
  }

  private filter(msgs: Message[]): Message[] {
    return msgs.filter((m) => {
      if (this.ignorem.has(m.type)) return false;
      const perc = this.dropm.get(`${m.from}-${m.to}`) ?? 0;
      if (this.rand.intn(1_000_000) / 1_000_000 < perc) return false;
      return this.msgHook === undefined || this.msgHook(m);
    });
  }
}

/** Makes an existing raft track exactly `ids` (keeping its learners), then resets it. */
function adoptPeers(r: Raft, ids: NodeID[]): void {
  const learners = new Set(r.trk.config.learners);
  r.trk = makeProgressTracker(r.trk.maxInflight, r.trk.maxInflightBytes);
  for (const id of ids) {
    const pr = new Progress({ next: 1, inflights: newInflights(r.trk.maxInflight, r.trk.maxInflightBytes) });
    if (learners.has(id)) {
      pr.isLearner = true;
      r.trk.config.learners.add(id);
    } else {
      r.trk.config.voters[0].add(id);
    }
    r.trk.progress.set(id, pr);
  }
  r.reset(r.term);
}

export function newNetwork(...specs: PeerSpec[]): Network {
  return new Network(undefined, specs);
}

export function newNetworkWithConfig(fn: ConfigFn | undefined, ...specs: PeerSpec[]): Network {
  return new Network(fn, specs);
}

export const preVoteConfig: ConfigFn = (c) => {
  c.preVote = true;
};
