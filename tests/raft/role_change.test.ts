/** Config.onRoleChange: one typed RoleChange per become* call, with the reason of its caller. */
import { describe, expect, it } from 'vitest';
import type { Raft } from '../../src/raft/raft';
import {
  ConfChangeTransition,
  ConfChangeType,
  MessageType,
  None,
  newMessage,
  type NodeID,
} from '../../src/raft/raftpb/types';
import type { RoleChange } from '../../src/raft/role_change';
import { StateType } from '../../src/raft/state_type';
import { Network, peersStorage, readMessages, testRaft, type ConfigFn } from './raft_network';

function recordAll(extra?: ConfigFn): { changes: RoleChange[]; fn: ConfigFn } {
  const changes: RoleChange[] = [];
  return {
    changes,
    fn: (c) => {
      c.onRoleChange = (rc) => changes.push(rc);
      extra?.(c);
    },
  };
}

const of = (changes: RoleChange[], id: NodeID): RoleChange[] => changes.filter((c) => c.id === id);
const brief = (c: RoleChange): string => `${StateType[c.from]}->${StateType[c.to]} ${c.reason} t${c.term}`;

function electOne(nt: Network): void {
  nt.send(newMessage({ from: 1n, to: 1n, type: MessageType.MsgHup }));
}

describe('raft onRoleChange', () => {
  it('reports boot for the initial becomeFollower', () => {
    const { changes, fn } = recordAll();
    testRaft(1n, 10, 1, peersStorage([1n, 2n]), fn);
    expect(changes).toEqual([
      {
        id: 1n,
        term: 0,
        from: StateType.StateFollower,
        to: StateType.StateFollower,
        lead: None,
        reason: 'boot',
      },
    ]);
  });

  it('reports election-timeout, pre-vote-won and election-won for a pre-vote election by tick', () => {
    const { changes, fn } = recordAll((c) => (c.preVote = true));
    const nt = new Network(fn, [undefined, undefined, undefined]);
    const r = nt.raft(1n);
    changes.length = 0;
    for (let i = 0; i < 2 * r.electionTimeout && r.state === StateType.StateFollower; i++) r.tick();
    nt.send(...readMessages(r));
    expect(of(changes, 1n).map(brief)).toEqual([
      'StateFollower->StatePreCandidate election-timeout t0',
      'StatePreCandidate->StateCandidate pre-vote-won t1',
      'StateCandidate->StateLeader election-won t1',
    ]);
    const won = of(changes, 1n)[2];
    expect(won?.lead).toBe(1n);
    // The followers moved to term 1 on the vote request.
    expect(of(changes, 2n).map((c) => [c.reason, c.msgType, c.msgFrom])).toEqual([
      ['higher-term', MessageType.MsgVote, 1n],
    ]);
  });

  it('reports campaign for a MsgHup from outside', () => {
    const { changes, fn } = recordAll();
    const nt = new Network(fn, [undefined, undefined, undefined]);
    changes.length = 0;
    electOne(nt);
    expect(of(changes, 1n).map(brief)).toEqual([
      'StateFollower->StateCandidate campaign t1',
      'StateCandidate->StateLeader election-won t1',
    ]);
  });

  it('reports check-quorum when a leader loses its quorum', () => {
    const { changes, fn } = recordAll((c) => (c.checkQuorum = true));
    const nt = new Network(fn, [undefined, undefined, undefined]);
    electOne(nt);
    const r = nt.raft(1n);
    changes.length = 0;
    // Nothing is delivered any more: the second check finds no follower recently active.
    for (let i = 0; i < 2 * r.electionTimeout; i++) r.tick();
    expect(changes.map(brief)).toEqual(['StateLeader->StateFollower check-quorum t1']);
    expect(changes[0]?.lead).toBe(None);
  });

  it('reports higher-term with the message that caused it', () => {
    const { changes, fn } = recordAll();
    const nt = new Network(fn, [undefined, undefined, undefined]);
    electOne(nt);
    const r = nt.raft(1n);
    changes.length = 0;
    r.step(newMessage({ from: 3n, to: 1n, term: 5, type: MessageType.MsgHeartbeat }));
    expect(changes).toEqual([
      {
        id: 1n,
        term: 5,
        from: StateType.StateLeader,
        to: StateType.StateFollower,
        lead: 3n,
        reason: 'higher-term',
        msgType: MessageType.MsgHeartbeat,
        msgFrom: 3n,
      },
    ]);
  });

  it('reports leader-seen when a candidate hears from the leader of its term', () => {
    const { changes, fn } = recordAll();
    const r = testRaft(1n, 10, 1, peersStorage([1n, 2n, 3n]), fn);
    r.step(newMessage({ from: 1n, to: 1n, type: MessageType.MsgHup }));
    changes.length = 0;
    r.step(newMessage({ from: 2n, to: 1n, term: 1, type: MessageType.MsgHeartbeat }));
    expect(changes.map((c) => [brief(c), c.msgType, c.msgFrom, c.lead])).toEqual([
      ['StateCandidate->StateFollower leader-seen t1', MessageType.MsgHeartbeat, 2n, 2n],
    ]);
  });

  it('reports transfer for the candidate of a leadership transfer', () => {
    const { changes, fn } = recordAll();
    const nt = new Network(fn, [undefined, undefined, undefined]);
    electOne(nt);
    changes.length = 0;
    nt.send(newMessage({ from: 2n, to: 1n, type: MessageType.MsgTransferLeader }));
    expect(of(changes, 2n).map(brief)).toEqual([
      'StateFollower->StateCandidate transfer t2',
      'StateCandidate->StateLeader election-won t2',
    ]);
    expect(of(changes, 1n).map((c) => [brief(c), c.msgType])).toEqual([
      ['StateLeader->StateFollower higher-term t2', MessageType.MsgVote],
    ]);
  });

  it('reports removed when a leader steps down on its own removal', () => {
    const { changes, fn } = recordAll((c) => (c.stepDownOnRemoval = true));
    const nt = new Network(fn, [undefined, undefined, undefined]);
    electOne(nt);
    const r: Raft = nt.raft(1n);
    changes.length = 0;
    r.applyConfChange({
      transition: ConfChangeTransition.ConfChangeTransitionAuto,
      changes: [{ type: ConfChangeType.ConfChangeRemoveNode, nodeID: 1n }],
      context: undefined,
    });
    expect(changes.map(brief)).toEqual(['StateLeader->StateFollower removed t1']);
  });

  it('reports election-lost when the vote is rejected by a quorum', () => {
    const { changes, fn } = recordAll();
    const r = testRaft(1n, 10, 1, peersStorage([1n, 2n, 3n]), fn);
    r.step(newMessage({ from: 1n, to: 1n, type: MessageType.MsgHup }));
    changes.length = 0;
    for (const from of [2n, 3n]) {
      r.step(newMessage({ from, to: 1n, term: 1, type: MessageType.MsgVoteResp, reject: true }));
    }
    expect(changes.map(brief)).toEqual(['StateCandidate->StateFollower election-lost t1']);
  });

  it('reports snapshot-restore for the defensive step-down of a candidate', () => {
    const { changes, fn } = recordAll();
    const r = testRaft(1n, 10, 1, peersStorage([1n, 2n, 3n]), fn);
    r.step(newMessage({ from: 1n, to: 1n, type: MessageType.MsgHup }));
    changes.length = 0;
    const snap = {
      data: undefined,
      metadata: {
        index: 10,
        term: 1,
        confState: {
          voters: [1n, 2n, 3n],
          learners: [],
          votersOutgoing: [],
          learnersNext: [],
          autoLeave: false,
        },
      },
    };
    expect(r.restore(snap)).toBe(false);
    expect(changes.map(brief)).toEqual(['StateCandidate->StateFollower snapshot-restore t2']);
  });
});
