import { describe, expect, it } from 'vitest';
import { fuzzSeed, reproduceCommand } from '../../src/cluster/fuzz';

/**
 * CI fuzzing, half of the 200 seeds (the other half is in fuzz_seeds_b.test.ts, so vitest can
 * run both on two cores). Each seed: 8 virtual seconds of random faults plus 4 of quiet.
 */
const from = 1;
const seeds = 100;

describe('fuzz: random workloads and fault schedules', () => {
  it(
    `seeds ${from}..${from + seeds - 1} have no invariant or linearizability violation`,
    { timeout: 170_000 },
    () => {
      const bad: string[] = [];
      for (let seed = from; seed < from + seeds; seed++) {
        const r = fuzzSeed(seed);
        const v = r.violation;
        if (v !== undefined)
          bad.push(
            `${v.invariant} at step ${v.step} (seed ${v.seed}): ${v.message} — ${reproduceCommand(seed)}`,
          );
      }
      expect(bad).toEqual([]);
    },
  );
});
