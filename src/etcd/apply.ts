/**
 * The apply pipeline (server/etcdserver/server.go: applyAll, applySnapshot, applyEntries,
 * apply, applyEntryNormal, applyConfChange, snapshotIfNeededAndCompactRaftLog, compactRaftLog,
 * sendMergedSnap; spec §3.2–§3.3). One applyAll job runs per Ready on the FIFO scheduler.
 */
import type { Chan } from '../sim/chan';
import { recvCase, select, sleep } from '../sim/op';
import type { Op, Proc } from '../sim/op';
import { after } from '../sim/time';
import { RaftPanic } from '../raft/logger';
import { unmarshalConfChangeV1 } from '../raft/raftpb/encoding';
import { ConfChangeType, EntryType, None } from '../raft/raftpb/types';
import type { ConfChange, ConfState, Entry, Message, Snapshot } from '../raft/raftpb/types';
import { isStorageError } from '../raft/storage';
import { releaseDelayAfterSnapshotUs } from './config';
import type { EtcdError } from './errors';
import { idString } from './ids';
import { unmarshalConfigChangeContext, validateConfigurationChange } from './membership';
import type { Member } from './membership';
import { hasNoSideEffect, unmarshalRaftRequest } from './raft_request';
import type { InternalRaftRequest } from './raft_request';
import type { ToApply } from './raftnode';
import type { ApplyResult, EtcdServer } from './server';
import { decodeSnapshotData, encodeSnapshotData } from './snapshot_data';
import { commitBackend, openSnapshotBackend } from './backend';
import { majorMinor } from './version';
import { zap } from './zap';

const at = (line: number): string => `etcdserver/server.go:${line}`;

/** etcdProgress: what the apply goroutine knows about its own progress. */
export interface EtcdProgress {
  confState: ConfState;
  diskSnapshotIndex: number;
  memorySnapshotIndex: number;
  appliedt: number;
  appliedi: number;
}

export function newEtcdProgress(sn: Snapshot): EtcdProgress {
  const md = sn.metadata;
  return {
    confState: md.confState,
    diskSnapshotIndex: md.index,
    memorySnapshotIndex: md.index,
    appliedt: md.term,
    appliedi: md.index,
  };
}

/** applyAll: A1–A7 of spec §3.2. */
export function* applyAll(s: EtcdServer, ep: EtcdProgress, ap: ToApply): Generator<Op, void, unknown> {
  yield* applySnapshot(s, ep, ap);
  yield* applyEntries(s, ep, ap);
  s.metrics.proposalsApplied = ep.appliedi;
  s.applyWait.trigger(ep.appliedi);
  // Wait for the Ready loop's disk writes, so a snapshot never runs ahead of raft's storage.
  yield* ap.notifyc.recvOk('EtcdServer.applyAll/notifyc');
  yield* snapshotIfNeededAndCompactRaftLog(s, ep);
  const sel = yield* select('EtcdServer.applyAll/msgSnapC', [recvCase(s.r.msgSnapC)], { default: true });
  if (sel.index === 0) sendMergedSnap(s, createMergedSnapshotMessage(s, sel.value as Message, ep));
}

function snapshotFields(ep: EtcdProgress, snap: Snapshot): ReturnType<typeof zap.Int>[] {
  return [
    zap.Int('current-snapshot-index', ep.diskSnapshotIndex),
    zap.Int('current-applied-index', ep.appliedi),
    zap.Int('incoming-leader-snapshot-index', snap.metadata.index),
    zap.Int('incoming-leader-snapshot-term', snap.metadata.term),
  ];
}

/** applySnapshot (A1): restores the stores from a leader's snapshot. */
function* applySnapshot(s: EtcdServer, ep: EtcdProgress, ap: ToApply): Generator<Op, void, unknown> {
  const snap = ap.snapshot;
  if (snap.metadata.index === 0) return;
  const lg = s.lg;
  lg.info(at(1020), 'applying snapshot', ...snapshotFields(ep, snap));
  if (snap.metadata.index <= ep.appliedi) {
    lg.panic(at(1029), 'unexpected leader snapshot from outdated index', ...snapshotFields(ep, snap));
  }
  // Wait until the Ready loop has made the snapshot durable (R9).
  yield* ap.notifyc.recvOk('EtcdServer.applySnapshot/notifyc');
  const data = decodeSnapshotData(snap.data);
  lg.info(at(1070), 'restoring mvcc store');
  // The consistent index is now the db's, which may be past snap.metadata.index (see
  // openSnapshotBackend): entries up to it are not applied to mvcc a second time.
  openSnapshotBackend(s.backend, data);
  lg.info(at(1076), 'restored mvcc store', zap.Int('consistent-index', s.kv.consistentIndex()));
  lg.info(at(1120), 'restoring cluster configuration');
  s.cluster.recover(data.members, data.clusterVersion);
  lg.info(at(1127), 'restored cluster configuration');
  lg.info(at(1131), 'removing old peers from network');
  lg.info(at(1135), 'removed old peers from network');
  lg.info(at(1138), 'adding peers from new cluster configuration');
  for (const m of data.members) if (m.id !== s.memberId) s.transport.addPeer(m.id, m.peerURLs);
  lg.info(at(1147), 'added peers from new cluster configuration');
  ep.appliedt = snap.metadata.term;
  ep.appliedi = snap.metadata.index;
  ep.diskSnapshotIndex = snap.metadata.index;
  ep.memorySnapshotIndex = snap.metadata.index;
  ep.confState = snap.metadata.confState;
  lg.info(at(1160), 'applied snapshot', ...snapshotFields(ep, snap));
  s.observer?.observe({ kind: 'snapshot', phase: 'applied', index: snap.metadata.index });
}

/** applyEntries (A2) */
function* applyEntries(s: EtcdServer, ep: EtcdProgress, ap: ToApply): Generator<Op, void, unknown> {
  const first = ap.entries[0];
  if (first === undefined) return;
  if (first.index > ep.appliedi + 1) {
    s.lg.panic(
      at(1195),
      'unexpected committed entry index',
      zap.Int('current-applied-index', ep.appliedi),
      zap.Int('first-committed-entry-index', first.index),
    );
  }
  const ents = ap.entries.slice(ep.appliedi + 1 - first.index);
  if (ents.length === 0) return;
  const r = yield* apply(s, ents, ep, ap.raftAdvancedC);
  ep.appliedt = r.term;
  ep.appliedi = r.index;
  if (r.shouldStop) s.go(`${s.name} stopWithDelay`, stopWithDelay(s, 1_000_000));
}

/** stopWithDelay: a removed member stops itself a second later. */
function* stopWithDelay(s: EtcdServer, delayUs: number): Proc {
  const sel = yield* select('EtcdServer.stopWithDelay/select', [
    recvCase(after(s.k, delayUs)),
    recvCase(s.done),
  ]);
  if (sel.index === 1) return;
  s.k.trySend(s.errorc, {
    kind: 'stopped',
    message: 'the member has been permanently removed from the cluster',
  } as EtcdError);
}

/** apply: every entry in order; appliedIndex moves one entry at a time (spec §3.3). */
function* apply(
  s: EtcdServer,
  ents: readonly Entry[],
  ep: EtcdProgress,
  raftAdvancedC: Chan<undefined>,
): Generator<Op, { term: number; index: number; shouldStop: boolean }, unknown> {
  let shouldStop = false;
  let term = ep.appliedt;
  let index = ep.appliedi;
  const applyUs = s.cfg.sim.applyUsPerEntry;
  for (const e of ents) {
    // The simulator's per-entry apply time (a "slow apply" knob).
    if (applyUs > 0) yield* sleep(applyUs, 'EtcdServer.apply/entry');
    const shouldApplyV3 = e.index > s.kv.consistentIndex();
    if (shouldApplyV3) s.kv.setConsistentIndex(e.index, e.term);
    if (e.type === EntryType.EntryNormal) {
      applyEntryNormal(s, e, shouldApplyV3);
    } else if (e.type === EntryType.EntryConfChange) {
      const cc = unmarshalConfChangeV1(e.data);
      const [removedSelf, err] = yield* applyConfChange(s, cc, ep, shouldApplyV3);
      shouldStop ||= removedSelf;
      s.w.trigger(cc.id, { kind: 'confChange', members: s.cluster.members(), raftAdvancedC, err });
    } else {
      s.lg.panic(
        at(1940),
        'unknown entry type; must be either EntryNormal or EntryConfChange',
        zap.String('type', String(e.type)),
      );
    }
    s.appliedIndex = e.index;
    s.observer?.observe({ kind: 'applied', index: e.index });
    s.term = e.term;
    term = e.term;
    index = e.index;
  }
  return { term, index, shouldStop };
}

/** applyEntryNormal (spec §3.3.1) */
function applyEntryNormal(s: EtcdServer, e: Entry, shouldApplyV3: boolean): void {
  if (e.data === undefined || e.data.length === 0) {
    // The leader's empty entry of a new term: reads waiting for it resend their ReadIndex.
    s.firstCommitInTerm.notify();
    return;
  }
  const req = unmarshalRaftRequest(e.data);
  let id = req.id;
  if (id === 0n) {
    if (req.header === undefined) s.lg.panic(at(1985), 'applyEntryNormal, could not find a header');
    id = req.header.id;
  }
  const needResult = s.w.isRegistered(id);
  let ar: ApplyResult | undefined;
  if (needResult || !hasNoSideEffect(req.body)) ar = applyInternalRaftRequest(s, req, shouldApplyV3);
  if (!shouldApplyV3 || ar === undefined) return;
  // The NOSPACE alarm path is not modelled: there is no backend quota.
  s.w.trigger(id, ar);
}

/** applyInternalRaftRequest: membership requests to the cluster, the rest to mvcc. */
function applyInternalRaftRequest(
  s: EtcdServer,
  req: InternalRaftRequest,
  shouldApplyV3: boolean,
): ApplyResult | undefined {
  const b = req.body;
  switch (b.kind) {
    case 'clusterMemberAttrSet':
      s.cluster.updateAttributes(b.memberId, {
        name: b.attributes.name,
        clientURLs: b.attributes.clientUrls,
      });
      s.backend.members.splice(0, s.backend.members.length, ...s.cluster.members());
      return { resp: { kind: 'empty' }, err: undefined };
    case 'clusterVersionSet':
      s.cluster.setVersion(b.ver, (ver) => {
        s.lg.info(
          'api/capability.go:76',
          'enabled capabilities for version',
          zap.String('cluster-version', majorMinor(ver)),
        );
        s.clusterVersionChanged.notify();
      });
      s.backend.clusterVersion = b.ver;
      return { resp: { kind: 'empty' }, err: undefined };
    default:
      break;
  }
  if (!shouldApplyV3) return undefined;
  switch (b.kind) {
    case 'put': {
      const r = s.kv.put(b.put.key, b.put.value, b.put.lease);
      return {
        resp: { kind: 'put', header: s.header(r.rev), prevKv: b.put.prevKv ? r.prevKv : undefined },
        err: undefined,
      };
    }
    case 'deleteRange': {
      const end = b.deleteRange.rangeEnd;
      const r = s.kv.deleteRange(b.deleteRange.key, end.length > 0 ? end : undefined);
      return { resp: { kind: 'deleteRange', header: s.header(r.rev), deleted: r.deleted }, err: undefined };
    }
    case 'range': {
      const end = b.range.rangeEnd;
      const r = s.kv.range(b.range.key, end.length > 0 ? { rangeEnd: end } : {});
      if (!r.ok)
        return { resp: undefined, err: { kind: 'key-not-found', message: r.err.message } as EtcdError };
      return {
        resp: { kind: 'range', header: s.header(r.result.rev), kvs: r.result.kvs, count: r.result.count },
        err: undefined,
      };
    }
  }
}

/**
 * Validation against the members bucket of the backend (cluster.go:ValidateConfigurationChange):
 * the members whose conf change entries this member has applied. A fresh backend has no members,
 * which is why a new cluster's bootstrap entries pass, and a joining member's too.
 */
function validateConfChange(s: EtcdServer, cc: ConfChange): EtcdError | undefined {
  const members: Member[] = [];
  for (const id of s.backendMembers) {
    const m = s.cluster.member(id);
    if (m !== undefined) members.push(m);
  }
  return validateConfigurationChange(
    cc,
    { members, isRemoved: (id) => s.cluster.isIDRemoved(id) },
    s.cluster.maxLearners,
    s.lg,
  );
}

/** applyConfChange (spec §3.3.2): returns [removedSelf, err]. */
function* applyConfChange(
  s: EtcdServer,
  cc: ConfChange,
  ep: EtcdProgress,
  shouldApplyV3: boolean,
): Generator<Op, [boolean, EtcdError | undefined], unknown> {
  const err = shouldApplyV3 ? validateConfChange(s, cc) : undefined;
  if (err !== undefined) {
    s.lg.info(
      at(2110),
      'Validation on configuration change failed',
      zap.Bool('shouldApplyV3', shouldApplyV3),
      zap.Error(err),
    );
    // A no-op conf change keeps raft's view of applied conf changes in step.
    yield* s.r.node.applyConfChange({ ...cc, nodeID: None });
    return [false, err];
  }
  ep.confState = yield* s.r.node.applyConfChange(cc);
  const ctx = unmarshalConfigChangeContext(cc.context);
  switch (cc.type) {
    case ConfChangeType.ConfChangeAddNode:
    case ConfChangeType.ConfChangeAddLearnerNode: {
      if (ctx === undefined) s.lg.panic(at(2135), 'failed to unmarshal member');
      if (ctx.isPromote) {
        s.cluster.promoteMember(cc.nodeID);
      } else {
        s.cluster.addMember(ctx.member, shouldApplyV3);
        if (cc.nodeID !== s.memberId) s.transport.addPeer(cc.nodeID, ctx.member.peerURLs);
      }
      s.backendMembers.add(cc.nodeID);
      break;
    }
    case ConfChangeType.ConfChangeRemoveNode:
      s.cluster.removeMember(cc.nodeID, shouldApplyV3);
      s.backendMembers.delete(cc.nodeID);
      if (cc.nodeID === s.memberId) return [true, undefined];
      s.transport.removePeer(cc.nodeID);
      break;
    case ConfChangeType.ConfChangeUpdateNode:
      if (ctx === undefined) s.lg.panic(at(2160), 'failed to unmarshal member');
      s.cluster.updateRaftAttributes(cc.nodeID, {
        peerURLs: ctx.member.peerURLs,
        isLearner: ctx.member.isLearner,
      });
      s.transport.updatePeer(cc.nodeID, ctx.member.peerURLs);
      break;
  }
  s.backend.members.splice(0, s.backend.members.length, ...s.cluster.members());
  return [false, undefined];
}

/** snapshotIfNeededAndCompactRaftLog (A6) */
function* snapshotIfNeededAndCompactRaftLog(s: EtcdServer, ep: EtcdProgress): Generator<Op, void, unknown> {
  const toDisk =
    (s.forceDiskSnapshot && ep.appliedi !== ep.diskSnapshotIndex) ||
    ep.appliedi - ep.diskSnapshotIndex > s.cfg.snapshotCount;
  const toMemory = ep.appliedi > ep.memorySnapshotIndex + s.cfg.memorySnapshotCount;
  if (!toDisk && !toMemory) return;
  yield* snapshot(s, ep, toDisk);
  compactRaftLog(s, ep.appliedi);
}

/**
 * The snapshot's data. Upstream's in-memory snapshot holds only the v2 membership data (server.go
 * snapshot: GetMembershipInfoInV2Format); the v3 state lives in the db file, which the model
 * stands in for by adding the store only where a db file would be read: the .snap saved to disk
 * and the merged snapshot sent to a follower (every MsgSnap is diverted to the merged path). So a
 * memory-only snapshot, taken every memorySnapshotCount entries, does not serialise the store.
 */
function snapshotBytes(s: EtcdServer, withKv = true): Uint8Array {
  return encodeSnapshotData({
    kv: withKv ? s.kv.snapshotData() : new Uint8Array(0),
    members: s.cluster.members(),
    clusterVersion: s.cluster.version(),
  });
}

/** snapshot: an in-memory raft snapshot, and with toDisk a .snap file too. */
function* snapshot(s: EtcdServer, ep: EtcdProgress, toDisk: boolean): Generator<Op, void, unknown> {
  if (toDisk) {
    s.lg.info(
      at(2214),
      'triggering snapshot',
      s.localMemberField(),
      zap.Int('local-member-applied-index', ep.appliedi),
      zap.Int('local-member-snapshot-index', ep.diskSnapshotIndex),
      zap.Int('local-member-snapshot-count', s.cfg.snapshotCount),
      zap.Bool('snapshot-forced', s.forceDiskSnapshot),
    );
    s.forceDiskSnapshot = false;
    // KV().Commit(): the consistent index on disk catches up before the snapshot is saved.
    commitBackend(s.backend);
  }
  let snap: Snapshot;
  try {
    snap = s.r.raftStorage.createSnapshot(ep.appliedi, ep.confState, snapshotBytes(s, toDisk));
  } catch (e) {
    if (isStorageError(e, 'snap-out-of-date')) return;
    if (e instanceof RaftPanic) throw e;
    s.lg.panic(
      at(2240),
      'failed to create snapshot',
      zap.Error({ message: e instanceof Error ? e.message : String(e) }),
    );
  }
  ep.memorySnapshotIndex = ep.appliedi;
  if (!toDisk) return;
  yield* s.disk.saveSnap(snap);
  ep.diskSnapshotIndex = ep.appliedi;
  s.disk.release(snap);
  s.lg.info(at(2262), 'saved snapshot to disk', zap.Int('snapshot-index', snap.metadata.index));
}

/** compactRaftLog: keep SnapshotCatchUpEntries entries for slow followers. */
function compactRaftLog(s: EtcdServer, snapi: number): void {
  if (s.inflightSnapshots !== 0) {
    s.lg.info(at(2272), 'skip compaction since there is an inflight snapshot');
    return;
  }
  const compacti = snapi > s.cfg.snapshotCatchUpEntries ? snapi - s.cfg.snapshotCatchUpEntries : 1;
  try {
    s.r.raftStorage.compact(compacti);
  } catch (e) {
    if (!isStorageError(e, 'compacted')) throw e;
  }
}

/** createMergedSnapshotMessage: the leader's state at appliedi, for a follower too far behind. */
function createMergedSnapshotMessage(s: EtcdServer, m: Message, ep: EtcdProgress): Message {
  const snapshot: Snapshot = {
    data: snapshotBytes(s),
    metadata: { index: ep.appliedi, term: ep.appliedt, confState: ep.confState },
  };
  return { ...m, snapshot };
}

/**
 * sendMergedSnap: holds off log compaction while the snapshot is in flight. Simplified: the
 * transport reports the outcome to raft only, so the hold always lasts releaseDelayAfterSnapshot.
 */
function sendMergedSnap(s: EtcdServer, m: Message): void {
  s.inflightSnapshots++;
  s.transport.sendSnapshot(m);
  s.observer?.observe({ kind: 'snapshot', phase: 'sent', index: m.snapshot?.metadata.index ?? 0 });
  const size = m.snapshot?.data?.length ?? 0;
  s.lg.info(
    at(1870),
    'sending merged snapshot',
    zap.String('from', idString(m.from)),
    zap.String('to', idString(m.to)),
    zap.Int('bytes', size),
    zap.String('size', `${size} B`),
  );
  const startUs = s.k.nowUs;
  s.go(
    `${s.name} sendMergedSnap`,
    (function* (): Proc {
      yield* sleep(releaseDelayAfterSnapshotUs, 'EtcdServer.sendMergedSnap/release-delay');
      s.inflightSnapshots--;
      s.lg.info(
        at(1890),
        'sent merged snapshot',
        zap.String('from', idString(m.from)),
        zap.String('to', idString(m.to)),
        zap.Int('bytes', size),
        zap.String('size', `${size} B`),
        zap.Duration('took', s.k.nowUs - startUs),
      );
    })(),
  );
}
