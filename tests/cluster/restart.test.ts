import { describe, expect, it } from 'vitest';
import type { Cluster } from '../../src/cluster/cluster';
import { messagesOf, newCluster, runUntilReady } from '../etcd/server_helpers';

/** Puts n values through the live members in turn; returns what was acknowledged (key → value). */
function puts(c: Cluster, n: number, tag: string, acked: Map<string, string>): void {
  for (let i = 0; i < n; i++) {
    const live = c.members.filter((m) => m.up);
    const via = live[i % live.length]!.index;
    const call = c.put(via, `k${i % 7}`, `${tag}${i}`);
    c.runUntil(() => call.result !== null, 3_000_000);
    if (call.result?.ok === true) acked.set(`k${i % 7}`, `${tag}${i}`);
  }
}

function caughtUp(c: Cluster, i: number): boolean {
  const s = c.server(i);
  const l = c.leader();
  return s !== null && l !== undefined && s.readych.closed && s.appliedIndex >= c.server(l)!.appliedIndex;
}

function scenario(
  victimOf: (c: Cluster) => number,
  config = {},
): { c: Cluster; victim: number; msgs: string[] } {
  const l = newCluster({ seed: 7, config });
  const c = l.c;
  runUntilReady(c);
  const acked = new Map<string, string>();
  puts(c, 10, 'a', acked);
  const victim = victimOf(c);
  const applied = c.server(victim)!.appliedIndex;
  c.crash(victim);
  expect(c.isUp(victim)).toBe(false);
  c.runFor(2_000_000);
  puts(c, 40, 'b', acked);
  expect(acked.size).toBe(7);
  c.restart(victim);
  const r = c.runUntil(() => caughtUp(c, victim), 5_000_000);
  expect(r.kind).toBe('predicate');
  expect(c.server(victim)!.appliedIndex).toBeGreaterThan(applied);
  // Nothing any member acknowledged is lost, on any member.
  c.runUntil(() => c.members.every((m) => caughtUp(c, m.index)), 2_000_000);
  for (const m of c.members) for (const [k, v] of acked) expect(c.localValue(m.index, k)).toBe(v);
  return { c, victim, msgs: messagesOf(l, c.members[victim]!.name) };
}

describe('crash and restart of a member', () => {
  it('a follower recovers from its WAL and catches up', () => {
    const { msgs } = scenario((c) => (c.leader()! + 1) % 3);
    for (const m of [
      'server has already been initialized',
      'No snapshot found. Recovering WAL from scratch!',
      'restarting local member',
      'recovered/added member from store',
      'ignore already added member',
    ]) {
      expect(msgs).toContain(m);
    }
  });

  it('a crashed leader is replaced, then restarts as a follower and catches up', () => {
    const { c, victim } = scenario((c) => c.leader()!);
    expect(c.leader()).not.toBe(victim);
    expect(c.server(victim)!.r.node.rn.raft.term).toBeGreaterThan(2);
  });

  it('a follower that fell behind the compacted log gets a merged snapshot', () => {
    const { msgs, c } = scenario((c) => (c.leader()! + 1) % 3, {
      snapshotCount: 20,
      snapshotCatchUpEntries: 5,
      memorySnapshotCount: 10,
    });
    expect(msgs).toContain('applying snapshot');
    expect(msgs).toContain('applied snapshot');
    expect(msgs).toContain('applied incoming Raft snapshot');
    expect(c.members.some((m) => m.dataDir.disk.snapshots().length > 0)).toBe(true);
  });

  it('unsynced WAL records are lost on a crash, synced ones survive', () => {
    const { c } = newCluster({ seed: 2 });
    runUntilReady(c);
    const disk = c.members[1]!.dataDir.disk;
    const before = disk.syncedCount;
    c.crash(1);
    expect(disk.unsyncedCount).toBe(0);
    expect(disk.records().length).toBe(before);
    c.restart(1);
    runUntilReady(c);
  });
});

describe('the backend across a crash', () => {
  it('loses what it had not batch-committed; the WAL replay re-applies it to mvcc', () => {
    const l = newCluster({ seed: 5 });
    const c = l.c;
    runUntilReady(c);
    c.runFor(300_000);
    const victim = (c.leader()! + 1) % 3;
    const call = c.put(victim, 'late', 'write');
    c.runUntil(() => call.result !== null);
    expect(call.result?.ok).toBe(true);
    const s = c.server(victim)!;
    const be = c.members[victim]!.dataDir.backend!;
    // Acknowledged and applied, but not yet committed by the 100 ms batch committer.
    expect(s.appliedIndex).toBeGreaterThan(be.committed.index);
    const committedIndex = be.committed.index;
    c.crash(victim);
    expect(be.kv.consistentIndex()).toBe(committedIndex);
    const lost = be.kv.range(new TextEncoder().encode('late'));
    expect(lost.ok && lost.result.count).toBe(0);
    c.restart(victim);
    c.runUntil(() => caughtUp(c, victim), 2_000_000);
    expect(c.localValue(victim, 'late')).toBe('write');
    const restore = l.lines.filter(
      (x) => x.startsWith(`${c.members[victim]!.name} `) && x.includes('restore consistentIndex'),
    );
    expect(restore[restore.length - 1]).toContain(`"index":${committedIndex}`);
  });
});

describe('memberState', () => {
  it('shows only the current incarnation, with its goroutines and Ready loop step', () => {
    const { c } = newCluster({ seed: 3 });
    runUntilReady(c);
    const st = c.memberState(1);
    expect(st.up).toBe(true);
    const names = st.goroutines.map((g) => g.name);
    expect(names).toContain('infra2 raftNode.start');
    expect(names).toContain('infra2 EtcdServer.run');
    expect(names).toContain('infra2 schedule.fifo');
    expect(names.some((n) => n.startsWith('raft.node '))).toBe(true);
    expect(st.gap).toBe(st.committedIndex - st.appliedIndex);
    expect(st.status?.hardState.term).toBe(st.term);
    c.crash(1);
    expect(c.memberState(1).goroutines).toEqual([]);
    c.restart(1);
    runUntilReady(c);
    const again = c.memberState(1).goroutines.map((g) => g.name);
    expect(again.filter((n) => n === 'infra2 raftNode.start')).toHaveLength(1);
    expect(again.filter((n) => n === 'infra2 schedule.fifo')).toHaveLength(1);
  });
});
