/**
 * Leadership transfer and membership scenarios restated from upstream raft_test.go (v3.6.0),
 * driven through the synchronous test network.
 */
import { describe, expect, it } from 'vitest';
import { ErrProposalDropped, type Raft } from '../../src/raft/raft';
import { marshalConfChangeV1 } from '../../src/raft/raftpb/encoding';
import {
  ConfChangeTransition,
  ConfChangeType,
  EntryType,
  MessageType,
  None,
  emptyConfState,
  newMessage,
  type Message,
} from '../../src/raft/raftpb/types';
import { asV2 } from '../../src/raft/raftpb/confchange';
import { StateType } from '../../src/raft/state_type';
import type { MemoryStorage } from '../../src/raft/storage';
import { newNetwork, nextEnts, peersStorage, readMessages, testRaft, type Network } from './raft_network';
import { enc } from './raft_helpers';

const hup = (id: bigint): Message => newMessage({ type: MessageType.MsgHup, from: id, to: id });
const prop = (id: bigint): Message =>
  newMessage({
    type: MessageType.MsgProp,
    from: id,
    to: id,
    entries: [{ term: 0, index: 0, type: EntryType.EntryNormal, data: undefined }],
  });
const transfer = (from: bigint, to: bigint): Message =>
  newMessage({ type: MessageType.MsgTransferLeader, from, to });

function expectTransferState(r: Raft, state: StateType, lead: bigint): void {
  expect([r.state, r.lead, r.leadTransferee]).toEqual([state, lead, None]);
}

function electedNetwork(): { nt: Network; lead: Raft } {
  const nt = newNetwork(undefined, undefined, undefined);
  nt.send(hup(1n));
  return { nt, lead: nt.raft(1n) };
}

describe('leader transfer', () => {
  it('to an up-to-date node, and back again', () => {
    const { nt, lead } = electedNetwork();
    expect(lead.lead).toBe(1n);
    nt.send(transfer(2n, 1n));
    expectTransferState(lead, StateType.StateFollower, 2n);
    nt.send(prop(1n));
    nt.send(transfer(1n, 2n));
    expectTransferState(lead, StateType.StateLeader, 1n);
  });

  it('requested on a follower, which forwards it', () => {
    const { nt, lead } = electedNetwork();
    nt.send(transfer(2n, 2n));
    expectTransferState(lead, StateType.StateFollower, 2n);
    nt.send(prop(1n));
    nt.send(transfer(1n, 1n));
    expectTransferState(lead, StateType.StateLeader, 1n);
  });

  it('works under check-quorum leases (the transfer vote bypasses them)', () => {
    const nt = newNetwork(undefined, undefined, undefined);
    for (const i of [1, 2, 3]) {
      const r = nt.raft(BigInt(i));
      r.checkQuorum = true;
      r.randomizedElectionTimeout = r.electionTimeout + i;
    }
    const f = nt.raft(2n);
    for (let i = 0; i < f.electionTimeout; i++) f.tick();
    nt.send(hup(1n));
    const lead = nt.raft(1n);
    expect(lead.state).toBe(StateType.StateLeader);
    nt.send(transfer(2n, 1n));
    expectTransferState(lead, StateType.StateFollower, 2n);
    nt.send(prop(1n));
    nt.send(transfer(1n, 2n));
    expectTransferState(lead, StateType.StateLeader, 1n);
  });

  it('to a slow follower: caught up first', () => {
    const { nt, lead } = electedNetwork();
    nt.isolate(3n);
    nt.send(prop(1n));
    nt.recover();
    expect(lead.trk.progress.get(3n)?.match).toBe(1);
    nt.send(transfer(3n, 1n));
    expectTransferState(lead, StateType.StateFollower, 3n);
  });

  it('to a follower that needs a snapshot first', () => {
    const { nt, lead } = electedNetwork();
    nt.isolate(3n);
    nt.send(prop(1n));
    const s1 = nt.storage.get(1n) as MemoryStorage;
    nextEnts(lead, s1);
    s1.createSnapshot(
      lead.raftLog.applied,
      { ...emptyConfState(), voters: lead.trk.voterNodes() },
      undefined,
    );
    s1.compact(lead.raftLog.applied);
    nt.recover();
    expect(lead.trk.progress.get(3n)?.match).toBe(1);
    let filtered: Message | undefined;
    // Hold back node 3's ack of the snapshot until it is applied.
    nt.msgHook = (m) => {
      if (m.type !== MessageType.MsgAppResp || m.from !== 3n || m.reject) return true;
      filtered = m;
      return false;
    };
    nt.send(transfer(3n, 1n));
    expect(lead.state).toBe(StateType.StateLeader);
    expect(filtered).toBeDefined();
    const follower = nt.raft(3n);
    const snap = follower.raftLog.nextUnstableSnapshot();
    if (snap === undefined) throw new Error('no snapshot');
    (nt.storage.get(3n) as MemoryStorage).applySnapshot(snap);
    follower.appliedSnap(snap);
    nt.msgHook = undefined;
    nt.send(filtered as Message);
    expectTransferState(lead, StateType.StateFollower, 3n);
  });

  it('to self or to a non-member is ignored', () => {
    const { nt, lead } = electedNetwork();
    nt.send(transfer(1n, 1n));
    expectTransferState(lead, StateType.StateLeader, 1n);
    nt.send(transfer(4n, 1n));
    expectTransferState(lead, StateType.StateLeader, 1n);
  });

  it('times out after an election timeout, not after a heartbeat timeout', () => {
    const { nt, lead } = electedNetwork();
    nt.isolate(3n);
    nt.send(transfer(3n, 1n));
    expect(lead.leadTransferee).toBe(3n);
    for (let i = 0; i < lead.heartbeatTimeout; i++) lead.tick();
    expect(lead.leadTransferee).toBe(3n);
    for (let i = 0; i < lead.electionTimeout - lead.heartbeatTimeout; i++) lead.tick();
    expectTransferState(lead, StateType.StateLeader, 1n);
  });

  it('drops proposals while in progress', () => {
    const s = peersStorage([1n, 2n, 3n]);
    const r = testRaft(1n, 10, 1, s);
    const nt = newNetwork(r, undefined, undefined);
    nt.send(hup(1n));
    nt.isolate(3n);
    nextEnts(r, s);
    nt.send(transfer(3n, 1n));
    expect(r.leadTransferee).toBe(3n);
    nt.send(prop(1n));
    expect(r.step(prop(1n))).toBe(ErrProposalDropped);
    expect(r.trk.progress.get(1n)?.match).toBe(1);
  });

  it('ends when a higher-term vote arrives', () => {
    const { nt, lead } = electedNetwork();
    nt.isolate(3n);
    nt.send(transfer(3n, 1n));
    expect(lead.leadTransferee).toBe(3n);
    nt.send(newMessage({ type: MessageType.MsgHup, from: 2n, to: 2n, index: 1, term: 2 }));
    expectTransferState(lead, StateType.StateFollower, 2n);
  });

  it('ends when the transferee is removed or demoted', () => {
    for (const demote of [false, true]) {
      const { nt, lead } = electedNetwork();
      nt.ignore(MessageType.MsgTimeoutNow);
      nt.send(transfer(3n, 1n));
      expect(lead.leadTransferee).toBe(3n);
      if (demote) {
        lead.applyConfChange({
          transition: ConfChangeTransition.ConfChangeTransitionAuto,
          changes: [
            { type: ConfChangeType.ConfChangeRemoveNode, nodeID: 3n },
            { type: ConfChangeType.ConfChangeAddLearnerNode, nodeID: 3n },
          ],
          context: undefined,
        });
        lead.applyConfChange({ transition: 0, changes: [], context: undefined });
      } else {
        lead.applyConfChange(
          asV2({ type: ConfChangeType.ConfChangeRemoveNode, nodeID: 3n, context: undefined, id: 0n }),
        );
      }
      expectTransferState(lead, StateType.StateLeader, 1n);
    }
  });

  it('a transfer back to the leader cancels it', () => {
    const { nt, lead } = electedNetwork();
    nt.isolate(3n);
    nt.send(transfer(3n, 1n));
    nt.send(transfer(1n, 1n));
    expectTransferState(lead, StateType.StateLeader, 1n);
  });

  it('a second transfer to another node replaces the first', () => {
    const { nt, lead } = electedNetwork();
    nt.isolate(3n);
    nt.send(transfer(3n, 1n));
    nt.send(transfer(2n, 1n));
    expectTransferState(lead, StateType.StateFollower, 2n);
  });

  it('a repeated transfer to the same node does not extend its deadline', () => {
    const { nt, lead } = electedNetwork();
    nt.isolate(3n);
    nt.send(transfer(3n, 1n));
    for (let i = 0; i < lead.heartbeatTimeout; i++) lead.tick();
    nt.send(transfer(3n, 1n));
    for (let i = 0; i < lead.electionTimeout - lead.heartbeatTimeout; i++) lead.tick();
    expectTransferState(lead, StateType.StateLeader, 1n);
  });

  it('a non-member told to campaign cannot win', () => {
    const r = testRaft(1n, 5, 1, peersStorage([2n, 3n, 4n]));
    r.step(newMessage({ type: MessageType.MsgTimeoutNow, from: 2n, to: 1n }));
    r.step(newMessage({ type: MessageType.MsgVoteResp, from: 2n, to: 1n }));
    r.step(newMessage({ type: MessageType.MsgVoteResp, from: 3n, to: 1n }));
    expect(r.state).toBe(StateType.StateFollower);
  });
});

describe('membership', () => {
  it('removing the other node lets pending entries commit', () => {
    const s = peersStorage([1n, 2n]);
    const r = testRaft(1n, 5, 1, s);
    r.becomeCandidate();
    r.becomeLeader();
    const cc = { type: ConfChangeType.ConfChangeRemoveNode, nodeID: 2n, context: undefined, id: 0n };
    r.step(
      newMessage({
        type: MessageType.MsgProp,
        entries: [{ term: 0, index: 0, type: EntryType.EntryConfChange, data: marshalConfChangeV1(cc) }],
      }),
    );
    expect(nextEnts(r, s)).toEqual([]);
    const ccIndex = r.raftLog.lastIndex();
    r.step(
      newMessage({
        type: MessageType.MsgProp,
        entries: [{ term: 0, index: 0, type: EntryType.EntryNormal, data: enc('hello') }],
      }),
    );
    r.step(newMessage({ type: MessageType.MsgAppResp, from: 2n, index: ccIndex }));
    let ents = nextEnts(r, s);
    expect(ents.map((e) => [e.type, e.data])).toEqual([
      [EntryType.EntryNormal, undefined],
      [EntryType.EntryConfChange, marshalConfChangeV1(cc)],
    ]);
    // Once node 2 is gone, the leader alone is a quorum for 'hello'.
    r.applyConfChange(asV2(cc));
    ents = nextEnts(r, s);
    expect(ents.map((e) => [e.type, e.data])).toEqual([[EntryType.EntryNormal, enc('hello')]]);
  });

  it('a conf change proposal sets pendingConfIndex; a second one becomes an empty entry', () => {
    const r = testRaft(1n, 10, 1, peersStorage([1n, 2n]));
    r.becomeCandidate();
    r.becomeLeader();
    const index = r.raftLog.lastIndex();
    const ccProp = (): Message =>
      newMessage({
        type: MessageType.MsgProp,
        from: 1n,
        to: 1n,
        entries: [{ term: 0, index: 0, type: EntryType.EntryConfChange, data: undefined }],
      });
    r.step(ccProp());
    expect([r.raftLog.lastIndex(), r.pendingConfIndex]).toEqual([index + 1, index + 1]);
    r.step(ccProp());
    const last = r.raftLog.entries(r.raftLog.lastIndex(), Infinity);
    expect(last).toEqual([{ term: 1, index: 3, type: EntryType.EntryNormal, data: undefined }]);
    expect(r.pendingConfIndex).toBe(index + 1);
    expect(readMessages(r).length).toBeGreaterThan(0);
  });

  it('a new leader conservatively treats its whole uncommitted tail as a pending conf change', () => {
    for (const [withEntry, want] of [
      [false, 0],
      [true, 1],
    ] as const) {
      const r = testRaft(1n, 10, 1, peersStorage([1n, 2n]));
      // Any entry counts: the leader does not scan its tail for conf changes.
      if (withEntry) {
        r.appendEntry({ term: 0, index: 0, type: EntryType.EntryNormal, data: undefined });
      }
      r.becomeCandidate();
      r.becomeLeader();
      expect(r.pendingConfIndex).toBe(want);
    }
  });
});
