import { describe, expect, it } from 'vitest';
import { ErrNotEnoughStartedMembers } from '../../src/etcd/errors';
import { messagesOf, newCluster, runUntilReady, settle } from '../etcd/server_helpers';

describe('run-time membership change: member remove', () => {
  it('removes a follower; it stops itself and the other two carry on', () => {
    const l = newCluster({ seed: 1 });
    const c = l.c;
    runUntilReady(c);
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

  it('with StrictReconfigCheck, refuses a removal that would leave too few started members', () => {
    const { c } = newCluster({ seed: 1 });
    runUntilReady(c);
    const lead = c.leader()!;
    c.crash((lead + 1) % 3);
    const r = settle(c, c.removeMember(lead, (lead + 2) % 3), 5_000_000);
    expect(r).toEqual({ ok: false, err: ErrNotEnoughStartedMembers });
  });
});
