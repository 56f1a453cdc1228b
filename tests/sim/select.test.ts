import { describe, expect, it } from 'vitest';
import { Kernel } from '../../src/sim/kernel';
import { recvCase, select, sendCase, step } from '../../src/sim/op';
import type { Proc, SelectResult } from '../../src/sim/op';
import { runAll, setup } from './helpers';

describe('select', () => {
  it('runs the default case when nothing is ready, and never blocks', () => {
    const { k, log } = setup();
    const a = k.chan<number>('a', 0, 0);
    const r = runAll(k, {
      main: (function* (): Proc {
        const res = yield* select('main/select', [recvCase(a), sendCase(a, 1), recvCase(null)], {
          default: true,
        });
        log.push(`index ${res.index}`);
      })(),
    });
    expect(r.kind).toBe('done');
    expect(log).toEqual(['index -1']);
  });

  it('takes the ready case over the default', () => {
    const { k, log } = setup();
    const a = k.chan<number>('a', 1, 0);
    const b = k.chan<number>('b', 1, 0);
    const r = runAll(k, {
      main: (function* (): Proc {
        yield* b.send(5, 'main/fill');
        const res = yield* select('main/select', [recvCase(a), recvCase(b)], { default: true });
        log.push(`index ${res.index} value ${String(res.value)} ok ${res.ok}`);
        const res2 = yield* select('main/select2', [sendCase(a, 9), recvCase(b)], { default: true });
        log.push(`index ${res2.index} a.len ${a.len()}`);
      })(),
    });
    expect(r.kind).toBe('done');
    expect(log).toEqual(['index 1 value 5 ok true', 'index 0 a.len 1']);
  });

  it('blocks until one case becomes ready, then leaves every other queue', () => {
    const { k, log } = setup();
    const a = k.chan<string>('a', 0, '');
    const b = k.chan<string>('b', 0, '');
    const r = runAll(k, {
      waiter: (function* (): Proc {
        const res = yield* select('waiter/select', [recvCase(a), recvCase(b)]);
        log.push(`case ${res.index} ${String(res.value)}`);
      })(),
      sender: (function* (): Proc {
        yield* step('sender/step');
        yield* b.send('hello', 'sender/send-b');
        log.push(`a waiting ${a.waiting().receivers}`);
      })(),
    });
    expect(r.kind).toBe('done');
    expect(log).toEqual(['case 1 hello', 'a waiting 0']);
  });

  it('a blocked select with a send case delivers to a later receiver', () => {
    const { k, log } = setup();
    const out = k.chan<number>('out', 0, 0);
    const stop = k.chan<undefined>('stop', 0);
    const r = runAll(k, {
      loop: (function* (): Proc {
        const res = yield* select('loop/select', [sendCase(out, 42), recvCase(stop)]);
        log.push(`loop case ${res.index}`);
      })(),
      reader: (function* (): Proc {
        log.push(`read ${yield* out.recv('reader/recv')}`);
      })(),
    });
    expect(r.kind).toBe('done');
    expect(log).toEqual(['loop case 0', 'read 42']);
  });

  it('a receive case on a closed channel is ready with ok=false', () => {
    const { k, log } = setup();
    const done = k.chan<undefined>('done', 0);
    const other = k.chan<number>('other', 0, 0);
    k.close(done);
    runAll(k, {
      main: (function* (): Proc {
        const res = yield* select('main/select', [recvCase(other), recvCase(done)]);
        log.push(`${res.index} ${res.ok}`);
      })(),
    });
    expect(log).toEqual(['1 false']);
  });

  it('a select over only nil channels and no default blocks forever', () => {
    const { k } = setup();
    const r = runAll(k, {
      main: (function* (): Proc {
        yield* select('main/select', [recvCase(null), sendCase<number>(null, 1)]);
      })(),
    });
    expect(r.kind).toBe('deadlock');
  });

  it('chooses among ready cases with the seeded stream: same seed same choices, roughly uniform', () => {
    function choices(seed: number): number[] {
      const k = new Kernel({ seed, traceCapacity: 0 });
      const chans = [0, 1, 2].map((i) => k.chan<number>(`c${i}`, 1, 0));
      const picked: number[] = [];
      k.go(
        'main',
        (function* (): Proc {
          for (let round = 0; round < 300; round++) {
            for (const c of chans) if (c.len() === 0) yield* c.send(round, 'main/fill');
            const res: SelectResult = yield* select(
              'main/select',
              chans.map((c) => recvCase(c)),
            );
            picked.push(res.index);
          }
        })(),
      );
      expect(k.run({ maxSteps: 10_000 }).kind).toBe('done');
      return picked;
    }
    const a = choices(7);
    expect(choices(7)).toEqual(a);
    expect(choices(8)).not.toEqual(a);
    for (const i of [0, 1, 2]) {
      const n = a.filter((x) => x === i).length;
      expect(n).toBeGreaterThan(60);
      expect(n).toBeLessThan(140);
    }
  });

  it('priority mode takes the first ready case in order', () => {
    const { k, log } = setup();
    const a = k.chan<number>('a', 1, 0);
    const b = k.chan<number>('b', 1, 0);
    runAll(k, {
      main: (function* (): Proc {
        for (let i = 0; i < 20; i++) {
          if (a.len() === 0) yield* a.send(1, 'main/a');
          if (b.len() === 0) yield* b.send(2, 'main/b');
          const res = yield* select('main/select', [recvCase(b), recvCase(a)], { priority: true });
          log.push(String(res.index));
        }
      })(),
    });
    expect(new Set(log)).toEqual(new Set(['0']));
  });

  it('a send case on a closed channel panics when chosen', () => {
    const { k } = setup();
    const c = k.chan<number>('c', 0, 0);
    k.close(c);
    const r = runAll(k, {
      main: (function* (): Proc {
        yield* select('main/select', [sendCase(c, 1)]);
        yield* step('main/after');
      })(),
    });
    expect(r).toMatchObject({
      kind: 'panic',
      panic: { message: 'send on closed channel', label: 'main/select' },
    });
  });
});
