import { describe, expect, it } from 'vitest';
import { Notifier } from '../../src/sim/notify';
import { WaitGroup } from '../../src/sim/waitgroup';
import { sleep, step } from '../../src/sim/op';
import type { Proc } from '../../src/sim/op';
import { runAll, setup } from './helpers';

describe('Notifier (etcd pkg/notify)', () => {
  it('notify wakes everyone waiting on the current channel and arms a fresh one', () => {
    const { k, log } = setup();
    const n = new Notifier(k, 'leaderChanged');
    const procs: Record<string, Proc> = {};
    for (const name of ['r1', 'r2']) {
      procs[name] = (function* (): Proc {
        const c = n.receive();
        yield* c.recv(`${name}/wait`);
        log.push(`${name} woke at ${k.nowUs}`);
        const next = n.receive();
        log.push(`${name} fresh ${next !== c && !next.closed}`);
      })();
    }
    procs['notifier'] = (function* (): Proc {
      yield* sleep(10, 'notifier/sleep');
      n.notify();
    })();
    expect(runAll(k, procs).kind).toBe('done');
    expect(log).toEqual(['r1 woke at 10', 'r1 fresh true', 'r2 woke at 10', 'r2 fresh true']);
  });
});

describe('WaitGroup', () => {
  it('Wait returns once the counter drops to zero', () => {
    const { k, log } = setup();
    const wg = new WaitGroup(k, 'wg');
    wg.add(3);
    const procs: Record<string, Proc> = {};
    procs['waiter'] = (function* (): Proc {
      yield* wg.wait('waiter/wait');
      log.push(`waited until ${k.nowUs}`);
    })();
    for (const d of [30, 10, 20]) {
      procs[`w${d}`] = (function* (): Proc {
        yield* sleep(d, 'worker/sleep');
        wg.done();
      })();
    }
    expect(runAll(k, procs).kind).toBe('done');
    expect(log).toEqual(['waited until 30']);
  });

  it('Wait on a zero counter returns at once', () => {
    const { k, log } = setup();
    const wg = new WaitGroup(k, 'wg');
    runAll(k, {
      main: (function* (): Proc {
        yield* wg.wait('main/wait');
        log.push('ok');
      })(),
    });
    expect(log).toEqual(['ok']);
  });

  it("a negative counter panics with Go's text", () => {
    const { k } = setup();
    const wg = new WaitGroup(k, 'wg');
    const r = runAll(k, {
      main: (function* (): Proc {
        yield* step('main/before');
        wg.done();
      })(),
    });
    expect(r).toMatchObject({
      kind: 'panic',
      panic: { goroutine: 'main', label: 'main/before', message: 'sync: negative WaitGroup counter' },
    });
  });
});
