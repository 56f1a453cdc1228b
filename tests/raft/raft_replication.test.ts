import { describe, expect, it } from 'vitest';
import { ErrProposalDropped, newRaft } from '../../src/raft/raft';
import { EntryType, MessageType, newMessage } from '../../src/raft/raftpb/types';
import { newRawNode } from '../../src/raft/rawnode';
import { StateType } from '../../src/raft/state_type';
import { MemoryStorage } from '../../src/raft/storage';
import { StateType as ProgressState } from '../../src/raft/tracker/state';
import { MemoryCluster } from '../../src/raft/testing/memory_cluster';
import { appliedData, clusterWithLeader, enc, ids, recorder, stabilizePartitioned } from './raft_helpers';

describe('log replication and commit', () => {
  it('a proposal on the leader is committed and applied everywhere, in order', () => {
    const c = clusterWithLeader(3);
    for (const v of ['a', 'b', 'c']) {
      expect(c.node(1n).rawNode.propose(enc(v))).toBeUndefined();
    }
    c.stabilize();
    for (const id of ids(3)) {
      expect(appliedData(c, id)).toEqual(['a', 'b', 'c']);
      expect(c.node(id).rawNode.raft.raftLog.committed).toBe(5);
    }
  });

  it('a follower forwards proposals to the leader', () => {
    const c = clusterWithLeader(3);
    expect(c.node(3n).rawNode.propose(enc('fwd'))).toBeUndefined();
    const forwarded = c.node(3n).rawNode.readyWithoutAccept().messages;
    expect(forwarded.map((m) => [m.type, m.to, m.term])).toEqual([[MessageType.MsgProp, 1n, 0]]);
    c.stabilize();
    expect(appliedData(c, 2n)).toEqual(['fwd']);
  });

  it('without a leader a proposal is dropped with ErrProposalDropped', () => {
    const c = new MemoryCluster(ids(3));
    expect(c.node(1n).rawNode.propose(enc('x'))).toBe(ErrProposalDropped);
    expect(ErrProposalDropped.message).toBe('raft proposal dropped');
  });

  it('disableProposalForwarding drops proposals on followers', () => {
    const s = new MemoryStorage();
    s.applySnapshot({
      data: undefined,
      metadata: {
        index: 1,
        term: 1,
        confState: { voters: [1n, 2n], learners: [], votersOutgoing: [], learnersNext: [], autoLeave: false },
      },
    });
    const { logger, lines } = recorder();
    const rn = newRawNode({
      id: 2n,
      electionTick: 10,
      heartbeatTick: 1,
      storage: s,
      maxInflightMsgs: 10,
      disableProposalForwarding: true,
      logger,
    });
    rn.step(newMessage({ type: MessageType.MsgHeartbeat, from: 1n, to: 2n, term: 1 }));
    expect(rn.propose(enc('x'))).toBe(ErrProposalDropped);
    expect(lines).toContain('INFO 2 not forwarding to leader 1 at term 1; dropping proposal');
  });

  it('a follower that missed appends catches up after heartbeats', () => {
    const c = clusterWithLeader(3);
    c.node(1n).rawNode.propose(enc('p1'));
    c.node(1n).rawNode.propose(enc('p2'));
    stabilizePartitioned(c, new Set([3n]));
    expect(appliedData(c, 3n)).toEqual([]);
    for (let i = 0; i < 3; i++) {
      c.node(1n).rawNode.tick();
      c.stabilize();
    }
    expect(appliedData(c, 3n)).toEqual(['p1', 'p2']);
  });

  it('a follower behind the compacted log is caught up by a snapshot', () => {
    const c = clusterWithLeader(3);
    for (let i = 0; i < 5; i++) c.node(1n).rawNode.propose(enc(`e${i}`));
    stabilizePartitioned(c, new Set([3n]));
    const leader = c.node(1n);
    const applied = leader.rawNode.raft.raftLog.applied;
    leader.storage.createSnapshot(applied, leader.rawNode.raft.trk.confState(), undefined);
    leader.storage.compact(applied);
    // Heartbeat responses make the leader probe node 3, find the gap and send a snapshot.
    for (let i = 0; i < 3; i++) {
      c.node(1n).rawNode.tick();
      c.stabilize();
    }
    const r3 = c.node(3n).rawNode.raft;
    expect(r3.raftLog.committed).toBe(leader.rawNode.raft.raftLog.committed);
    expect(c.node(3n).snapshotIndex).toBe(applied);
    expect(leader.rawNode.raft.trk.progress.get(3n)?.state).toBe(ProgressState.StateReplicate);
    c.node(1n).rawNode.propose(enc('after'));
    c.stabilize();
    expect(appliedData(c, 3n)).toEqual(['after']);
  });

  it('a new leader commits entries of earlier terms only through an entry of its own term', () => {
    const c = clusterWithLeader(3);
    // Entry 3 (term 1) reaches only node 2; nothing commits it.
    c.node(1n).rawNode.propose(enc('old'));
    c.processReady(1n);
    c.inFlight = c.inFlight.filter((m) => m.to === 2n);
    c.processReady(2n); // nothing yet
    for (const m of c.inFlight.splice(0)) c.deliverMessage(m);
    c.processReady(2n);
    c.inFlight = [];
    expect(c.node(2n).rawNode.raft.raftLog.lastIndex()).toBe(3);
    expect(c.node(2n).rawNode.raft.raftLog.committed).toBe(2);
    // Node 2 wins term 2 and commits 'old' together with its empty entry 4.
    c.node(2n).rawNode.campaign();
    stabilizePartitioned(c, new Set([1n]));
    const r2 = c.node(2n).rawNode.raft;
    expect(r2.state).toBe(StateType.StateLeader);
    expect(r2.raftLog.committed).toBe(4);
    expect(appliedData(c, 3n)).toEqual(['old']);
  });

  it('the uncommitted size limit drops proposals beyond it', () => {
    const s = new MemoryStorage();
    s.applySnapshot({
      data: undefined,
      metadata: {
        index: 1,
        term: 1,
        confState: { voters: [1n, 2n], learners: [], votersOutgoing: [], learnersNext: [], autoLeave: false },
      },
    });
    const { logger, lines } = recorder();
    const r = newRaft({
      id: 1n,
      electionTick: 10,
      heartbeatTick: 1,
      storage: s,
      maxInflightMsgs: 10,
      maxUncommittedEntriesSize: 10,
      logger,
    });
    r.becomeCandidate();
    r.becomeLeader();
    const prop = (n: number): Error | undefined =>
      r.step(
        newMessage({
          type: MessageType.MsgProp,
          from: 1n,
          entries: [{ term: 0, index: 0, type: EntryType.EntryNormal, data: new Uint8Array(n) }],
        }),
      );
    // The first proposal is always admitted, however large, so progress is possible.
    expect(prop(20)).toBeUndefined();
    expect(prop(1)).toBe(ErrProposalDropped);
    expect(lines).toContain(
      'WARN 1 appending new entries to log would exceed uncommitted entry size limit; dropping proposal',
    );
    r.reduceUncommittedSize(20);
    expect(prop(5)).toBeUndefined();
    expect(r.uncommittedSize).toBe(5);
  });

  it('a stale rejection (at or below match) leaves a replicating peer alone', () => {
    const c = clusterWithLeader(3);
    const r1 = c.node(1n).rawNode.raft;
    const pr2 = r1.trk.progress.get(2n);
    expect(pr2?.state).toBe(ProgressState.StateReplicate);
    // A late rejection of index 2, which node 2 has since acknowledged.
    r1.step(
      newMessage({
        type: MessageType.MsgAppResp,
        from: 2n,
        to: 1n,
        term: 1,
        index: 2,
        reject: true,
        rejectHint: 1,
        logTerm: 1,
      }),
    );
    expect(pr2?.state).toBe(ProgressState.StateReplicate);
    expect(pr2?.next).toBe(3);
  });
});
