import { describe, expect, it } from 'vitest';
import { FIFOScheduler, newJob } from '../../src/etcd/schedule';
import { sleep } from '../../src/sim/op';
import type { Proc } from '../../src/sim/op';
import { setup } from './helpers';

describe('schedule.FIFO', () => {
  it('runs jobs one at a time in scheduling order, even when they block', () => {
    const { k, lg } = setup();
    const s = new FIFOScheduler(k, lg);
    const log: string[] = [];
    for (const [name, us] of [
      ['a', 30],
      ['b', 5],
      ['c', 10],
    ] as const) {
      s.schedule(
        newJob(name, function* () {
          log.push(`${name} start ${k.nowUs}`);
          yield* sleep(us, `job ${name}`);
          log.push(`${name} end ${k.nowUs}`);
        }),
      );
    }
    expect(s.pending()).toBe(3);
    k.runFor(100);
    expect(log).toEqual(['a start 0', 'a end 30', 'b start 30', 'b end 35', 'c start 35', 'c end 45']);
    expect([s.scheduled(), s.finished(), s.pending()]).toEqual([3, 3, 0]);
  });

  it('Stop runs the jobs still pending with a canceled context, then exits; Schedule after Stop panics', () => {
    const { k, lg } = setup();
    const s = new FIFOScheduler(k, lg);
    const log: string[] = [];
    const job = (name: string) =>
      newJob(name, function* (ctx) {
        yield* sleep(10, `job ${name}`);
        log.push(`${name} ctx=${ctx.err()?.message ?? 'live'}`);
      });
    s.schedule(job('a'));
    s.schedule(job('b'));
    k.go(
      'stopper',
      (function* (): Proc {
        yield* sleep(5, 'wait');
        yield* s.stop();
        log.push(`stopped ${k.nowUs}`);
      })(),
    );
    expect(k.run({ maxSteps: 10_000 }).kind).toBe('done');
    // a was running when the context was canceled; b still runs after it, with the canceled context
    expect(log).toEqual(['a ctx=context canceled', 'b ctx=context canceled', 'stopped 20']);
    expect(() => s.schedule(job('c'))).toThrow('schedule: schedule to stopped scheduler');
  });

  it('a job that throws becomes `execute job failed`', () => {
    const { k, lg, lines } = setup();
    const s = new FIFOScheduler(k, lg);
    s.schedule(
      newJob('server_applyAll', function* () {
        yield* sleep(1, 'x');
        throw new Error('boom');
      }),
    );
    const r = k.run({ maxSteps: 1000 });
    expect(r.kind).toBe('panic');
    expect(lines.at(-1)).toContain('"msg":"execute job failed","job":"server_applyAll","panic":"boom"');
  });
});
