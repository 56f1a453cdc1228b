import { describe, expect, it } from 'vitest';
import { VirtualDisk } from '../../src/etcd/disk';
import type { DiskLatency } from '../../src/etcd/disk';
import { EntryType } from '../../src/raft/raftpb/types';
import type { Entry, HardState, Snapshot } from '../../src/raft/raftpb/types';
import type { Kernel } from '../../src/sim/kernel';
import type { Proc } from '../../src/sim/op';
import { setup } from './helpers';

const latency: DiskLatency = {
  walAppendUsMin: 100,
  walAppendUsMax: 100,
  fsyncUsMin: 1000,
  fsyncUsMax: 1000,
  snapshotSaveUsMin: 500,
  snapshotSaveUsMax: 500,
};

function ent(index: number, term: number): Entry {
  return { index, term, type: EntryType.EntryNormal, data: undefined };
}

function hs(term: number, vote: bigint, commit: number): HardState {
  return { term, vote, commit };
}

function newDisk(k: Kernel, l: DiskLatency = latency): VirtualDisk {
  return new VirtualDisk(k, 'infra1', l, k.rand.stream('disk/infra1'));
}

function run(k: Kernel, body: () => Proc): void {
  k.go('writer', body());
  const r = k.run({ maxSteps: 10_000 });
  if (r.kind !== 'done') throw new Error(`run ended with ${r.kind}`);
}

describe('VirtualDisk: the WAL', () => {
  it('pays the write latency always and the fsync latency only when MustSync', () => {
    const { k } = setup();
    const d = newDisk(k);
    const times: number[] = [];
    run(k, function* () {
      yield* d.createWAL(1n, 9n);
      times.push(k.nowUs); // create fsyncs: 1000
      yield* d.save(hs(1, 0n, 3), [ent(1, 1), ent(2, 1), ent(3, 1)]);
      times.push(k.nowUs); // write + fsync: 2100
      yield* d.save(hs(1, 0n, 3), []); // nothing changed except nothing: written, not synced
      times.push(k.nowUs); // 2200
      yield* d.save(hs(1, 0n, 4), []); // commit-only change: no fsync
      times.push(k.nowUs); // 2300
      yield* d.save({ term: 0, vote: 0n, commit: 0 }, []); // empty: skipped entirely
      times.push(k.nowUs); // 2300
    });
    expect(times).toEqual([1000, 2100, 2200, 2300, 2300]);
    expect(d.unsyncedCount).toBe(2);
    expect(d.stats.fsyncs).toBe(2);
  });

  it('a crash loses what was not fsynced; ReadAll returns the rest', () => {
    const { k } = setup();
    const d = newDisk(k);
    run(k, function* () {
      yield* d.createWAL(1n, 9n);
      yield* d.save(hs(2, 2n, 3), [ent(1, 1), ent(2, 1), ent(3, 1)]);
      yield* d.save(hs(2, 2n, 3), [ent(4, 2)]);
      yield* d.save(hs(2, 2n, 4), []); // not synced
    });
    expect(d.crash()).toBe(1);
    const r = d.readAll();
    expect(r.nodeID).toBe(1n);
    expect(r.clusterID).toBe(9n);
    expect(r.hardState).toEqual(hs(2, 2n, 3));
    expect(r.entries.map((e) => e.index)).toEqual([1, 2, 3, 4]);
    expect(r.snapshot).toBeUndefined();
  });

  it('a crash in the middle of a save loses that save', () => {
    const { k } = setup();
    const d = newDisk(k);
    k.go(
      'writer',
      (function* (): Proc {
        yield* d.createWAL(1n, 9n);
        yield* d.save(hs(1, 0n, 0), [ent(1, 1)]);
      })(),
    );
    k.runFor(1050); // inside the save's write latency
    expect(d.activity).toBe('wal-write');
    d.crash();
    k.run({ maxSteps: 1000 });
    expect(d.readAll().entries).toEqual([]);
  });

  it('later entries overwrite the tail from their index on', () => {
    const { k } = setup();
    const d = newDisk(k);
    run(k, function* () {
      yield* d.createWAL(1n, 9n);
      yield* d.save(hs(2, 1n, 1), [ent(1, 1), ent(2, 2), ent(3, 2)]);
      yield* d.save(hs(3, 3n, 1), [ent(2, 3)]);
    });
    expect(d.readAll().entries.map((e) => `${e.index}/${e.term}`)).toEqual(['1/1', '2/3']);
  });

  it('snapshots: ReadAll starts after the newest snapshot the WAL vouches for; release compacts', () => {
    const { k } = setup();
    const d = newDisk(k);
    const snap: Snapshot = {
      data: new Uint8Array([1, 2]),
      metadata: {
        index: 2,
        term: 1,
        confState: { voters: [1n], learners: [], votersOutgoing: [], learnersNext: [], autoLeave: false },
      },
    };
    run(k, function* () {
      yield* d.createWAL(1n, 9n);
      yield* d.save(hs(1, 1n, 3), [ent(1, 1), ent(2, 1), ent(3, 1)]);
      yield* d.saveSnap(snap);
    });
    const r = d.readAll();
    expect(r.snapshot?.metadata.index).toBe(2);
    expect(r.entries.map((e) => e.index)).toEqual([3]);
    d.release(snap);
    expect(d.records().filter((x) => x.type === 'entry')).toHaveLength(1);
    expect(d.readAll().entries.map((e) => e.index)).toEqual([3]);
  });

  it('draws jittered latencies from its seeded stream: same seed, same times', () => {
    const jitter: DiskLatency = { ...latency, fsyncUsMin: 1000, fsyncUsMax: 5000 };
    const timesFor = (seed: number): number[] => {
      const { k } = setup(seed);
      const d = newDisk(k, jitter);
      const out: number[] = [];
      run(k, function* () {
        yield* d.createWAL(1n, 9n);
        for (let i = 1; i <= 5; i++) {
          yield* d.save(hs(1, 0n, 0), [ent(i, 1)]);
          out.push(k.nowUs);
        }
      });
      return out;
    };
    expect(timesFor(7)).toEqual(timesFor(7));
    expect(timesFor(7)).not.toEqual(timesFor(8));
  });
});

describe('VirtualDisk: which snapshot a restart loads (wal.ValidSnapshotEntries)', () => {
  const snap = (index: number, term: number): Snapshot => ({
    data: undefined,
    metadata: {
      index,
      term,
      confState: { voters: [1n], learners: [], votersOutgoing: [], learnersNext: [], autoLeave: false },
    },
  });

  it('passes over a leader snapshot whose committing HardState was lost in a crash', () => {
    const { k } = setup();
    const d = newDisk(k);
    run(k, function* () {
      yield* d.createWAL(1n, 9n);
      yield* d.save(hs(2, 0n, 3), [ent(1, 1), ent(2, 1), ent(3, 2)]);
      yield* d.saveSnap(snap(3, 2));
      d.release(snap(3, 2));
      yield* d.save(hs(2, 0n, 3), [ent(4, 2), ent(5, 2)]);
      // A follower's Ready with a leader's snapshot: R7 saves and syncs the .snap file and its
      // WAL record, R8 writes the HardState that commits it; the crash comes before R9's sync.
      yield* d.saveSnap(snap(40, 2));
      yield* d.save(hs(2, 0n, 40), []);
    });
    d.crash();
    const got = d.readAll();
    // Loading snapshot 40 with commit 3 is what raft refuses with "state.commit 3 is out of
    // range [40, 40]"; the older snapshot and the entries after it are consistent with it.
    expect(got.hardState.commit).toBe(3);
    expect(got.snapshot?.metadata.index).toBe(3);
    expect(got.entries.map((e) => e.index)).toEqual([4, 5]);
  });

  it('loads the leader snapshot once the HardState that commits it is synced', () => {
    const { k } = setup();
    const d = newDisk(k);
    run(k, function* () {
      yield* d.createWAL(1n, 9n);
      yield* d.save(hs(2, 0n, 3), [ent(1, 1), ent(2, 1), ent(3, 2)]);
      yield* d.saveSnap(snap(40, 2));
      yield* d.save(hs(2, 0n, 40), []);
      yield* d.sync();
    });
    d.crash();
    const got = d.readAll();
    expect([got.hardState.commit, got.snapshot?.metadata.index]).toEqual([40, 40]);
  });
});
