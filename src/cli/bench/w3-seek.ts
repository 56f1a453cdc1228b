/**
 * W3, seeking: W1 (seed 1) for 60 virtual seconds, then seek back 10,000 kernel steps and forward
 * again to the end. The engine cannot be copied, so a seek back replays the input log (verifying
 * the recorded checkpoints' trace hashes on the way): measured from the start, and from a shadow
 * replay kept 20,000 steps behind the head (src/cluster/seeker.ts; catching it up costs as much as
 * the run itself, which the UI can spend in idle time). "Ticks" in the issue are read as kernel
 * steps: 10,000 raft ticks of 10 ms would be 100 s, more than the run.
 */
import { performance } from 'node:perf_hooks';
import { Seeker } from '../../cluster/seeker';
import { startW1 } from './w1-comparison';
import type { Workload } from './workload';

const seconds = 60;
const back = 10_000;
const lag = 20_000;

function timed<T>(f: () => T): [T, number] {
  const t0 = performance.now();
  const r = f();
  return [r, Math.round(performance.now() - t0)];
}

export const w3Seek: Workload = {
  name: 'w3-seek',
  description: `W1 seed 1 for ${seconds} virtual s, seek back ${back} kernel steps and forward again`,
  run() {
    const { run } = startW1(1);
    const [, runWallMs] = timed(() => run.runFor(seconds * 1_000_000, 2_000_000_000));
    const end = run.step;
    const hash = run.cluster.traceHash();
    // From the start.
    const [earlier, seekBackMs] = timed(() => run.seek(end - back));
    const [again, seekForwardMs] = timed(() => earlier.seek(end));
    if (again.cluster.traceHash() !== hash)
      throw new Error('w3: seeking forward did not return to the same trace hash');
    // From a shadow kept `lag` steps behind.
    const seeker = new Seeker(again, lag);
    const [, shadowCatchUpMs] = timed(() => seeker.catchUp());
    const [viaShadow, seekBackShadowMs] = timed(() => seeker.seek(end - back));
    if (viaShadow.fromStep === 0) throw new Error('w3: the shadow was not used');
    const [forward, seekForwardShadowMs] = timed(() => seeker.seek(end).run);
    if (forward.cluster.traceHash() !== hash)
      throw new Error('w3: the shadow path did not return to the same trace hash');
    return {
      simulatedMs: seconds * 1000,
      runWallMs,
      steps: end,
      seekBackSteps: back,
      seekBackFromStartMs: seekBackMs,
      seekForwardMs,
      shadowLagSteps: lag,
      shadowCatchUpMs,
      seekBackFromShadowMs: seekBackShadowMs,
      seekForwardAfterShadowMs: seekForwardShadowMs,
      checkpoints: run.checkpoints.length,
      sameTraceHash: 'yes',
    };
  },
};
