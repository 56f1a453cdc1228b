/**
 * Behavioural scenarios of the raft state machine driven through a synchronous test network
 * (raft_network.ts). The scenarios and expected outcomes follow upstream raft_test.go (v3.6.0)
 * test cases of the same names, restated here.
 */
import { describe, expect, it } from 'vitest';
import type { Raft } from '../../src/raft/raft';
import {
  ConfChangeType,
  EntryType,
  MessageType,
  None,
  newMessage,
  type Entry,
  type Message,
} from '../../src/raft/raftpb/types';
import { asV2 } from '../../src/raft/raftpb/confchange';
import { StateType } from '../../src/raft/state_type';
import {
  blackHole,
  entries,
  entsWithConfig,
  newNetwork,
  newNetworkWithConfig,
  peersStorage,
  preVoteConfig,
  readMessages,
  testRaft,
  votedWithConfig,
  type ConfigFn,
} from './raft_network';
import { enc } from './raft_helpers';

const hup = (id: bigint): Message => newMessage({ type: MessageType.MsgHup, from: id, to: id });
const beat = (id: bigint): Message => newMessage({ type: MessageType.MsgBeat, from: id, to: id });
const prop = (id: bigint, data = 'some data'): Message =>
  newMessage({
    type: MessageType.MsgProp,
    from: id,
    to: id,
    entries: [{ term: 0, index: 0, type: EntryType.EntryNormal, data: enc(data) }],
  });

/** The (term, index, data) triples of a node's whole log. */
function logOf(r: Raft): [number, number, string][] {
  return r.raftLog
    .allEntries()
    .map((e) => [e.term, e.index, e.data === undefined ? '' : new TextDecoder().decode(e.data)]);
}

describe.each([false, true])('elections (preVote=%s)', (preVote) => {
  const cfg: ConfigFn | undefined = preVote ? preVoteConfig : undefined;
  // A failed election leaves a pre-candidate at the old term, a candidate at term 1.
  const candState = preVote ? StateType.StatePreCandidate : StateType.StateCandidate;
  const candTerm = preVote ? 0 : 1;

  it('wins with a quorum of live voters and stalls without one', () => {
    const cases: [ReturnType<typeof newNetwork>, StateType, number][] = [
      [newNetworkWithConfig(cfg, undefined, undefined, undefined), StateType.StateLeader, 1],
      [newNetworkWithConfig(cfg, undefined, undefined, blackHole), StateType.StateLeader, 1],
      [newNetworkWithConfig(cfg, undefined, blackHole, blackHole), candState, candTerm],
      [newNetworkWithConfig(cfg, undefined, blackHole, blackHole, undefined), candState, candTerm],
      [
        newNetworkWithConfig(cfg, undefined, blackHole, blackHole, undefined, undefined),
        StateType.StateLeader,
        1,
      ],
      // Three voters have longer logs at the same term: they reject, and the candidate concedes.
      [
        newNetworkWithConfig(
          cfg,
          undefined,
          entsWithConfig(cfg, 2n, 1),
          entsWithConfig(cfg, 3n, 1),
          entsWithConfig(cfg, 4n, 1, 1),
          undefined,
        ),
        StateType.StateFollower,
        1,
      ],
    ];
    cases.forEach(([nt, state, term], i) => {
      nt.send(hup(1n));
      const r = nt.raft(1n);
      expect([i, r.state, r.term]).toEqual([i, state, term]);
    });
  });

  it('each node in turn can become leader', () => {
    const nt = newNetworkWithConfig(cfg, undefined, undefined, undefined);
    for (const campaigner of [1n, 2n, 3n]) {
      nt.send(hup(campaigner));
      for (const id of [1n, 2n, 3n]) {
        const want = id === campaigner ? StateType.StateLeader : StateType.StateFollower;
        expect(nt.raft(id).state).toBe(want);
      }
    }
  });

  it('a leader elected at a higher term overwrites newer uncommitted entries', () => {
    // 1 won term 1 and gave its entry to 2; 3 won term 2 and wrote an entry alone; 4 and 5
    // voted for 3 in term 2 but have no entries.
    const nt = newNetworkWithConfig(
      cfg,
      entsWithConfig(cfg, 1n, 1),
      entsWithConfig(cfg, 2n, 1),
      entsWithConfig(cfg, 3n, 2),
      votedWithConfig(cfg, 4n, 3n, 2),
      votedWithConfig(cfg, 5n, 3n, 2),
    );
    // The first attempt fails (a quorum knows term 2) but pushes node 1 to term 2.
    nt.send(hup(1n));
    expect(nt.raft(1n).state).toBe(StateType.StateFollower);
    expect(nt.raft(1n).term).toBe(2);
    nt.send(hup(1n));
    expect(nt.raft(1n).state).toBe(StateType.StateLeader);
    expect(nt.raft(1n).term).toBe(3);
    for (const id of [1n, 2n, 3n, 4n, 5n]) {
      expect(
        nt
          .raft(id)
          .raftLog.allEntries()
          .map((e) => e.term),
      ).toEqual([1, 3]);
    }
  });

  it('a single node elects itself', () => {
    const nt = newNetworkWithConfig(cfg, undefined);
    nt.send(hup(1n));
    expect(nt.raft(1n).state).toBe(StateType.StateLeader);
  });
});

describe.each([MessageType.MsgVote, MessageType.MsgPreVote])('vote requests from any state (%s)', (vt) => {
  it.each([
    StateType.StateFollower,
    StateType.StatePreCandidate,
    StateType.StateCandidate,
    StateType.StateLeader,
  ])('state %s grants a vote for a newer term and log', (st) => {
    const r = testRaft(1n, 10, 1, peersStorage([1n, 2n, 3n]));
    r.term = 1;
    if (st === StateType.StateFollower) r.becomeFollower(r.term, 3n);
    if (st === StateType.StatePreCandidate) r.becomePreCandidate();
    if (st === StateType.StateCandidate) r.becomeCandidate();
    if (st === StateType.StateLeader) {
      r.becomeCandidate();
      r.becomeLeader();
    }
    const origTerm = r.term;
    const newTerm = r.term + 1;
    expect(
      r.step(newMessage({ type: vt, from: 2n, to: 1n, term: newTerm, logTerm: newTerm, index: 42 })),
    ).toBe(undefined);
    const msgs = readMessages(r);
    expect(msgs.map((m) => [m.type, m.reject])).toEqual([
      [vt === MessageType.MsgVote ? MessageType.MsgVoteResp : MessageType.MsgPreVoteResp, false],
    ]);
    if (vt === MessageType.MsgVote) {
      expect([r.state, r.term, r.vote]).toEqual([StateType.StateFollower, newTerm, 2n]);
    } else {
      // A pre-vote changes nothing on the voter.
      expect([r.state, r.term]).toEqual([st, origTerm]);
      expect(r.vote === None || r.vote === 1n).toBe(true);
    }
  });
});

describe('commitment', () => {
  it('a leader cannot commit old-term entries by counting replicas', () => {
    const nt = newNetwork(undefined, undefined, undefined, undefined, undefined);
    nt.send(hup(1n));
    for (const id of [3n, 4n, 5n]) nt.cut(1n, id);
    nt.send(prop(1n));
    nt.send(prop(1n));
    expect(nt.raft(1n).raftLog.committed).toBe(1);
    // Node 2 has the two entries and wins term 2, but its empty entry does not reach anyone.
    nt.recover();
    nt.ignore(MessageType.MsgApp);
    nt.send(hup(2n));
    expect(nt.raft(2n).raftLog.committed).toBe(1);
    nt.recover();
    nt.send(beat(2n));
    nt.send(prop(2n));
    expect(nt.raft(2n).raftLog.committed).toBe(5);
  });

  it("a new leader's empty entry commits the previous term's entries", () => {
    const nt = newNetwork(undefined, undefined, undefined, undefined, undefined);
    nt.send(hup(1n));
    for (const id of [3n, 4n, 5n]) nt.cut(1n, id);
    nt.send(prop(1n));
    nt.send(prop(1n));
    expect(nt.raft(1n).raftLog.committed).toBe(1);
    nt.recover();
    nt.send(hup(2n));
    expect(nt.raft(1n).raftLog.committed).toBe(4);
  });

  it.each<[number[], number[], number, number]>([
    // matches, log terms from index 1, leader term, expected commit
    [[1], [1], 1, 1],
    [[1], [1], 2, 0],
    [[2], [1, 2], 2, 2],
    [[1], [2], 2, 1],
    [[2, 1, 1], [1, 2], 1, 1],
    [[2, 1, 1], [1, 1], 2, 0],
    [[2, 1, 2], [1, 2], 2, 2],
    [[2, 1, 2], [1, 1], 2, 0],
    [[2, 1, 1, 1], [1, 2], 1, 1],
    [[2, 1, 1, 1], [1, 1], 2, 0],
    [[2, 1, 1, 2], [1, 2], 1, 1],
    [[2, 1, 1, 2], [1, 1], 2, 0],
    [[2, 1, 2, 2], [1, 2], 2, 2],
    [[2, 1, 2, 2], [1, 1], 2, 0],
  ])('maybeCommit with matches %j, terms %j at term %i commits %i', (matches, terms, term, want) => {
    const s = peersStorage([1n]);
    s.append(entries(1, ...terms));
    s.setHardState({ term, vote: None, commit: 0 });
    const r = testRaft(1n, 10, 2, s);
    matches.forEach((match, j) => {
      const id = BigInt(j + 1);
      if (id > 1n) {
        r.applyConfChange(
          asV2({ type: ConfChangeType.ConfChangeAddNode, nodeID: id, context: undefined, id: 0n }),
        );
      }
      const pr = r.trk.progress.get(id);
      if (pr === undefined) throw new Error('no progress');
      pr.match = match;
      pr.next = match + 1;
    });
    r.maybeCommit();
    expect(r.raftLog.committed).toBe(want);
  });
});

describe('competing candidates', () => {
  it('dueling candidates: the one with the longer log prevails in the end', () => {
    const [a, b, c] = [1n, 2n, 3n].map((id) => testRaft(id, 10, 1, peersStorage([1n, 2n, 3n]))) as [
      Raft,
      Raft,
      Raft,
    ];
    const nt = newNetwork(a, b, c);
    nt.cut(1n, 3n);
    nt.send(hup(1n));
    nt.send(hup(3n));
    expect(a.state).toBe(StateType.StateLeader);
    expect(c.state).toBe(StateType.StateCandidate);
    nt.recover();
    // 3 campaigns at term 2: it disrupts the leader but its log is too short to win.
    nt.send(hup(3n));
    expect([a.state, a.term, a.raftLog.lastIndex()]).toEqual([StateType.StateFollower, 2, 1]);
    expect([b.state, b.term, b.raftLog.lastIndex()]).toEqual([StateType.StateFollower, 2, 1]);
    expect([c.state, c.term, c.raftLog.lastIndex()]).toEqual([StateType.StateFollower, 2, 0]);
  });

  it('dueling pre-candidates: the stale one cannot disrupt the leader', () => {
    const [a, b, c] = [1n, 2n, 3n].map((id) =>
      testRaft(id, 10, 1, peersStorage([1n, 2n, 3n]), preVoteConfig),
    ) as [Raft, Raft, Raft];
    const nt = newNetwork(a, b, c);
    nt.cut(1n, 3n);
    nt.send(hup(1n));
    nt.send(hup(3n));
    expect(a.state).toBe(StateType.StateLeader);
    expect(c.state).toBe(StateType.StateFollower);
    nt.recover();
    nt.send(hup(3n));
    expect([a.state, a.term, a.raftLog.lastIndex()]).toEqual([StateType.StateLeader, 1, 1]);
    expect([b.state, b.term, b.raftLog.lastIndex()]).toEqual([StateType.StateFollower, 1, 1]);
    expect([c.state, c.term, c.raftLog.lastIndex()]).toEqual([StateType.StateFollower, 1, 0]);
  });

  it('a candidate concedes to the leader of its term', () => {
    const nt = newNetwork(undefined, undefined, undefined);
    nt.isolate(1n);
    nt.send(hup(1n));
    nt.send(hup(3n));
    nt.recover();
    nt.send(beat(3n));
    nt.send(prop(3n, 'force follower'));
    nt.send(beat(3n));
    const a = nt.raft(1n);
    expect([a.state, a.term]).toEqual([StateType.StateFollower, 1]);
    for (const id of [1n, 2n, 3n]) {
      expect(logOf(nt.raft(id))).toEqual([
        [1, 1, ''],
        [1, 2, 'force follower'],
      ]);
    }
  });

  it('messages from old terms do not disturb the log', () => {
    const nt = newNetwork(undefined, undefined, undefined);
    nt.send(hup(1n));
    nt.send(hup(2n));
    nt.send(hup(1n));
    // A stale append from the term-2 leader is ignored.
    nt.send(
      newMessage({
        type: MessageType.MsgApp,
        from: 2n,
        to: 1n,
        term: 2,
        entries: [{ term: 2, index: 3, type: EntryType.EntryNormal, data: undefined }],
      }),
    );
    nt.send(prop(1n, 'somedata'));
    for (const id of [1n, 2n, 3n]) {
      expect(logOf(nt.raft(id))).toEqual([
        [1, 1, ''],
        [2, 2, ''],
        [3, 3, ''],
        [3, 4, 'somedata'],
      ]);
    }
  });
});

describe('follower message handling', () => {
  const msgApp = (
    term: number,
    logTerm: number,
    index: number,
    commit: number,
    ents: Entry[] = [],
  ): Message => newMessage({ type: MessageType.MsgApp, term, logTerm, index, commit, entries: ents });

  it.each<[Message, number, number, boolean]>([
    // previous entry mismatches or is missing: reject
    [msgApp(2, 3, 2, 3), 2, 0, true],
    [msgApp(2, 3, 3, 3), 2, 0, true],
    // conflicts are truncated, new entries appended
    [msgApp(2, 1, 1, 1), 2, 1, false],
    [msgApp(2, 0, 0, 1, entries(1, 2)), 1, 1, false],
    [msgApp(2, 2, 2, 3, entries(3, 2, 2)), 4, 3, false],
    [msgApp(2, 2, 2, 4, entries(3, 2)), 3, 3, false],
    [msgApp(2, 1, 1, 4, entries(2, 2)), 2, 2, false],
    // commit follows the leader, capped at the last new entry
    [msgApp(1, 1, 1, 3), 2, 1, false],
    [msgApp(1, 1, 1, 3, entries(2, 2)), 2, 2, false],
    [msgApp(2, 2, 2, 3), 2, 2, false],
    [msgApp(2, 2, 2, 4), 2, 2, false],
  ])('handleAppendEntries #%#', (m, wIndex, wCommit, wReject) => {
    const s = peersStorage([1n]);
    s.append(entries(1, 1, 2));
    const r = testRaft(1n, 10, 1, s);
    r.becomeFollower(2, None);
    r.handleAppendEntries(m);
    expect(r.raftLog.lastIndex()).toBe(wIndex);
    expect(r.raftLog.committed).toBe(wCommit);
    const out = readMessages(r);
    expect(out.map((x) => x.reject)).toEqual([wReject]);
  });

  it.each([
    [3, 3],
    [1, 2],
  ])('a heartbeat with commit %i leaves commit at %i (never lowers it)', (commit, want) => {
    const s = peersStorage([1n, 2n]);
    s.append(entries(1, 1, 2, 3));
    const r = testRaft(1n, 5, 1, s);
    r.becomeFollower(2, 2n);
    r.raftLog.commitTo(2);
    r.handleHeartbeat(newMessage({ type: MessageType.MsgHeartbeat, from: 2n, to: 1n, term: 2, commit }));
    expect(r.raftLog.committed).toBe(want);
    expect(readMessages(r).map((m) => m.type)).toEqual([MessageType.MsgHeartbeatResp]);
  });

  it('a step of an old-term message never reaches the state step function', () => {
    const r = testRaft(1n, 10, 1, peersStorage([1n]));
    let called = false;
    r.stepFn = () => {
      called = true;
      return undefined;
    };
    r.term = 2;
    r.step(newMessage({ type: MessageType.MsgApp, term: 1 }));
    expect(called).toBe(false);
  });
});
