/**
 * Writes tests/fixtures/scenario_hashes.json: for every built-in scenario and seeds 1–3, the
 * trace hash `npm run sim -- --scenario X --seed S --steps N` prints at two steps, one just after
 * the scenario's last timeline action fired (its key moment) and one at its end. The page must
 * show the same hashes at `#/?seed=S&scenario=X&cursor=N` (tests/session/scenario_parity*.test.ts
 * headless, tests/e2e/scenario_parity.spec.ts in Chromium). Run it after a change that is meant
 * to change runs: `npx tsx scripts/scenario-hashes.ts`.
 */
import { writeFileSync } from 'node:fs';
import { builtinScenarioNames, builtinScenario } from '../src/cluster/scenarios';
import { runScenario } from '../src/cluster/scenario_runner';
import { scenarioWith } from '../src/cluster/scenario_script';
import { keyMomentStep } from '../tests/session/scenario_pairs';

const out: { scenario: string; seed: number; step: number; moment: 'key' | 'end'; hash: string }[] = [];
for (const name of builtinScenarioNames) {
  const parsed = builtinScenario(name);
  if (!parsed.ok) throw new Error(`scenario ${name} does not parse`);
  for (const seed of [1, 2, 3]) {
    const s = scenarioWith(parsed.scenario, { seed });
    const full = runScenario(s);
    const key = keyMomentStep(full.run.events, full.run.step);
    const partial = runScenario(s, { stopAtStep: key });
    out.push({ scenario: name, seed, step: key, moment: 'key', hash: partial.run.cluster.traceHash() });
    out.push({
      scenario: name,
      seed,
      step: full.run.step,
      moment: 'end',
      hash: full.run.cluster.traceHash(),
    });
    process.stdout.write(`${name} seed ${seed}: key ${key}, end ${full.run.step}\n`);
  }
}
writeFileSync('tests/fixtures/scenario_hashes.json', `${JSON.stringify(out, null, 1)}\n`);
