import { describe, expect, it } from 'vitest';
import { runSim, formatSummary } from '../../src/cluster/sim_run';

function run(seed: number): { hash: string; log: string; summary: string } {
  const lines: string[] = [];
  const s = runSim({
    members: 3,
    seed,
    durationUs: 5_000_000,
    putRate: 20,
    onLog: (m, line) => lines.push(`${m} ${line}`),
  });
  return { hash: s.traceHash, log: lines.join('\n'), summary: formatSummary(s).join('\n') };
}

describe('determinism of a whole cluster run', () => {
  it('same seed, same trace hash and the same log output, twice', () => {
    const a = run(11);
    const b = run(11);
    expect(a.hash).toBe(b.hash);
    expect(a.log).toBe(b.log);
    expect(a.summary).toBe(b.summary);
    expect(a.log.length).toBeGreaterThan(10_000);
  });

  it('another seed gives another run', () => {
    expect(run(11).hash).not.toBe(run(12).hash);
  });

  it('the workload commits on every member and the summary ends with the trace hash', () => {
    const s = runSim({ members: 3, seed: 5, durationUs: 5_000_000, putRate: 20 });
    expect(s.clients.ok).toBeGreaterThan(50);
    expect(Object.keys(s.clients.errors)).toEqual([]);
    const applied = s.members.map((m) => m.appliedIndex);
    expect(Math.min(...applied)).toBeGreaterThan(50);
    expect(s.leaderChanges.length).toBe(1);
    const text = formatSummary(s);
    expect(text[text.length - 1]).toBe(`trace-hash: ${s.traceHash}`);
  });
});
