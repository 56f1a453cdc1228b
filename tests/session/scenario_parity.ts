/**
 * The page's engine and `npm run sim` run one scenario the same way: for each listed pair the
 * headless runner stopped after exactly N kernel steps, and the SessionEngine sought to step N,
 * both give the trace hash recorded in tests/fixtures/scenario_hashes.json.
 */
import { describe, expect, it } from 'vitest';
import { builtinScenario } from '../../src/cluster/scenarios';
import { runScenario } from '../../src/cluster/scenario_runner';
import { scenarioWith } from '../../src/cluster/scenario_script';
import { SessionEngine } from '../../src/session/engine';
import { scenarioHashPairs } from './scenario_pairs';

export function describeParity(seed: number): void {
  const names = [...new Set(scenarioHashPairs.filter((p) => p.seed === seed).map((p) => p.scenario))];
  describe(`page engine = npm run sim, seed ${seed}`, () => {
    it('lists every built-in scenario', () => {
      expect(names.length).toBe(12);
    });
    for (const name of names) {
      const key = scenarioHashPairs.find((p) => p.scenario === name && p.seed === seed && p.moment === 'key');
      const end = scenarioHashPairs.find((p) => p.scenario === name && p.seed === seed && p.moment === 'end');
      it(`${name} seed ${seed}: step ${key?.step} and ${end?.step}`, { timeout: 180_000 }, () => {
        if (key === undefined || end === undefined) throw new Error('pair missing');
        const parsed = builtinScenario(name);
        if (!parsed.ok) throw new Error('scenario');
        const s = scenarioWith(parsed.scenario, { seed });
        const partial = runScenario(s, { stopAtStep: key.step });
        expect(partial.run.step).toBe(key.step);
        expect(partial.run.cluster.traceHash()).toBe(key.hash);
        const full = runScenario(s);
        expect(full.run.step).toBe(end.step);
        expect(full.run.cluster.traceHash()).toBe(end.hash);
        const e = new SessionEngine({ seed, scenario: name });
        e.seekTo(key.step);
        expect(e.finish()).toBe('done');
        expect(e.snapshot().traceHash).toBe(key.hash);
        e.seekTo(end.step);
        expect(e.finish()).toBe('done');
        expect(e.snapshot().step).toBe(end.step);
        expect(e.snapshot().traceHash).toBe(end.hash);
      });
    }
  });
}
