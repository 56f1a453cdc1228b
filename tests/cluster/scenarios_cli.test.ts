import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runScenarioCli } from '../../src/cli/sim_scenario';
import { recordMetrics } from '../../src/cluster/run_metrics';
import { Run } from '../../src/cluster/run_record';

function cli(
  args: Parameters<typeof runScenarioCli>[0],
  format: 'summary' | 'json' = 'summary',
  overrides: Parameters<typeof runScenarioCli>[2] = {},
): { code: number; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const code = runScenarioCli(
    args,
    format,
    overrides,
    (l) => out.push(l),
    (l) => err.push(l),
  );
  return { code, out, err };
}

describe('npm run sim -- --scenario / --scenario-file', () => {
  it('runs a built-in scenario: captions, expectations, trace hash last', () => {
    const r = cli({ kind: 'name', name: 'oversize-request' });
    expect(r.code).toBe(0);
    expect(r.out.some((l) => l.startsWith('# '))).toBe(true);
    expect(r.out).toContain('result: ok');
    expect(r.out[r.out.length - 1]).toMatch(/^trace-hash: [0-9a-f]{16}$/);
  });

  it('honours --seed, --members and --steps: exactly N kernel steps, the hash of that run', () => {
    const a = cli({ kind: 'name', name: 'leader-crash' }, 'summary', { seed: 2, steps: 5000 });
    const b = cli({ kind: 'name', name: 'leader-crash' }, 'summary', { seed: 3, steps: 5000 });
    const hash = (r: { out: string[] }): string => r.out[r.out.length - 1] ?? '';
    expect(a.out.some((l) => l.includes('(seed 2, 3 members)'))).toBe(true);
    expect(a.out.some((l) => l.startsWith('virtual time:') && l.includes('kernel steps: 5000,'))).toBe(true);
    expect(hash(a)).toMatch(/^trace-hash: [0-9a-f]{16}$/);
    expect(hash(a)).not.toBe(hash(b));
    const five = cli({ kind: 'name', name: 'leader-crash' }, 'summary', { seed: 2, members: 5, steps: 5000 });
    expect(five.out.some((l) => l.includes('(seed 2, 5 members)'))).toBe(true);
    expect(hash(five)).not.toBe(hash(a));
  });

  it('prints every problem of an invalid file as path: message and exits 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scn-'));
    const f = join(dir, 'bad.json');
    writeFileSync(
      f,
      JSON.stringify({
        name: 'bad',
        title: { en: 'bad' },
        members: 3,
        duration: '1s',
        timeline: [
          { at: '1s', action: 'crsh' },
          { at: 'soon', action: 'crash', member: 'infra1' },
        ],
      }),
    );
    const r = cli({ kind: 'file', path: f });
    expect(r.code).toBe(2);
    expect(r.out).toEqual([]);
    expect(r.err[0]).toContain(`${f}: timeline[0].action: unknown action "crsh"`);
    expect(r.err[1]).toContain(`${f}: timeline[1].at: invalid duration "soon"`);
    expect(cli({ kind: 'file', path: join(dir, 'missing.json') }).code).toBe(2);
    expect(cli({ kind: 'name', name: 'no-such-scenario' }).err[0]).toContain(
      'unknown scenario "no-such-scenario"',
    );
  });

  it('exits 1 when an expectation fails; json format ends with a summary object', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scn-'));
    const f = join(dir, 'wrong.json');
    writeFileSync(
      f,
      JSON.stringify({
        name: 'wrong',
        title: { en: 'w' },
        members: 3,
        duration: '2s',
        expect: { leaderChanges: '>=3' },
      }),
    );
    const r = cli({ kind: 'file', path: f }, 'json');
    expect(r.code).toBe(1);
    const last = JSON.parse(r.out[r.out.length - 1] ?? '{}') as { ok: boolean; traceHash: string };
    expect(last.ok).toBe(false);
    expect(last.traceHash).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('per-step metrics of a run', () => {
  it('stores a row only when something changed, and the values at a step match the cluster then', () => {
    const run = new Run({ size: 3, seed: 2, checkpointEverySteps: 500 });
    const h = recordMetrics(run);
    run.apply({
      kind: 'start-workload',
      workload: {
        opsPerSecond: 20,
        readRatio: 0,
        keySpace: 4,
        valueBytes: 8,
        reads: 'linearizable',
        target: 'leader',
        clients: 1,
      },
    });
    run.runFor(1_500_000);
    const mid = run.step;
    const leaderAtMid = run.cluster.leader();
    const commitAtMid = run.cluster.members.map((m) => m.server?.r.node.rn.raft.raftLog.committed ?? 0);
    run.runFor(1_500_000);
    expect(h.length).toBeLessThan(run.step / 2);
    const v = h.valuesAt(mid);
    expect(v?.map((x) => x.committed)).toEqual(commitAtMid);
    expect(v?.[leaderAtMid ?? 0]?.state).toBe(2);
    expect(h.checkpointSteps.length).toBe(run.checkpoints.length);
    expect(h.nearestCheckpoint(mid)).toBe(run.checkpoints.filter((c) => c.step <= mid).pop()?.step);
  });
});
