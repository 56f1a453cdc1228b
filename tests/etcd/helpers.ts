import { Kernel } from '../../src/sim/kernel';
import { LogRing, ZapLogger } from '../../src/etcd/zap';

/** A kernel and a member logger that records every line (debug included). */
export function setup(seed: number | bigint = 1): { k: Kernel; lg: ZapLogger; lines: string[] } {
  const k = new Kernel({ seed, traceCapacity: 256 });
  const lines: string[] = [];
  const lg = new ZapLogger({
    clock: () => k.nowUs,
    epochUnixMs: 1_767_225_600_000,
    level: 'debug',
    ring: new LogRing(1000),
    sink: (line) => lines.push(line),
  });
  return { k, lg, lines };
}
