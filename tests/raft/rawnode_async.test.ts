/** RawNode with AsyncStorageWrites: storage work travels as MsgStorageAppend/MsgStorageApply. */
import { describe, expect, it } from 'vitest';
import { confChangeFromEntry } from '../../src/raft/raftpb/confchange';
import {
  EntryType,
  LocalApplyThread,
  LocalAppendThread,
  MessageType,
  noLimit,
  type ConfState,
  type Entry,
  type Message,
  type NodeID,
} from '../../src/raft/raftpb/types';
import { newRawNode, type RawNode } from '../../src/raft/rawnode';
import { StateType } from '../../src/raft/state_type';
import { MemoryStorage } from '../../src/raft/storage';
import { describeMessage } from '../../src/raft/util';
import { dec, enc } from './raft_helpers';

interface AsyncNode {
  rn: RawNode;
  storage: MemoryStorage;
  appendWork: Message[];
  applyWork: Message[];
  applied: Entry[];
}

class AsyncCluster {
  readonly nodes = new Map<NodeID, AsyncNode>();
  net: Message[] = [];

  constructor(voters: NodeID[]) {
    const confState: ConfState = {
      voters,
      learners: [],
      votersOutgoing: [],
      learnersNext: [],
      autoLeave: false,
    };
    for (const id of voters) {
      const storage = new MemoryStorage();
      storage.applySnapshot({ data: undefined, metadata: { index: 1, term: 1, confState } });
      const rn = newRawNode({
        id,
        electionTick: 10,
        heartbeatTick: 1,
        storage,
        applied: 1,
        maxSizePerMsg: noLimit,
        maxInflightMsgs: 256,
        asyncStorageWrites: true,
      });
      this.nodes.set(id, { rn, storage, appendWork: [], applyWork: [], applied: [] });
    }
  }

  n(id: NodeID): AsyncNode {
    return this.nodes.get(id) as AsyncNode;
  }

  /** Takes a Ready: storage work goes to the node's threads, the rest to the network. */
  ready(id: NodeID): Message[] {
    const n = this.n(id);
    const rd = n.rn.ready();
    for (const m of rd.messages) {
      if (m.to === LocalAppendThread) n.appendWork.push(m);
      else if (m.to === LocalApplyThread) n.applyWork.push(m);
      else this.net.push(m);
    }
    return rd.messages;
  }

  appendThread(id: NodeID): void {
    const n = this.n(id);
    const m = n.appendWork.shift();
    if (m === undefined) return;
    if (m.term !== 0 || m.vote !== 0n || m.commit !== 0) {
      n.storage.setHardState({ term: m.term, vote: m.vote, commit: m.commit });
    }
    if (m.snapshot !== undefined) n.storage.applySnapshot(m.snapshot);
    n.storage.append(m.entries);
    this.net.push(...m.responses);
  }

  applyThread(id: NodeID): void {
    const n = this.n(id);
    const m = n.applyWork.shift();
    if (m === undefined) return;
    for (const e of m.entries) {
      n.applied.push(e);
      if (e.type === EntryType.EntryConfChange || e.type === EntryType.EntryConfChangeV2) {
        n.rn.applyConfChange(confChangeFromEntry(e));
      }
    }
    this.net.push(...m.responses);
  }

  deliverAll(): void {
    const msgs = this.net;
    this.net = [];
    for (const m of msgs) this.n(m.to).rn.step(m);
  }

  stabilize(maxRounds = 200): void {
    for (let round = 0; round < maxRounds; round++) {
      let busy = false;
      for (const [id, n] of this.nodes) {
        if (n.rn.hasReady()) {
          this.ready(id);
          busy = true;
        }
      }
      busy = this.net.length > 0 || busy;
      this.deliverAll();
      for (const [id, n] of this.nodes) {
        while (n.appendWork.length > 0) {
          this.appendThread(id);
          busy = true;
        }
        while (n.applyWork.length > 0) {
          this.applyThread(id);
          busy = true;
        }
      }
      if (!busy) return;
    }
  }
}

describe('async storage writes', () => {
  it('the self-vote rides on MsgStorageAppend and counts only after the append thread ran', () => {
    const c = new AsyncCluster([1n]);
    const rn = c.n(1n).rn;
    rn.campaign();
    const msgs = c.ready(1n);
    expect(msgs.map((m) => describeMessage(m))).toEqual([
      '1->AppendThread MsgStorageAppend Term:1 Log:0/0 Commit:1 Vote:1 Responses:[\n  1->1 MsgVoteResp Term:1 Log:0/0\n]',
    ]);
    c.deliverAll();
    expect(rn.raft.state).toBe(StateType.StateCandidate);
    c.appendThread(1n);
    c.deliverAll();
    expect(rn.raft.state).toBe(StateType.StateLeader);
  });

  it('Advance panics in async mode', () => {
    const c = new AsyncCluster([1n]);
    const rn = c.n(1n).rn;
    const rd = rn.ready();
    expect(() => rn.advance(rd)).toThrow('Advance must not be called when using AsyncStorageWrites');
  });

  it('committed entries are handed out only once stable locally', () => {
    const c = new AsyncCluster([1n, 2n, 3n]);
    c.n(1n).rn.campaign();
    c.stabilize();
    const leader = c.n(1n).rn;
    expect(leader.raft.state).toBe(StateType.StateLeader);
    leader.propose(enc('x'));
    c.ready(1n); // MsgApps out, MsgStorageAppend queued but not run
    // Followers append and ack; the leader commits with their quorum.
    for (let i = 0; i < 3; i++) {
      c.deliverAll();
      for (const id of [2n, 3n]) {
        if (c.n(id).rn.hasReady()) c.ready(id);
        while (c.n(id).appendWork.length > 0) c.appendThread(id);
      }
    }
    c.deliverAll();
    expect(leader.raft.raftLog.committed).toBe(3);
    // The leader's own copy of entry 3 is still unstable: nothing to apply yet.
    expect(leader.readyWithoutAccept().committedEntries).toEqual([]);
    c.appendThread(1n);
    c.deliverAll();
    const rd = leader.readyWithoutAccept();
    expect(rd.committedEntries.map((e) => dec(e.data))).toEqual(['x']);
    const apply = rd.messages.find((m) => m.type === MessageType.MsgStorageApply);
    expect(apply?.responses.map((m) => m.type)).toEqual([MessageType.MsgStorageApplyResp]);
  });

  it('a cluster replicates and applies proposals through the storage threads', () => {
    const c = new AsyncCluster([1n, 2n, 3n]);
    c.n(1n).rn.campaign();
    c.stabilize();
    for (const v of ['a', 'b', 'c']) c.n(1n).rn.propose(enc(v));
    c.n(2n).rn.propose(enc('d'));
    c.stabilize();
    for (const id of [1n, 2n, 3n]) {
      const data = c
        .n(id)
        .applied.filter((e) => e.data !== undefined && e.data.length > 0)
        .map((e) => dec(e.data));
      expect(data).toEqual(['a', 'b', 'c', 'd']);
      expect(c.n(id).rn.raft.raftLog.applied).toBe(6);
      expect(c.n(id).storage.lastIndex()).toBe(6);
    }
  });
});
