/**
 * A virtual disk per member holding what etcd keeps in its data dir for raft: the WAL
 * (server/storage/wal) and the .snap files (api/snap.Snapshotter). Writes take virtual time —
 * a write latency per WAL Save, plus an fdatasync latency only when the save must be synced
 * (raft.MustSync: new entries, or a changed term or vote) — drawn from a seeded stream. A crash
 * loses every WAL record written since the last fsync; .snap files are synced when written.
 *
 * Simplified (wal.go, snap/snapshotter.go): no segments, CRCs, preallocation or file locks; the
 * WAL is a list of typed records; release() compacts the synced prefix instead of purging files;
 * reading at bootstrap (ReadAll, LoadNewestAvailable) is instant.
 */
import { mustSync } from '../raft/rawnode';
import { cloneConfState, emptyConfState, isEmptyHardState, isEmptySnap } from '../raft/raftpb/types';
import type { ConfState, Entry, HardState, Snapshot } from '../raft/raftpb/types';
import type { Kernel } from '../sim/kernel';
import { sleep } from '../sim/op';
import type { Op } from '../sim/op';
import type { RandSource } from '../sim/rand';

export type WalRecord =
  | { readonly type: 'metadata'; readonly nodeID: bigint; readonly clusterID: bigint }
  | { readonly type: 'state'; readonly hardState: HardState }
  | { readonly type: 'entry'; readonly entry: Entry }
  | {
      readonly type: 'snapshot';
      readonly index: number;
      readonly term: number;
      readonly confState: ConfState;
    };

/** Latencies in µs, each uniform in [min, max]. */
export interface DiskLatency {
  readonly walAppendUsMin: number;
  readonly walAppendUsMax: number;
  readonly fsyncUsMin: number;
  readonly fsyncUsMax: number;
  readonly snapshotSaveUsMin: number;
  readonly snapshotSaveUsMax: number;
}

/** What a restart reads back (wal.ReadAll after snap.LoadNewestAvailable). */
export interface WalReadResult {
  readonly nodeID: bigint;
  readonly clusterID: bigint;
  readonly hardState: HardState;
  readonly entries: Entry[];
  /** The newest .snap file that a WAL snapshot record vouches for, if any. */
  readonly snapshot: Snapshot | undefined;
}

/** What the disk is doing right now (the UI shows it). */
export type DiskActivity = 'idle' | 'wal-write' | 'fsync' | 'snapshot-save';

export interface DiskStats {
  saves: number;
  fsyncs: number;
  recordsWritten: number;
  snapshotsSaved: number;
  crashes: number;
  recordsLostOnCrash: number;
}

const emptyState: HardState = Object.freeze({ term: 0, vote: 0n, commit: 0 });

export class VirtualDisk {
  private wal: WalRecord[] = [];
  private syncedLen = 0;
  private snapFiles: Snapshot[] = [];
  /** wal.state: the last HardState saved, for MustSync. */
  private state: HardState = emptyState;
  /** Bumped by crash(): a write that was in progress when the member crashed never lands. */
  private generation = 0;
  activity: DiskActivity = 'idle';
  readonly stats: DiskStats = {
    saves: 0,
    fsyncs: 0,
    recordsWritten: 0,
    snapshotsSaved: 0,
    crashes: 0,
    recordsLostOnCrash: 0,
  };

  constructor(
    readonly kernel: Kernel,
    readonly name: string,
    private latency: DiskLatency,
    private readonly rand: RandSource,
  ) {}

  /** Changes the latencies (a "slow disk" fault). */
  setLatency(latency: DiskLatency): void {
    this.latency = latency;
  }

  /** wal.Exist: a WAL has been created on this disk. */
  walExist(): boolean {
    return this.wal.length > 0;
  }

  /** wal.Create: the metadata and an empty snapshot record, synced. */
  *createWAL(nodeID: bigint, clusterID: bigint): Generator<Op, void, unknown> {
    if (this.walExist()) throw new Error(`disk ${this.name}: wal: file already exists`);
    const gen = this.generation;
    this.wal.push({ type: 'metadata', nodeID, clusterID });
    this.wal.push({ type: 'snapshot', index: 0, term: 0, confState: emptyConfState() });
    this.stats.recordsWritten += 2;
    yield* this.fsync(gen, 'wal.Create/fsync');
  }

  /** storage.Save → wal.Save(st, ents): write, then fsync only if MustSync. */
  *save(st: HardState, ents: readonly Entry[]): Generator<Op, void, unknown> {
    if (isEmptyHardState(st) && ents.length === 0) return;
    const must = mustSync(st, this.state, ents.length);
    const gen = this.generation;
    this.activity = 'wal-write';
    yield* sleep(this.draw(this.latency.walAppendUsMin, this.latency.walAppendUsMax), 'wal.Save/write');
    this.activity = 'idle';
    if (gen !== this.generation) return;
    for (const e of ents) this.wal.push({ type: 'entry', entry: { ...e } });
    if (!isEmptyHardState(st)) {
      this.wal.push({ type: 'state', hardState: { ...st } });
      this.state = { ...st };
    }
    this.stats.saves++;
    this.stats.recordsWritten += ents.length + (isEmptyHardState(st) ? 0 : 1);
    if (must) yield* this.fsync(gen, 'wal.Save/fsync');
  }

  /**
   * storage.SaveSnap: the .snap file (written and synced by the Snapshotter), then the WAL
   * snapshot record, synced (wal.SaveSnapshot).
   */
  *saveSnap(snap: Snapshot): Generator<Op, void, unknown> {
    if (isEmptySnap(snap)) return;
    const gen = this.generation;
    this.activity = 'snapshot-save';
    yield* sleep(
      this.draw(this.latency.snapshotSaveUsMin, this.latency.snapshotSaveUsMax),
      'snap.SaveSnap/write',
    );
    this.activity = 'idle';
    if (gen !== this.generation) return;
    this.snapFiles.push(cloneSnapshot(snap));
    this.stats.snapshotsSaved++;
    const md = snap.metadata;
    this.wal.push({
      type: 'snapshot',
      index: md.index,
      term: md.term,
      confState: cloneConfState(md.confState),
    });
    this.stats.recordsWritten++;
    yield* this.fsync(gen, 'wal.SaveSnapshot/fsync');
  }

  /** storage.Sync → wal.Sync */
  *sync(): Generator<Op, void, unknown> {
    yield* this.fsync(this.generation, 'wal.Sync/fsync');
  }

  /**
   * storage.Release(snap): upstream releases WAL file locks and purges old files; here the
   * synced prefix drops entries covered by the snapshot and all but the last HardState, and
   * only the newest 5 .snap files (DefaultMaxSnapshots) are kept, so a long run stays bounded.
   */
  release(snap: Snapshot): void {
    const upto = snap.metadata.index;
    const prefix = this.wal.slice(0, this.syncedLen);
    let lastState = -1;
    prefix.forEach((r, i) => {
      if (r.type === 'state') lastState = i;
    });
    const kept = prefix.filter(
      (r, i) => !(r.type === 'entry' && r.entry.index <= upto) && !(r.type === 'state' && i !== lastState),
    );
    this.wal = [...kept, ...this.wal.slice(this.syncedLen)];
    this.syncedLen = kept.length;
    if (this.snapFiles.length > 5) this.snapFiles = this.snapFiles.slice(-5);
  }

  /** The member crashed: every WAL record not yet fsynced is lost. Returns how many. */
  crash(): number {
    const lost = this.wal.length - this.syncedLen;
    this.wal.length = this.syncedLen;
    this.generation++;
    this.activity = 'idle';
    this.stats.crashes++;
    this.stats.recordsLostOnCrash += lost;
    this.state = emptyState;
    for (const r of this.wal) if (r.type === 'state') this.state = r.hardState;
    return lost;
  }

  /**
   * snap.LoadNewestAvailable + wal.ReadAll at that snapshot: the metadata, the last HardState,
   * and the entries after the snapshot, where a later record at an index overwrites the tail
   * from there on (a new leader's entries replacing an old term's). Throws when there is no WAL.
   */
  readAll(): WalReadResult {
    const meta = this.wal[0];
    if (meta === undefined || meta.type !== 'metadata')
      throw new Error(`disk ${this.name}: wal: file not found`);
    const snapshot = this.newestAvailableSnapshot();
    const snapIndex = snapshot?.metadata.index ?? 0;
    let hardState: HardState = emptyState;
    let ents: Entry[] = [];
    for (const r of this.wal) {
      if (r.type === 'state') hardState = r.hardState;
      if (r.type !== 'entry' || r.entry.index <= snapIndex) continue;
      const up = r.entry.index - snapIndex - 1;
      if (up > ents.length) throw new Error(`disk ${this.name}: wal: slice bounds out of range`);
      ents = ents.slice(0, up);
      ents.push({ ...r.entry });
    }
    return {
      nodeID: meta.nodeID,
      clusterID: meta.clusterID,
      hardState: { ...hardState },
      entries: ents,
      snapshot,
    };
  }

  /** The WAL records (synced ones first; `syncedCount` of them are durable), for the UI. */
  records(): readonly WalRecord[] {
    return this.wal;
  }

  get syncedCount(): number {
    return this.syncedLen;
  }

  get unsyncedCount(): number {
    return this.wal.length - this.syncedLen;
  }

  /** The .snap files, oldest first. */
  snapshots(): readonly Snapshot[] {
    return this.snapFiles;
  }

  /**
   * snap.LoadNewestAvailable over wal.ValidSnapshotEntries: the newest .snap file that has a WAL
   * snapshot record and is not newer than the last HardState's commit. A follower saves a
   * leader's snapshot (file and record, synced) before the HardState that commits it; a crash in
   * between leaves a snapshot past the commit, which would make raft refuse the HardState
   * (`state.commit %d is out of range [%d, %d]`), so that snapshot is passed over.
   */
  private newestAvailableSnapshot(): Snapshot | undefined {
    let commit = 0;
    for (const r of this.wal) if (r.type === 'state') commit = r.hardState.commit;
    for (let i = this.snapFiles.length - 1; i >= 0; i--) {
      const s = this.snapFiles[i];
      if (s === undefined) continue;
      const { index, term } = s.metadata;
      if (index > commit) continue;
      if (this.wal.some((r) => r.type === 'snapshot' && r.index === index && r.term === term))
        return cloneSnapshot(s);
    }
    return undefined;
  }

  private *fsync(gen: number, label: string): Generator<Op, void, unknown> {
    this.activity = 'fsync';
    const target = this.wal.length;
    yield* sleep(this.draw(this.latency.fsyncUsMin, this.latency.fsyncUsMax), label);
    this.activity = 'idle';
    if (gen !== this.generation) return;
    this.syncedLen = Math.max(this.syncedLen, Math.min(target, this.wal.length));
    this.stats.fsyncs++;
  }

  private draw(min: number, max: number): number {
    return max > min ? min + this.rand.intn(max - min + 1) : min;
  }
}

function cloneSnapshot(s: Snapshot): Snapshot {
  return {
    data: s.data === undefined ? undefined : s.data.slice(),
    metadata: {
      index: s.metadata.index,
      term: s.metadata.term,
      confState: cloneConfState(s.metadata.confState),
    },
  };
}
