import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Kernel } from '../../src/sim/kernel';
import type { Chan } from '../../src/sim/chan';
import { recvCase, select, sendCase, sleep } from '../../src/sim/op';
import type { Proc, SelectCase } from '../../src/sim/op';

/** A goroutine program as data. */
type Instr =
  | { op: 'send'; ch: number; v: number }
  | { op: 'recv'; ch: number }
  | { op: 'sleep'; maxUs: number }
  | { op: 'select'; cases: { dir: 'send' | 'recv'; ch: number }[]; dflt: boolean }
  | { op: 'close'; ch: number };

interface Program {
  caps: number[];
  goroutines: Instr[][];
}

const chanIndex = fc.integer({ min: 0, max: 2 });
const instr: fc.Arbitrary<Instr> = fc.oneof(
  {
    arbitrary: fc.record({
      op: fc.constant('send' as const),
      ch: chanIndex,
      v: fc.integer({ min: 0, max: 99 }),
    }),
    weight: 4,
  },
  { arbitrary: fc.record({ op: fc.constant('recv' as const), ch: chanIndex }), weight: 4 },
  {
    arbitrary: fc.record({ op: fc.constant('sleep' as const), maxUs: fc.integer({ min: 1, max: 100 }) }),
    weight: 3,
  },
  {
    arbitrary: fc.record({
      op: fc.constant('select' as const),
      cases: fc.array(fc.record({ dir: fc.constantFrom('send' as const, 'recv' as const), ch: chanIndex }), {
        minLength: 1,
        maxLength: 3,
      }),
      dflt: fc.boolean(),
    }),
    weight: 3,
  },
  { arbitrary: fc.record({ op: fc.constant('close' as const), ch: chanIndex }), weight: 1 },
);
const program: fc.Arbitrary<Program> = fc.record({
  caps: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 3, maxLength: 3 }),
  goroutines: fc.array(fc.array(instr, { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 4 }),
});

function* interpret(k: Kernel, name: string, chans: Chan<number>[], code: Instr[]): Proc {
  const rand = k.rand.stream(name);
  // Every goroutine starts after a seeded delay, so the seed shapes the interleaving.
  yield* sleep(1 + rand.intn(50), `${name}/start`);
  for (let pc = 0; pc < code.length; pc++) {
    const ins = code[pc] as Instr;
    const label = `${name}/${pc}`;
    const ch = (i: number): Chan<number> => chans[i] as Chan<number>;
    switch (ins.op) {
      case 'send':
        yield* ch(ins.ch).send(ins.v, label);
        break;
      case 'recv':
        yield* ch(ins.ch).recv(label);
        break;
      case 'sleep':
        yield* sleep(rand.intn(ins.maxUs), label);
        break;
      case 'select': {
        const cases: SelectCase[] = ins.cases.map((c) =>
          c.dir === 'send' ? sendCase(ch(c.ch), pc) : recvCase(ch(c.ch)),
        );
        yield* select(label, cases, { default: ins.dflt });
        break;
      }
      case 'close':
        if (!ch(ins.ch).closed) k.close(ch(ins.ch));
        break;
    }
  }
}

function runProgram(p: Program, seed: number): string {
  const k = new Kernel({ seed, traceCapacity: 0 });
  const chans = p.caps.map((cap, i) => k.chan<number>(`c${i}`, cap, 0));
  p.goroutines.forEach((code, i) => k.go(`g${i}`, interpret(k, `g${i}`, chans, code)));
  const r = k.run({ maxSteps: 20_000 });
  return `${r.kind}:${k.nowUs}:${k.traceHash()}`;
}

describe('determinism', () => {
  it('a random goroutine program gives the same trace hash twice with the same seed', () => {
    fc.assert(
      fc.property(program, fc.integer({ min: 0, max: 2 ** 31 }), (p, seed) => {
        expect(runProgram(p, seed)).toBe(runProgram(p, seed));
      }),
      { numRuns: 200 },
    );
  });

  it('different seeds usually give different hashes', () => {
    const pairs = fc.sample(fc.tuple(program, fc.integer({ min: 0, max: 2 ** 31 })), {
      numRuns: 200,
      seed: 12345,
    });
    let differ = 0;
    for (const [p, seed] of pairs) if (runProgram(p, seed) !== runProgram(p, seed + 1)) differ++;
    expect(differ / pairs.length).toBeGreaterThan(0.9);
  });
});
