import { describe, expect, it } from 'vitest';
import { ErrProposalDropped } from '../../src/raft/raft';
import { ConfChangeType, MessageType, None } from '../../src/raft/raftpb/types';
import { StateType } from '../../src/raft/state_type';
import { clusterWithLeader, enc, recorder, stabilizePartitioned, stateOf } from './raft_helpers';

describe('leader transfer', () => {
  it('to an up-to-date follower: MsgTimeoutNow right away, and it wins the next term', () => {
    const { logger, lines } = recorder();
    const c = clusterWithLeader(3, { logger });
    c.node(1n).rawNode.transferLeader(2n);
    expect(lines).toContain('INFO 1 [term 1] starts to transfer leadership to 2');
    expect(lines).toContain('INFO 1 sends MsgTimeoutNow to 2 immediately as 2 already has up-to-date log');
    const out = c.node(1n).rawNode.readyWithoutAccept().messages;
    expect(out.map((m) => [m.type, m.to])).toEqual([[MessageType.MsgTimeoutNow, 2n]]);
    c.stabilize();
    expect(stateOf(c, 2n)).toBe(StateType.StateLeader);
    expect(c.node(2n).rawNode.raft.term).toBe(2);
    expect(stateOf(c, 1n)).toBe(StateType.StateFollower);
    expect(c.node(1n).rawNode.raft.lead).toBe(2n);
  });

  it('to a lagging follower: it is caught up first, then told to campaign', () => {
    const { logger, lines } = recorder();
    const c = clusterWithLeader(3, { logger });
    c.node(1n).rawNode.propose(enc('x'));
    stabilizePartitioned(c, new Set([3n]));
    c.node(1n).rawNode.transferLeader(3n);
    expect(c.node(1n).rawNode.raft.leadTransferee).toBe(3n);
    // Proposals are refused while the transfer is under way.
    expect(c.node(1n).rawNode.propose(enc('y'))).toBe(ErrProposalDropped);
    c.stabilize();
    expect(lines).toContain('INFO 1 sent MsgTimeoutNow to 3 after received MsgAppResp');
    expect(stateOf(c, 3n)).toBe(StateType.StateLeader);
  });

  it('a transfer that does not finish within an election timeout is abandoned', () => {
    const c = clusterWithLeader(3, { electionTick: 5 });
    c.node(1n).rawNode.propose(enc('x'));
    stabilizePartitioned(c, new Set([3n]));
    c.node(1n).rawNode.transferLeader(3n);
    for (let i = 0; i < 5; i++) {
      c.node(1n).rawNode.tick();
      stabilizePartitioned(c, new Set([3n]));
    }
    expect(c.node(1n).rawNode.raft.leadTransferee).toBe(None);
    expect(stateOf(c, 1n)).toBe(StateType.StateLeader);
    expect(c.node(1n).rawNode.propose(enc('z'))).toBeUndefined();
  });

  it('requests to self, repeats and follower-side requests', () => {
    const { logger, lines } = recorder();
    const c = clusterWithLeader(3, { logger });
    c.node(1n).rawNode.transferLeader(1n);
    expect(lines).toContain('DEBUG 1 is already leader. Ignored transferring leadership to self');
    // A follower forwards the request to its leader.
    c.node(2n).rawNode.transferLeader(3n);
    const fwd = c.node(2n).rawNode.readyWithoutAccept().messages;
    expect(fwd.map((m) => [m.type, m.from, m.to, m.term])).toEqual([
      [MessageType.MsgTransferLeader, 3n, 1n, 1],
    ]);
    // Lose that forwarded request.
    c.processReady(2n);
    c.inFlight = [];
    c.node(1n).rawNode.propose(enc('x'));
    stabilizePartitioned(c, new Set([2n]));
    c.node(1n).rawNode.transferLeader(2n);
    c.node(1n).rawNode.transferLeader(2n);
    expect(lines).toContain(
      'INFO 1 [term 1] transfer leadership to 2 is in progress, ignores request to same node 2',
    );
    c.node(1n).rawNode.transferLeader(3n);
    expect(lines).toContain('INFO 1 [term 1] abort previous transferring leadership to 2');
    expect(c.node(1n).rawNode.raft.leadTransferee).toBe(3n);
  });

  it('a learner cannot become the transferee', () => {
    const { logger, lines } = recorder();
    const c = clusterWithLeader(3, { logger });
    c.node(1n).rawNode.proposeConfChange({
      type: ConfChangeType.ConfChangeAddLearnerNode,
      nodeID: 4n,
      context: undefined,
      id: 0n,
    });
    c.stabilize();
    expect(c.node(1n).rawNode.raft.trk.progress.get(4n)?.isLearner).toBe(true);
    c.node(1n).rawNode.transferLeader(4n);
    expect(lines).toContain('DEBUG 1 is learner. Ignored transferring leadership');
    expect(c.node(1n).rawNode.raft.leadTransferee).toBe(None);
  });
});
