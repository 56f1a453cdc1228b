import { describe, expect, it } from 'vitest';
import { RaftPanic } from '../../src/raft/logger';
import {
  ConfChangeType,
  EntryType,
  MessageType,
  isEmptyHardState,
  newMessage,
  noLimit,
  type ConfState,
} from '../../src/raft/raftpb/types';
import {
  ErrStepLocalMsg,
  ErrStepPeerNotFound,
  SnapshotStatus,
  mustSync,
  newRawNode,
  ProgressType,
  type RawNode,
} from '../../src/raft/rawnode';
import { StateType } from '../../src/raft/state_type';
import { statusToJSON } from '../../src/raft/status';
import { MemoryStorage } from '../../src/raft/storage';
import { StateType as ProgressState } from '../../src/raft/tracker/state';
import { clusterWithLeader, enc } from './raft_helpers';

function storageWith(voters: bigint[]): MemoryStorage {
  const s = new MemoryStorage();
  const confState: ConfState = {
    voters,
    learners: [],
    votersOutgoing: [],
    learnersNext: [],
    autoLeave: false,
  };
  s.applySnapshot({ data: undefined, metadata: { index: 1, term: 1, confState } });
  return s;
}

function node(
  id: bigint,
  voters: bigint[],
  storage = storageWith(voters),
): { rn: RawNode; storage: MemoryStorage } {
  // MaxSizePerMsg 0 would also make the committed-entry budget 0 (upstream default rule).
  const rn = newRawNode({
    id,
    electionTick: 10,
    heartbeatTick: 1,
    storage,
    maxInflightMsgs: 256,
    applied: 1,
    maxSizePerMsg: noLimit,
  });
  return { rn, storage };
}

/** Persists a Ready into storage and advances (sync mode), returning the Ready. */
function handle(rn: RawNode, storage: MemoryStorage): ReturnType<RawNode['ready']> {
  const rd = rn.ready();
  if (!isEmptyHardState(rd.hardState)) storage.setHardState(rd.hardState);
  storage.append(rd.entries);
  rn.advance(rd);
  return rd;
}

describe('RawNode Ready/Advance contract', () => {
  it('a fresh node has nothing ready', () => {
    const { rn } = node(1n, [1n]);
    expect(rn.hasReady()).toBe(false);
  });

  it('a single-node election takes three Readys, each carrying only new information', () => {
    const { rn, storage } = node(1n, [1n]);
    rn.campaign();
    expect(rn.hasReady()).toBe(true);
    const rd1 = handle(rn, storage);
    expect(rd1.softState).toEqual({ lead: 0n, raftState: StateType.StateCandidate });
    expect(rd1.hardState).toEqual({ term: 1, vote: 1n, commit: 1 });
    expect(rd1.mustSync).toBe(true);
    // The self-vote is stepped on Advance: the node is now leader with its empty entry.
    const rd2 = handle(rn, storage);
    expect(rd2.softState?.raftState).toBe(StateType.StateLeader);
    expect(rd2.entries.map((e) => [e.term, e.index])).toEqual([[1, 2]]);
    expect(rd2.mustSync).toBe(true);
    const rd3 = handle(rn, storage);
    expect(rd3.softState).toBeUndefined();
    expect(rd3.hardState.commit).toBe(2);
    expect(rd3.committedEntries.map((e) => e.index)).toEqual([2]);
    // A commit-only change need not be synced.
    expect(rd3.mustSync).toBe(false);
    expect(rn.hasReady()).toBe(false);
    expect(rn.basicStatus().applied).toBe(2);
  });

  it('readyWithoutAccept has no side effects', () => {
    const { rn } = node(1n, [1n]);
    rn.campaign();
    const a = rn.readyWithoutAccept();
    const b = rn.readyWithoutAccept();
    expect(b).toEqual(a);
    expect(rn.hasReady()).toBe(true);
  });

  it('two Readys without Advance panic', () => {
    const { rn } = node(1n, [1n]);
    rn.campaign();
    rn.ready();
    rn.propose(enc('x'));
    expect(() => rn.ready()).toThrow(RaftPanic);
    expect(() => rn.ready()).toThrow('two accepted Ready structs without call to Advance');
  });

  it('Step refuses local message types and responses from unknown peers', () => {
    const { rn } = node(1n, [1n, 2n]);
    expect(rn.step(newMessage({ type: MessageType.MsgHup }))).toBe(ErrStepLocalMsg);
    expect(ErrStepLocalMsg.message).toBe('raft: cannot step raft local message');
    expect(rn.step(newMessage({ type: MessageType.MsgAppResp, from: 9n, to: 1n, term: 1 }))).toBe(
      ErrStepPeerNotFound,
    );
    expect(ErrStepPeerNotFound.message).toBe('raft: cannot step as peer not found');
    expect(
      rn.step(newMessage({ type: MessageType.MsgHeartbeat, from: 2n, to: 1n, term: 1 })),
    ).toBeUndefined();
  });

  it('MustSync follows term, vote and entries only', () => {
    const hs = { term: 1, vote: 1n, commit: 1 };
    expect(mustSync({ ...hs, commit: 5 }, hs, 0)).toBe(false);
    expect(mustSync({ ...hs, term: 2 }, hs, 0)).toBe(true);
    expect(mustSync({ ...hs, vote: 2n }, hs, 0)).toBe(true);
    expect(mustSync(hs, hs, 1)).toBe(true);
  });

  it('Status has progress only on a leader; BasicStatus flattens Hard/SoftState', () => {
    const c = clusterWithLeader(3);
    const leader = c.node(1n).rawNode.status();
    expect([...leader.progress.keys()].sort()).toEqual([1n, 2n, 3n]);
    expect(leader.progress.get(2n)?.match).toBe(2);
    expect(c.node(2n).rawNode.status().progress.size).toBe(0);
    const b = c.node(2n).rawNode.basicStatus();
    expect(b.term).toBe(b.hardState.term);
    expect(b.lead).toBe(1n);
    expect(statusToJSON(leader)).toBe(
      '{"id":"1","term":1,"vote":"1","commit":2,"lead":"1","raftState":"StateLeader","applied":2,' +
        '"progress":{"1":{"match":2,"next":3,"state":"StateReplicate"},"2":{"match":2,"next":3,"state":"StateReplicate"},' +
        '"3":{"match":2,"next":3,"state":"StateReplicate"}},"leadtransferee":"0"}',
    );
    // Copies: mutating the status does not touch the node.
    leader.progress.get(2n)!.match = 99;
    expect(c.node(1n).rawNode.raft.trk.progress.get(2n)?.match).toBe(2);
  });

  it('withProgress visits peers in ID order with their type', () => {
    const c = clusterWithLeader(3);
    const seen: [bigint, ProgressType][] = [];
    c.node(1n).rawNode.withProgress((id, typ) => seen.push([id, typ]));
    expect(seen).toEqual([
      [1n, ProgressType.ProgressTypePeer],
      [2n, ProgressType.ProgressTypePeer],
      [3n, ProgressType.ProgressTypePeer],
    ]);
  });

  it('reportUnreachable and reportSnapshot move the peer back to probing', () => {
    const c = clusterWithLeader(3);
    const rn = c.node(1n).rawNode;
    const pr = rn.raft.trk.progress.get(2n);
    rn.reportUnreachable(2n);
    expect(pr?.state).toBe(ProgressState.StateProbe);
    pr?.becomeSnapshot(10);
    rn.reportSnapshot(2n, SnapshotStatus.SnapshotFailure);
    expect(pr?.state).toBe(ProgressState.StateProbe);
    expect(pr?.pendingSnapshot).toBe(0);
    expect(pr?.msgAppFlowPaused).toBe(true);
  });

  it('forgetLeader clears the leader on a follower and is a no-op on the leader', () => {
    const c = clusterWithLeader(3);
    c.node(1n).rawNode.forgetLeader();
    expect(c.node(1n).rawNode.raft.lead).toBe(1n);
    c.node(2n).rawNode.forgetLeader();
    expect(c.node(2n).rawNode.raft.lead).toBe(0n);
    expect(c.node(2n).rawNode.readyWithoutAccept().softState).toEqual({
      lead: 0n,
      raftState: StateType.StateFollower,
    });
  });

  it('tickQuiesced advances only the election timer', () => {
    const c = clusterWithLeader(3);
    const r = c.node(1n).rawNode.raft;
    const before = r.heartbeatElapsed;
    c.node(1n).rawNode.tickQuiesced();
    expect(r.electionElapsed).toBe(1);
    expect(r.heartbeatElapsed).toBe(before);
    expect(c.node(1n).rawNode.hasReady()).toBe(false);
  });

  it('Bootstrap commits one AddNode per peer and applies the configuration', () => {
    const storage = new MemoryStorage();
    const rn = newRawNode({
      id: 1n,
      electionTick: 10,
      heartbeatTick: 1,
      storage,
      maxInflightMsgs: 256,
      maxSizePerMsg: noLimit,
    });
    expect(rn.bootstrap([])?.message).toBe('must provide at least one peer to Bootstrap');
    expect(
      rn.bootstrap([
        { id: 1n, context: undefined },
        { id: 2n, context: undefined },
      ]),
    ).toBeUndefined();
    expect(rn.raft.trk.voterNodes()).toEqual([1n, 2n]);
    const rd = rn.ready();
    expect(rd.hardState).toEqual({ term: 1, vote: 0n, commit: 2 });
    expect(rd.entries.map((e) => e.type)).toEqual([EntryType.EntryConfChange, EntryType.EntryConfChange]);
    expect(rd.committedEntries).toHaveLength(2);
    storage.append(rd.entries);
    expect(rn.bootstrap([{ id: 1n, context: undefined }])?.message).toBe(
      "can't bootstrap a nonempty Storage",
    );
  });

  it('conf changes proposed through RawNode take effect when applied', () => {
    const c = clusterWithLeader(3);
    const rn = c.node(1n).rawNode;
    expect(
      rn.proposeConfChange({
        type: ConfChangeType.ConfChangeRemoveNode,
        nodeID: 3n,
        context: undefined,
        id: 0n,
      }),
    ).toBeUndefined();
    c.stabilize();
    expect(rn.raft.trk.voterNodes()).toEqual([1n, 2n]);
    expect(c.node(2n).rawNode.raft.trk.voterNodes()).toEqual([1n, 2n]);
  });
});
