/**
 * The narrow seams between the member model (server, Ready loop, apply) and the leaf modules
 * it drives: the server's structured logger, the durable raft storage (WAL + .snap files on a
 * virtual disk) and the peer transport. The cluster wires concrete implementations in; tests
 * can wire fakes. Names follow upstream's interfaces (serverstorage.Storage, rafthttp.Transporter).
 */
import type { Op } from '../sim/op';
import type { Entry, HardState, Snapshot } from '../raft/raftpb/types';

/**
 * serverstorage.Storage (server/storage/storage.go): the WAL and the snapshotter. Methods that
 * take virtual time (writes, fsyncs) are generators the Ready loop delegates to, so the time a
 * member spends on its disk shows up as the Ready loop being blocked at that step.
 */
export interface RaftDurableStorage {
  /** WAL Save: writes entries then the HardState; fsyncs when raft.MustSync says so. */
  save(hs: HardState, ents: readonly Entry[]): Generator<Op, void, unknown>;
  /** SaveSnap: the .snap file, then a WAL snapshot record. */
  saveSnap(snap: Snapshot): Generator<Op, void, unknown>;
  /** Sync: fsync the WAL. */
  sync(): Generator<Op, void, unknown>;
  /** Release: drop WAL segments and .snap.db files older than the snapshot. */
  release(snap: Snapshot): void;
}
