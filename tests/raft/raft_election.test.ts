import { describe, expect, it } from 'vitest';
import { MessageType, newMessage, None } from '../../src/raft/raftpb/types';
import { newRaft, validateConfig, type Config } from '../../src/raft/raft';
import { SeededRand, defaultRandSource } from '../../src/raft/rand';
import { ReadOnlyOption } from '../../src/raft/read_only';
import { StateType } from '../../src/raft/state_type';
import { MemoryStorage } from '../../src/raft/storage';
import { MemoryCluster } from '../../src/raft/testing/memory_cluster';
import { clusterWithLeader, ids, recorder, stabilizePartitioned, stateOf } from './raft_helpers';

function bootstrappedStorage(voters: bigint[]): MemoryStorage {
  const s = new MemoryStorage();
  s.applySnapshot({
    data: undefined,
    metadata: {
      index: 1,
      term: 1,
      confState: { voters, learners: [], votersOutgoing: [], learnersNext: [], autoLeave: false },
    },
  });
  return s;
}

describe('elections', () => {
  it('a single voter elects itself', () => {
    const c = new MemoryCluster([1n]);
    c.node(1n).rawNode.campaign();
    c.stabilize();
    const st = c.node(1n).rawNode.basicStatus();
    expect(st.raftState).toBe(StateType.StateLeader);
    expect(st.term).toBe(1);
    expect(st.lead).toBe(1n);
    // The leader's empty entry of its term commits.
    expect(st.commit).toBe(2);
  });

  it('three voters: the campaigner wins and the others follow it', () => {
    const c = clusterWithLeader(3);
    for (const id of ids(3)) {
      const st = c.node(id).rawNode.basicStatus();
      expect(st.term).toBe(1);
      expect(st.lead).toBe(1n);
      expect(st.commit).toBe(2);
    }
    expect(stateOf(c, 2n)).toBe(StateType.StateFollower);
    expect(c.node(2n).rawNode.raft.vote).toBe(1n);
  });

  it('ticks alone elect exactly one leader', () => {
    const c = new MemoryCluster(ids(5), { electionTick: 10, seed: 7 });
    for (let t = 0; t < 100 && c.leader() === undefined; t++) {
      for (const id of c.ids) c.node(id).rawNode.tick();
      c.stabilize();
    }
    const leaders = c.ids.filter((id) => stateOf(c, id) === StateType.StateLeader);
    expect(leaders).toHaveLength(1);
  });

  it('a candidate with a stale log cannot win', () => {
    const { logger, lines } = recorder();
    const c = clusterWithLeader(3, { logger });
    // Node 3 misses an entry committed by 1 and 2.
    c.node(1n).rawNode.propose(new TextEncoder().encode('x'));
    stabilizePartitioned(c, new Set([3n]));
    expect(c.node(3n).rawNode.raft.raftLog.lastIndex()).toBe(2);
    c.node(3n).rawNode.campaign();
    c.stabilize();
    expect(stateOf(c, 3n)).toBe(StateType.StateFollower);
    expect(lines).toContain(
      'INFO 1 [logterm: 1, index: 3, vote: 0] rejected MsgVote from 3 [logterm: 1, index: 2] at term 2',
    );
    expect(lines).toContain('INFO 3 has received 1 MsgVoteResp votes and 2 vote rejections');
  });

  it('without pre-vote an isolated node inflates its term; with pre-vote it does not', () => {
    for (const preVote of [false, true]) {
      const c = clusterWithLeader(3, { preVote });
      const r3 = c.node(3n).rawNode.raft;
      for (let i = 0; i < 100; i++) {
        c.node(3n).rawNode.tick();
        stabilizePartitioned(c, new Set([3n]));
      }
      expect(r3.term > 1).toBe(!preVote);
      expect(r3.state).toBe(preVote ? StateType.StatePreCandidate : StateType.StateCandidate);
    }
  });

  it('a pre-candidate that wins the pre-vote runs a real election at term+1', () => {
    const c = clusterWithLeader(3, { preVote: true });
    c.node(2n).rawNode.campaign();
    expect(stateOf(c, 2n)).toBe(StateType.StatePreCandidate);
    expect(c.node(2n).rawNode.raft.term).toBe(1);
    c.stabilize();
    expect(stateOf(c, 2n)).toBe(StateType.StateLeader);
    expect(c.node(2n).rawNode.raft.term).toBe(2);
  });

  it('check-quorum: an isolated leader steps down after an election timeout', () => {
    const c = clusterWithLeader(3, { checkQuorum: true, electionTick: 5 });
    for (let i = 0; i < 10; i++) {
      c.node(1n).rawNode.tick();
      stabilizePartitioned(c, new Set([1n]));
    }
    expect(stateOf(c, 1n)).toBe(StateType.StateFollower);
    expect(c.node(1n).rawNode.raft.lead).toBe(None);
  });

  it('check-quorum lease: a follower that hears its leader ignores a higher-term vote request', () => {
    const { logger, lines } = recorder();
    const c = clusterWithLeader(3, { checkQuorum: true, logger });
    const r2 = c.node(2n).rawNode.raft;
    lines.length = 0;
    r2.step(newMessage({ type: MessageType.MsgVote, from: 3n, to: 2n, term: 5, logTerm: 1, index: 2 }));
    expect(r2.term).toBe(1);
    expect(lines.some((l) => l.includes('lease is not expired (remaining ticks: 10)'))).toBe(true);
  });

  it('a transfer campaign (Context CampaignTransfer) bypasses the lease', () => {
    const c = clusterWithLeader(3, { checkQuorum: true });
    const r2 = c.node(2n).rawNode.raft;
    r2.step(
      newMessage({
        type: MessageType.MsgVote,
        from: 3n,
        to: 2n,
        term: 5,
        logTerm: 1,
        index: 2,
        context: new TextEncoder().encode('CampaignTransfer'),
      }),
    );
    expect(r2.term).toBe(5);
    expect(r2.vote).toBe(3n);
  });

  it('learners are not promotable and do not campaign', () => {
    const s = new MemoryStorage();
    s.applySnapshot({
      data: undefined,
      metadata: {
        index: 1,
        term: 1,
        confState: { voters: [1n], learners: [2n], votersOutgoing: [], learnersNext: [], autoLeave: false },
      },
    });
    const { logger, lines } = recorder();
    const r = newRaft({ id: 2n, electionTick: 10, heartbeatTick: 1, storage: s, maxInflightMsgs: 1, logger });
    expect(r.promotable()).toBe(false);
    r.step(newMessage({ type: MessageType.MsgHup }));
    expect(r.state).toBe(StateType.StateFollower);
    expect(lines).toContain('WARN 2 is unpromotable and can not campaign');
  });
});

describe('randomized election timeout', () => {
  const cfg = (id: bigint, rand?: SeededRand): Config => {
    const c: Config = {
      id,
      electionTick: 10,
      heartbeatTick: 1,
      storage: bootstrappedStorage([1n]),
      maxInflightMsgs: 1,
    };
    if (rand !== undefined) c.rand = rand;
    return c;
  };

  it('stays within [electionTick, 2*electionTick-1]', () => {
    const r = newRaft(cfg(1n));
    const seen = new Set<number>();
    for (let i = 0; i < 500; i++) {
      r.resetRandomizedElectionTimeout();
      seen.add(r.randomizedElectionTimeout);
    }
    expect(Math.min(...seen)).toBe(10);
    expect(Math.max(...seen)).toBe(19);
  });

  it('is deterministic: the same seed gives the same sequence, the default is seeded by ID', () => {
    const draw = (r: ReturnType<typeof newRaft>): number[] =>
      Array.from({ length: 20 }, () => {
        r.resetRandomizedElectionTimeout();
        return r.randomizedElectionTimeout;
      });
    expect(draw(newRaft(cfg(1n, new SeededRand(42))))).toEqual(draw(newRaft(cfg(1n, new SeededRand(42)))));
    expect(draw(newRaft(cfg(1n)))).toEqual(draw(newRaft(cfg(1n))));
    const a = defaultRandSource(1n);
    const b = defaultRandSource(2n);
    const sa = Array.from({ length: 20 }, () => a.intn(1000));
    const sb = Array.from({ length: 20 }, () => b.intn(1000));
    expect(sa).not.toEqual(sb);
  });

  it('SeededRand.intn rejects a non-positive bound', () => {
    expect(() => new SeededRand(1).intn(0)).toThrow();
  });
});

describe('Config validation', () => {
  const base = (): Config => ({
    id: 1n,
    electionTick: 10,
    heartbeatTick: 1,
    storage: new MemoryStorage(),
    maxInflightMsgs: 1,
  });
  const err = (c: Config): string | undefined => {
    const v = validateConfig(c);
    return v.ok ? undefined : v.error;
  };

  it('fills in upstream defaults', () => {
    const v = validateConfig({ ...base(), maxSizePerMsg: 1000 });
    expect(v.ok).toBe(true);
    if (!v.ok) return;
    expect(v.config.maxCommittedSizePerReady).toBe(1000);
    expect(v.config.maxUncommittedEntriesSize).toBe(Infinity);
    expect(v.config.maxInflightBytes).toBe(Infinity);
    expect(v.config.readOnlyOption).toBe(ReadOnlyOption.ReadOnlySafe);
  });

  it('reports each invalid setting with the upstream text', () => {
    expect(err({ ...base(), id: 0n })).toBe('cannot use none as id');
    expect(err({ ...base(), id: (1n << 64n) - 1n })).toBe('cannot use local target as id');
    expect(err({ ...base(), heartbeatTick: 0 })).toBe('heartbeat tick must be greater than 0');
    expect(err({ ...base(), electionTick: 1 })).toBe('election tick must be greater than heartbeat tick');
    expect(err({ ...base(), maxInflightMsgs: 0 })).toBe('max inflight messages must be greater than 0');
    expect(err({ ...base(), maxSizePerMsg: 10, maxInflightBytes: 5 })).toBe(
      'max inflight bytes must be >= max message size',
    );
    expect(err({ ...base(), readOnlyOption: ReadOnlyOption.ReadOnlyLeaseBased })).toBe(
      'CheckQuorum must be enabled when ReadOnlyOption is ReadOnlyLeaseBased',
    );
  });

  it('newRaft panics on an invalid config', () => {
    expect(() => newRaft({ ...base(), heartbeatTick: 0 })).toThrow('heartbeat tick must be greater than 0');
  });
});
