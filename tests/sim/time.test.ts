import { describe, expect, it } from 'vitest';
import { sleep, step } from '../../src/sim/op';
import type { Proc } from '../../src/sim/op';
import { Ticker, Timer, after } from '../../src/sim/time';
import { runAll, setup } from './helpers';

describe('virtual time', () => {
  it('Sleep advances the clock only when nothing is runnable; equal wake times are FIFO', () => {
    const { k, log } = setup();
    const procs: Record<string, Proc> = {};
    for (const [name, d] of [
      ['a', 300],
      ['b', 100],
      ['c', 300],
      ['d', 100],
    ] as const) {
      procs[name] = (function* (): Proc {
        yield* sleep(d, `${name}/sleep`);
        log.push(`${name}@${k.nowUs}`);
      })();
    }
    expect(runAll(k, procs).kind).toBe('done');
    expect(log).toEqual(['b@100', 'd@100', 'a@300', 'c@300']);
  });

  it('time.After delivers the firing time once', () => {
    const { k, log } = setup();
    runAll(k, {
      main: (function* (): Proc {
        const c = after(k, 1_000_000);
        log.push(`fired at ${yield* c.recv('main/after')} now ${k.nowUs}`);
      })(),
    });
    expect(log).toEqual(['fired at 1000000 now 1000000']);
  });

  it('a ticker holds one tick and drops the rest while its reader is busy', () => {
    const { k, log } = setup();
    const t = new Ticker(k, 100);
    const r = runAll(k, {
      main: (function* (): Proc {
        yield* sleep(450, 'main/busy'); // ticks at 100..400: one kept, three dropped
        log.push(`len ${t.c.len()} cap ${t.c.cap}`);
        log.push(`tick ${yield* t.c.recv('main/tick')}`);
        log.push(`tick ${yield* t.c.recv('main/tick')}`);
        t.stop();
      })(),
    });
    expect(r.kind).toBe('done');
    expect(log).toEqual(['len 1 cap 1', 'tick 100', 'tick 500']);
  });

  it('Ticker.Reset changes the period from now; a non-positive interval panics', () => {
    const { k, log } = setup();
    const t = new Ticker(k, 100);
    runAll(k, {
      main: (function* (): Proc {
        log.push(`tick ${yield* t.c.recv('main/tick')}`);
        t.reset(1000);
        log.push(`tick ${yield* t.c.recv('main/tick')}`);
        t.stop();
      })(),
    });
    expect(log).toEqual(['tick 100', 'tick 1100']);
    expect(() => new Ticker(k, 0)).toThrow('non-positive interval for NewTicker');
    expect(() => t.reset(-1)).toThrow('non-positive interval for Ticker.Reset');
  });

  it('Timer.Stop and Timer.Reset return whether the timer was pending (Go 1.23 semantics)', () => {
    const { k, log } = setup();
    runAll(k, {
      main: (function* (): Proc {
        const t = new Timer(k, 100);
        log.push(`stop before firing: ${t.stop()}`);
        log.push(`stop again: ${t.stop()}`);
        log.push(`reset stopped: ${t.reset(50)}`);
        log.push(`fired ${yield* t.c.recv('main/recv')}`);
        log.push(`stop after receive: ${t.stop()}`);
        log.push(`reset expired: ${t.reset(10)}`);
        yield* sleep(20, 'main/sleep'); // fires at 70 into the buffer, unreceived
        log.push(`len ${t.c.len()}`);
        log.push(`stop with unreceived value: ${t.stop()}`);
        log.push(`len after stop ${t.c.len()}`);
      })(),
    });
    expect(log).toEqual([
      'stop before firing: true',
      'stop again: false',
      'reset stopped: false',
      'fired 50',
      'stop after receive: false',
      'reset expired: false',
      'len 1',
      'stop with unreceived value: true',
      'len after stop 0',
    ]);
  });

  it('runFor stops at exactly the requested virtual time', () => {
    const { k } = setup();
    const t = new Ticker(k, 100);
    let ticks = 0;
    k.go(
      'reader',
      (function* (): Proc {
        for (;;) {
          yield* t.c.recv('reader/tick');
          ticks++;
        }
      })(),
    );
    expect(k.runFor(1050).kind).toBe('time-reached');
    expect(k.nowUs).toBe(1050);
    expect(ticks).toBe(10);
  });

  it('timers due now fire before further runnable goroutines (no timer starvation)', () => {
    const { k, log } = setup();
    runAll(k, {
      main: (function* (): Proc {
        const c = after(k, 0);
        for (let i = 0; i < 3; i++) {
          yield* step('main/spin');
          log.push(`len ${c.len()}`);
        }
      })(),
    });
    expect(log).toEqual(['len 1', 'len 1', 'len 1']);
  });
});
