import { describe, expect, it } from 'vitest';
import type { Cluster } from '../../src/cluster/cluster';
import { background } from '../../src/sim/context';
import type { Op } from '../../src/sim/op';
import { addMember } from '../../src/etcd/cluster_server';
import {
  ErrGRPCPeerURLExist,
  ErrNotEnoughStartedMembers,
  ErrPeerURLexists,
  ErrUnhealthy,
} from '../../src/etcd/errors';
import { newMember } from '../../src/etcd/membership';
import type { Outcome } from '../../src/etcd/v3_server';
import { expectSubsequence, messagesOf, newCluster, runUntilReady, settle } from './server_helpers';

/** server.go HealthInterval. */
const healthIntervalUs = 5_000_000;

/** Runs a server-side generator in a goroutine of its own; returns its result once it ends. */
function runOn<T>(c: Cluster, g: Generator<Op, T, unknown>, maxSteps = 2_000_000): T {
  let out: { v: T } | null = null;
  c.kernel.go(
    'test',
    (function* (): Generator<Op, void, unknown> {
      out = { v: yield* g };
    })(),
  );
  c.runUntil(() => out !== null, maxSteps);
  if (out === null) throw new Error('did not finish');
  return (out as { v: T }).v;
}

function keys(c: Cluster, i: number, n: number): (string | undefined)[] {
  return Array.from({ length: n }, (_, k) => c.localValue(i, `k${k}`));
}

function voters(c: Cluster, i: number): number {
  return c.server(i)!.r.node.rn.raft.trk.voters.ids().size;
}

/** Runs until member i serves clients and has applied everything the leader applied. */
function untilCaughtUp(c: Cluster, i: number): void {
  const r = c.runUntil(() => {
    const s = c.server(i);
    const l = c.leader();
    return s !== null && s.readych.closed && l !== undefined && s.appliedIndex === c.server(l)!.appliedIndex;
  }, 3_000_000);
  expect(r.kind).toBe('predicate');
}

function writeKeys(c: Cluster, n: number): void {
  const lead = c.leader()!;
  const calls = Array.from({ length: n }, (_, k) => c.put(lead, `k${k}`, `v${k}`));
  c.runUntil(() => calls.every((x) => x.result !== null), 5_000_000);
  expect(calls.every((x) => x.result?.ok === true)).toBe(true);
}

describe('member add: a voter joins a running cluster', () => {
  it('joins through MsgApp, logs the join path, and holds the same keys', () => {
    const l = newCluster({ seed: 1 });
    const c = l.c;
    runUntilReady(c);
    writeKeys(c, 20);
    c.runFor(healthIntervalUs);
    const r = settle(c, c.addMember(), 3_000_000);
    if (!r.ok) throw new Error(r.err.message);
    expect(r.value.index).toBe(3);
    expect(r.value.member.isLearner).toBe(false);
    expect(r.value.members.map((m) => m.id)).toContain(r.value.member.id);
    expect(c.members.length).toBe(4);
    untilCaughtUp(c, 3);
    expect(c.server(3)!.memberId).toBe(r.value.member.id);
    expect(keys(c, 3, 20)).toEqual(keys(c, c.leader()!, 20));
    expect(voters(c, c.leader()!)).toBe(4);
    expect(voters(c, 3)).toBe(4);
    c.runFor(100_000);
    const msgs = messagesOf(l, 'infra4');
    expectSubsequence(msgs, [
      'bootstrapping cluster',
      'bootstrapping storage',
      'bootstrapping raft',
      'starting local member',
      'bootstrap successfully',
      `newRaft ${r.value.member.id.toString(16)} [peers: [], term: 0, commit: 0, applied: 0, lastindex: 0, lastterm: 0]`,
      'added new remote peer',
      'added remote peer',
      'starting etcd server',
      'added member',
      'published local member to cluster through raft',
    ]);
    expect(msgs).not.toContain('applying snapshot');
    expect(l.lines.some((x) => x.includes('"initial-cluster-state":"existing"'))).toBe(true);
    // The new member published its name: it now counts as started everywhere.
    expect(c.server(0)!.cluster.member(r.value.member.id)?.name).toBe('infra4');
  });

  it('joins through a snapshot when the leader has compacted its log', () => {
    const l = newCluster({ seed: 2, config: { memorySnapshotCount: 20, snapshotCatchUpEntries: 5 } });
    const c = l.c;
    runUntilReady(c);
    writeKeys(c, 60);
    c.runFor(healthIntervalUs);
    const r = settle(c, c.addMember(), 3_000_000);
    expect(r.ok).toBe(true);
    untilCaughtUp(c, 3);
    expectSubsequence(messagesOf(l, 'infra4'), [
      'applying snapshot',
      'restored mvcc store',
      'applied snapshot',
    ]);
    expect(keys(c, 3, 60)).toEqual(keys(c, c.leader()!, 60));
  });

  it('grown to five voters, the cluster tolerates the loss of two members', () => {
    const { c } = newCluster({ seed: 3 });
    runUntilReady(c);
    c.runFor(healthIntervalUs);
    for (const i of [3, 4]) {
      const r = settle(c, c.addMember(), 3_000_000);
      expect(r.ok).toBe(true);
      untilCaughtUp(c, i);
    }
    const lead = c.leader()!;
    expect(voters(c, lead)).toBe(5);
    const others = c.members.map((m) => m.index).filter((i) => i !== lead);
    c.crash(others[0]!);
    c.crash(others[1]!);
    expect(settle(c, c.put(lead, 'two-down', 'ok'), 3_000_000).ok).toBe(true);
    c.crash(others[2]!);
    const p = settle(c, c.put(lead, 'three-down', 'no'), 20_000_000);
    expect(p).toMatchObject({ ok: false, err: { message: 'etcdserver: request timed out' } });
  });
});

describe('member add: refusals, with etcd’s errors', () => {
  it('a duplicate peer URL: membership: peerURL exists (the client sees the gRPC text)', () => {
    const { c } = newCluster({ seed: 1 });
    runUntilReady(c);
    c.runFor(healthIntervalUs);
    const taken = c.members[1]!.peerURLs;
    const r = settle(c, c.addMember({ peerURLs: taken }), 3_000_000);
    expect(r).toEqual({ ok: false, err: ErrGRPCPeerURLExist });
    expect(ErrGRPCPeerURLExist.message).toBe('etcdserver: Peer URLs already exists');
    expect(c.members.length).toBe(3);
    // EtcdServer.AddMember itself returns the membership error (checked when the entry applies).
    const s = c.server(c.leader()!)!;
    const m = newMember('', taken, '', 1_700_000_000);
    const direct: Outcome<unknown> = runOn(c, addMember(s, background(), m));
    expect(direct).toEqual({ ok: false, err: ErrPeerURLexists });
    expect(ErrPeerURLexists.message).toBe('membership: peerURL exists');
  });

  it('right after start-up: unhealthy cluster (peers connected for less than HealthInterval)', () => {
    const l = newCluster({ seed: 1 });
    const c = l.c;
    runUntilReady(c);
    const r = settle(c, c.addMember(), 3_000_000);
    expect(r).toEqual({ ok: false, err: ErrUnhealthy });
    expect(
      l.lines.some((x) =>
        x.includes('rejecting member add request; local member has not been connected to majority peers'),
      ),
    ).toBe(true);
    expect(c.members.length).toBe(3);
  });

  it('a second unstarted voter: not enough started members', () => {
    const l = newCluster({ size: 1, seed: 1 });
    const c = l.c;
    runUntilReady(c);
    // Growing a one-member cluster is allowed even though the new member has not started.
    expect(settle(c, c.addMember({ start: false }), 3_000_000).ok).toBe(true);
    const r = settle(c, c.addMember({ start: false }), 3_000_000);
    expect(r).toEqual({ ok: false, err: ErrNotEnoughStartedMembers });
    expect(ErrNotEnoughStartedMembers.message).toBe(
      'etcdserver: re-configuration failed due to not enough started members',
    );
    expect(messagesOf(l, 'infra1')).toContain('rejecting member add request; not enough healthy members');
    // Starting the added member later lets it join and restores the quorum.
    c.restart(1);
    untilCaughtUp(c, 1);
    expect(voters(c, 1)).toBe(2);
  });

  it('a member that cannot reach any peer fails to bootstrap and exits', () => {
    const l = newCluster({ seed: 1 });
    const c = l.c;
    runUntilReady(c);
    c.runFor(healthIntervalUs);
    expect(settle(c, c.addMember({ start: false }), 3_000_000).ok).toBe(true);
    for (const i of [0, 1, 2]) c.crash(i);
    c.restart(3);
    c.runUntil(() => !c.isUp(3), 1_000_000);
    expect(c.isUp(3)).toBe(false);
    const msgs = messagesOf(l, 'infra4');
    expect(msgs).toContain('failed to get cluster response');
    expect(msgs).toContain('bootstrap failed');
    expect(
      l.lines.some((x) =>
        x.includes(
          'cannot fetch cluster info from peer urls: could not retrieve cluster information from the given URLs',
        ),
      ),
    ).toBe(true);
  });
});
