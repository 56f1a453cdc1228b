/**
 * The (scenario, seed, step) pairs at which the page must show the hash `npm run sim` prints:
 * tests/fixtures/scenario_hashes.json lists them with their hashes (scripts/scenario-hashes.ts
 * writes it). The key moment is a little after the scenario's last timeline action, so the
 * action and its first effects are inside the compared prefix.
 */
import pairs from '../fixtures/scenario_hashes.json';
import type { RunEvent } from '../../src/cluster/run_record';

export interface ScenarioHashPair {
  readonly scenario: string;
  readonly seed: number;
  readonly step: number;
  readonly moment: 'key' | 'end';
  readonly hash: string;
}

export const scenarioHashPairs: readonly ScenarioHashPair[] = pairs as ScenarioHashPair[];

/** Kernel steps after the last action that the key moment lies. */
const afterActionSteps = 40;

/** The key-moment step of a finished headless run: after its last scripted action. */
export function keyMomentStep(events: readonly RunEvent[], endStep: number): number {
  let last = 0;
  for (const ev of events) {
    if (ev.source === 'script' && ev.input.kind !== 'caption') last = ev.step;
  }
  return Math.min(endStep, last + afterActionSteps);
}
