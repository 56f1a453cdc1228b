/** ReadIndex (read_only.go and the MsgReadIndex paths of raft.go); not covered by the conformance files. */
import { describe, expect, it } from 'vitest';
import { MessageType, newMessage } from '../../src/raft/raftpb/types';
import { ReadOnly, ReadOnlyOption } from '../../src/raft/read_only';
import { StateType } from '../../src/raft/state_type';
import { MemoryCluster } from '../../src/raft/testing/memory_cluster';
import { clusterWithLeader, dec, enc, ids, recorder, stabilizePartitioned } from './raft_helpers';

const readStates = (c: MemoryCluster, id: bigint): [number, string][] =>
  c.node(id).readStates.map((rs) => [rs.index, dec(rs.requestCtx)]);

describe('ReadIndex, ReadOnlySafe', () => {
  it('the leader answers after a heartbeat round confirms a quorum', () => {
    const c = clusterWithLeader(3);
    const leader = c.node(1n).rawNode;
    leader.readIndex(enc('ctx1'));
    // The request rides on heartbeats carrying its context.
    const hbs = leader.readyWithoutAccept().messages;
    expect(hbs.map((m) => [m.type, dec(m.context)])).toEqual([
      [MessageType.MsgHeartbeat, 'ctx1'],
      [MessageType.MsgHeartbeat, 'ctx1'],
    ]);
    expect(readStates(c, 1n)).toEqual([]);
    c.stabilize();
    expect(readStates(c, 1n)).toEqual([[2, 'ctx1']]);
  });

  it('without a quorum of acks there is no answer', () => {
    const c = clusterWithLeader(3);
    c.node(1n).rawNode.readIndex(enc('lonely'));
    stabilizePartitioned(c, new Set([2n, 3n]));
    expect(readStates(c, 1n)).toEqual([]);
    // One ack (plus the leader's own) is a quorum of 3.
    c.node(1n).rawNode.readIndex(enc('again'));
    stabilizePartitioned(c, new Set([3n]));
    expect(readStates(c, 1n)).toEqual([
      [2, 'lonely'],
      [2, 'again'],
    ]);
  });

  it('a follower forwards the request and gets a MsgReadIndexResp', () => {
    const c = clusterWithLeader(3);
    c.node(1n).rawNode.propose(enc('x'));
    c.stabilize();
    c.node(2n).rawNode.readIndex(enc('from2'));
    const fwd = c.node(2n).rawNode.readyWithoutAccept().messages;
    expect(fwd.map((m) => [m.type, m.to, m.term])).toEqual([[MessageType.MsgReadIndex, 1n, 0]]);
    c.stabilize();
    expect(readStates(c, 2n)).toEqual([[3, 'from2']]);
    expect(readStates(c, 1n)).toEqual([]);
  });

  it('a follower without a leader drops the request', () => {
    const { logger, lines } = recorder();
    const c = new MemoryCluster(ids(3), { logger });
    c.node(2n).rawNode.readIndex(enc('nobody'));
    expect(lines).toContain('INFO 2 no leader at term 0; dropping index reading msg');
    expect(c.node(2n).rawNode.hasReady()).toBe(false);
  });

  it('a new leader holds requests until it commits an entry of its term', () => {
    const c = clusterWithLeader(3);
    const r = c.node(2n).rawNode.raft;
    // Make node 2 leader of term 2 without letting its empty entry commit yet.
    c.node(2n).rawNode.campaign();
    stabilizePartitioned(c, new Set(), (m) => m.type !== MessageType.MsgApp);
    expect(r.state).toBe(StateType.StateLeader);
    expect(r.committedEntryInCurrentTerm()).toBe(false);
    c.node(2n).rawNode.readIndex(enc('early'));
    expect(r.pendingReadIndexMessages).toHaveLength(1);
    // A heartbeat round un-pauses the probes; the empty entry commits and releases the read.
    c.node(2n).rawNode.tick();
    c.stabilize();
    expect(r.pendingReadIndexMessages).toHaveLength(0);
    expect(readStates(c, 2n)).toEqual([[r.raftLog.committed, 'early']]);
  });

  it('a single voter answers at once with its commit index', () => {
    const c = new MemoryCluster([1n]);
    c.node(1n).rawNode.campaign();
    c.stabilize();
    c.node(1n).rawNode.readIndex(enc('solo'));
    c.stabilize();
    expect(readStates(c, 1n)).toEqual([[2, 'solo']]);
  });

  it('remote requests on a single voter are answered with MsgReadIndexResp', () => {
    const c = new MemoryCluster([1n]);
    c.node(1n).rawNode.campaign();
    c.stabilize();
    const r = c.node(1n).rawNode.raft;
    r.step(
      newMessage({
        type: MessageType.MsgReadIndex,
        from: 7n,
        entries: [{ term: 0, index: 0, type: 0, data: enc('remote') }],
      }),
    );
    expect(r.msgs.map((m) => [m.type, m.to, m.index, dec(m.entries[0]?.data)])).toEqual([
      [MessageType.MsgReadIndexResp, 7n, 2, 'remote'],
    ]);
  });
});

describe('ReadIndex, ReadOnlyLeaseBased', () => {
  it('the leader answers immediately, without a heartbeat round', () => {
    const c = clusterWithLeader(3, { checkQuorum: true, readOnlyOption: ReadOnlyOption.ReadOnlyLeaseBased });
    c.node(1n).rawNode.readIndex(enc('lease'));
    expect(c.node(1n).rawNode.readyWithoutAccept().messages).toEqual([]);
    c.stabilize();
    expect(readStates(c, 1n)).toEqual([[2, 'lease']]);
  });

  it('a follower forgetting its leader is refused', () => {
    const { logger, lines } = recorder();
    const c = clusterWithLeader(3, {
      checkQuorum: true,
      readOnlyOption: ReadOnlyOption.ReadOnlyLeaseBased,
      logger,
    });
    c.node(2n).rawNode.forgetLeader();
    expect(lines).toContain('ERROR ignoring MsgForgetLeader due to ReadOnlyLeaseBased');
    expect(c.node(2n).rawNode.raft.lead).toBe(1n);
  });
});

describe('readOnly bookkeeping', () => {
  const req = (ctx: string) =>
    newMessage({ type: MessageType.MsgReadIndex, entries: [{ term: 0, index: 0, type: 0, data: enc(ctx) }] });

  it('ignores duplicate contexts and releases every request up to the acknowledged one', () => {
    const ro = new ReadOnly(ReadOnlyOption.ReadOnlySafe);
    ro.addRequest(5, req('a'));
    ro.addRequest(6, req('b'));
    ro.addRequest(7, req('a'));
    ro.addRequest(8, req('c'));
    expect(ro.readIndexQueue).toEqual(['a', 'b', 'c']);
    expect(ro.lastPendingRequestCtx()).toBe('c');
    expect(ro.recvAck(2n, enc('zzz'))).toBeUndefined();
    expect([...(ro.recvAck(2n, enc('b')) ?? new Map()).keys()]).toEqual([2n]);
    const released = ro.advance(newMessage({ type: MessageType.MsgHeartbeatResp, context: enc('b') }));
    expect(released.map((rs) => [rs.index, dec(rs.req.entries[0]?.data)])).toEqual([
      [5, 'a'],
      [6, 'b'],
    ]);
    expect(ro.readIndexQueue).toEqual(['c']);
    expect(ro.advance(newMessage({ type: MessageType.MsgHeartbeatResp, context: enc('b') }))).toEqual([]);
  });

  it('a leader change drops pending safe reads', () => {
    const c = clusterWithLeader(3);
    c.node(1n).rawNode.readIndex(enc('lost'));
    expect(c.node(1n).rawNode.raft.readOnly.readIndexQueue).toHaveLength(1);
    c.node(2n).rawNode.campaign();
    c.stabilize();
    expect(c.node(1n).rawNode.raft.readOnly.readIndexQueue).toHaveLength(0);
    expect(readStates(c, 1n)).toEqual([]);
  });
});
