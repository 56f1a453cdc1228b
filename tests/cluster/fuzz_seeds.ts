import { describe, expect, it } from 'vitest';
import { fuzzSeed } from '../../src/cluster/fuzz';
import { defaultFuzzCliOptions, reproduceCommand, seedOptions } from '../../src/cli/fuzz_cli';

/**
 * CI fuzzing of one range of seeds: each seed runs 8 virtual seconds of random faults plus 4 of
 * quiet, and must end with no invariant or linearizability violation. The 200 CI seeds are split
 * over two test files so that vitest runs them on both cores.
 */
export function fuzzSeedRange(from: number, seeds: number): void {
  describe('fuzz: random workloads and fault schedules', () => {
    it(
      `seeds ${from}..${from + seeds - 1} have no invariant or linearizability violation`,
      { timeout: 170_000 },
      () => {
        const bad: string[] = [];
        for (let seed = from; seed < from + seeds; seed++) {
          const v = fuzzSeed(seed).violation;
          if (v !== undefined) {
            bad.push(
              `${v.invariant} at step ${v.step} (seed ${v.seed}): ${v.message} — ${reproduceCommand(seedOptions(defaultFuzzCliOptions, seed))}`,
            );
          }
        }
        expect(bad).toEqual([]);
      },
    );
  });
}
