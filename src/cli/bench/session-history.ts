/**
 * The page's own recording: the SessionEngine (src/session) runs a scenario to its end as the
 * page does when playing, recording every Ready card, log line, call and gap sample, then seeks
 * back to the middle (a replay that records nothing twice). Reports steps per wall second while
 * recording, the retained history in bytes per kernel step (heap after a full GC, engine and
 * history kept alive, minus the heap before), and the history's size.
 * BENCH_SESSION_SCENARIO / BENCH_SESSION_SECONDS choose the scenario (default snapshot-catchup)
 * and how long it runs (default 60 simulated s).
 */
import { performance } from 'node:perf_hooks';
import { SessionEngine } from '../../session/engine';
import type { Workload } from './workload';

const scenario = process.env['BENCH_SESSION_SCENARIO'] ?? 'snapshot-catchup';
const seconds = Number(process.env['BENCH_SESSION_SECONDS'] ?? 60);

function heapBytes(): number | null {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) return null;
  gc();
  return process.memoryUsage().heapUsed;
}

export const sessionHistory: Workload = {
  name: 'session-history',
  description: `the page's engine plays ${scenario} for ${seconds} virtual s recording history, then seeks back`,
  run() {
    const before = heapBytes();
    const e = new SessionEngine({ seed: 1, scenario });
    const endUs = seconds * 1_000_000;
    const t0 = performance.now();
    // Play in chunks of 10,000 steps, as the page does in slices.
    for (let i = 0; i < 10_000 && e.snapshot().nowUs < endUs; i++) {
      e.seekTo(e.cursor + 10_000);
      if (e.finish() !== 'done') break;
    }
    const recordWallMs = performance.now() - t0;
    const steps = e.cursor;
    const after = heapBytes();
    const t1 = performance.now();
    e.seekTo(Math.floor(steps / 2));
    e.finish();
    const seekBackMs = performance.now() - t1;
    const lanes = e.recorder.readyLanes();
    const cards = lanes.reduce((n, l) => n + l.length, 0);
    return {
      scenario,
      simulatedMs: Math.round(e.recorder.frontierUs / 1000),
      steps,
      recordWallMs: Math.round(recordWallMs),
      stepsPerSecond: Math.round(steps / (recordWallMs / 1000)),
      simulatedPerWall: Math.round((e.recorder.frontierUs / 1000 / recordWallMs) * 10) / 10,
      seekBackToMiddleMs: Math.round(seekBackMs),
      readyCards: cards,
      events: e.recorder.events().length,
      calls: e.recorder.history().calls.length,
      ...(before === null || after === null
        ? {}
        : { historyBytesPerStep: Math.round(((after - before) / steps) * 10) / 10 }),
    };
  },
};
