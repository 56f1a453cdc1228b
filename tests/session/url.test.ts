import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatSessionHash, parseSessionHash, sessionQuery } from '../../src/session/url';
import type { UrlState } from '../../src/session/url';
import type { TimedInput } from '../../src/session/types';

const good: UrlState = {
  seed: 7,
  scenario: 'normal-startup',
  size: 3,
  cursor: 1234,
  inputs: [
    { step: 10, atUs: 2000, input: { kind: 'put', member: 0, key: 'a,b;c d+e%', value: 'x&y=z' } },
    { step: 12, atUs: 2100, input: { kind: 'crash', member: 2 } },
    { step: 12, atUs: 2100, input: { kind: 'get', member: 1, key: 'k', serializable: true } },
    { step: 40, atUs: 9000, input: { kind: 'delete', member: 1, key: '键' } },
    { step: 41, atUs: 9001, input: { kind: 'restart', member: 2 } },
    { step: 50, atUs: 9100, input: { kind: 'isolate', member: 0 } },
    { step: 51, atUs: 9101, input: { kind: 'heal', member: 0 } },
  ],
};

function messages(hash: string): string[] {
  const r = parseSessionHash(hash);
  if (r.ok) throw new Error(`expected an error for ${hash}`);
  return r.errors.map((e) => e.message);
}

describe('session URL', () => {
  it('round-trips a state', () => {
    expect(parseSessionHash(formatSessionHash(good))).toEqual({ ok: true, state: good });
  });

  it('has nothing to restore without a session query', () => {
    for (const h of ['', '#', '#/', '#/lab', '#workspace', '#/?'])
      expect(parseSessionHash(h)).toEqual({ ok: true, state: null });
    expect(sessionQuery('#/lab?x=1')).toBeNull();
  });

  it('defaults the cursor and the size', () => {
    expect(parseSessionHash('#/?seed=3&scenario=leader-crash')).toEqual({
      ok: true,
      state: { seed: 3, scenario: 'leader-crash', cursor: 0, inputs: [] },
    });
  });

  it.each([
    [
      '#/?seed=12ab&scenario=normal-startup',
      ['seed: must be a whole number from 0 to 2147483647 (got "12ab")'],
    ],
    [
      '#/?seed=99999999999&scenario=normal-startup',
      ['seed: must be a whole number from 0 to 2147483647 (got "99999999999")'],
    ],
    ['#/?scenario=normal-startup', ['seed: must be a whole number from 0 to 2147483647 (got "")']],
    [
      '#/?seed=1&scenario=nope',
      [
        'scenario: unknown scenario "nope" (expected one of normal-startup, write-path, leader-crash, minority-partition, majority-partition, slow-apply, oversize-request, no-quorum, snapshot-catchup, membership-change, linearizable-read, restart-from-wal)',
      ],
    ],
    ['#/?seed=1&scenario=normal-startup&size=8', ['size: must be a whole number from 1 to 7 (got "8")']],
    [
      '#/?seed=1&scenario=normal-startup&cursor=-1',
      ['cursor: must be a whole number from 0 to 250000000 (got "-1")'],
    ],
    ['#/?seed=1&scenario=normal-startup&colour=red', ['colour: unknown parameter "colour"']],
    ['#/?seed=1&scenario=normal-startup&in=zz', ['in[0]: cannot read the input "zz"']],
    ['#/?seed=1&scenario=normal-startup&in=a,1,c,0;5,1,x,0', ['in[1]: cannot read the input "5,1,x,0"']],
    ['#/?seed=1&scenario=normal-startup&in=a,1,c,9', ['in[0]: cannot read the input "a,1,c,9"']],
    ['#/?seed=1&scenario=normal-startup&in=a,1,p,0,k', ['in[0]: cannot read the input "a,1,p,0,k"']],
    ['#/?seed=1&scenario=normal-startup&in=b,1,c,0;a,1,c,1', ['in[1]: cannot read the input "a,1,c,1"']],
    // The list is URI-encoded once more as a whole: %25 decodes to %, leaving a broken escape.
    [
      '#/?seed=1&scenario=normal-startup&in=a,1,g,0,%25E0%25A4%25A',
      ['in[0]: cannot read the input "a,1,g,0,%E0%A4%A"'],
    ],
  ])('refuses %s', (hash, expected) => {
    expect(messages(hash)).toEqual(expected);
  });

  it('reports every problem, each with where it is', () => {
    const r = parseSessionHash('#/?seed=x&scenario=y&cursor=z');
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.errors.map((e) => [e.code, e.where])).toEqual([
        ['seed', 'seed'],
        ['scenario', 'scenario'],
        ['cursor', 'cursor'],
      ]);
  });

  it('refuses a link that is too long', () => {
    expect(messages(`#/?seed=1&scenario=normal-startup&in=${'a'.repeat(20_001)}`)).toEqual([
      'url: the link is longer than 20000 characters (20035)',
    ]);
  });

  it('round-trips any input log (property)', () => {
    const member = fc.integer({ min: 0, max: 6 });
    const text = fc.string({ maxLength: 12 });
    const input = fc.oneof(
      fc.record({ kind: fc.constant('put' as const), member, key: text, value: text }),
      fc.record({ kind: fc.constant('get' as const), member, key: text, serializable: fc.boolean() }),
      fc.record({ kind: fc.constant('delete' as const), member, key: text }),
      fc.record({
        kind: fc.constantFrom('crash' as const, 'restart' as const, 'isolate' as const, 'heal' as const),
        member,
      }),
    );
    fc.assert(
      fc.property(
        fc.array(fc.record({ step: fc.nat(1_000_000), atUs: fc.nat(10 ** 12), input }), { maxLength: 20 }),
        (raw) => {
          const inputs: TimedInput[] = [...raw].sort((a, b) => a.step - b.step);
          const state: UrlState = { seed: 1, scenario: 'normal-startup', cursor: 5, inputs };
          expect(parseSessionHash(formatSessionHash(state))).toEqual({ ok: true, state });
        },
      ),
      { numRuns: 200 },
    );
  });
});
