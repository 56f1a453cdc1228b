import { describe, expect, it } from 'vitest';
import { ErrNotEnoughStartedMembers, ErrUnhealthy } from '../../src/etcd/errors';
import { messagesOf, newCluster, runUntilReady, settle } from '../etcd/server_helpers';

/** server.go HealthInterval: peers must have been connected this long before a reconfiguration. */
const healthIntervalUs = 5_000_000;

describe('run-time membership change: member remove', () => {
  it('removes a follower; it stops itself and the other two carry on', () => {
    const l = newCluster({ seed: 1 });
    const c = l.c;
    runUntilReady(c);
    c.runFor(healthIntervalUs);
    const lead = c.leader()!;
    const victim = (lead + 1) % 3;
    const r = settle(c, c.removeMember(lead, victim), 5_000_000);
    expect(r.ok && r.value.map((m) => m.name).sort()).toEqual(
      c.members.filter((m) => m.index !== victim).map((m) => m.name),
    );
    expect(messagesOf(l, c.members[lead]!.name)).toContain('applied a configuration change through raft');
    c.runUntil(() => !c.isUp(victim), 3_000_000);
    expect(c.isUp(victim)).toBe(false);
    const victimMsgs = messagesOf(l, c.members[victim]!.name);
    expect(victimMsgs).toContain('server error');
    expect(victimMsgs).toContain('data-dir used by this member must be removed');
    expect(l.lines.some((x) => x.includes('the member has been permanently removed from the cluster'))).toBe(
      true,
    );
    const p = settle(c, c.put(lead, 'after', 'removal'), 3_000_000);
    expect(p.ok).toBe(true);
    for (const m of c.members) {
      if (m.index === victim) continue;
      expect(c.server(m.index)!.cluster.isIDRemoved(c.server(victim)!.memberId)).toBe(true);
    }
  });

  it('right after start-up, refuses: the peers have not been connected for HealthInterval', () => {
    const l = newCluster({ seed: 1 });
    const c = l.c;
    runUntilReady(c);
    const lead = c.leader()!;
    const r = settle(c, c.removeMember(lead, (lead + 1) % 3), 5_000_000);
    expect(r).toEqual({ ok: false, err: ErrUnhealthy });
    expect(messagesOf(l, c.members[lead]!.name)).toContain(
      'rejecting member remove request; local member has not been connected to all peers, reconfigure breaks active quorum',
    );
  });

  it('with a follower down, refuses to remove the other one (the active quorum would break)', () => {
    // Upstream's mayRemoveMember: the crashed member still counts as started (it published its
    // name), so IsReadyToRemoveVotingMember passes; the connected-peers check refuses.
    const { c } = newCluster({ seed: 1 });
    runUntilReady(c);
    c.runFor(healthIntervalUs);
    const lead = c.leader()!;
    c.crash((lead + 1) % 3);
    const r = settle(c, c.removeMember(lead, (lead + 2) % 3), 5_000_000);
    expect(r).toEqual({ ok: false, err: ErrUnhealthy });
    // Removing the member that is down is safe: it is not part of the active quorum.
    const down = settle(c, c.removeMember(lead, (lead + 1) % 3), 5_000_000);
    expect(down.ok).toBe(true);
  });

  it('refuses a removal that would leave too few started members', () => {
    // One member, plus one added but never started: removing the started one leaves none.
    const { c } = newCluster({ size: 1, seed: 1 });
    runUntilReady(c);
    const add = settle(c, c.addMember({ start: false }), 3_000_000);
    expect(add.ok).toBe(true);
    const r = settle(c, c.removeMember(0, 0), 3_000_000);
    expect(r).toEqual({ ok: false, err: ErrNotEnoughStartedMembers });
  });
});
