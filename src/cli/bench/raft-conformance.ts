import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runConformance } from '../../interaction/conformance';
import type { Workload } from './workload';

const rounds = 20;

function conformanceDir(): string {
  return resolve(
    process.env.RAFT_CONFORMANCE_DIR ?? join(import.meta.dirname, '../../../../shared/conformance/raft'),
  );
}

/** etcd raft's 28 interaction scripts through our harness, repeated to get a stable figure. */
export const raftConformance: Workload = {
  name: 'raft-conformance',
  description: `all interaction scripts of the conformance folder, ${rounds} rounds`,
  run() {
    const dir = conformanceDir();
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.txt'))
      .sort()
      .map((f) => ({ name: f, text: readFileSync(join(dir, f), 'utf8') }));
    let failed = 0;
    const roundMs: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const t0 = performance.now();
      for (const f of files) if (!runConformance(f.name, f.text).passed) failed++;
      roundMs.push(performance.now() - t0);
    }
    if (failed > 0) throw new Error(`raft-conformance: ${failed} file runs failed`);
    const sorted = [...roundMs].sort((a, b) => a - b);
    return {
      files: files.length,
      rounds,
      firstRoundMs: Math.round(roundMs[0]!),
      medianRoundMs: Math.round(sorted[Math.floor(sorted.length / 2)]!),
      filesPerSec: Math.round(files.length / (sorted[Math.floor(sorted.length / 2)]! / 1000)),
    };
  },
};
