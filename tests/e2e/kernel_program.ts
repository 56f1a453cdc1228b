import type * as Sim from '../../src/sim';

export interface ProgramResult {
  hash: string;
  steps: number;
  nowUs: number;
}

/**
 * A small etcd-shaped program for the kernel: a ticker-driven loop selecting over a tick channel,
 * a buffered proposal channel and a stop channel; producers that sleep random amounts from seeded
 * streams; a timer, a context deadline and a notifier. It touches every source of
 * nondeterminism the kernel has to tame (select choice, timers, random streams).
 *
 * The function must stay self-contained (no references outside its body): Playwright serialises
 * it into the page, where it runs against `window.etcdStepper.sim`.
 */
export function kernelProgram(sim: typeof Sim, seed: number): ProgramResult {
  const k = new sim.Kernel({ seed, traceCapacity: 0 });
  const tickc = k.chan<number>('tickc', 128);
  const propc = k.chan<number>('propc', 4);
  const stop = k.chan<undefined>('stop');
  const changed = new sim.Notifier(k, 'changed');
  const [ctx, cancel] = sim.withTimeout(k, sim.background(), 2_500_000);
  let received = 0;

  k.go(
    'ticker',
    (function* () {
      const ticker = new sim.Ticker(k, 100_000);
      for (let i = 0; i < 30; i++) {
        const tick = yield* ticker.c.recv('ticker/recv');
        k.trySend(tickc, tick);
      }
      ticker.stop();
    })(),
  );

  for (let p = 0; p < 3; p++) {
    const stream = k.rand.stream(`producer/${p}`);
    k.go(
      `producer-${p}`,
      (function* () {
        for (let i = 0; i < 20; i++) {
          yield* sim.sleep(1_000 + stream.intn(50_000), 'producer/sleep');
          yield* propc.send(p * 100 + i, 'producer/send');
        }
      })(),
    );
  }

  k.go(
    'loop',
    (function* () {
      for (;;) {
        const r = yield* sim.select('loop/select', [
          sim.recvCase(tickc),
          sim.recvCase(propc),
          sim.recvCase(stop),
          sim.recvCase(ctx.done()),
        ]);
        if (r.index === 1) {
          received++;
          if (received % 10 === 0) changed.notify();
        }
        if (r.index === 2 || r.index === 3) return;
      }
    })(),
  );

  k.go(
    'watcher',
    (function* () {
      for (let i = 0; i < 3; i++) {
        yield* changed.receive().recvOk('watcher/changed');
        k.log(`batch ${i}`);
      }
      yield* sim.sleep(10_000, 'watcher/sleep');
      cancel();
    })(),
  );

  k.run();
  return { hash: k.traceHash(), steps: k.stepCount, nowUs: k.nowUs };
}
