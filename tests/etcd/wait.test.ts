import { describe, expect, it } from 'vitest';
import { Wait } from '../../src/etcd/wait';
import { WaitTime } from '../../src/etcd/wait_time';
import { sleep } from '../../src/sim/op';
import type { Proc } from '../../src/sim/op';
import { setup } from './helpers';

describe('wait.Wait (the wait registry)', () => {
  it('hands the triggered value to the registered waiter, then forgets the id', () => {
    const { k } = setup();
    const w = new Wait<string>(k);
    const got: string[] = [];
    const ch = w.register(42n);
    expect(w.isRegistered(42n)).toBe(true);
    expect(w.entries()).toEqual([{ id: 42n, registeredAtUs: 0 }]);
    k.go(
      'proposer',
      (function* (): Proc {
        got.push(yield* ch.recv('P9/select'));
      })(),
    );
    k.go(
      'applier',
      (function* (): Proc {
        yield* sleep(5, 'apply');
        w.trigger(7n, 'not mine'); // another member's request: a no-op
        w.trigger(42n, 'result');
      })(),
    );
    expect(k.run({ maxSteps: 1000 }).kind).toBe('done');
    expect(got).toEqual(['result']);
    expect(w.isRegistered(42n)).toBe(false);
    expect(w.size).toBe(0);
    expect(ch.closed).toBe(true);
  });

  it('panics on a duplicate id with etcd’s message', () => {
    const { k } = setup();
    const w = new Wait<number>(k);
    w.register(0xabcn);
    expect(() => w.register(0xabcn)).toThrow('dup id abc');
  });
});

describe('wait.WaitTime (applyWait)', () => {
  it('closes channels whose deadline the trigger reaches, in index order', () => {
    const { k } = setup();
    const wt = new WaitTime(k);
    const log: string[] = [];
    for (const d of [5, 3, 9]) {
      const ch = wt.wait(d);
      k.go(
        `reader${d}`,
        (function* (): Proc {
          yield* ch.recvOk(`wait ${d}`);
          log.push(`${d}@${k.nowUs}`);
        })(),
      );
    }
    k.go(
      'applier',
      (function* (): Proc {
        yield* sleep(10, 'batch1');
        wt.trigger(5);
        yield* sleep(10, 'batch2');
        wt.trigger(12);
      })(),
    );
    expect(k.run({ maxSteps: 1000 }).kind).toBe('done');
    expect(log).toEqual(['3@10', '5@10', '9@20']);
    expect(wt.wait(12).closed).toBe(true); // already reached: a closed channel at once
    expect(wt.wait(13).closed).toBe(false);
    expect(wt.waiting()).toEqual([13]);
  });
});
