import { describe, expect, it } from 'vitest';
import { ErrBadLeaderTransferee, ErrNotLeader, ErrTimeoutLeaderTransfer } from '../../src/etcd/errors';
import { messagesOf, newCluster, runUntilReady, settle } from './server_helpers';

describe('MoveLeader (etcdctl move-leader)', () => {
  it('hands leadership to a follower: a new leader in a later term, elected by transfer', () => {
    const l = newCluster({ seed: 1 });
    const c = l.c;
    runUntilReady(c);
    const lead = c.leader()!;
    const to = (lead + 1) % 3;
    const termBefore = c.server(lead)!.term;
    const r = settle(c, c.moveLeader(to), 3_000_000);
    expect(r).toEqual({ ok: true, value: undefined });
    c.runUntil(() => c.leader() === to, 1_000_000);
    expect(c.leader()).toBe(to);
    expect(c.server(to)!.r.node.rn.raft.term).toBeGreaterThan(termBefore);
    const oldMsgs = messagesOf(l, c.members[lead]!.name);
    expect(oldMsgs).toContain('leadership transfer starting');
    expect(oldMsgs).toContain('leadership transfer finished');
    const hint = oldMsgs.find((m) => m.includes('starts to transfer leadership'));
    expect(hint).toBeDefined();
    expect(
      messagesOf(l, c.members[to]!.name).some(
        (m) => m.includes('received MsgTimeoutNow') && m.includes('starts an election to get leadership'),
      ),
    ).toBe(true);
    // The UI calls a leader change a transfer when raft's transfer line precedes the election.
    const transferAt = l.lines.findIndex((x) => x.includes('starts to transfer leadership'));
    const electedAt = l.lines.findIndex(
      (x, i) =>
        i > transferAt && x.startsWith(`${c.members[to]!.name} `) && x.includes('became leader at term'),
    );
    expect(transferAt).toBeGreaterThanOrEqual(0);
    expect(electedAt).toBeGreaterThan(transferAt);
    expect(settle(c, c.put(to, 'after', 'transfer'), 2_000_000).ok).toBe(true);
  });

  it('refuses: not the leader, a bad transferee, and a transfer that cannot finish', () => {
    const { c } = newCluster({ seed: 2 });
    runUntilReady(c);
    const lead = c.leader()!;
    const f1 = (lead + 1) % 3;
    const f2 = (lead + 2) % 3;
    expect(settle(c, c.moveLeader(f2, { via: f1 }), 1_000_000)).toEqual({ ok: false, err: ErrNotLeader });
    expect(ErrNotLeader.message).toBe('etcdserver: not leader');
    expect(settle(c, c.moveLeader(lead), 1_000_000).ok).toBe(true);
    c.crash(f1);
    const r = settle(c, c.moveLeader(f1, { timeoutUs: 3_000_000 }), 5_000_000);
    expect(r).toEqual({ ok: false, err: ErrTimeoutLeaderTransfer });
    expect(ErrTimeoutLeaderTransfer.message).toBe(
      'etcdserver: request timed out, leader transfer took too long',
    );
    expect(ErrBadLeaderTransferee.message).toBe('etcdserver: bad leader transferee'); // see member_learner
  });
});
