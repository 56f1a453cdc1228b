import { describe, expect, it } from 'vitest';
import { parseFuzzArgs, reproduceCommand, seedOptions } from '../../src/cli/fuzz_cli';
import { crashStormSetup } from '../../src/cluster/fuzz';
import { RunChecker } from '../../src/cluster/run_checks';
import { Run } from '../../src/cluster/run_record';
import { bytesFromString } from '../../src/etcd/raft_request';

describe('fuzz --profile crash-storm', () => {
  it('is an option of the command line, with a minute of faults and 8 s of quiet by default', () => {
    const o = parseFuzzArgs(['--profile', 'crash-storm', '--seeds', '3']);
    expect([o.profile, o.faultUs, o.quietUs]).toEqual(['crash-storm', 60_000_000, 8_000_000]);
    expect(reproduceCommand(seedOptions(o, 7))).toBe(
      'npm run fuzz -- --seeds 1 --from 7 --profile crash-storm',
    );
    expect(() => parseFuzzArgs(['--profile', 'storm'])).toThrow(/--profile must be one of/);
  });

  it('uses small SnapshotCount and SnapshotCatchUpEntries and 40 ops/s over 4 keys', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const { config, workload } = crashStormSetup(seed);
      expect(config.snapshotCount).toBeGreaterThanOrEqual(20);
      expect(config.snapshotCount).toBeLessThanOrEqual(60);
      expect(config.snapshotCatchUpEntries).toBeGreaterThanOrEqual(5);
      expect(config.snapshotCatchUpEntries).toBeLessThanOrEqual(15);
      expect([workload.opsPerSecond, workload.keySpace, workload.readRatio]).toEqual([40, 4, 0.2]);
    }
  });
});

describe('RunChecker.checkConverged', () => {
  function convergedRun(): { run: Run; checker: RunChecker } {
    const run = new Run({ size: 3, seed: 4 });
    const checker = new RunChecker(run);
    run.apply({
      kind: 'start-workload',
      workload: {
        opsPerSecond: 20,
        readRatio: 0,
        keySpace: 2,
        valueBytes: 8,
        reads: 'linearizable',
        target: 'leader',
        clients: 1,
      },
    });
    run.runFor(3_000_000);
    run.apply({ kind: 'stop-workload' });
    run.runFor(2_000_000);
    return { run, checker };
  }

  it('passes when every member holds every acknowledged put at its revision', () => {
    const { checker } = convergedRun();
    expect(checker.checkConverged()).toBeUndefined();
  });

  it('finds an acknowledged put that one member holds with another value', () => {
    const { run, checker } = convergedRun();
    const kv = run.cluster.members[1]!.server!.kv;
    const last = [...run.cluster.calls].reverse().find((c) => c.op === 'put' && c.result?.ok === true)!;
    // Rewrite the newest revision on one member: same revision count, different value.
    kv.rollback(kv.rev - 1, kv.consistentIndex(), kv.consistentTerm());
    kv.put(bytesFromString(last.key), bytesFromString('not-acknowledged'));
    const v = checker.checkConverged();
    expect(v?.invariant).toBe('acknowledged-put-readable');
    expect(v?.message).toMatch(/infra2 has not-acknowledged made at revision/);
  });

  it('finds members that did not reach the same revision', () => {
    const { run, checker } = convergedRun();
    const kv = run.cluster.members[2]!.server!.kv;
    kv.rollback(kv.rev - 1, kv.consistentIndex(), kv.consistentTerm());
    expect(checker.checkConverged()?.invariant).toBe('convergence');
  });
});
