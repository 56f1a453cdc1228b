/**
 * More scenarios restated from upstream raft_test.go (v3.6.0): self-votes and self-acks that
 * arrive late, check-quorum and leases, ReadIndex through the network, flow control towards
 * one peer, and snapshot restore.
 */
import { describe, expect, it } from 'vitest';
import type { Raft } from '../../src/raft/raft';
import {
  EntryType,
  MessageType,
  None,
  emptyConfState,
  newMessage,
  type Message,
  type Snapshot,
} from '../../src/raft/raftpb/types';
import { ConfChangeType } from '../../src/raft/raftpb/types';
import { asV2 } from '../../src/raft/raftpb/confchange';
import { ReadOnlyOption } from '../../src/raft/read_only';
import { StateType } from '../../src/raft/state_type';
import { StateType as PS } from '../../src/raft/tracker/state';
import { MemoryStorage } from '../../src/raft/storage';
import {
  advanceMessagesAfterAppend,
  entries,
  newNetwork,
  nextEnts,
  peersStorage,
  readMessages,
  testRaft,
  type ConfigFn,
} from './raft_network';
import { dec, enc } from './raft_helpers';

const hup = (id: bigint): Message => newMessage({ type: MessageType.MsgHup, from: id, to: id });
const beat = (id: bigint): Message => newMessage({ type: MessageType.MsgBeat, from: id, to: id });
const prop = (id: bigint, data?: string): Message =>
  newMessage({
    type: MessageType.MsgProp,
    from: id,
    to: id,
    entries: [
      { term: 0, index: 0, type: EntryType.EntryNormal, data: data === undefined ? undefined : enc(data) },
    ],
  });
const three = (fn?: ConfigFn): [Raft, Raft, Raft] =>
  [1n, 2n, 3n].map((id) => testRaft(id, 10, 1, peersStorage([1n, 2n, 3n]), fn)) as [Raft, Raft, Raft];
const checkQuorum: ConfigFn = (c) => {
  c.checkQuorum = true;
};
function tickN(r: Raft, n: number): void {
  for (let i = 0; i < n; i++) r.tick();
}
/** Steps self-addressed messages, queues the rest (upstream's stepOrSend). */
function stepOrSend(r: Raft, msgs: Message[]): void {
  for (const m of msgs) {
    if (m.to === r.id) r.step(m);
    else r.msgs.push(m);
  }
}
function takeAfterAppend(r: Raft): Message[] {
  const msgs = r.msgsAfterAppend;
  r.msgsAfterAppend = [];
  return msgs;
}

describe('late self-votes and self-acks', () => {
  it.each([false, true])(
    'a self-vote arriving after the election was lost does not count (preVote=%s)',
    (pv) => {
      const r = testRaft(1n, 5, 1, peersStorage([1n, 2n, 3n]));
      r.preVote = pv;
      r.step(hup(1n));
      const steps = takeAfterAppend(r);
      // A leader of the current term shows up before the vote is durable.
      r.step(newMessage({ type: MessageType.MsgHeartbeat, from: 2n, to: 1n, term: r.term }));
      expect(r.state).toBe(StateType.StateFollower);
      stepOrSend(r, steps);
      expect(r.state).toBe(StateType.StateFollower);
      expect(r.trk.tallyVotes().granted).toBe(0);
    },
  );

  it('a pre-candidate self-vote delivered after becoming candidate is ignored', () => {
    const r = testRaft(1n, 5, 1, peersStorage([1n, 2n, 3n]));
    r.preVote = true;
    r.step(hup(1n));
    expect(r.state).toBe(StateType.StatePreCandidate);
    const preSteps = takeAfterAppend(r);
    r.step(newMessage({ type: MessageType.MsgPreVoteResp, from: 2n, to: 1n, term: r.term + 1 }));
    r.step(newMessage({ type: MessageType.MsgPreVoteResp, from: 3n, to: 1n, term: r.term + 1 }));
    expect(r.state).toBe(StateType.StateCandidate);
    stepOrSend(r, preSteps);
    expect(r.state).toBe(StateType.StateCandidate);
    const steps = takeAfterAppend(r);
    expect(r.trk.tallyVotes().granted).toBe(0);
    r.step(newMessage({ type: MessageType.MsgVoteResp, from: 2n, to: 1n, term: r.term }));
    expect(r.state).toBe(StateType.StateCandidate);
    // The real self-vote completes the quorum.
    stepOrSend(r, steps);
    expect(r.state).toBe(StateType.StateLeader);
  });

  it("a leader's self-ack arriving after it stepped down is harmless", () => {
    const r = testRaft(1n, 5, 1, peersStorage([1n, 2n, 3n]));
    r.becomeCandidate();
    r.becomeLeader();
    r.step(prop(1n, 'somedata'));
    const steps = takeAfterAppend(r);
    r.step(newMessage({ type: MessageType.MsgHeartbeat, from: 2n, to: 1n, term: r.term + 1 }));
    expect(r.state).toBe(StateType.StateFollower);
    stepOrSend(r, steps);
    expect(r.state).toBe(StateType.StateFollower);
  });
});

describe('check quorum', () => {
  it('a leader hearing from a quorum stays; one that does not steps down', () => {
    for (const active of [true, false]) {
      const r = testRaft(1n, 5, 1, peersStorage([1n, 2n, 3n]), checkQuorum);
      r.becomeCandidate();
      r.becomeLeader();
      for (let i = 0; i < r.electionTimeout + 1; i++) {
        if (active) r.step(newMessage({ type: MessageType.MsgHeartbeatResp, from: 2n, term: r.term }));
        r.tick();
      }
      expect(r.state).toBe(active ? StateType.StateLeader : StateType.StateFollower);
    }
  });

  it('a candidate cannot supersede a live leader until followers time out', () => {
    const [a, b, c] = three(checkQuorum);
    const nt = newNetwork(a, b, c);
    b.randomizedElectionTimeout = b.electionTimeout + 1;
    tickN(b, b.electionTimeout);
    nt.send(hup(1n));
    expect(a.state).toBe(StateType.StateLeader);
    expect(c.state).toBe(StateType.StateFollower);
    nt.send(hup(3n));
    // b is in its lease and ignores c's vote request.
    expect(c.state).toBe(StateType.StateCandidate);
    tickN(b, b.electionTimeout);
    nt.send(hup(3n));
    expect(c.state).toBe(StateType.StateLeader);
  });

  it('elections still work once every lease has expired', () => {
    const [a, b, c] = three(checkQuorum);
    const nt = newNetwork(a, b, c);
    a.randomizedElectionTimeout = a.electionTimeout + 1;
    b.randomizedElectionTimeout = b.electionTimeout + 2;
    nt.send(hup(1n));
    expect(a.state).toBe(StateType.StateLeader);
    expect(c.state).toBe(StateType.StateFollower);
    a.randomizedElectionTimeout = a.electionTimeout + 1;
    b.randomizedElectionTimeout = b.electionTimeout + 2;
    tickN(a, a.electionTimeout);
    tickN(b, b.electionTimeout);
    nt.send(hup(3n));
    expect(a.state).toBe(StateType.StateFollower);
    expect(c.state).toBe(StateType.StateLeader);
  });

  it('a stuck candidate with a higher term is freed by the leader hearing of it', () => {
    const [a, b, c] = three(checkQuorum);
    const nt = newNetwork(a, b, c);
    b.randomizedElectionTimeout = b.electionTimeout + 1;
    tickN(b, b.electionTimeout);
    nt.send(hup(1n));
    nt.isolate(1n);
    nt.send(hup(3n));
    expect([b.state, c.state, c.term]).toEqual([
      StateType.StateFollower,
      StateType.StateCandidate,
      b.term + 1,
    ]);
    nt.send(hup(3n));
    expect([b.state, c.state, c.term]).toEqual([
      StateType.StateFollower,
      StateType.StateCandidate,
      b.term + 2,
    ]);
    nt.recover();
    // The stale leader's heartbeat is answered with c's higher term, deposing it.
    nt.send(newMessage({ type: MessageType.MsgHeartbeat, from: 1n, to: 3n, term: a.term }));
    expect(a.state).toBe(StateType.StateFollower);
    expect(a.term).toBe(c.term);
    nt.send(hup(3n));
    expect(c.state).toBe(StateType.StateLeader);
  });

  it('a non-promotable voter still follows the leader', () => {
    const a = testRaft(1n, 10, 1, peersStorage([1n, 2n]), checkQuorum);
    const b = testRaft(2n, 10, 1, peersStorage([1n]), checkQuorum);
    const nt = newNetwork(a, b);
    b.randomizedElectionTimeout = b.electionTimeout + 1;
    b.applyConfChange(
      asV2({ type: ConfChangeType.ConfChangeRemoveNode, nodeID: 2n, context: undefined, id: 0n }),
    );
    expect(b.promotable()).toBe(false);
    tickN(b, b.electionTimeout);
    nt.send(hup(1n));
    expect([a.state, b.state, b.lead]).toEqual([StateType.StateLeader, StateType.StateFollower, 1n]);
  });

  it('a disruptive follower: without pre-vote it deposes the leader via the higher-term answer', () => {
    const [n1, n2, n3] = three(checkQuorum);
    for (const r of [n1, n2, n3]) r.becomeFollower(1, None);
    const nt = newNetwork(n1, n2, n3);
    nt.send(hup(1n));
    expect([n1.state, n2.state, n3.state]).toEqual([
      StateType.StateLeader,
      StateType.StateFollower,
      StateType.StateFollower,
    ]);
    n3.randomizedElectionTimeout = n3.electionTimeout + 2;
    // n3 times out while its messages go nowhere (ticks are not sent through the network).
    tickN(n3, n3.randomizedElectionTimeout);
    expect([n1.term, n2.term, n3.term, n3.state]).toEqual([2, 2, 3, StateType.StateCandidate]);
    nt.send(newMessage({ type: MessageType.MsgHeartbeat, from: 1n, to: 3n, term: n1.term }));
    expect([n1.state, n1.term, n2.term, n3.state]).toEqual([
      StateType.StateFollower,
      3,
      2,
      StateType.StateCandidate,
    ]);
  });

  it('a disruptive follower with pre-vote stays a pre-candidate and the leader survives', () => {
    const [n1, n2, n3] = three(checkQuorum);
    for (const r of [n1, n2, n3]) r.becomeFollower(1, None);
    const nt = newNetwork(n1, n2, n3);
    nt.send(hup(1n));
    nt.isolate(3n);
    for (let i = 0; i < 3; i++) nt.send(prop(1n, 'somedata'));
    for (const r of [n1, n2, n3]) r.preVote = true;
    nt.recover();
    nt.send(hup(3n));
    expect([n1.state, n2.state, n3.state]).toEqual([
      StateType.StateLeader,
      StateType.StateFollower,
      StateType.StatePreCandidate,
    ]);
    expect([n1.term, n2.term, n3.term]).toEqual([2, 2, 2]);
    nt.send(newMessage({ type: MessageType.MsgHeartbeat, from: 1n, to: 3n, term: n1.term }));
    expect(n1.state).toBe(StateType.StateLeader);
  });
});

describe('ReadIndex through the network', () => {
  const readIndex = (id: bigint, ctx: string): Message =>
    newMessage({
      type: MessageType.MsgReadIndex,
      from: id,
      to: id,
      entries: [{ term: 0, index: 0, type: EntryType.EntryNormal, data: enc(ctx) }],
    });

  it.each([ReadOnlyOption.ReadOnlySafe, ReadOnlyOption.ReadOnlyLeaseBased])(
    'every node gets the commit index at request time (option %s)',
    (option) => {
      const [a, b, c] = three((cfg) => {
        cfg.readOnlyOption = option;
        cfg.checkQuorum = option === ReadOnlyOption.ReadOnlyLeaseBased;
      });
      const nt = newNetwork(a, b, c);
      b.randomizedElectionTimeout = b.electionTimeout + 1;
      tickN(b, b.electionTimeout);
      nt.send(hup(1n));
      expect(a.state).toBe(StateType.StateLeader);
      const cases: [Raft, number, string][] = [
        [a, 11, 'ctx1'],
        [b, 21, 'ctx2'],
        [c, 31, 'ctx3'],
        [a, 41, 'ctx4'],
        [b, 51, 'ctx5'],
        [c, 61, 'ctx6'],
      ];
      for (const [r, index, ctx] of cases) {
        for (let j = 0; j < 10; j++) nt.send(prop(1n));
        nt.send(readIndex(r.id, ctx));
        expect(r.readStates.map((rs) => [rs.index, dec(rs.requestCtx)])[0]).toEqual([index, ctx]);
        r.readStates = [];
      }
    },
  );

  it('learners can read too', () => {
    const s = peersStorage([1n], [2n]);
    const a = testRaft(1n, 10, 1, s);
    const b = testRaft(2n, 10, 1, peersStorage([1n], [2n]));
    const nt = newNetwork(a, b);
    b.randomizedElectionTimeout = b.electionTimeout + 1;
    tickN(b, b.electionTimeout);
    nt.send(hup(1n));
    expect(a.state).toBe(StateType.StateLeader);
    const cases: [Raft, number, string][] = [
      [a, 11, 'ctx1'],
      [b, 21, 'ctx2'],
      [a, 31, 'ctx3'],
      [b, 41, 'ctx4'],
    ];
    for (const [r, index, ctx] of cases) {
      for (let j = 0; j < 10; j++) {
        nt.send(prop(1n));
        nextEnts(a, s);
      }
      nt.send(readIndex(r.id, ctx));
      expect(r.readStates.map((rs) => [rs.index, dec(rs.requestCtx)])[0]).toEqual([index, ctx]);
      r.readStates = [];
    }
  });

  it('a new leader answers only after committing an entry of its term', () => {
    const nodes = [
      { id: 1n, committed: 1, applied: 1, compact: 0 },
      { id: 2n, committed: 2, applied: 2, compact: 2 },
      { id: 3n, committed: 2, applied: 2, compact: 2 },
    ].map(({ id, committed, applied, compact }) => {
      const s = peersStorage([1n, 2n, 3n]);
      s.append(entries(1, 1, 1));
      s.setHardState({ term: 1, vote: None, commit: committed });
      if (compact !== 0) s.compact(compact);
      return testRaft(id, 10, 1, s, (cfg) => {
        cfg.applied = applied;
      });
    });
    const nt = newNetwork(...nodes);
    nt.ignore(MessageType.MsgApp);
    nt.send(hup(1n));
    const r = nt.raft(1n);
    expect(r.state).toBe(StateType.StateLeader);
    nt.send(readIndex(1n, 'ctx'));
    expect(r.readStates).toEqual([]);
    nt.recover();
    tickN(r, r.heartbeatTimeout);
    nt.send(prop(1n));
    expect(r.raftLog.committed).toBe(4);
    expect(r.readStates.map((rs) => [rs.index, dec(rs.requestCtx)])).toEqual([[4, 'ctx']]);
    nt.send(readIndex(1n, 'ctx'));
    expect(r.readStates.map((rs) => rs.index)).toEqual([4, 4]);
  });
});

describe('leader flow control towards one peer', () => {
  function leaderOf3WithLog(): Raft {
    const s = peersStorage([1n, 2n, 3n]);
    s.append(entries(1, 1, 1));
    const r = testRaft(1n, 10, 1, s);
    r.becomeCandidate();
    r.becomeLeader();
    readMessages(r);
    return r;
  }

  it.each<[number, boolean, number, number, number, number, number]>([
    // index, reject, then match, next, message count, message index, message commit
    [3, true, 0, 3, 0, 0, 0], // stale rejection
    [2, true, 0, 2, 1, 1, 0], // rejection: probe from the hint
    [2, false, 2, 4, 2, 2, 2], // ack: commit and broadcast it
    [0, false, 0, 4, 1, 0, 0],
  ])('MsgAppResp index=%i reject=%s', (index, reject, wmatch, wnext, wcount, windex, wcommit) => {
    const r = leaderOf3WithLog();
    r.step(
      newMessage({ type: MessageType.MsgAppResp, from: 2n, index, term: r.term, reject, rejectHint: index }),
    );
    const pr = r.trk.progress.get(2n);
    expect([pr?.match, pr?.next]).toEqual([wmatch, wnext]);
    const msgs = readMessages(r);
    expect(msgs).toHaveLength(wcount);
    for (const m of msgs) expect([m.index, m.commit]).toEqual([windex, wcommit]);
  });

  it('heartbeats carry min(match, committed) and no entries', () => {
    const storage = new MemoryStorage();
    storage.applySnapshot({
      data: undefined,
      metadata: { index: 1000, term: 1, confState: { ...emptyConfState(), voters: [1n, 2n, 3n] } },
    });
    const r = testRaft(1n, 10, 1, storage);
    r.term = 1;
    r.becomeCandidate();
    r.becomeLeader();
    for (let i = 0; i < 10; i++)
      r.appendEntry({ term: 0, index: i + 1, type: EntryType.EntryNormal, data: undefined });
    advanceMessagesAfterAppend(r);
    const pr2 = r.trk.progress.get(2n);
    const pr3 = r.trk.progress.get(3n);
    if (pr2 === undefined || pr3 === undefined) throw new Error('missing progress');
    [pr2.match, pr2.next] = [5, 6];
    [pr3.match, pr3.next] = [r.raftLog.lastIndex(), r.raftLog.lastIndex() + 1];
    r.step(newMessage({ type: MessageType.MsgBeat }));
    const msgs = readMessages(r);
    expect(msgs.map((m) => [m.type, m.to, m.index, m.logTerm, m.commit, m.entries.length])).toEqual([
      [MessageType.MsgHeartbeat, 2n, 0, 0, Math.min(r.raftLog.committed, 5), 0],
      [MessageType.MsgHeartbeat, 3n, 0, 0, Math.min(r.raftLog.committed, pr3.match), 0],
    ]);
  });

  it('only a leader answers MsgBeat', () => {
    for (const [state, want] of [
      [StateType.StateLeader, 2],
      [StateType.StateCandidate, 0],
      [StateType.StateFollower, 0],
    ] as const) {
      const r = leaderOf3WithLog();
      r.becomeFollower(1, None);
      if (state === StateType.StateCandidate) r.becomeCandidate();
      if (state === StateType.StateLeader) {
        r.becomeCandidate();
        r.becomeLeader();
      }
      readMessages(r);
      r.step(newMessage({ type: MessageType.MsgBeat, from: 1n, to: 1n }));
      const msgs = readMessages(r);
      expect(msgs.filter((m) => m.type === MessageType.MsgHeartbeat)).toHaveLength(want);
    }
  });

  it('a replicating peer gets optimistic appends; a probing one waits', () => {
    for (const [state, next, wnext] of [
      [PS.StateReplicate, 2, 6],
      [PS.StateProbe, 2, 2],
    ] as const) {
      const r = testRaft(1n, 10, 1, peersStorage([1n, 2n]));
      r.raftLog.append(...entries(1, 1, 2, 3));
      r.becomeCandidate();
      r.becomeLeader();
      const pr = r.trk.progress.get(2n);
      if (pr === undefined) throw new Error('missing progress');
      pr.state = state;
      pr.next = next;
      r.step(prop(1n, 'somedata'));
      expect(pr.next).toBe(wnext);
    }
  });

  it('probe state: one append, then only heartbeats until a response arrives', () => {
    const r = testRaft(1n, 10, 1, peersStorage([1n, 2n]));
    r.becomeCandidate();
    r.becomeLeader();
    readMessages(r);
    const pr = r.trk.progress.get(2n);
    if (pr === undefined) throw new Error('missing progress');
    pr.becomeProbe();
    for (let i = 0; i < 3; i++) {
      if (i === 0) {
        r.appendEntry({ term: 0, index: 0, type: EntryType.EntryNormal, data: enc('somedata') });
        r.sendAppend(2n);
        const msgs = readMessages(r);
        expect(msgs.map((m) => m.index)).toEqual([0]);
      }
      expect(pr.msgAppFlowPaused).toBe(true);
      for (let j = 0; j < 10; j++) {
        r.appendEntry({ term: 0, index: 0, type: EntryType.EntryNormal, data: enc('somedata') });
        r.sendAppend(2n);
        expect(readMessages(r)).toEqual([]);
      }
      for (let j = 0; j < r.heartbeatTimeout; j++)
        r.step(newMessage({ type: MessageType.MsgBeat, from: 1n, to: 1n }));
      expect(pr.msgAppFlowPaused).toBe(true);
      expect(readMessages(r).map((m) => m.type)).toEqual([MessageType.MsgHeartbeat]);
    }
    // A heartbeat response un-pauses: one more probe goes out, and pauses again.
    r.step(newMessage({ type: MessageType.MsgHeartbeatResp, from: 2n, to: 1n }));
    expect(readMessages(r).map((m) => m.index)).toEqual([0]);
    expect(pr.msgAppFlowPaused).toBe(true);
  });

  it('replicate state sends every new entry; snapshot state sends nothing', () => {
    for (const snapshot of [false, true]) {
      const r = testRaft(1n, 10, 1, peersStorage([1n, 2n]));
      r.becomeCandidate();
      r.becomeLeader();
      readMessages(r);
      const pr = r.trk.progress.get(2n);
      if (pr === undefined) throw new Error('missing progress');
      if (snapshot) pr.becomeSnapshot(10);
      else pr.becomeReplicate();
      for (let i = 0; i < 10; i++) {
        r.appendEntry({ term: 0, index: 0, type: EntryType.EntryNormal, data: enc('somedata') });
        r.sendAppend(2n);
        expect(readMessages(r)).toHaveLength(snapshot ? 0 : 1);
      }
    }
  });

  it('MsgUnreachable sends a replicating peer back to probing from match+1', () => {
    const s = peersStorage([1n, 2n]);
    s.append(entries(1, 1, 2, 3));
    const r = testRaft(1n, 10, 1, s);
    r.becomeCandidate();
    r.becomeLeader();
    readMessages(r);
    const pr = r.trk.progress.get(2n);
    if (pr === undefined) throw new Error('missing progress');
    pr.match = 3;
    pr.becomeReplicate();
    pr.next = 6;
    r.step(newMessage({ type: MessageType.MsgUnreachable, from: 2n, to: 1n }));
    expect([pr.state, pr.next]).toEqual([PS.StateProbe, 4]);
  });

  it('reordered appends: a late rejection after an ack resends from match', () => {
    const r1 = testRaft(1n, 10, 1, peersStorage([1n, 2n]));
    r1.becomeCandidate();
    r1.becomeLeader();
    readMessages(r1);
    r1.trk.progress.get(2n)?.becomeReplicate();
    const r2 = testRaft(2n, 10, 1, peersStorage([1n, 2n]));
    r1.appendEntry({ term: 0, index: 0, type: EntryType.EntryNormal, data: enc('somedata') });
    r1.sendAppend(2n);
    const req1 = readMessages(r1);
    r1.appendEntry({ term: 0, index: 0, type: EntryType.EntryNormal, data: enc('somedata') });
    r1.sendAppend(2n);
    const req2 = readMessages(r1);
    expect([req1.length, req2.length]).toEqual([1, 1]);
    // r2 sees the second append first and rejects it.
    r2.step(req2[0] as Message);
    const resp2 = readMessages(r2)[0] as Message;
    expect([resp2.reject, resp2.rejectHint, resp2.index]).toEqual([true, 0, 2]);
    r2.step(req1[0] as Message);
    const ack = readMessages(r2)[0] as Message;
    expect([ack.reject, ack.index]).toEqual([false, 2]);
    r1.step(ack);
    readMessages(r1);
    expect(r1.trk.progress.get(2n)?.match).toBe(2);
    r1.step(newMessage({ type: MessageType.MsgUnreachable, from: 2n, to: 1n }));
    expect(r1.trk.progress.get(2n)?.state).toBe(PS.StateProbe);
    r1.step(resp2);
    const next = readMessages(r1)[0] as Message;
    expect(next.index).toBe(r1.trk.progress.get(2n)?.match);
  });
});

describe('snapshots', () => {
  const snap = (
    index: number,
    term: number,
    voters: bigint[],
    learners: bigint[] = [],
    outgoing: bigint[] = [],
  ): Snapshot => ({
    data: undefined,
    metadata: { index, term, confState: { ...emptyConfState(), voters, learners, votersOutgoing: outgoing } },
  });

  it('restore installs the log position and configuration, once', () => {
    const r = testRaft(1n, 10, 1, peersStorage([1n, 2n]));
    const s = snap(11, 11, [1n, 2n, 3n]);
    expect(r.restore(s)).toBe(true);
    expect(r.raftLog.lastIndex()).toBe(11);
    expect(r.raftLog.term(11)).toBe(11);
    expect(r.trk.voterNodes()).toEqual([1n, 2n, 3n]);
    expect(r.restore(s)).toBe(false);
    // A pending snapshot keeps the node from campaigning.
    tickN(r, r.randomizedElectionTimeout);
    expect(r.state).toBe(StateType.StateFollower);
  });

  it('restore with learners, outgoing voters, demotion and promotion', () => {
    const learner = testRaft(3n, 8, 2, peersStorage([1n, 2n], [3n]));
    expect(learner.restore(snap(11, 11, [1n, 2n], [3n]))).toBe(true);
    expect(learner.trk.voterNodes()).toEqual([1n, 2n]);
    expect(learner.trk.learnerNodes()).toEqual([3n]);
    expect(learner.trk.progress.get(3n)?.isLearner).toBe(true);

    const joint = testRaft(1n, 10, 1, peersStorage([1n, 2n]));
    expect(joint.restore(snap(11, 11, [2n, 3n, 4n], [], [1n, 2n, 3n]))).toBe(true);
    expect(joint.trk.voterNodes()).toEqual([1n, 2n, 3n, 4n]);
    tickN(joint, joint.randomizedElectionTimeout);
    expect(joint.state).toBe(StateType.StateFollower);

    const demoted = testRaft(3n, 10, 1, peersStorage([1n, 2n, 3n]));
    expect(demoted.isLearner).toBe(false);
    expect(demoted.restore(snap(11, 11, [1n, 2n], [3n]))).toBe(true);
    expect(demoted.isLearner).toBe(true);

    const promoted = testRaft(3n, 10, 1, peersStorage([1n, 2n], [3n]));
    expect(promoted.isLearner).toBe(true);
    expect(promoted.restore(snap(11, 11, [1n, 2n, 3n]))).toBe(true);
    expect(promoted.isLearner).toBe(false);
  });

  it('a snapshot the log already covers only fast-forwards the commit index', () => {
    const r = testRaft(1n, 10, 1, peersStorage([1n, 2n]));
    r.raftLog.append(...entries(1, 1, 1, 1));
    r.raftLog.commitTo(1);
    expect(r.restore(snap(1, 1, [1n, 2n]))).toBe(false);
    expect(r.raftLog.committed).toBe(1);
    expect(r.restore(snap(2, 1, [1n, 2n]))).toBe(false);
    expect(r.raftLog.committed).toBe(2);
  });

  it('the leader sends a snapshot to a peer behind its first index, unless it is inactive', () => {
    for (const active of [true, false]) {
      const r = testRaft(1n, 10, 1, peersStorage([1n]));
      r.restore(snap(11, 11, [1n, 2n]));
      r.becomeCandidate();
      r.becomeLeader();
      const pr = r.trk.progress.get(2n);
      if (pr === undefined) throw new Error('missing progress');
      if (active) {
        pr.next = r.raftLog.firstIndex();
        r.step(
          newMessage({ type: MessageType.MsgAppResp, from: 2n, to: 1n, index: pr.next - 1, reject: true }),
        );
        expect(readMessages(r).map((m) => m.type)).toEqual([MessageType.MsgSnap]);
      } else {
        pr.next = r.raftLog.firstIndex() - 1;
        pr.recentActive = false;
        r.step(prop(1n, 'somedata'));
        expect(readMessages(r)).toEqual([]);
      }
    }
  });

  it('a MsgSnap from a newer term makes its sender the leader', () => {
    const r = testRaft(2n, 10, 1, peersStorage([1n, 2n]));
    r.step(newMessage({ type: MessageType.MsgSnap, from: 1n, term: 2, snapshot: snap(11, 11, [1n, 2n]) }));
    expect(r.lead).toBe(1n);
  });

  it('a slow node catches up through a snapshot after the leader compacted', () => {
    const nt = newNetwork(undefined, undefined, undefined);
    nt.send(hup(1n));
    nt.isolate(3n);
    for (let j = 0; j <= 100; j++) nt.send(prop(1n));
    const lead = nt.raft(1n);
    const s1 = nt.storage.get(1n) as MemoryStorage;
    nextEnts(lead, s1);
    s1.createSnapshot(
      lead.raftLog.applied,
      { ...emptyConfState(), voters: lead.trk.voterNodes() },
      undefined,
    );
    s1.compact(lead.raftLog.applied);
    nt.recover();
    for (let i = 0; i < 100 && !lead.trk.progress.get(3n)?.recentActive; i++) nt.send(beat(1n));
    nt.send(prop(1n));
    const follower = nt.raft(3n);
    nt.send(prop(1n));
    expect(follower.raftLog.committed).toBe(lead.raftLog.committed);
  });
});

describe('fast log rejection (findConflictByTerm on both sides)', () => {
  it.each<[number[], number[], number, number, number, number, number]>([
    // leader log terms, follower log terms, follower compacted at, hint term, hint index,
    // next append (logTerm, index) from the leader
    [[1, 2, 2, 4, 4, 4, 4], [1, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3], 0, 3, 7, 2, 3],
    [[1, 2, 2, 3, 4, 4, 4, 5], [1, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3], 0, 3, 8, 3, 4],
    [[1, 1, 1, 1], [1, 2, 2, 4], 0, 1, 1, 1, 1],
    [[1, 1, 1, 1, 1, 1], [1, 2, 2, 4], 0, 1, 1, 1, 1],
    [[1, 1, 1, 1], [1, 2, 2, 4, 4, 4], 0, 1, 1, 1, 1],
    [[1, 1, 1, 4, 5], [1, 1, 1, 4], 0, 4, 4, 4, 4],
    [[2, 5, 5, 5, 5, 5, 5, 5, 5], [2, 4, 4, 4, 4, 4], 0, 4, 6, 2, 1],
    [[2, 2, 2, 2, 2], [2, 4, 4, 4, 4, 4, 4, 4], 0, 2, 1, 2, 1],
    [[1, 1, 3], [1, 1, 3, 3, 3], 5, 0, 3, 1, 2],
  ])(
    'leader %j, follower %j',
    (leaderTerms, followerTerms, compact, hintTerm, hintIndex, nextTerm, nextIndex) => {
      const lastTerm = leaderTerms[leaderTerms.length - 1] as number;
      const s1 = peersStorage([1n, 2n, 3n]);
      s1.append(entries(1, ...leaderTerms));
      s1.setHardState({ term: lastTerm - 1, vote: None, commit: leaderTerms.length });
      const n1 = testRaft(1n, 10, 1, s1);
      n1.becomeCandidate();
      n1.becomeLeader();
      const s2 = peersStorage([1n, 2n, 3n]);
      s2.append(entries(1, ...followerTerms));
      s2.setHardState({ term: lastTerm, vote: 1n, commit: 0 });
      const n2 = testRaft(2n, 10, 1, s2);
      if (compact !== 0) s2.compact(compact);

      n2.step(newMessage({ type: MessageType.MsgHeartbeat, from: 1n, to: 2n }));
      let msgs = readMessages(n2);
      expect(msgs.map((m) => m.type)).toEqual([MessageType.MsgHeartbeatResp]);
      n1.step(msgs[0] as Message);
      msgs = readMessages(n1);
      expect(msgs.map((m) => m.type)).toEqual([MessageType.MsgApp]);
      n2.step(msgs[0] as Message);
      msgs = readMessages(n2);
      expect(msgs.map((m) => [m.type, m.reject, m.logTerm, m.rejectHint])).toEqual([
        [MessageType.MsgAppResp, true, hintTerm, hintIndex],
      ]);
      n1.step(msgs[0] as Message);
      msgs = readMessages(n1);
      expect([msgs[0]?.logTerm, msgs[0]?.index]).toEqual([nextTerm, nextIndex]);
    },
  );
});
