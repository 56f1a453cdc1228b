import { describe, expect, it } from 'vitest';
import { Kernel } from '../../src/sim/kernel';
import { go, recvCase, select, sleep, step } from '../../src/sim/op';
import type { Proc } from '../../src/sim/op';
import { TraceKind, formatTraceRecord } from '../../src/sim/trace';
import type { TraceRecord } from '../../src/sim/trace';
import { runAll, setup } from './helpers';

describe('kernel stepping', () => {
  it('step() resumes one goroutine to its next yield, FIFO', () => {
    const { k, log } = setup();
    for (const name of ['a', 'b']) {
      k.go(
        name,
        (function* (): Proc {
          for (let i = 0; i < 2; i++) {
            log.push(`${name}${i}`);
            yield* step(`${name}/loop`);
          }
        })(),
      );
    }
    expect(k.step()).toBe('ran');
    expect(log).toEqual(['a0']);
    expect(k.step()).toBe('ran');
    expect(log).toEqual(['a0', 'b0']);
    while (k.step() === 'ran');
    expect(log).toEqual(['a0', 'b0', 'a1', 'b1']);
    expect(k.step()).toBe('done');
  });

  it('detects a global deadlock and reports it as a value', () => {
    const { k } = setup();
    const a = k.chan<number>('a', 0, 0);
    const b = k.chan<number>('b', 0, 0);
    const r = runAll(k, {
      left: (function* (): Proc {
        yield* a.recv('left/recv-a');
        yield* b.send(1, 'left/send-b');
      })(),
      right: (function* (): Proc {
        yield* b.recv('right/recv-b');
        yield* a.send(1, 'right/send-a');
      })(),
    });
    expect(r.kind).toBe('deadlock');
    if (r.kind !== 'deadlock') return;
    expect(r.deadlock.message).toBe('all goroutines are asleep - deadlock!');
    expect(r.deadlock.blocked).toEqual([
      {
        id: 1,
        name: 'left',
        parentId: 0,
        state: 'blocked-recv',
        label: 'left/recv-a',
        waitingOn: [{ chan: { id: 1, name: 'a', len: 0, cap: 0, closed: false }, dir: 'recv', caseIndex: 0 }],
      },
      {
        id: 2,
        name: 'right',
        parentId: 0,
        state: 'blocked-recv',
        label: 'right/recv-b',
        waitingOn: [{ chan: { id: 2, name: 'b', len: 0, cap: 0, closed: false }, dir: 'recv', caseIndex: 0 }],
      },
    ]);
  });

  it('a goroutine that throws stops the kernel with its name and label', () => {
    const { k } = setup();
    const r = runAll(k, {
      ok: (function* (): Proc {
        for (;;) yield* sleep(10, 'ok/sleep');
      })(),
      bad: (function* (): Proc {
        yield* sleep(25, 'bad/sleep');
        yield* step('bad/about-to-fail');
        throw new Error('invariant broken');
      })(),
    });
    expect(r).toMatchObject({
      kind: 'panic',
      panic: { goroutine: 'bad', gid: 2, label: 'bad/about-to-fail', message: 'invariant broken' },
    });
    expect(k.step()).toBe('panic');
    expect(k.nowUs).toBe(25);
  });

  it('runUntil stops on the predicate, or on maxSteps', () => {
    const { k } = setup();
    let n = 0;
    k.go(
      'counter',
      (function* (): Proc {
        for (;;) {
          n++;
          yield* step('counter/loop');
        }
      })(),
    );
    expect(k.runUntil(() => n >= 10)).toEqual({ kind: 'predicate', steps: 10 });
    expect(k.runUntil(() => false, { maxSteps: 5 })).toEqual({ kind: 'max-steps', steps: 5 });
    expect(k.stepCount).toBe(15);
  });

  it('spawn records the parent and introspection shows states, labels and channels', () => {
    const { k } = setup();
    const c = k.chan<number>('c', 2, 0);
    const stop = k.chan<undefined>('stop', 0);
    k.go(
      'parent',
      (function* (): Proc {
        yield* c.send(1, 'parent/fill');
        const id = yield* go(
          'child',
          (function* (): Proc {
            yield* select('child/select', [recvCase(stop), recvCase(null)]);
          })(),
          'parent/spawn',
        );
        k.log(`spawned ${id}`);
        yield* sleep(100, 'parent/sleep');
      })(),
    );
    k.runUntil(() => k.runnableCount() === 0, { maxSteps: 100 });
    const gs = k.goroutines();
    expect(gs.map((g) => [g.id, g.name, g.parentId, g.state, g.label])).toEqual([
      [1, 'parent', 0, 'sleeping', 'parent/sleep'],
      [2, 'child', 1, 'select', 'child/select'],
    ]);
    expect(gs[0]?.sleepUntilUs).toBe(100);
    expect(gs[1]?.waitingOn).toEqual([
      { chan: { id: 2, name: 'stop', len: 0, cap: 0, closed: false }, dir: 'recv', caseIndex: 0 },
    ]);
    expect(k.chanInfo(c)).toEqual({ id: 1, name: 'c', len: 1, cap: 2, closed: false });
    const texts = k.trace.records().filter((r) => r.kind === TraceKind.Log);
    expect(texts.map((r) => r.text)).toEqual(['spawned 2']);
  });
});

describe('trace', () => {
  function program(k: Kernel): void {
    const c = k.chan<number>('c', 1, 0);
    k.go(
      'a',
      (function* (): Proc {
        for (let i = 0; i < 3; i++) {
          yield* c.send(i, 'a/send');
          yield* sleep(5, 'a/sleep');
        }
        k.close(c);
      })(),
    );
    k.go(
      'b',
      (function* (): Proc {
        for (;;) {
          const r = yield* c.recvOk('b/recv');
          if (!r.ok) return;
          k.log(`got ${r.value}`);
        }
      })(),
    );
  }

  it('a ring keeps the last `capacity` records; a sink sees every record', () => {
    const seen: TraceRecord[] = [];
    const k = new Kernel({ seed: 3, traceCapacity: 4, traceSink: (r) => seen.push({ ...r }) });
    program(k);
    expect(k.run({ maxSteps: 1000 }).kind).toBe('done');
    expect(k.trace.count).toBe(seen.length);
    expect(k.trace.records()).toEqual(seen.slice(-4));
    expect(seen.map(formatTraceRecord).slice(0, 4)).toEqual([
      '#0 t=0us g0 spawn [] a=1 b=0',
      '#0 t=0us g0 spawn [] a=2 b=0',
      '#1 t=0us g1 send [a/send] a=1 b=0',
      '#2 t=0us g2 recv [b/recv] a=1 b=1',
    ]);
    expect(seen.some((r) => r.kind === TraceKind.Timer && r.a === 1)).toBe(true);
    expect(seen.at(-1)?.kind).toBe(TraceKind.Exit);
  });

  it('the hash is a pure function of the run', () => {
    const hashes = [1, 1, 2].map((seed) => {
      const k = new Kernel({ seed, traceCapacity: 0 });
      program(k);
      k.run({ maxSteps: 1000 });
      return k.traceHash();
    });
    expect(hashes[0]).toMatch(/^[0-9a-f]{16}$/);
    expect(hashes[1]).toBe(hashes[0]);
  });
});
