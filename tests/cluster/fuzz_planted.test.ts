import { describe, expect, it } from 'vitest';
import { fuzzSeed } from '../../src/cluster/fuzz';
import { defaultFuzzCliOptions, reproduceCommand, seedOptions } from '../../src/cli/fuzz_cli';
import { checkLinearizability } from '../../src/cluster/linearizability';
import type { KvOperation } from '../../src/cluster/history';
import { RunChecker } from '../../src/cluster/run_checks';
import { Run } from '../../src/cluster/run_record';
import type { Entry } from '../../src/raft/raftpb/types';

/** A started 3-member run with some committed writes, checked every 50 steps. */
function busyRun(): { run: Run; checker: RunChecker } {
  const run = new Run({ size: 3, seed: 4 });
  const checker = new RunChecker(run, { everySteps: 50 });
  run.apply({
    kind: 'start-workload',
    workload: {
      opsPerSecond: 30,
      readRatio: 0.3,
      keySpace: 3,
      valueBytes: 8,
      reads: 'linearizable',
      target: 'leader',
      clients: 2,
    },
  });
  run.runFor(3_000_000);
  expect(checker.violation).toBeUndefined();
  return { run, checker };
}

/** Replaces entry `index` in a member's raft storage (a planted bug: a corrupted log). */
function forgeEntry(run: Run, member: number, index: number, change: (e: Entry) => Entry): void {
  const storage = run.cluster.server(member)?.r.node.rn.raft.raftLog.storage as unknown as { ents: Entry[] };
  const at = storage.ents.findIndex((e) => e.index === index);
  expect(at).toBeGreaterThan(0);
  storage.ents[at] = change(storage.ents[at] as Entry);
}

describe('planted bugs are caught', () => {
  it('a follower whose committed entry was rewritten: state machine safety / log matching', () => {
    const { run, checker } = busyRun();
    const l = run.cluster.leader() ?? 0;
    const f = (l + 1) % 3;
    const commit = run.cluster.server(f)?.r.node.rn.raft.raftLog.committed ?? 0;
    forgeEntry(run, f, commit - 1, (e) => ({ ...e, data: new Uint8Array([1, 2, 3]) }));
    const stop = run.runFor(1_000_000);
    expect(stop.kind).toBe('stopped');
    const v = checker.violation;
    expect(v?.kind).toBe('invariant');
    expect(['log-matching', 'state-machine-safety']).toContain(v?.invariant);
    expect(v?.seed).toBe(4);
    expect(v?.step).toBeGreaterThan(0);
  });

  it('an old committed entry rewritten long after it was checked: caught by the audit of old entries', () => {
    const { run, checker } = busyRun();
    run.runFor(3_000_000);
    expect(checker.violation).toBeUndefined();
    const l = run.cluster.leader() ?? 0;
    const f = (l + 1) % 3;
    // Far below the tail: only the rotating audit (not the new-entries scan) re-reads it.
    const commit = run.cluster.server(f)?.r.node.rn.raft.raftLog.committed ?? 0;
    expect(commit).toBeGreaterThan(100);
    forgeEntry(run, f, 5, (e) => ({ ...e, data: new Uint8Array([9, 9, 9]) }));
    expect(run.runFor(1_000_000).kind).toBe('stopped');
    expect(['log-matching', 'state-machine-safety']).toContain(checker.violation?.invariant);
  });

  it('a rewrite right before the end of a run is caught by finish()', () => {
    const { run, checker } = busyRun();
    const f = ((run.cluster.leader() ?? 0) + 1) % 3;
    forgeEntry(run, f, 4, (e) => ({ ...e, data: new Uint8Array([7]) }));
    expect(['log-matching', 'state-machine-safety']).toContain(checker.finish().violation?.invariant);
  });

  it('a member whose store lost an acknowledged write', () => {
    const { run, checker } = busyRun();
    const s = run.cluster.server(run.cluster.leader() ?? 0);
    expect(s).not.toBeNull();
    // Overwrite every key with a value no client wrote, bypassing raft.
    for (const k of ['key-0', 'key-1', 'key-2'])
      s?.kv.put(new TextEncoder().encode(k), new TextEncoder().encode('forged'));
    run.runFor(500_000);
    expect(['acknowledged-write-lost', 'kv-divergence', 'state-machine-safety']).toContain(
      checker.violation?.invariant,
    );
  });

  it('a tampered client history is not linearizable', () => {
    const { run, checker } = busyRun();
    run.apply({ kind: 'stop-workload' });
    run.runFor(2_000_000);
    expect(checker.finish().violation).toBeUndefined();
    const h = run.clients.history();
    const read = h.findIndex(
      (op) => op.kind === 'get' && op.outcome.kind === 'ok' && typeof op.outcome.value === 'string',
    );
    expect(read).toBeGreaterThanOrEqual(0);
    const tampered: KvOperation[] = h.map((op, i) =>
      i === read ? { ...op, outcome: { kind: 'ok', value: 'never-written' } } : op,
    );
    const r = checkLinearizability(tampered);
    expect(r.ok).toBe(false);
  });

  it('a fuzz seed with a planted bug reports the violation with its step, seed and reproducing command', () => {
    const r = fuzzSeed(7, {
      faultUs: 3_000_000,
      quietUs: 1_000_000,
      prepare: (run) => {
        // The bug: from 2 s on, one member's store silently drops every put.
        run.onStep((x) => {
          if (x.nowUs < 2_000_000) return;
          const kv = x.cluster.server(1)?.kv;
          if (kv !== undefined && !(kv as { planted?: boolean }).planted) {
            (kv as { planted?: boolean }).planted = true;
            kv.put = (_k, _v) => ({ rev: kv.rev, prevKv: undefined });
          }
        });
      },
    });
    expect(r.ok).toBe(false);
    expect(r.violation?.seed).toBe(7);
    expect(r.violation?.step).toBeGreaterThan(0);
    expect(reproduceCommand(seedOptions(defaultFuzzCliOptions, r.seed))).toBe(
      'npm run fuzz -- --seeds 1 --from 7',
    );
  });
});
