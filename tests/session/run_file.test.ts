import { describe, expect, it } from 'vitest';
import { formatScenarioError } from '../../src/cluster/scenario';
import { builtinScenario } from '../../src/cluster/scenarios';
import { slowApply } from '../../src/cluster/scenarios/slow_apply';
import { SessionEngine } from '../../src/session/engine';
import type { EngineSetup } from '../../src/session/engine';
import { parseImportText, serializeRunFile, serializeScenarioOfRun } from '../../src/session/run_file';
import type { ImportResult } from '../../src/session/run_file';
import { formatSessionHash, parseSessionHash } from '../../src/session/url';
import type { TimedInput } from '../../src/session/types';

const startup = (): import('../../src/cluster/scenario').Scenario => {
  const r = builtinScenario('normal-startup');
  if (!r.ok) throw new Error('no normal-startup');
  return r.scenario;
};

const run = (over: Record<string, unknown> = {}): string =>
  JSON.stringify({
    format: 'etcd-stepper-run',
    version: 1,
    seed: 7,
    scenario: 'normal-startup',
    size: 3,
    inputs: [{ step: 10, atUs: 2000, input: { kind: 'crash', member: 1 } }],
    cursor: 100,
    traceHash: '0123456789abcdef',
    ...over,
  });

const errorsOf = (r: ImportResult): string[] => (r.ok ? [] : r.errors.map(formatScenarioError));

describe('run file parser', () => {
  it('reads a run file into a setup, cursor and trace hash', () => {
    const r = parseImportText(run());
    expect(r).toEqual({
      ok: true,
      file: {
        kind: 'run',
        setup: {
          seed: 7,
          size: 3,
          scenario: 'normal-startup',
          inputs: [{ step: 10, atUs: 2000, input: { kind: 'crash', member: 1 } }],
        },
        cursor: 100,
        traceHash: '0123456789abcdef',
      },
    });
  });

  it('reads a built-in scenario document as that built-in, with its seed', () => {
    const r = parseImportText(JSON.stringify(slowApply));
    expect(r).toEqual({ ok: true, file: { kind: 'scenario', setup: { seed: 5, scenario: 'slow-apply' } } });
  });

  it('keeps another scenario inline', () => {
    const doc = { ...slowApply, name: 'my-slow-apply', config: { maxGapBetweenApplyAndCommitIndex: 3 } };
    const r = parseImportText(JSON.stringify(doc));
    expect(r.ok && r.file.setup.scenarioDoc?.name).toBe('my-slow-apply');
    expect(r.ok && r.file.setup.scenario).toBe('my-slow-apply');
  });

  it.each<[string, string, string[]]>([
    ['malformed JSON', '{"format": ', ['invalid JSON: Unexpected end of JSON input']],
    ['not an object', '[1, 2]', ['expected a JSON object (a scenario or a run file)']],
    [
      'wrong format',
      run({ format: 'chrome-trace' }),
      ['format: expected "etcd-stepper-run", got "chrome-trace"'],
    ],
    ['wrong version', run({ version: 2 }), ['version: unsupported version 2 (this app reads version 1)']],
    ['seed out of range', run({ seed: -1 }), ['seed: must be ≥ 0']],
    ['size out of range', run({ size: 9 }), ['size: must be ≤ 7']],
    ['cursor not a number', run({ cursor: 'x' }), ['cursor: expected number, got the string "x"']],
    [
      'unknown field',
      run({ extra: 1 }),
      [
        'extra: unknown field (expected one of format, version, seed, scenario, size, inputs, cursor, traceHash)',
      ],
    ],
    [
      'unknown scenario name',
      run({ scenario: 'nope' }),
      [
        'scenario: unknown scenario "nope" (expected one of normal-startup, write-path, leader-crash, minority-partition, majority-partition, slow-apply, oversize-request, no-quorum, snapshot-catchup, membership-change, linearizable-read, restart-from-wal)',
      ],
    ],
    [
      'unknown input kind',
      run({ inputs: [{ step: 1, atUs: 0, input: { kind: 'explode', member: 0 } }] }),
      [
        'inputs[0].input.kind: unknown input "explode" (expected one of put, get, delete, crash, restart, isolate, heal, drop, link-latency, slow-disk, slow-apply, member-add, member-promote, member-remove, move-leader)',
      ],
    ],
    [
      'member out of range',
      run({ inputs: [{ step: 1, atUs: 0, input: { kind: 'slow-apply', member: 3, applyUs: 100 } }] }),
      ['inputs[0].input.member: must be ≤ 2'],
    ],
    [
      'drop count out of range and unknown message type',
      run({
        inputs: [
          { step: 1, atUs: 0, input: { kind: 'drop', member: 0, to: 1, count: 0, messageType: 'MsgNope' } },
        ],
      }),
      [
        'inputs[0].input.count: must be ≥ 1',
        expect.stringMatching(/^inputs\[0\]\.input\.messageType: "MsgNope" is not one of MsgHup, /),
      ],
    ],
    [
      'inputs out of order',
      run({
        inputs: [
          { step: 5, atUs: 0, input: { kind: 'heal', member: 0 } },
          { step: 4, atUs: 0, input: { kind: 'heal', member: 0 } },
        ],
      }),
      ['inputs[1].step: goes back: 4 comes after step 5'],
    ],
  ])('%s', (_name, text, messages) => {
    expect(errorsOf(parseImportText(text))).toEqual(messages);
  });

  it('an inline scenario reports its problems under scenario.', () => {
    const doc = { ...slowApply, name: 'mine', timeline: [{ at: '1s', action: 'crsh', member: 'infra1' }] };
    expect(errorsOf(parseImportText(run({ scenario: doc })))).toEqual([
      expect.stringMatching(/^scenario\.timeline\[0\]\.action: unknown action "crsh" \(expected one of /),
    ]);
  });

  it('a broken scenario file reports the field path', () => {
    const doc = { ...slowApply, timeline: [{ at: '1s', action: 'crash', member: 'infra9' }] };
    expect(errorsOf(parseImportText(JSON.stringify(doc)))).toEqual([
      'timeline[0].member: unknown member "infra9" (members are infra1, infra2, infra3; or one of leader, follower, crashed)',
    ]);
  });
});

describe('export → import round trip', () => {
  const inputs: TimedInput[] = [
    { step: 0, atUs: 0, input: { kind: 'slow-disk', member: 0, fsyncUs: 20_000 } },
    { step: 0, atUs: 0, input: { kind: 'link-latency', member: 0, to: 2, latencyUs: 5_000 } },
    { step: 0, atUs: 0, input: { kind: 'drop', member: 1, to: 0, count: 3, messageType: 'MsgHeartbeat' } },
    { step: 0, atUs: 0, input: { kind: 'slow-apply', member: 2, applyUs: 50_000 } },
  ];

  it('gives the same cursor and trace hash, for a built-in and an inline scenario', () => {
    for (const scenarioDoc of [undefined, { ...startup(), name: 'my-startup', durationUs: 9_000_000 }]) {
      const setup: EngineSetup = {
        seed: 3,
        scenario: scenarioDoc?.name ?? 'normal-startup',
        inputs,
        ...(scenarioDoc === undefined ? {} : { scenarioDoc }),
      };
      const a = new SessionEngine(setup);
      a.seekTo(3000);
      a.finish();
      const text = serializeRunFile({
        seed: a.setup.seed,
        scenario: a.scenarioDoc,
        size: a.setup.size,
        inputs: a.inputs,
        cursor: a.cursor,
        traceHash: a.run.cluster.traceHash(),
      });
      const r = parseImportText(text);
      if (!r.ok || r.file.kind !== 'run') throw new Error(errorsOf(r).join('\n'));
      expect(r.file.setup.scenarioDoc === undefined).toBe(scenarioDoc === undefined);
      const b = new SessionEngine(r.file.setup);
      b.seekTo(r.file.cursor);
      b.finish();
      expect(b.cursor).toBe(a.cursor);
      expect(b.run.cluster.traceHash()).toBe(r.file.traceHash);
    }
  });

  it('the new faults change the run and survive the URL', () => {
    const plain = new SessionEngine({ seed: 3, scenario: 'normal-startup' });
    const faulty = new SessionEngine({ seed: 3, scenario: 'normal-startup', inputs });
    for (const e of [plain, faulty]) {
      e.seekTo(3000);
      e.finish();
    }
    expect(faulty.run.cluster.traceHash()).not.toBe(plain.run.cluster.traceHash());
    const hash = formatSessionHash({ seed: 3, scenario: 'normal-startup', cursor: 3000, inputs });
    const back = parseSessionHash(hash);
    expect(back.ok && back.state?.inputs).toEqual(inputs);
    // A drop of zero messages, an unknown message type, a member past the cluster: refused.
    for (const bad of ['0,0,x,0,1,0', '0,0,x,0,1,1,MsgNope', '0,0,a,7,10', '0,0,k,0']) {
      const r = parseSessionHash(`#/?seed=1&scenario=normal-startup&in=${bad}`);
      expect(r.ok ? [] : r.errors.map((e) => e.message)).toEqual([`in[0]: cannot read the input "${bad}"`]);
    }
  });

  it('an exported scenario carries the run seed and reads back as the same built-in', () => {
    const text = serializeScenarioOfRun(startup(), 42);
    expect(parseImportText(text)).toEqual({
      ok: true,
      file: { kind: 'scenario', setup: { seed: 42, scenario: 'normal-startup' } },
    });
  });
});
