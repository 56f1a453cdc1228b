/**
 * slow-apply tells the class "this put is refused": the probe put fires once the gap is past the
 * limit and is answered with etcd's exact error, on every seed a class might pick.
 */
import { describe, expect, it } from 'vitest';
import { builtinScenario } from '../../src/cluster/scenarios';
import { runScenario } from '../../src/cluster/scenario_runner';
import { scenarioWith } from '../../src/cluster/scenario_script';

describe('slow-apply’s probe', () => {
  it.each([1, 2, 3, 4, 5])('seed %i: the probe put is refused with etcdserver: too many requests', (seed) => {
    const parsed = builtinScenario('slow-apply');
    if (!parsed.ok) throw new Error('slow-apply');
    const out = runScenario(scenarioWith(parsed.scenario, { seed }));
    const probe = out.run.cluster.calls.find((c) => c.key === 'probe');
    expect(probe?.result).toEqual({
      ok: false,
      err: { kind: 'too-many-requests', message: 'etcdserver: too many requests' },
    });
  });
});
