import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  formatScenarioError,
  parseScenario,
  parseScenarioJson,
  serializeScenario,
} from '../../src/cluster/scenario';
import type { Scenario, TimelineEntry, Workload } from '../../src/cluster/scenario';
import { builtinScenario, builtinScenarioDocuments, builtinScenarioNames } from '../../src/cluster/scenarios';
import { formatDuration, parseDuration } from '../../src/cluster/duration';
import { clusterConfigParts } from '../../src/cluster/scenario_config';
import type { ScenarioConfig } from '../../src/cluster/scenario_config';
import {
  formatPredicate,
  holds,
  parseComparison,
  parsePredicate,
} from '../../src/cluster/scenario_predicate';
import type { ScenarioAction } from '../../src/cluster/scenario_action';
import { mergeServerConfig, validateServerConfig } from '../../src/etcd/config';

describe('durations', () => {
  it.each([
    ['1.5s', 1_500_000],
    ['200ms', 200_000],
    ['2m', 120_000_000],
    ['750us', 750],
    ['750µs', 750],
    ['1m30s', 90_000_000],
    ['1.1s', 1_100_000],
    [1500, 1_500_000],
    [0.5, 500],
  ] as const)('parses %s', (text, us) => {
    expect(parseDuration(text)).toEqual({ ok: true, us });
  });

  it.each(['', '1x', 's', '1.5', '-1s', '0.5us', '1s junk'])('rejects %j', (text) => {
    expect(parseDuration(text).ok).toBe(false);
  });

  it('formats exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 12 }), (us) => {
        expect(parseDuration(formatDuration(us))).toEqual({ ok: true, us });
      }),
      { seed: 1 },
    );
  });
});

describe('predicates and comparisons', () => {
  it('parses named and metric predicates', () => {
    expect(parsePredicate('leader-elected')).toEqual({ ok: true, value: { kind: 'leader-elected' } });
    expect(parsePredicate('commit >= 20')).toEqual({
      ok: true,
      value: { kind: 'compare', metric: 'commit', op: '>=', value: 20 },
    });
    const p = parsePredicate('applied(infra2)<5');
    expect(p.ok && formatPredicate(p.value)).toBe('applied(infra2) < 5');
    expect(parsePredicate('client-ok(infra1) > 1').ok).toBe(false);
    expect(parsePredicate('lead3r-elected').ok).toBe(false);
  });

  it('parses and evaluates comparisons', () => {
    const c = parseComparison('>=1');
    expect(c.ok && holds(c.value, 1)).toBe(true);
    expect(c.ok && holds(c.value, 0)).toBe(false);
    expect(parseComparison(3)).toEqual({ ok: true, value: { op: '==', value: 3 } });
    expect(parseComparison('= 2')).toEqual({ ok: true, value: { op: '==', value: 2 } });
    expect(parseComparison('about 3').ok).toBe(false);
  });
});

describe('built-in scenarios', () => {
  it('has the twelve scenarios, in teaching order', () => {
    expect(builtinScenarioNames).toEqual([
      'normal-startup',
      'write-path',
      'leader-crash',
      'minority-partition',
      'majority-partition',
      'slow-apply',
      'oversize-request',
      'no-quorum',
      'snapshot-catchup',
      'membership-change',
      'linearizable-read',
      'restart-from-wal',
    ]);
  });

  it.each(builtinScenarioNames)('%s validates, is captioned in both languages and round-trips', (name) => {
    const r = builtinScenario(name);
    if (!r.ok) throw new Error(r.errors.map(formatScenarioError).join('\n'));
    const s = r.scenario;
    expect(s.title['zh-CN']).toBeTruthy();
    expect(s.description?.en).toBeTruthy();
    expect(s.description?.['zh-CN']).toBeTruthy();
    const captioned = s.timeline.filter((e) => e.caption !== undefined);
    expect(captioned.length).toBeGreaterThan(0);
    for (const e of captioned) expect(e.caption?.['zh-CN']).toBeTruthy();
    expect(Object.keys(s.expect).length).toBeGreaterThan(2);
    expect(parseScenarioJson(serializeScenario(s))).toEqual(r);
    // The config overrides are acceptable to the member model's own validation.
    expect(validateServerConfig(mergeServerConfig(clusterConfigParts(s.config).server))).toEqual([]);
  });

  it('states the intended effects', () => {
    const get = (n: string): Scenario => {
      const r = builtinScenario(n);
      if (!r.ok) throw new Error(n);
      return r.scenario;
    };
    expect(get('slow-apply').expect.clientError).toBe('etcdserver: too many requests');
    expect(get('oversize-request').expect.clientError).toBe('etcdserver: request is too large');
    expect(get('majority-partition').expect.leaderChanges).toEqual({ op: '>=', value: 1 });
    expect(get('snapshot-catchup').expect.messages).toEqual({ MsgSnap: { op: '>=', value: 1 } });
    expect(get('linearizable-read').expect.linearizable).toBe(true);
  });

  it('reports an unknown built-in name', () => {
    const r = builtinScenario('nope');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]?.message).toContain('unknown scenario "nope"');
  });

  it('documents are plain JSON', () => {
    for (const d of builtinScenarioDocuments) expect(JSON.parse(JSON.stringify(d))).toEqual(d);
  });
});

const base = {
  name: 'x',
  title: { en: 'X' },
  members: 3,
  duration: '5s',
};

describe('bad scenarios name the field and the problem', () => {
  const cases: [string, unknown, string][] = [
    ['not an object', 42, 'expected object, got number 42'],
    ['missing name', { ...base, name: undefined }, 'name: is required'],
    ['bad name', { ...base, name: 'Bad Name' }, 'name: the string "Bad Name" is not valid here'],
    [
      'unknown top field',
      { ...base, membres: 3 },
      'membres: unknown field (expected one of name, title, description, seed, members, config, workload, duration, timeline, expect)',
    ],
    ['too many members', { ...base, members: 8 }, 'members: '],
    ['duplicate member', { ...base, members: ['a', 'a'] }, 'members[1]: duplicate member name "a"'],
    ['reserved member name', { ...base, members: ['leader'] }, 'members[0]: "leader" is reserved'],
    ['bad duration', { ...base, duration: '5 parsecs' }, 'duration: invalid duration "5 parsecs"'],
    ['negative seed', { ...base, seed: -1 }, 'seed: must be ≥ 0'],
    [
      'config type',
      { ...base, config: { tickMs: 'fast' } },
      'config.tickMs: expected number, got the string "fast"',
    ],
    [
      'config unknown key',
      { ...base, config: { tickms: 10 } },
      'config.tickms: unknown field (expected one of tickMs,',
    ],
    [
      'config range order',
      { ...base, config: { networkLatency: { min: '5ms', max: '1ms' } } },
      'config.networkLatency.max: must be ≥ min (5ms), got 1ms',
    ],
    [
      'config range field',
      { ...base, config: { walFsyncLatency: { min: '1ms' } } },
      'config.walFsyncLatency.max: is required',
    ],
    [
      'config probability',
      { ...base, config: { networkLossProbability: 2 } },
      'config.networkLossProbability: must be ≤ 1',
    ],
    [
      'heartbeat conflict',
      { ...base, config: { tickMs: 10, heartbeatMs: 20 } },
      'config.heartbeatMs: conflicts with config.tickMs (10)',
    ],
    [
      'workload ratio',
      { ...base, workload: { opsPerSecond: 1, readRatio: 1.5 } },
      'workload.readRatio: must be ≤ 1',
    ],
    [
      'workload reads',
      { ...base, workload: { opsPerSecond: 1, reads: 'strong' } },
      'workload.reads: "strong" is not one of linearizable, serializable',
    ],
    [
      'workload target',
      { ...base, workload: { opsPerSecond: 1, target: 'infra9' } },
      'workload.target: unknown member "infra9"',
    ],
    [
      'unknown action',
      { ...base, timeline: [{}, {}, {}, { at: '1s', action: 'crsh' }] },
      'timeline[3].action: unknown action "crsh" (expected one of crash, restart,',
    ],
    [
      'missing action',
      { ...base, timeline: [{ at: '1s' }] },
      'timeline[0].action: missing action (expected one of crash,',
    ],
    [
      'entry not object',
      { ...base, timeline: ['crash'] },
      'timeline[0]: expected an object with an "action"',
    ],
    [
      'no trigger',
      { ...base, timeline: [{ action: 'heal' }] },
      'timeline[0]: needs exactly one of "at" (a virtual time) or "when" (a predicate)',
    ],
    [
      'two triggers',
      { ...base, timeline: [{ at: 1, when: 'leader-elected', action: 'heal' }] },
      'timeline[0]: needs exactly one of',
    ],
    [
      'after with at',
      { ...base, timeline: [{ at: 1, after: 2, action: 'heal' }] },
      'timeline[0].after: "after" goes with "when", not with "at"',
    ],
    [
      'bad predicate',
      { ...base, timeline: [{ when: 'leader elected', action: 'heal' }] },
      'timeline[0].when: invalid predicate "leader elected"',
    ],
    [
      'unknown metric',
      { ...base, timeline: [{ when: 'comit >= 3', action: 'heal' }] },
      'timeline[0].when: unknown metric "comit"',
    ],
    [
      'predicate member',
      { ...base, timeline: [{ when: 'commit(infra7) >= 3', action: 'heal' }] },
      'timeline[0].when: unknown member "infra7"',
    ],
    [
      'missing member',
      { ...base, timeline: [{ at: '1s', action: 'crash' }] },
      'timeline[0].member: is required',
    ],
    [
      'unknown member',
      { ...base, timeline: [{ at: '1s', action: 'crash', member: 'infra9' }] },
      'timeline[0].member: unknown member "infra9" (members are infra1, infra2, infra3; or one of leader, follower, crashed)',
    ],
    [
      'unknown field in action',
      { ...base, timeline: [{ at: '1s', action: 'heal', member: 'infra1' }] },
      'timeline[0].member: unknown field (expected one of at, when, after, caption, action)',
    ],
    [
      'partition member',
      { ...base, timeline: [{ at: '1s', action: 'partition', groups: [['infra1'], ['infra2', 'nobody']] }] },
      'timeline[0].groups[1][1]: unknown member "nobody"',
    ],
    [
      'empty partition group',
      { ...base, timeline: [{ at: '1s', action: 'partition', groups: [[]] }] },
      'timeline[0].groups[0]: must have at least 1 item(s)',
    ],
    [
      'message type',
      { ...base, timeline: [{ at: '1s', action: 'drop-next', messageType: 'MsgAppend' }] },
      'timeline[0].messageType: "MsgAppend" is not one of MsgHup,',
    ],
    [
      'put value',
      { ...base, timeline: [{ at: '1s', action: 'put', key: 'k' }] },
      'timeline[0].value: a put needs exactly one of "value" or "valueBytes"',
    ],
    [
      'put both',
      { ...base, timeline: [{ at: '1s', action: 'put', key: 'k', value: 'v', valueBytes: 3 }] },
      'timeline[0].value: a put needs exactly one of',
    ],
    [
      'get consistency',
      { ...base, timeline: [{ at: '1s', action: 'get', key: 'k', consistency: 'eventual' }] },
      'timeline[0].consistency: "eventual" is not one of linearizable, serializable',
    ],
    [
      'slow disk range',
      {
        ...base,
        timeline: [
          { at: '1s', action: 'slow-disk', member: 'infra1', fsyncLatency: { min: '9ms', max: '1ms' } },
        ],
      },
      'timeline[0].fsyncLatency.max: must be ≥ min (9ms), got 1ms',
    ],
    [
      'delay-next without delay',
      { ...base, timeline: [{ at: '1s', action: 'delay-next', messageType: 'MsgApp' }] },
      'timeline[0].delay: is required',
    ],
    [
      'slow apply duration',
      { ...base, timeline: [{ at: '1s', action: 'slow-apply', member: 'infra1', applyLatency: true }] },
      'timeline[0].applyLatency: expected a duration such as "1.5s"',
    ],
    [
      'add existing',
      { ...base, timeline: [{ at: '1s', action: 'add-member', name: 'infra2' }] },
      'timeline[0].name: member "infra2" already exists',
    ],
    [
      'too many added',
      { ...base, members: 7, timeline: [{ at: '1s', action: 'add-member', name: 'infra8' }] },
      'timeline: more than 7 members in all',
    ],
    [
      'caption language',
      { ...base, timeline: [{ at: '1s', action: 'heal', caption: { en: 'x', fr: 'y' } }] },
      'timeline[0].caption.fr: unknown field (expected one of en, zh-CN)',
    ],
    [
      'expect comparison',
      { ...base, expect: { leaderChanges: 'lots' } },
      'expect.leaderChanges: invalid comparison "lots"',
    ],
    [
      'expect message type',
      { ...base, expect: { messages: { MsgSnapshot: 1 } } },
      'expect.messages.MsgSnapshot: unknown raft message type "MsgSnapshot"',
    ],
    [
      'expect leader name',
      { ...base, expect: { leaderIsNot: 'infra5' } },
      'expect.leaderIsNot: unknown member "infra5"',
    ],
  ];

  it.each(cases)('%s', (_label, doc, message) => {
    const r = parseScenario(doc);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const texts = r.errors.map(formatScenarioError);
    expect(
      texts.some((t) => t.startsWith(message)),
      texts.join('\n'),
    ).toBe(true);
    for (const e of r.errors) expect(e.kind).toBe('bad-scenario');
  });

  it('reports document and timeline problems together', () => {
    const r = parseScenario({ ...base, duration: 'soon', timeline: [{ at: '1s', action: 'crsh' }] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.path)).toEqual(['duration', 'timeline[0].action']);
  });

  it('reports bad JSON text as a value', () => {
    const r = parseScenarioJson('{ "name": ');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]?.message).toMatch(/^invalid JSON: /);
  });

  it('never throws on garbage', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(() => parseScenario(v)).not.toThrow();
        expect(() => parseScenario({ ...base, timeline: [v], config: v })).not.toThrow();
      }),
      { seed: 2, numRuns: 300 },
    );
  });
});

describe('config mapping', () => {
  it('maps scenario keys to ServerConfigOverrides, raft and client knobs', () => {
    const cfg: ScenarioConfig = {
      tickMs: 10,
      electionMs: 100,
      heartbeatTick: 5,
      requestTimeoutMs: 3000,
      walFsyncLatency: { minUs: 1000, maxUs: 4000 },
      applyLatency: 20,
      networkLossProbability: 0.1,
      maxGapBetweenApplyAndCommitIndex: 5,
    };
    expect(clusterConfigParts(cfg)).toEqual({
      server: {
        tickMs: 10,
        electionMs: 100,
        maxGapBetweenApplyAndCommitIndex: 5,
        sim: { fsyncUsMin: 1000, fsyncUsMax: 4000, networkLossProbability: 0.1, applyUsPerEntry: 20 },
      },
      raft: { heartbeatTick: 5 },
      client: { requestTimeoutUs: 3_000_000 },
    });
    expect(clusterConfigParts({})).toEqual({ server: {}, raft: {}, client: {} });
  });
});

// ---- round trip over generated scenarios -------------------------------------------------

const pool = ['infra1', 'infra2', 'infra3', 'infra4', 'infra5', 'node-a', 'z9'];
const durationUs = fc.integer({ min: 0, max: 10 ** 10 });
const rangeArb = fc
  .tuple(durationUs, fc.integer({ min: 0, max: 10 ** 6 }))
  .map(([minUs, extra]) => ({ minUs, maxUs: minUs + extra }));
const captionArb = fc.oneof(
  fc.record({ en: fc.string({ minLength: 1 }) }),
  fc.record({ en: fc.string({ minLength: 1 }), 'zh-CN': fc.constantFrom('领导者崩溃', '网络分区', '快照') }),
);
const cmpArb = fc.record({
  op: fc.constantFrom('>=', '>', '==', '!=', '<=', '<' as const),
  value: fc.integer({ min: -5, max: 10 ** 6 }),
});
const keyArb = fc.string({ minLength: 1, maxLength: 8 });

function actionArb(refs: readonly string[]): fc.Arbitrary<ScenarioAction> {
  const ref = fc.constantFrom(...refs, 'leader', 'follower', 'crashed');
  return fc.oneof(
    ref.map((member) => ({ action: 'crash' as const, member })),
    ref.map((member) => ({ action: 'restart' as const, member })),
    fc
      .array(fc.array(ref, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 })
      .map((groups) => ({ action: 'partition' as const, groups })),
    fc.record({ from: ref, to: ref }).map((r) => ({ action: 'cut-link' as const, ...r })),
    fc.constant({ action: 'heal' as const }),
    fc
      .record(
        {
          from: ref,
          to: ref,
          messageType: fc.constantFrom('MsgApp', 'MsgHeartbeat', 'MsgVote'),
          count: fc.integer({ min: 1, max: 9 }),
        },
        { requiredKeys: ['count'] },
      )
      .map((r) => ({ action: 'drop-next' as const, ...r })),
    fc
      .record({ from: ref, to: ref, latency: rangeArb, symmetric: fc.boolean() })
      .map((r) => ({ action: 'delay-link' as const, ...r })),
    fc
      .record(
        {
          from: ref,
          messageType: fc.constantFrom('MsgApp', 'MsgSnap'),
          count: fc.integer({ min: 1, max: 9 }),
          delayUs: durationUs,
        },
        { requiredKeys: ['count', 'delayUs'] },
      )
      .map((r) => ({ action: 'delay-next' as const, ...r })),
    fc.record({ member: ref, fsyncLatency: rangeArb }).map((r) => ({ action: 'slow-disk' as const, ...r })),
    fc
      .record({ member: ref, applyLatencyUs: durationUs })
      .map((r) => ({ action: 'slow-apply' as const, ...r })),
    fc
      .record({
        key: keyArb,
        member: ref,
        v: fc.oneof(
          fc.string().map((value) => ({ value })),
          fc.nat(10000).map((valueBytes) => ({ valueBytes })),
        ),
      })
      .map(({ v, ...r }) => ({ action: 'put' as const, ...r, ...v })),
    fc
      .record({
        key: keyArb,
        member: ref,
        consistency: fc.constantFrom('linearizable', 'serializable' as const),
      })
      .map((r) => ({ action: 'get' as const, ...r })),
    fc.record({ key: keyArb, member: ref }).map((r) => ({ action: 'delete' as const, ...r })),
    ref.map((to) => ({ action: 'transfer-leadership' as const, to })),
    ref.map((member) => ({ action: 'promote-member' as const, member })),
    ref.map((member) => ({ action: 'remove-member' as const, member })),
    fc.constant({ action: 'start-workload' as const }),
    fc.constant({ action: 'stop-workload' as const }),
  );
}

const predicateTextArb = fc.oneof(
  fc.constantFrom('leader-elected', 'leader-changed', 'no-leader'),
  fc
    .tuple(
      fc.constantFrom('commit', 'term', 'gap', 'client-ok', 'step'),
      fc.constantFrom('>=', '<', '=='),
      fc.nat(1000),
    )
    .map(([m, o, n]) => `${m} ${o} ${n}`),
);

function entryArb(refs: readonly string[]): fc.Arbitrary<TimelineEntry> {
  const trigger = fc.oneof(
    durationUs.map((atUs) => ({ kind: 'at' as const, atUs })),
    fc.tuple(predicateTextArb, durationUs).map(([text, afterUs]) => {
      const p = parsePredicate(text);
      if (!p.ok) throw new Error(text);
      return { kind: 'when' as const, predicate: p.value, afterUs };
    }),
  );
  return fc
    .record(
      { action: actionArb(refs), trigger, caption: captionArb },
      { requiredKeys: ['action', 'trigger'] },
    )
    .map(({ action, ...rest }) => ({ ...action, ...rest }) as TimelineEntry);
}

const workloadArb: fc.Arbitrary<Workload> = fc.record(
  {
    opsPerSecond: fc.integer({ min: 0, max: 5000 }),
    readRatio: fc.double({ min: 0, max: 1, noNaN: true }),
    keySpace: fc.integer({ min: 1, max: 1000 }),
    valueBytes: fc.integer({ min: 0, max: 4096 }),
    reads: fc.constantFrom('linearizable', 'serializable' as const),
    target: fc.constantFrom('leader', 'round-robin', 'infra1'),
    clients: fc.integer({ min: 1, max: 16 }),
    startUs: durationUs,
    stopUs: durationUs,
  },
  { requiredKeys: ['opsPerSecond', 'readRatio', 'keySpace', 'valueBytes', 'reads', 'target', 'clients'] },
);

const configArb: fc.Arbitrary<ScenarioConfig> = fc.record(
  {
    tickMs: fc.integer({ min: 1, max: 1000 }),
    electionMs: fc.integer({ min: 1, max: 50_000 }),
    heartbeatTick: fc.integer({ min: 1, max: 10 }),
    checkQuorum: fc.boolean(),
    maxGapBetweenApplyAndCommitIndex: fc.nat(10_000),
    requestTimeoutMs: fc.integer({ min: 1, max: 100_000 }),
    walFsyncLatency: rangeArb,
    networkLatency: rangeArb,
    networkLossProbability: fc.double({ min: 0, max: 1, noNaN: true }),
    applyLatency: durationUs,
  },
  { requiredKeys: [] },
);

const scenarioArb: fc.Arbitrary<Scenario> = fc
  .uniqueArray(fc.constantFrom(...pool), { minLength: 1, maxLength: 6 })
  .map((ms) => (ms.includes('infra1') ? ms : ['infra1', ...ms.slice(0, 5)]))
  .chain((members) =>
    fc.record(
      {
        name: fc.constantFrom('a', 'lesson-1', 'x9'),
        title: captionArb,
        description: captionArb,
        seed: fc.nat(),
        members: fc.constant(members),
        config: configArb,
        workload: workloadArb,
        durationUs,
        timeline: fc.array(entryArb(members), { maxLength: 8 }),
        expect: fc.record(
          {
            leaderChanges: cmpArb,
            clientError: fc.constantFrom('etcdserver: too many requests', 'etcdserver: request timed out'),
            messages: fc.constant({ MsgSnap: { op: '>=' as const, value: 1 } }),
            logContains: fc.array(fc.string({ minLength: 1 }), { maxLength: 2 }),
            leaderElectedWithinUs: durationUs,
            linearizable: fc.boolean(),
            invariantsHold: fc.boolean(),
          },
          { requiredKeys: ['linearizable', 'invariantsHold'] },
        ),
      },
      { requiredKeys: ['name', 'title', 'seed', 'members', 'config', 'durationUs', 'timeline', 'expect'] },
    ),
  );

describe('round trip', () => {
  it('parse(serialize(s)) equals s for generated valid scenarios', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const r = parseScenarioJson(serializeScenario(s));
        if (!r.ok) throw new Error(r.errors.map(formatScenarioError).join('\n'));
        expect(r.scenario).toEqual(s);
      }),
      { seed: 3, numRuns: 300 },
    );
  });
});
