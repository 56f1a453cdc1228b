import { Kernel } from '../../src/sim/kernel';
import type { RunResult } from '../../src/sim/kernel';
import type { Proc } from '../../src/sim/op';

/** A kernel plus an event log the test goroutines append to. */
export function setup(seed: number | bigint = 1): { k: Kernel; log: string[] } {
  return { k: new Kernel({ seed, traceCapacity: 256 }), log: [] };
}

/** Spawns the procs in order and runs to the end (bounded). */
export function runAll(k: Kernel, procs: Record<string, Proc>, maxSteps = 100_000): RunResult {
  for (const [name, p] of Object.entries(procs)) k.go(name, p);
  return k.run({ maxSteps });
}
