import { describe, expect, it } from 'vitest';
import { fuzzSeed } from '../../src/cluster/fuzz';

/**
 * Seeds that once found a bug, each run with the options that found it. A seed's schedule
 * drifts as the model changes, so each one also has a focused unit test of its mechanism.
 */
describe('fuzz regressions', () => {
  it('seed 1392: a snapshot from a leader still replaying its WAL keeps the db consistent index', () => {
    // Was: state-machine-safety, "revision 85 was made by raft index 95 on one member and 92 on
    // another" — applySnapshot set the consistent index to the snapshot's raft index (91), below
    // the index its db had applied (92), so entry 92 went to mvcc twice. tests/etcd/backend.test.ts.
    const r = fuzzSeed(1392);
    expect(r.violation).toBeUndefined();
  });

  it.each([7, 19, 62, 81, 106])(
    'crash-storm seed %i: a restart passes over a snapshot its synced HardState does not commit',
    (seed) => {
      // Was: panic "state.commit N is out of range [S, S]" — a follower crashed between syncing
      // a leader's snapshot (R7) and syncing the HardState that commits it (R9), and the restart
      // loaded that snapshot anyway. tests/etcd/disk.test.ts (wal.ValidSnapshotEntries).
      const r = fuzzSeed(seed, { profile: 'crash-storm' });
      expect(r.violation).toBeUndefined();
    },
    20_000,
  );

  it.each([2, 18, 85])(
    'crash-storm seed %i: snapshots from restarted leaders keep the db consistent index',
    (seed) => {
      // Was (before the seed 1392 fix): state-machine-safety on seed 2, and members ending at
      // different revisions on seeds 18 and 85 — entries applied to mvcc twice after a snapshot.
      const r = fuzzSeed(seed, { profile: 'crash-storm' });
      expect(r.violation).toBeUndefined();
    },
    20_000,
  );
});
