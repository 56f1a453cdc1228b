/**
 * Inputs a link or file can carry but the run cannot take: each ends with a clear message and
 * an idle engine, never a job that runs forever.
 */
import { describe, expect, it } from 'vitest';
import { SessionEngine } from '../../src/session/engine';
import type { TimedInput } from '../../src/session/types';

/** A put on member 0 at the step it was made at, from a real run (so its time is right). */
function realInput(): TimedInput {
  const e = new SessionEngine({ seed: 4, scenario: 'normal-startup' });
  e.seekTo(3000);
  e.finish();
  e.issue({ kind: 'put', member: 0, key: 'k', value: 'v' });
  const t = e.inputs[0];
  if (t === undefined) throw new Error('no input');
  return t;
}

describe('inputs the run cannot take', () => {
  it('a member the cluster does not have is refused at its step, and the run goes on', () => {
    const at = realInput();
    const e = new SessionEngine({
      seed: 4,
      scenario: 'normal-startup',
      inputs: [{ ...at, input: { kind: 'crash', member: 5 } }],
    });
    e.seekTo(4000);
    expect(e.finish()).toBe('done');
    expect(e.busy).toBe(false);
    expect(e.cursor).toBe(4000);
    const refused = e.recorder.events().find((l) => l.text.includes('there is no member 5'));
    expect(refused?.text).toMatch(/refused crash: there is no member 5 \(the cluster has 3 at step \d+\)/);
  });

  it('a hand-edited time fails the replay with the reason, and the engine is idle', () => {
    const at = realInput();
    const e = new SessionEngine({
      seed: 4,
      scenario: 'normal-startup',
      inputs: [{ ...at, atUs: at.atUs - 1 }],
    });
    e.seekTo(4000);
    expect(e.finish()).toBe('failed');
    expect(e.busy).toBe(false);
    expect(e.failure).toMatch(/replay passed the position of input 0/);
    // Idle means usable: stepping works again.
    e.step('step');
    expect(e.finish()).toBe('done');
  });

  it('inputs out of order are refused before anything runs', () => {
    const at = realInput();
    expect(
      () =>
        new SessionEngine({
          seed: 4,
          scenario: 'normal-startup',
          inputs: [at, { ...at, step: at.step - 10, atUs: at.atUs - 10 }],
        }),
    ).toThrow(/input 1 \(step \d+, \d+ µs\) comes before input 0/);
  });
});
