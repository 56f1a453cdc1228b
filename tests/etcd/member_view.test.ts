/** memberView and the cheap accessors: what layers above etcd read of a member. */
import { describe, expect, it } from 'vitest';
import {
  commitOf,
  lastIndexOf,
  logEntries,
  logTermAt,
  memberGauges,
  memberView,
  roleOf,
  termOf,
  votersOf,
} from '../../src/etcd/member_view';
import { StateType } from '../../src/raft/state_type';
import { StateType as ProgressStateType } from '../../src/raft/tracker/state';
import { newCluster, runUntilReady, settle } from './server_helpers';

describe('memberView', () => {
  it('describes a leader and its followers in a settled 3-member cluster', () => {
    const { c } = newCluster({ size: 3, seed: 1 });
    runUntilReady(c);
    const li = c.leader() as number;
    expect(settle(c, c.put(li, 'a', '1')).ok).toBe(true);
    c.runFor(200_000);
    const ids = c.members.map((m) => c.memberId(m.index)).sort((a, b) => (a < b ? -1 : 1));
    const leader = c.server(li);
    if (leader === null) throw new Error('no leader server');
    const v = memberView(leader);
    expect(v.role).toBe(StateType.StateLeader);
    expect(v.lead).toBe(leader.memberId);
    expect(v.vote).toBe(leader.memberId);
    expect(v.term).toBe(termOf(leader));
    expect(v.voters).toEqual(ids);
    expect(v.learners).toEqual([]);
    expect(v.isLearner).toBe(false);
    expect(v.commit).toBe(v.lastIndex);
    expect(v.stableIndex).toBe(v.lastIndex);
    expect(v.appliedIndex).toBe(v.commit);
    expect(v.raftApplied).toBeLessThanOrEqual(v.commit);
    expect(v.firstIndex).toBe(1);
    expect(v.progress?.map((p) => p.id)).toEqual(ids);
    for (const p of v.progress ?? []) {
      expect(p.match).toBe(v.lastIndex);
      expect(p.next).toBe(v.lastIndex + 1);
      expect(p.state).toBe(ProgressStateType.StateReplicate);
    }
    expect(v.heartbeatTimeout).toBeGreaterThan(0);
    expect(v.randomizedElectionTimeout).toBeGreaterThanOrEqual(10);
    expect(v.readyCount).toBeGreaterThan(0);
    expect(v.waitRegistrySize).toBe(0);

    for (const m of c.members) {
      const s = c.server(m.index);
      if (s === null || m.index === li) continue;
      const f = memberView(s);
      expect(f.role).toBe(StateType.StateFollower);
      expect(f.lead).toBe(leader.memberId);
      expect(f.progress).toBeNull();
      expect(roleOf(s)).toBe(StateType.StateFollower);
      expect(commitOf(s)).toBe(f.commit);
      expect(lastIndexOf(s)).toBe(f.lastIndex);
      expect(votersOf(s)).toEqual(ids);
    }
  });

  it('reads the log: entries, terms at an index, live gauges', () => {
    const { c } = newCluster({ size: 3, seed: 2 });
    runUntilReady(c);
    const s = c.server(c.leader() as number);
    if (s === null) throw new Error('no leader server');
    const last = lastIndexOf(s);
    const all = logEntries(s);
    expect(all.map((e) => e.index)).toEqual(Array.from({ length: last }, (_, i) => i + 1));
    expect(logEntries(s, 2, 4).map((e) => e.index)).toEqual([2, 3]);
    expect(logEntries(s, last, last + 10).map((e) => e.index)).toEqual([last]);
    expect(logTermAt(s, last)).toBe(all[all.length - 1]?.term);
    expect(logTermAt(s, last + 1)).toBeUndefined();
    expect(logTermAt(s, 0)).toBe(0);
    const g = memberGauges(s);
    expect([g.role, g.term, g.lead, g.commit]).toEqual([roleOf(s), termOf(s), s.memberId, commitOf(s)]);
    expect(settle(c, c.put(c.leader() as number, 'b', '2')).ok).toBe(true);
    // The getters read live values.
    expect(g.commit).toBe(commitOf(s));
    expect(g.commit).toBeGreaterThan(last - 1);
  });
});
