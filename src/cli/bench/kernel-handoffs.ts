import { Kernel } from '../../sim/kernel';
import type { Chan } from '../../sim/chan';
import type { Proc } from '../../sim/op';
import type { Workload } from './workload';

const handoffs = 2_000_000;

function* pinger(ch: Chan<number>, n: number): Proc {
  for (let i = 0; i < n; i++) yield* ch.send(i, 'ping/send');
}

function* ponger(ch: Chan<number>, n: number, out: { sum: number }): Proc {
  for (let i = 0; i < n; i++) out.sum += yield* ch.recv('pong/recv');
}

/** Two goroutines passing values over an unbuffered channel: the kernel's hot path. */
export const kernelHandoffs: Workload = {
  name: 'kernel-handoffs',
  description: 'two goroutines ping-ponging on an unbuffered channel (one handoff = one value passed)',
  run() {
    const k = new Kernel({ seed: 1, traceCapacity: 1024 });
    const ch = k.chan<number>('ping', 0, 0);
    const out = { sum: 0 };
    k.go('pinger', pinger(ch, handoffs));
    k.go('ponger', ponger(ch, handoffs, out));
    const t0 = performance.now();
    const r = k.run({ maxSteps: 4 * handoffs + 10 });
    const wallMs = performance.now() - t0;
    if (r.kind !== 'done' || out.sum !== (handoffs * (handoffs - 1)) / 2) {
      throw new Error(`kernel-handoffs: unexpected end ${r.kind} sum=${out.sum}`);
    }
    return {
      handoffs,
      steps: k.stepCount,
      wallMs: Math.round(wallMs),
      handoffsPerSec: Math.round(handoffs / (wallMs / 1000)),
      traceHash: k.traceHash(),
    };
  },
};
