import { describe, expect, it } from 'vitest';
import { builtinScenario, builtinScenarioNames } from '../../src/cluster/scenarios/index';
import { parseScenario } from '../../src/cluster/scenario';
import type { Scenario } from '../../src/cluster/scenario';
import { runScenario } from '../../src/cluster/scenario_runner';
import type { ScenarioOutcome } from '../../src/cluster/scenario_runner';

function scenario(name: string): Scenario {
  const p = builtinScenario(name);
  if (!p.ok) throw new Error(p.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return p.scenario;
}

const outcomes = new Map<string, ScenarioOutcome>();
function outcome(name: string): ScenarioOutcome {
  let o = outcomes.get(name);
  if (o === undefined) {
    o = runScenario(scenario(name));
    outcomes.set(name, o);
  }
  return o;
}

/** Every expectation of the scenario, with what was seen, so a failure says which effect is missing. */
function expectAllHold(o: ScenarioOutcome): void {
  const bad = o.expectations.filter((e) => !e.ok).map((e) => `${e.name}: wanted ${e.wanted}, seen ${e.seen}`);
  expect(bad).toEqual([]);
  expect(o.violation).toBeUndefined();
  expect(o.unfired).toBe(0);
}

function errors(o: ScenarioOutcome): string[] {
  return Array.from(o.probe.clientErrors().keys());
}

describe('built-in scenarios show their intended effect', () => {
  it('normal startup: one leader within 3 s, writes succeed', () => {
    const o = outcome('normal-startup');
    expectAllHold(o);
    expect(o.probe.elections.length).toBe(1);
  });

  it('leader crash: a new leader in a later term', () => {
    const o = outcome('leader-crash');
    expectAllHold(o);
    expect(o.probe.leaderChanges()).toBeGreaterThanOrEqual(1);
    const crash = o.run.events.find((e) => e.input.kind === 'fault' && e.input.fault.kind === 'crash');
    expect(crash).toBeDefined();
  });

  it('minority partition: the majority keeps its leader and serves every request', () => {
    const o = outcome('minority-partition');
    expectAllHold(o);
    expect(o.probe.leaderChanges()).toBe(0);
    expect(o.run.events.some((e) => e.input.kind === 'fault' && e.input.fault.kind === 'partition')).toBe(
      true,
    );
  });

  it('majority partition: the isolated leader steps down (CheckQuorum), the majority elects a new one', () => {
    const o = outcome('majority-partition');
    expectAllHold(o);
    expect(o.probe.leaderChanges()).toBeGreaterThanOrEqual(1);
    expect(o.probe.logSeen('stepped down to follower since quorum is not active')).toBe(true);
  });

  it('slow apply: the apply gap reaches the limit and etcd answers "too many requests"', () => {
    const o = outcome('slow-apply');
    expectAllHold(o);
    expect(errors(o)).toContain('etcdserver: too many requests');
  });

  it('oversize request: "request is too large", smaller writes still succeed', () => {
    const o = outcome('oversize-request');
    expectAllHold(o);
    expect(errors(o)).toContain('etcdserver: request is too large');
  });

  it('no quorum: the proposal never commits and the client times out', () => {
    const o = outcome('no-quorum');
    expectAllHold(o);
    expect(errors(o)).toContain('etcdserver: request timed out');
  });

  it('snapshot catch-up: the restarted follower receives MsgSnap', () => {
    const o = outcome('snapshot-catchup');
    expectAllHold(o);
    expect(o.run.faults.deliveredByType().get('MsgSnap') ?? 0).toBeGreaterThanOrEqual(1);
  });

  it('membership change: a member joins, the leader is removed', () => {
    const o = outcome('membership-change');
    expectAllHold(o);
    const kinds = o.run.events.flatMap((e) => (e.input.kind === 'fault' ? [e.input.fault.kind] : []));
    expect(kinds).toContain('add-member');
    expect(o.run.events.some((e) => e.input.kind === 'remove-member')).toBe(true);
    // infra4 joined and is one of the three voters left.
    const infra4 = o.run.cluster.server(3);
    expect(infra4?.readych.closed).toBe(true);
    const l = o.probe.memberIndex('leader');
    expect(l).toBeDefined();
    expect(o.run.cluster.server(l!)!.r.node.rn.raft.trk.voters.ids().has(infra4!.memberId)).toBe(true);
    expect(o.run.cluster.calls.filter((x) => x.result?.ok === true).length).toBeGreaterThan(20);
  });

  it('linearizable read across a leader change: the client history is linearizable', () => {
    const o = outcome('linearizable-read');
    expectAllHold(o);
    expect(o.linearizability?.ok).toBe(true);
    expect(o.probe.leaderChanges()).toBeGreaterThanOrEqual(1);
  });

  it('restart from WAL: the member recovers from its log and rejoins', () => {
    const o = outcome('restart-from-wal');
    expectAllHold(o);
    expect(o.probe.logSeen('restarting local member')).toBe(true);
    // The closing read goes to a member that serves again, and sees a write from before the crash.
    const get = o.run.cluster.calls.find((c) => c.op === 'get' && c.key === 'key-0' && c.startUs > 5_000_000);
    expect(get?.result?.ok).toBe(true);
    const value = (get?.result as { ok: true; value: { kvs: { value: Uint8Array }[] } } | undefined)?.value;
    expect(value?.kvs.length).toBe(1);
  });

  it('every built-in scenario is covered above', () => {
    expect(builtinScenarioNames.length).toBeGreaterThanOrEqual(11);
  });
});

describe('the runner', () => {
  it('replays a scenario run from its input log to the same trace hash', () => {
    const o = outcome('leader-crash');
    const copy = o.run.replica();
    copy.runToStep(o.run.step);
    expect(copy.cluster.traceHash()).toBe(o.run.cluster.traceHash());
  });

  it('emits captions as events, before the action they describe', () => {
    const o = outcome('slow-apply');
    const texts = o.run.events.map((e) => e.text);
    const i = texts.findIndex((t) => t.startsWith('The leader’s apply slows'));
    expect(i).toBeGreaterThanOrEqual(0);
    expect(texts[i + 1]).toMatch(/applies each entry in 100000µs/);
  });

  it('reports an expectation that does not hold, with what was seen', () => {
    const base = scenario('no-quorum');
    const p = parseScenario({
      name: 'no-quorum-wrong',
      title: { en: 'wrong expectation' },
      seed: base.seed,
      members: 3,
      duration: '3s',
      expect: { leaderChanges: '>=5', clientError: 'etcdserver: too many requests' },
    });
    if (!p.ok) throw new Error('bad test scenario');
    const o = runScenario(p.scenario);
    expect(o.ok).toBe(false);
    expect(o.expectations.filter((e) => !e.ok).map((e) => e.name)).toEqual(['leaderChanges', 'clientError']);
  });

  it('an action whose member does not exist at fire time is logged, not thrown', () => {
    const p = parseScenario({
      name: 'restart-nothing',
      title: { en: 'restart with nothing crashed' },
      members: 3,
      duration: '2s',
      timeline: [{ at: '1s', action: 'restart', member: 'crashed' }],
    });
    if (!p.ok) throw new Error('bad test scenario');
    const o = runScenario(p.scenario);
    expect(o.run.events.map((e) => e.text)).toContain('restart: no member is down');
    expect(o.ok).toBe(true);
  });

  it('runs every fault action of the scenario format against the cluster', () => {
    const p = parseScenario({
      name: 'every-fault',
      title: { en: 'every fault action' },
      seed: 3,
      members: 3,
      duration: '6s',
      workload: { opsPerSecond: 20, keySpace: 4, readRatio: 0.3 },
      timeline: [
        { when: 'leader-elected', action: 'drop-next', messageType: 'MsgHeartbeat', count: 2 },
        { at: '0s', action: 'delay-next', from: 'leader', count: 2, delay: '50ms' },
        {
          at: '0s',
          action: 'delay-link',
          from: 'infra1',
          to: 'infra2',
          latency: { min: '5ms', max: '10ms' },
          symmetric: true,
        },
        { at: '0s', action: 'slow-disk', member: 'follower', fsyncLatency: '20ms' },
        { at: '0s', action: 'slow-apply', member: 'follower', applyLatency: '2ms' },
        { at: '1s', action: 'cut-link', from: 'leader', to: 'follower' },
        { at: '1.5s', action: 'heal' },
        { at: '2s', action: 'partition', groups: [['leader']] },
        { when: 'leader-changed', action: 'heal' },
        { at: '0s', action: 'crash', member: 'follower' },
        { at: '0s', action: 'put', key: 'k', value: 'v', member: 'leader' },
        { at: '0s', action: 'get', key: 'k', member: 'leader' },
        { at: '0s', action: 'delete', key: 'k', member: 'leader' },
        { when: 'client-ok >= 20', action: 'restart', member: 'crashed' },
        { at: '0s', action: 'stop-workload' },
      ],
    });
    if (!p.ok) throw new Error(p.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
    const o = runScenario(p.scenario);
    expect(o.unfired).toBe(0);
    expect(o.run.events.filter((e) => !e.ok)).toEqual([]);
    expect(o.run.events.filter((e) => e.input.kind === 'caption')).toEqual([]);
    const kinds = o.run.events.flatMap((e) => (e.input.kind === 'fault' ? [e.input.fault.kind] : []));
    expect(new Set(kinds)).toEqual(
      new Set([
        'drop-next',
        'delay-next',
        'link-latency',
        'slow-disk',
        'slow-apply',
        'cut-link',
        'heal',
        'partition',
        'crash',
        'restart',
      ]),
    );
    expect(o.violation).toBeUndefined();
  });

  it('remove-member removes the leader through itself; the other two elect a new leader', () => {
    const p = parseScenario({
      name: 'remove-leader',
      title: { en: 'remove the leader' },
      members: 3,
      duration: '12s',
      workload: { opsPerSecond: 5 },
      // etcd refuses a reconfiguration until the peers have been connected for 5 s (HealthInterval).
      timeline: [{ when: 'leader-elected', after: '5s', action: 'remove-member', member: 'leader' }],
      expect: { leaderChanges: '>=1', votingMembers: '==2' },
    });
    if (!p.ok) throw new Error('bad test scenario');
    const o = runScenario(p.scenario);
    expectAllHold(o);
  });

  it('add-member (learner), promote-member and transfer-leadership through the leader', () => {
    const p = parseScenario({
      name: 'learner-promote-transfer',
      title: { en: 'learner, promote, transfer' },
      members: 3,
      duration: '14s',
      workload: { opsPerSecond: 5 },
      timeline: [
        { when: 'leader-elected', after: '5s', action: 'add-member', name: 'infra4', learner: true },
        { when: 'applied(infra4) >= 10', after: '500ms', action: 'promote-member', member: 'infra4' },
        { when: 'leader-elected', after: '1s', action: 'transfer-leadership', to: 'infra4' },
      ],
      expect: { leaderChanges: '>=1', votingMembers: '==4', leaderIsNot: 'infra1' },
    });
    if (!p.ok) throw new Error(p.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
    const o = runScenario(p.scenario);
    expectAllHold(o);
    expect(o.probe.memberIndex('leader')).toBe(3);
    const kinds = o.run.events.flatMap((e) => (e.input.kind === 'fault' ? [e.input.fault.kind] : []));
    expect(kinds).toEqual(['add-member', 'promote-member', 'transfer-leadership']);
    const copy = o.run.replica();
    copy.runToStep(o.run.step);
    expect(copy.cluster.traceHash()).toBe(o.run.cluster.traceHash());
  });

  it('applies raft HeartbeatTick from the config block (etcd hard-codes 1)', () => {
    const p = parseScenario({
      name: 'hb',
      title: { en: 'hb' },
      members: 3,
      duration: '1s',
      config: { tickMs: 10, electionMs: 100, heartbeatTick: 5 },
    });
    if (!p.ok) throw new Error('bad test scenario');
    const o = runScenario(p.scenario);
    expect(o.run.cluster.server(0)?.r.node.rn.raft.heartbeatTimeout).toBe(5);
    expect(o.run.cluster.server(0)?.r.node.rn.raft.electionTimeout).toBe(10);
  });
});
