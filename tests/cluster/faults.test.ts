import { describe, expect, it } from 'vitest';
import { Run } from '../../src/cluster/run_record';
import type { RunInput } from '../../src/cluster/run_record';
import type { Fault } from '../../src/cluster/faults';

function started(seed = 11, size = 3): Run {
  const run = new Run({ size, seed });
  const r = run.runUntil((x) => x.cluster.leader() !== undefined && x.cluster.allReady(), 3_000_000);
  expect(r.kind).toBe('predicate');
  return run;
}

const fault = (f: Fault): RunInput => ({ kind: 'fault', fault: f });

function leader(run: Run): number {
  const l = run.cluster.leader();
  if (l === undefined) throw new Error('no leader');
  return l;
}

function lostTotal(run: Run): number {
  return run.cluster.network.linkStats().reduce((n, l) => n + l.lost, 0);
}

/** Puts through the leader and returns the virtual µs it took (or Infinity if it did not finish). */
function putLatencyUs(run: Run, key: string): number {
  const call = run.clients.request({ op: 'put', member: leader(run), key, value: 'x' });
  run.runUntil(() => call.result !== null, 2_000_000);
  expect(call.result?.ok).toBe(true);
  return call.endUs === null ? Infinity : call.endUs - call.startUs;
}

describe('faults', () => {
  it('crash and restart a member; the crashed list follows', () => {
    const run = started();
    const f = (leader(run) + 1) % 3;
    expect(run.apply(fault({ kind: 'crash', member: f })).ok).toBe(true);
    expect(run.cluster.isUp(f)).toBe(false);
    expect(run.faults.crashedMembers()).toEqual([f]);
    expect(run.apply(fault({ kind: 'crash', member: f })).ok).toBe(false);
    run.runFor(500_000);
    expect(run.apply(fault({ kind: 'restart', member: f })).ok).toBe(true);
    expect(run.faults.crashedMembers()).toEqual([]);
    run.runUntil((x) => x.cluster.server(f)?.readych.closed === true, 3_000_000);
    expect(run.cluster.server(f)?.readych.closed).toBe(true);
  });

  it('isolating the leader elects another one in the majority', () => {
    const run = started();
    const old = leader(run);
    run.apply(fault({ kind: 'partition', groups: [[old]] }));
    const oldId = run.faults.memberId(old);
    for (const m of run.cluster.members) {
      if (m.index !== old)
        expect(run.cluster.network.isConnected(oldId, run.faults.memberId(m.index))).toBe(false);
    }
    const r = run.runUntil((x) => {
      const s = x.cluster.members.filter((m) => m.index !== old).map((m) => m.server?.r.node.rn.raft.state);
      return s.includes(2);
    }, 3_000_000);
    expect(r.kind).toBe('predicate');
    run.apply(fault({ kind: 'heal' }));
    run.runUntil((x) => x.cluster.leader() !== undefined, 3_000_000);
    expect(run.cluster.leader()).not.toBe(old);
  });

  it('a one-way cut leaves the other direction up; heal restores it', () => {
    const run = started();
    run.apply(fault({ kind: 'cut-link', from: 0, to: 1 }));
    const [a, b] = [run.faults.memberId(0), run.faults.memberId(1)];
    expect(run.cluster.network.isUp(a, b)).toBe(false);
    expect(run.cluster.network.isUp(b, a)).toBe(true);
    run.apply(fault({ kind: 'heal' }));
    expect(run.cluster.network.isUp(a, b)).toBe(true);
  });

  it('drop-next drops exactly that many matching messages', () => {
    const run = started();
    const before = lostTotal(run);
    run.apply(fault({ kind: 'drop-next', count: 3, messageType: 'MsgHeartbeat', from: leader(run) }));
    expect(run.faults.pendingMessageRules()).toBe(1);
    run.runFor(2_000_000);
    expect(run.faults.pendingMessageRules()).toBe(0);
    expect(lostTotal(run) - before).toBe(3);
  });

  it('delay-next holds the leader’s next appends back', () => {
    const run = started();
    const base = putLatencyUs(run, 'a');
    run.apply(
      fault({ kind: 'delay-next', count: 2, delayUs: 300_000, messageType: 'MsgApp', from: leader(run) }),
    );
    const slow = putLatencyUs(run, 'b');
    expect(base).toBeLessThan(50_000);
    expect(slow).toBeGreaterThanOrEqual(300_000);
    expect(putLatencyUs(run, 'c')).toBeLessThan(50_000);
  });

  it('a slow link delays replication to that follower only', () => {
    const run = started();
    const l = leader(run);
    const [f1, f2] = [0, 1, 2].filter((i) => i !== l) as [number, number];
    run.apply(
      fault({
        kind: 'link-latency',
        from: l,
        to: f1,
        latency: { minUs: 400_000, maxUs: 400_000 },
        symmetric: true,
      }),
    );
    expect(putLatencyUs(run, 'a')).toBeLessThan(50_000); // f2 is a quorum with the leader
    run.apply(fault({ kind: 'crash', member: f2 }));
    expect(putLatencyUs(run, 'b')).toBeGreaterThanOrEqual(800_000);
  });

  it('a slow disk on every member makes a put wait for fsync', () => {
    const run = started();
    for (const m of run.cluster.members)
      run.apply(fault({ kind: 'slow-disk', member: m.index, fsync: { minUs: 200_000, maxUs: 200_000 } }));
    // The leader sends its appends before its own fsync (etcd's raftNode), so the two overlap.
    expect(putLatencyUs(run, 'a')).toBeGreaterThanOrEqual(200_000);
    expect(run.cluster.members[0]?.cfg.sim.fsyncUsMin).toBe(200_000);
  });

  it('slow apply on the leader opens a gap between committed and applied', () => {
    const run = started();
    const l = leader(run);
    run.apply(fault({ kind: 'slow-apply', member: l, applyUsPerEntry: 100_000 }));
    for (let i = 0; i < 10; i++) run.clients.request({ op: 'put', member: l, key: `k${i}`, value: 'v' });
    const r = run.runUntil((x) => {
      const s = x.cluster.server(l);
      return s !== null && s.committedIndex - s.appliedIndex >= 5;
    }, 1_000_000);
    expect(r.kind).toBe('predicate');
    // Restarted, the member keeps its slow apply (the knob lives in its config).
    run.apply(fault({ kind: 'crash', member: l }));
    run.apply(fault({ kind: 'restart', member: l }));
    run.runFor(10_000);
    expect(run.cluster.server(l)?.cfg.sim.applyUsPerEntry).toBe(100_000);
  });

  it('the same faults at the same steps give the same trace hash', () => {
    const go = (): string => {
      const run = started(5);
      run.apply(fault({ kind: 'drop-next', count: 5 }));
      run.apply(fault({ kind: 'partition', groups: [[0], [1]] }));
      run.runFor(1_500_000);
      run.apply(fault({ kind: 'heal' }));
      run.apply(fault({ kind: 'delay-next', count: 4, delayUs: 50_000 }));
      run.runFor(1_500_000);
      return run.cluster.traceHash();
    };
    expect(go()).toBe(go());
  });
});
