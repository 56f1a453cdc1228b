import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StateType } from '../../src/raft/state_type';
import { expectSubsequence, messagesOf, newCluster, runUntilReady } from './server_helpers';

/** The per-member start-up messages of spec §6 (phases A–H), in a compatible order. */
const followerStartup = [
  'Running: ',
  'Initialize and start etcd server',
  'configuring peer listeners',
  'configuring client listeners',
  'starting an etcd server',
  'opened backend db',
  'restore consistentIndex',
  'bootstrapping cluster',
  'bootstrapping storage',
  'bootstrapping raft',
  'starting local member',
  'bootstrap successfully',
  'simple token is not cryptographically signed',
  'kvstore restored',
  'starting remote peer',
  'started HTTP pipelining with remote peer',
  'started stream writer with remote peer',
  'started stream reader with remote peer',
  'started remote peer',
  'added remote peer',
  'starting etcd server',
  'starting initial election tick advance',
  'started to purge file',
  'serving peer traffic',
  'cmux::serve',
  'now serving peer/client/metrics',
  'added member',
  'added member',
  'added member',
  'initialized peer connections; fast-forwarding election ticks',
  'ready to serve client requests',
  'serving client traffic insecurely; this is strongly discouraged!',
  'notifying init daemon',
  'successfully notified init daemon',
  'set initial cluster version',
  'enabled capabilities for version',
  'cluster version differs from storage version.',
  'updated storage version',
];

describe('EtcdServer start: a fresh 3-member cluster', () => {
  it('logs the start-up sequence, elects a leader, applies publish and cluster version', () => {
    const l = newCluster({ seed: 1 });
    runUntilReady(l.c);
    l.c.runFor(500_000);
    const lead = l.c.leader();
    expect(lead).toBeDefined();
    for (const m of l.c.members) {
      const msgs = messagesOf(l, m.name);
      expectSubsequence(msgs, followerStartup);
      expect(msgs).toContain('published local member to cluster through raft');
      // Phase E runs in the transport and interleaves with phases C and D (spec §6 "Order").
      expect(msgs.filter((x) => x === 'peer became active')).toHaveLength(2);
      expect(msgs.filter((x) => x === 'established TCP streaming connection with remote peer')).toHaveLength(
        4,
      );
      const s = m.server!;
      // 3 conf changes, the leader's empty entry, 3 publishes, the cluster version.
      expect(s.appliedIndex).toBeGreaterThanOrEqual(8);
      expect(s.cluster.version()).toBe('3.6.0');
      expect(s.cluster.members().map((x) => x.name)).toEqual(['infra1', 'infra2', 'infra3']);
      expect(s.cluster.members().every((x) => x.clientURLs.length === 1)).toBe(true);
    }
    const leader = l.c.members[lead!]!;
    expect(leader.server!.r.node.rn.raft.state).toBe(StateType.StateLeader);
    const leaderMsgs = messagesOf(l, leader.name);
    expect(leaderMsgs).toContain('setting up initial cluster version using v3 API');
    expect(leaderMsgs).toContain('cluster version is updated');
  });

  it('uses spec §6 member and cluster IDs', () => {
    const l = newCluster({ seed: 1 });
    l.c.runFor(10_000);
    const ids = l.c.members.map((m) => l.c.memberState(m.index).id);
    expect(ids).toEqual(['8211f1d0f64f3269', '91bc3c398fb3c146', 'fd422379fda50e48']);
    expect(l.lines.some((x) => x.includes('"cluster-id":"ef37ad9dc622a7c4"'))).toBe(true);
  });

  it('a single member fast-forwards E-1 ticks and elects itself', () => {
    const l = newCluster({ size: 1, seed: 3 });
    runUntilReady(l.c);
    const msgs = messagesOf(l, 'infra1');
    expect(msgs).toContain('started as single-node; fast-forwarding election ticks');
    const fast = l.lines.find((x) => x.includes('fast-forwarding election ticks'))!;
    expect(fast).toContain(
      '"forward-ticks":9,"forward-duration":"900ms","election-ticks":10,"election-timeout":"1s"',
    );
    expect(l.c.leader()).toBe(0);
  });

  it('matches the golden log of seed 1 for the first 1.5 s', () => {
    const l = newCluster({ seed: 1 });
    l.c.runFor(1_500_000);
    const got = `${l.lines.join('\n')}\ntrace-hash ${l.c.traceHash()}\n`;
    const path = join(__dirname, '..', 'golden', 'start-3-members-seed-1.txt');
    // Regenerate with UPDATE_GOLDEN=1 after an intended change to the start-up path.
    if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(path, got);
    expect(existsSync(path)).toBe(true);
    expect(got).toBe(readFileSync(path, 'utf8'));
  });
});
