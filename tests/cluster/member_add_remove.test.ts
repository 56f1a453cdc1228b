import { describe, expect, it } from 'vitest';
import { newCluster, runUntilReady, settle } from '../etcd/server_helpers';

const healthIntervalUs = 5_000_000;

describe('run-time membership change: add a member, then remove the leader', () => {
  it('the three members left keep a quorum, elect a new leader and serve writes', () => {
    const { c } = newCluster({ seed: 5 });
    runUntilReady(c);
    c.runFor(healthIntervalUs);
    const add = settle(c, c.addMember(), 3_000_000);
    expect(add.ok).toBe(true);
    c.runUntil(() => c.server(3)?.readych.closed === true, 3_000_000);
    const lead = c.leader()!;
    const oldLeaderID = c.memberId(lead);
    const r = settle(c, c.removeMember(lead, lead), 5_000_000);
    expect(r.ok && r.value.length).toBe(3);
    c.runUntil(() => !c.isUp(lead), 3_000_000);
    expect(c.isUp(lead)).toBe(false);
    c.runUntil(() => c.leader() !== undefined, 5_000_000);
    const next = c.leader()!;
    expect(next).not.toBe(lead);
    const raft = c.server(next)!.r.node.rn.raft;
    expect(raft.trk.voters.ids().size).toBe(3);
    expect(raft.trk.voters.ids().has(oldLeaderID)).toBe(false);
    expect(settle(c, c.put(next, 'after', 'remove'), 3_000_000).ok).toBe(true);
    // Still a 3-voter cluster: one more loss is tolerated.
    const other = [0, 1, 2, 3].find((i) => i !== lead && i !== next)!;
    c.crash(other);
    expect(settle(c, c.put(next, 'one-more-down', 'ok'), 3_000_000).ok).toBe(true);
  });
});
