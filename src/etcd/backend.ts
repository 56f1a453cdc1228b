/**
 * The backend db model, in its own file so server.ts and apply.ts can use it without importing
 * bootstrap.ts, which imports them.
 */
import { sleep } from '../sim/op';
import type { Proc } from '../sim/op';
import type { Member } from './membership';
import type { KVStore } from './mvcc';
import type { SnapshotData } from './snapshot_data';

/** What the backend had committed at its last batch commit: all a crash leaves of it. */
export interface BackendCommit {
  readonly rev: number;
  readonly index: number;
  readonly term: number;
  readonly members: readonly Member[];
  readonly backendMembers: readonly bigint[];
  readonly clusterVersion: string | undefined;
  readonly storageVersion: string | undefined;
}

/**
 * The bbolt db (server/storage/backend) as the model keeps it: the mvcc store, the members and
 * version buckets, and the state of the last batch commit. A crash rolls the db back to that
 * commit (rollbackBackend); the WAL replay then re-applies what was lost.
 */
export interface Backend {
  readonly kv: KVStore;
  readonly members: Member[];
  readonly backendMembers: Set<bigint>;
  clusterVersion: string | undefined;
  storageVersion: string | undefined;
  committed: BackendCommit;
  /** Closed by Cleanup on a graceful stop: the batch committer exits. */
  closed: boolean;
}

/** backend batchInterval: the batch committer commits pending writes this often. */
export const backendBatchIntervalUs = 100_000;

/** Commits the backend's current state (batchTx.Commit). */
export function commitBackend(be: Backend): void {
  be.committed = {
    rev: be.kv.rev,
    index: be.kv.consistentIndex(),
    term: be.kv.consistentTerm(),
    members: [...be.members],
    backendMembers: [...be.backendMembers],
    clusterVersion: be.clusterVersion,
    storageVersion: be.storageVersion,
  };
}

function backendDirty(be: Backend): boolean {
  const c = be.committed;
  return (
    c.rev !== be.kv.rev ||
    c.index !== be.kv.consistentIndex() ||
    c.members.length !== be.members.length ||
    c.backendMembers.length !== be.backendMembers.size ||
    c.clusterVersion !== be.clusterVersion ||
    c.storageVersion !== be.storageVersion
  );
}

/**
 * OpenSnapshotBackend: the db that came with a snapshot replaces the old one whole — its store,
 * its members and version buckets, and its consistent index, which the model reads from the db
 * as cindex.go's SetBackend makes etcd do, not from the snapshot's raft index (a leader still
 * replaying its WAL after a restart sends a db that is ahead of the index it names). The db file
 * is on disk before it is opened (rafthttp saves `<index>.snap.db`, then it is renamed to `db`),
 * so the new state counts as committed: a crash from here keeps it.
 * Simplified (storage/backend.go: OpenSnapshotBackend, etcdserver/server.go: applySnapshot): the
 * store is restored in place rather than a new backend swapped in.
 */
export function openSnapshotBackend(be: Backend, data: SnapshotData): void {
  be.kv.restore(data.kv);
  be.members.splice(0, be.members.length, ...data.members);
  be.backendMembers.clear();
  for (const m of data.members) be.backendMembers.add(m.id);
  if (data.clusterVersion !== undefined) be.clusterVersion = data.clusterVersion;
  commitBackend(be);
}

/** A crash: everything written after the last batch commit is gone. */
export function rollbackBackend(be: Backend): void {
  const c = be.committed;
  be.kv.rollback(c.rev, c.index, c.term);
  be.members.splice(0, be.members.length, ...c.members);
  be.backendMembers.clear();
  for (const id of c.backendMembers) be.backendMembers.add(id);
  be.clusterVersion = c.clusterVersion;
  be.storageVersion = c.storageVersion;
  be.closed = false;
}

/** backend.run: the batch committer, every batchInterval while the backend is open. */
export function* backendRun(be: Backend): Proc {
  for (;;) {
    yield* sleep(backendBatchIntervalUs, 'backend.run/batch-interval');
    if (be.closed) return;
    // Member attributes change in place without changing the counts, so compare by value too.
    if (backendDirty(be) || be.committed.members.some((m, i) => m !== be.members[i])) commitBackend(be);
  }
}
