import { describe, expect, it } from 'vitest';
import type { Cluster } from '../../src/cluster/cluster';
import {
  ErrContextDeadlineExceeded,
  ErrRequestTooLarge,
  ErrStopped,
  ErrTimeout,
  ErrTooManyRequests,
} from '../../src/etcd/errors';
import { stringFromBytes } from '../../src/etcd/raft_request';
import { newCluster, runUntilReady, settle } from './server_helpers';

function ready(config = {}): Cluster {
  const { c } = newCluster({ seed: 1, config });
  runUntilReady(c);
  return c;
}

describe('processInternalRaftRequestOnce: the write path', () => {
  it('a put to a follower is forwarded, committed and answered with the right revision', () => {
    const c = ready();
    const lead = c.leader()!;
    const f = (lead + 1) % 3;
    const r = settle(c, c.put(f, 'foo', 'bar'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.header.revision).toBe(2); // the store starts at revision 1
    expect(r.value.header.raftTerm).toBe(2);
    expect(r.value.header.memberId).toBe(c.server(f)!.memberId);
    // A second put bumps the revision; every member applies both.
    const r2 = settle(c, c.put(f, 'foo', 'baz'));
    expect(r2.ok && r2.value.header.revision).toBe(3);
    c.runUntil(() => c.members.every((m) => c.localValue(m.index, 'foo') === 'baz'));
    for (const m of c.members) expect(c.server(m.index)!.kv.rev).toBe(3);
    // Nothing stays registered once answered.
    expect(c.members.every((m) => c.server(m.index)!.w.size === 0)).toBe(true);
  });

  it('serializable and linearizable reads on a follower see the write', () => {
    const c = ready();
    const lead = c.leader()!;
    expect(settle(c, c.put(lead, 'k', 'v1')).ok).toBe(true);
    const other = (lead + 2) % 3;
    const lin = settle(c, c.get(other, 'k'));
    expect(lin.ok && lin.value.kvs.map((kv) => stringFromBytes(kv.value))).toEqual(['v1']);
    const ser = settle(c, c.get(other, 'k', { serializable: true }));
    expect(ser.ok && ser.value.count).toBe(1);
  });

  it('refuses a request over MaxRequestBytes with `etcdserver: request is too large`', () => {
    const c = ready();
    const r = settle(c, c.put(0, 'big', new Uint8Array(1_600_000)));
    expect(r).toEqual({ ok: false, err: ErrRequestTooLarge });
    expect(r.ok || r.err.message).toBe('etcdserver: request is too large');
  });

  it('with a classroom gap limit and a slow apply, refuses with `etcdserver: too many requests`', () => {
    const c = ready({ maxGapBetweenApplyAndCommitIndex: 5, sim: { applyUsPerEntry: 200_000 } });
    const calls: ReturnType<Cluster['put']>[] = [];
    for (let i = 0; i < 30; i++) {
      calls.push(c.put(i % 3, `k${i}`, 'v'));
      c.runFor(5_000);
    }
    c.runUntil(() => calls.every((x) => x.result !== null), 5_000_000);
    const refused = calls.filter((x) => x.result?.ok === false);
    expect(refused.length).toBeGreaterThan(0);
    for (const x of refused) expect(x.result).toEqual({ ok: false, err: ErrTooManyRequests });
    expect(calls.some((x) => x.result?.ok === true)).toBe(true);
  });

  it('without a quorum, a put to the old leader times out with `etcdserver: request timed out`', () => {
    const c = ready();
    const lead = c.leader()!;
    for (let i = 0; i < 3; i++) if (i !== lead) c.crash(i);
    const call = c.put(lead, 'x', '1');
    const r = settle(c, call, 5_000_000);
    expect(r).toEqual({ ok: false, err: ErrTimeout });
    expect(call.endUs! - call.startUs).toBe(7_000_000); // ReqTimeout()
  });

  it('with no leader at all, Propose blocks and the raw `context deadline exceeded` comes back', () => {
    const c = ready();
    const lead = c.leader()!;
    for (let i = 0; i < 3; i++) if (i !== lead) c.crash(i);
    c.runFor(3_000_000); // CheckQuorum makes the lone leader step down
    expect(c.server(lead)!.lead).toBe(0n);
    const r = settle(c, c.put(lead, 'y', '1'), 5_000_000);
    expect(r).toEqual({ ok: false, err: ErrContextDeadlineExceeded });
  });

  it('a client deadline shorter than ReqTimeout wins', () => {
    const c = ready();
    const lead = c.leader()!;
    for (let i = 0; i < 3; i++) if (i !== lead) c.crash(i);
    c.runFor(3_000_000);
    const call = c.put(lead, 'z', '1', { timeoutUs: 500_000 });
    const r = settle(c, call, 5_000_000);
    expect(r.ok).toBe(false);
    expect(call.endUs! - call.startUs).toBe(500_000);
  });
});

describe('a proposal pending when its server stops', () => {
  it('fails with `etcdserver: server stopped`', () => {
    const { c } = newCluster({ seed: 4 });
    runUntilReady(c);
    const lead = c.leader()!;
    for (let i = 0; i < 3; i++) if (i !== lead) c.crash(i);
    const call = c.put(lead, 'x', '1');
    c.runFor(100_000);
    expect(call.result).toBeNull();
    c.stop(lead);
    const r = settle(c, call, 1_000_000);
    expect(r).toEqual({ ok: false, err: ErrStopped });
    c.runUntil(() => !c.isUp(lead), 1_000_000);
    expect(c.server(lead)!.done.closed).toBe(true);
  });
});

describe('parseProposeCtxErr in a running cluster', () => {
  it('a follower cut off towards its leader times out with `possibly due to connection lost`', () => {
    const c = ready();
    const lead = c.leader()!;
    const f = (lead + 1) % 3;
    const lid = c.server(lead)!.memberId;
    c.network.setLink(c.server(f)!.memberId, lid, { up: false });
    const call = c.put(f, 'x', '1');
    const r = settle(c, call, 5_000_000);
    expect(r.ok || r.err.message).toBe('etcdserver: request timed out, possibly due to connection lost');
    expect(c.server(f)!.lead).toBe(lid); // heartbeats still arrive: the follower keeps its leader
  });

  it('proposals lost with a crashed leader time out; on the new leader `possibly due to previous leader failure`', () => {
    const { c } = newCluster({ seed: 2 });
    runUntilReady(c);
    const old = c.leader()!;
    c.crash(old);
    const calls = c.members.filter((m) => m.up).map((m) => c.put(m.index, 'y', '1'));
    c.runUntil(() => calls.every((x) => x.result !== null), 5_000_000);
    const newLeader = c.leader()!;
    expect(newLeader).not.toBe(old);
    for (const call of calls) {
      const want =
        call.member === newLeader
          ? 'etcdserver: request timed out, possibly due to previous leader failure'
          : 'etcdserver: request timed out';
      expect(call.result?.ok === false && call.result.err.message).toBe(want);
    }
  });
});

describe('linearizable reads across a leader change', () => {
  it('a read waiting on a crashed leader retries every 500 ms, then fails with `etcdserver: leader changed`', () => {
    const l = newCluster({ seed: 1 });
    const c = l.c;
    runUntilReady(c);
    const lead = c.leader()!;
    const f = (lead + 1) % 3;
    c.crash(lead);
    const before = l.lines.length;
    const g = c.get(f, 'k');
    const r = settle(c, g, 5_000_000);
    expect(r.ok || r.err.message).toBe('etcdserver: leader changed');
    const retries = l.lines
      .slice(before)
      .filter((x) => x.includes('waiting for ReadIndex response took too long, retrying'));
    expect(retries.length).toBeGreaterThan(0);
    expect(retries[0]).toContain('"retry-timeout":"500ms"');
    // A new read, after the election, succeeds.
    const again = settle(c, c.get(f, 'k'), 5_000_000);
    expect(again.ok && again.value.count).toBe(0);
  });
});
