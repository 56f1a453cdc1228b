/**
 * The back-pressure boundary learners are taught: processInternalRaftRequestOnce refuses a
 * proposal with "etcdserver: too many requests" exactly when committed > applied + the limit
 * (maxGapBetweenApplyAndCommitIndex). A gap equal to the limit is still accepted; one more is
 * refused. Observed on slow-apply runs at the instant each request passes or fails the check.
 */
import { describe, expect, it } from 'vitest';
import { Run } from '../../src/cluster/run_record';
import { builtinScenario } from '../../src/cluster/scenarios';
import { ScenarioScript, scenarioRunSpec, scenarioWith } from '../../src/cluster/scenario_script';

interface Seen {
  readonly accepted: number[];
  readonly refused: number[];
  readonly limit: number;
}

function gapsAtTheCheck(seed: number): Seen {
  const parsed = builtinScenario('slow-apply');
  if (!parsed.ok) throw new Error('slow-apply');
  const s = scenarioWith(parsed.scenario, { seed });
  const run = new Run(scenarioRunSpec(s), { script: ScenarioScript.factory(s, () => undefined) });
  const seen: Seen = { accepted: [], refused: [], limit: -1 };
  const c = run.cluster;
  c.addObserver({
    observe(member, o) {
      if (member === null || o.kind !== 'proposal') return;
      const srv = c.server(member);
      const limit = c.members[member]?.cfg.maxGapBetweenApplyAndCommitIndex;
      if (srv === null || limit === undefined) return;
      (seen as { limit: number }).limit = limit;
      const gap = srv.committedIndex - srv.appliedIndex;
      if (o.phase === 'received') seen.accepted.push(gap);
      else if (o.phase === 'refused' && o.error === 'etcdserver: too many requests') seen.refused.push(gap);
    },
  });
  run.runUntil(() => false, 3_000_000);
  return seen;
}

describe('the apply-gap boundary (maxGapBetweenApplyAndCommitIndex)', () => {
  const runs = [5, 6, 7, 8].map(gapsAtTheCheck);
  const limit = runs[0]?.limit ?? -1;

  it('refuses only beyond the limit, and refuses at limit + 1', () => {
    expect(limit).toBe(5);
    const refused = runs.flatMap((r) => r.refused);
    expect(refused.length).toBeGreaterThan(0);
    for (const g of refused) expect(g).toBeGreaterThan(limit);
    expect(refused).toContain(limit + 1);
  });

  it('accepts up to the limit, the limit itself included', () => {
    const accepted = runs.flatMap((r) => r.accepted);
    for (const g of accepted) expect(g).toBeLessThanOrEqual(limit);
    expect(accepted).toContain(limit);
  });
});
