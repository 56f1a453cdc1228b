import { describe, expect, it } from 'vitest';
import { commitBackend, openSnapshotBackend, rollbackBackend } from '../../src/etcd/backend';
import type { Backend } from '../../src/etcd/backend';
import type { Member } from '../../src/etcd/membership';
import { KVStore } from '../../src/etcd/mvcc';

const b = (s: string): Uint8Array => new TextEncoder().encode(s);

function backend(): Backend {
  const be: Backend = {
    kv: new KVStore(),
    members: [],
    backendMembers: new Set(),
    clusterVersion: undefined,
    storageVersion: '3.5.0',
    committed: {
      rev: 1,
      index: 0,
      term: 0,
      members: [],
      backendMembers: [],
      clusterVersion: undefined,
      storageVersion: '3.5.0',
    },
    closed: false,
  };
  commitBackend(be);
  return be;
}

const member = (id: bigint, name: string): Member => ({
  id,
  name,
  peerURLs: [`http://${name}:2380`],
  clientURLs: [`http://${name}:2379`],
  isLearner: false,
});

/**
 * A leader's db after a restart: entries up to 92 applied to mvcc before the crash (and batch
 * committed), while its raft applied index restarts lower, at 91 — so the snapshot it sends names
 * index 91 but its db already holds entry 92 (revision 84).
 */
function leaderDbAheadOfSnapshotIndex(): Uint8Array {
  const kv = new KVStore();
  for (let i = 0; i < 83; i++) kv.put(b(`k${i % 4}`), b(`v${i}`));
  kv.setConsistentIndex(92, 3);
  expect(kv.rev).toBe(84);
  return kv.snapshotData();
}

describe('openSnapshotBackend (a snapshot db replaces the backend)', () => {
  it('takes the consistent index from the db, not from the snapshot raft index', () => {
    const be = backend();
    be.kv.put(b('old'), b('x'));
    be.kv.setConsistentIndex(40, 2);
    const members = [member(1n, 'infra1'), member(2n, 'infra2')];
    openSnapshotBackend(be, { kv: leaderDbAheadOfSnapshotIndex(), members, clusterVersion: '3.6.0' });
    // The snapshot's metadata said 91; entry 92 is already in this store and must not be
    // applied a second time (it would make revision 85 from index 92 here, 95 elsewhere).
    expect(be.kv.consistentIndex()).toBe(92);
    expect(be.kv.rev).toBe(84);
    expect(be.members.map((m) => m.id)).toEqual([1n, 2n]);
    expect([...be.backendMembers]).toEqual([1n, 2n]);
    expect(be.clusterVersion).toBe('3.6.0');
  });

  it('is durable: a crash right after it keeps the snapshot db, not the old one', () => {
    const be = backend();
    be.kv.put(b('old'), b('x'));
    be.kv.setConsistentIndex(40, 2);
    commitBackend(be);
    openSnapshotBackend(be, {
      kv: leaderDbAheadOfSnapshotIndex(),
      members: [member(1n, 'infra1')],
      clusterVersion: undefined,
    });
    rollbackBackend(be);
    expect([be.kv.rev, be.kv.consistentIndex()]).toEqual([84, 92]);
    expect(be.members.map((m) => m.id)).toEqual([1n]);
    const old = be.kv.range(b('old'));
    expect(old.ok && old.result.count).toBe(0);
  });
});
