/**
 * One set of limits for every way a user gives a run: what the app writes it reads back, and
 * what it refuses it refuses with a message naming the limit, never by hanging or throwing.
 */
import { describe, expect, it } from 'vitest';
import { maxRunSteps, maxSeed } from '../../src/sim/limits';
import { maxJsonDepth, maxValueBytes } from '../../src/cluster/limits';
import { maxInteractionNodes } from '../../src/interaction/limits';
import { parseScenario } from '../../src/cluster/scenario';
import { builtinScenario } from '../../src/cluster/scenarios';
import { scenarioToJson } from '../../src/cluster/scenario';
import { parseImportText } from '../../src/session/run_file';
import { formatSessionHash, parseSessionHash } from '../../src/session/url';
import { parseDatadriven } from '../../src/interaction/datadriven';
import { conformanceOptions } from '../../src/interaction/conformance';
import { InteractionEnv } from '../../src/interaction/interaction_env';

function directive(line: string) {
  const r = parseDatadriven('limits', `${line}\n----\n`);
  if (!r.ok || r.file.directives[0] === undefined) throw new Error('bad directive');
  return r.file.directives[0].directive;
}

const scenarioDoc = (): Record<string, unknown> => {
  const b = builtinScenario('oversize-request');
  if (!b.ok) throw new Error('scenario');
  return scenarioToJson(b.scenario);
};

describe('shared input limits', () => {
  it('the link carries a cursor as long as an hour of a 7-member class, and refuses beyond the limit', () => {
    const at = parseSessionHash(`#/?seed=3&scenario=leader-crash&cursor=${52_000_000}`);
    expect(at.ok && at.state?.cursor).toBe(52_000_000);
    const over = parseSessionHash(`#/?seed=3&scenario=leader-crash&cursor=${maxRunSteps + 1}`);
    expect(over.ok).toBe(false);
    if (!over.ok) expect(over.errors[0]?.message).toContain(String(maxRunSteps));
  });

  it('a seed a scenario file accepts is one the link accepts too', () => {
    const doc = { ...scenarioDoc(), seed: maxSeed };
    const ok = parseScenario(doc);
    expect(ok.ok).toBe(true);
    const link = formatSessionHash({
      seed: maxSeed,
      scenario: 'leader-crash',
      size: 3,
      cursor: 10,
      inputs: [],
    });
    expect(parseSessionHash(link).ok).toBe(true);
    const over = parseScenario({ ...doc, seed: maxSeed + 1 });
    expect(over.ok).toBe(false);
    if (!over.ok) expect(over.errors.map((e) => e.path)).toContain('seed');
  });

  it(`refuses a put value above ${maxValueBytes} bytes with the path of the field`, () => {
    const doc = scenarioDoc();
    const timeline = (doc['timeline'] as Record<string, unknown>[]).map((e) =>
      e['action'] === 'put' ? { ...e, valueBytes: maxValueBytes + 1 } : e,
    );
    const r = parseScenario({ ...doc, timeline });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.some((e) => /^timeline\[\d+\]\.valueBytes$/.test(e.path))).toBe(true);
  });

  it('refuses a file nested thousands deep with a message, without throwing', () => {
    const deep = (n: number): string => '['.repeat(n) + ']'.repeat(n);
    const scenario = `{"name":"x","title":{"en":"t"},"members":3,"duration":"1s","timeline":[{"at":"1s","action":"heal","x":${deep(5000)}}]}`;
    const r = parseImportText(scenario);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]?.message).toBe(`nests deeper than ${maxJsonDepth} levels`);
    const runFile = `{"format":"etcd-stepper-run","version":1,"seed":1,"scenario":{"a":${deep(100_000)}},"size":3,"inputs":[],"cursor":0,"traceHash":"00000000"}`;
    expect(() => parseImportText(runFile)).not.toThrow();
    expect(parseImportText(runFile).ok).toBe(false);
  });

  it(`the lab refuses more than ${maxInteractionNodes} nodes at once, at once`, () => {
    const env = new InteractionEnv(conformanceOptions);
    const t0 = performance.now();
    const out = env.handle(directive('add-nodes 2000000'));
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(out).toContain(`at most ${maxInteractionNodes} nodes`);
    expect(env.nodes).toHaveLength(0);
    expect(env.handle(directive('add-nodes 4294967296'))).toContain(`at most ${maxInteractionNodes} nodes`);
    env.handle(directive(`add-nodes ${maxInteractionNodes}`));
    expect(env.nodes).toHaveLength(maxInteractionNodes);
    expect(env.handle(directive('add-nodes 1'))).toContain(`have ${maxInteractionNodes}`);
  });
});
