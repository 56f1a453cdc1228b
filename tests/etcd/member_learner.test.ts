import { describe, expect, it } from 'vitest';
import type { Cluster } from '../../src/cluster/cluster';
import {
  ErrBadLeaderTransferee,
  ErrGRPCMemberNotLearner,
  ErrGRPCNotSupportedForLearner,
  ErrGRPCTooManyLearners,
  ErrLearnerNotReady,
} from '../../src/etcd/errors';
import { messagesOf, newCluster, runUntilReady, settle } from './server_helpers';

const healthIntervalUs = 5_000_000;

function untilCaughtUp(c: Cluster, i: number): void {
  const r = c.runUntil(() => {
    const s = c.server(i);
    const l = c.leader();
    return s !== null && s.readych.closed && l !== undefined && s.appliedIndex === c.server(l)!.appliedIndex;
  }, 3_000_000);
  expect(r.kind).toBe('predicate');
}

function raftOf(c: Cluster, i: number): Cluster['members'][number]['server'] & object {
  return c.server(i)!;
}

/** A 3-member cluster plus one learner (infra4) that has caught up. */
function withLearner(seed: number): { l: ReturnType<typeof newCluster>; c: Cluster; id: bigint } {
  const l = newCluster({ seed });
  const c = l.c;
  runUntilReady(c);
  c.runFor(healthIntervalUs);
  const r = settle(c, c.addMember({ learner: true }), 3_000_000);
  if (!r.ok) throw new Error(r.err.message);
  expect(r.value.member.isLearner).toBe(true);
  untilCaughtUp(c, 3);
  return { l, c, id: r.value.member.id };
}

describe('learners', () => {
  it('a learner replicates but does not vote, and serves only serializable reads', () => {
    const { l, c, id } = withLearner(4);
    const lead = c.leader()!;
    const trk = raftOf(c, lead).r.node.rn.raft.trk;
    expect(trk.voters.ids().has(id)).toBe(false);
    expect(trk.learners.has(id)).toBe(true);
    expect(raftOf(c, 3).r.node.rn.raft.isLearner).toBe(true);
    expect(settle(c, c.put(3, 'k', 'v'), 1_000_000)).toEqual({
      ok: false,
      err: ErrGRPCNotSupportedForLearner,
    });
    expect(ErrGRPCNotSupportedForLearner.message).toBe('etcdserver: rpc not supported for learner');
    expect(settle(c, c.put(lead, 'k', 'v'), 2_000_000).ok).toBe(true);
    c.runFor(200_000);
    const got = settle(c, c.get(3, 'k', { serializable: true }), 1_000_000);
    expect(got.ok && got.value.kvs.length).toBe(1);
    // Leadership cannot go to a learner.
    expect(settle(c, c.moveLeader(3), 1_000_000)).toEqual({ ok: false, err: ErrBadLeaderTransferee });
    // With the leader gone, the two voters elect; the learner never campaigns.
    c.crash(lead);
    c.runUntil(() => c.leader() !== undefined && c.leader() !== lead, 5_000_000);
    expect(c.leader()).not.toBe(3);
    expect(
      messagesOf(l, 'infra4').some(
        (m) => m.includes('became pre-candidate') || m.includes('became candidate'),
      ),
    ).toBe(false);
  });

  it('a second learner is one too many (max-learners 1)', () => {
    const { c } = withLearner(5);
    const r = settle(c, c.addMember({ learner: true }), 3_000_000);
    expect(r).toEqual({ ok: false, err: ErrGRPCTooManyLearners });
    expect(ErrGRPCTooManyLearners.message).toBe('etcdserver: too many learner members in cluster');
    expect(c.members.length).toBe(4);
  });

  it('promote: the learner becomes a voter; promoting it again is refused', () => {
    const { c, id } = withLearner(6);
    const lead = c.leader()!;
    const r = settle(c, c.promoteMember(3), 3_000_000);
    if (!r.ok) throw new Error(r.err.message);
    expect(r.value.find((m) => m.id === id)?.isLearner).toBe(false);
    c.runFor(300_000);
    expect(raftOf(c, lead).r.node.rn.raft.trk.voters.ids().has(id)).toBe(true);
    expect(raftOf(c, 3).r.node.rn.raft.isLearner).toBe(false);
    expect(settle(c, c.put(3, 'k', 'v'), 2_000_000).ok).toBe(true);
    const again = settle(c, c.promoteMember(3), 3_000_000);
    expect(again).toEqual({ ok: false, err: ErrGRPCMemberNotLearner });
    expect(ErrGRPCMemberNotLearner.message).toBe('etcdserver: can only promote a learner member');
  });

  it('promote through a follower is forwarded to the leader', () => {
    const { c, id } = withLearner(7);
    const follower = [0, 1, 2].find((i) => i !== c.leader())!;
    const r = settle(c, c.promoteMember(3, { via: follower }), 5_000_000);
    expect(r.ok && r.value.find((m) => m.id === id)?.isLearner).toBe(false);
  });

  it('a learner that has not caught up cannot be promoted', () => {
    const l = newCluster({ seed: 8 });
    const c = l.c;
    runUntilReady(c);
    c.runFor(healthIntervalUs);
    expect(settle(c, c.addMember({ learner: true, start: false }), 3_000_000).ok).toBe(true);
    const r = settle(c, c.promoteMember(3), 3_000_000);
    expect(r).toEqual({ ok: false, err: ErrLearnerNotReady });
    expect(ErrLearnerNotReady.message).toBe(
      'etcdserver: can only promote a learner member which is in sync with leader',
    );
    expect(messagesOf(l, c.members[c.leader()!]!.name)).toContain(
      'rejecting promote learner: learner is not ready',
    );
  });
});
