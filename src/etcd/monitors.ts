/**
 * The timed GoAttach'd goroutines of EtcdServer.Start (spec §1.6), with their real periods and
 * log lines: purgeFile, monitorFileDescriptor, monitorClusterVersions (and
 * updateClusterVersionV3), monitorStorageVersion, monitorKVHash, monitorCompactHash,
 * monitorDowngrade.
 */
import { withTimeout } from '../sim/context';
import { recvCase, select } from '../sim/op';
import type { Proc } from '../sim/op';
import { after } from '../sim/time';
import { clusterVersion, monitorVersionIntervalUs, serverVersion } from './config';
import { ErrStopped } from './errors';
import { idString } from './ids';
import { majorMinor } from './version';
import type { EtcdServer } from './server';
import { raftRequest } from './v3_server';
import { zap } from './zap';

const at = (line: number): string => `etcdserver/server.go:${line}`;

/** purgeFileInterval (server.go) */
export const purgeFileIntervalUs = 30_000_000;
/** monitorFileDescriptor's period (metrics.go) */
export const fdCheckIntervalUs = 600_000_000;
/** DefaultDowngradeCheckTime (embed/config.go) */
export const downgradeCheckTimeUs = 5_000_000;
/** MaxSnapFiles / MaxWalFiles defaults */
const maxFiles = 5;

/**
 * purgeFile: three purgers (snap.db, snap, wal) that log once at start and then wake every
 * 30 s. Simplified: one goroutine stands for the three; the virtual disk keeps at most 5 .snap
 * files itself (VirtualDisk.release), so a wake-up deletes nothing.
 */
export function* purgeFile(s: EtcdServer): Proc {
  const dir = `${s.name}.etcd/member`;
  for (const [sub, suffix] of [
    ['snap', 'snap.db'],
    ['snap', 'snap'],
    ['wal', 'wal'],
  ] as const) {
    s.lg.info(
      'fileutil/purge.go:49',
      'started to purge file',
      zap.String('dir', `${dir}/${sub}`),
      zap.String('suffix', suffix),
      zap.Int('max', maxFiles),
      zap.Duration('interval', purgeFileIntervalUs),
    );
  }
  for (;;) {
    const sel = yield* select('EtcdServer.purgeFile/select', [
      recvCase(after(s.k, purgeFileIntervalUs)),
      recvCase(s.stopping),
    ]);
    if (sel.index === 1) return;
  }
}

/** monitorFileDescriptor: every 10 minutes; a virtual member never runs short of descriptors. */
export function* monitorFileDescriptor(s: EtcdServer): Proc {
  for (;;) {
    const sel = yield* select('EtcdServer.monitorFileDescriptor/select', [
      recvCase(after(s.k, fdCheckIntervalUs)),
      recvCase(s.stopping),
    ]);
    if (sel.index === 1) return;
  }
}

/**
 * monitorClusterVersions: on the first commit of a term, or every 4 s, the leader decides the
 * cluster version from every member's /version and proposes it when it is unset or lower.
 */
export function* monitorClusterVersions(s: EtcdServer): Proc {
  for (;;) {
    const sel = yield* select('EtcdServer.monitorClusterVersions/select', [
      recvCase(s.firstCommitInTerm.receive()),
      recvCase(after(s.k, monitorVersionIntervalUs)),
      recvCase(s.stopping),
    ]);
    if (sel.index === 2) {
      s.lg.info(at(2355), "server has stopped; stopping cluster version's monitor");
      return;
    }
    if (!s.isLeader()) continue;
    updateClusterVersionIfNeeded(s);
  }
}

/** version.Monitor.UpdateClusterVersionIfNeeded / decideClusterVersion (version/monitor.go). */
function updateClusterVersionIfNeeded(s: EtcdServer): void {
  const decided = decideClusterVersion(s);
  const cur = s.cluster.version();
  if (cur === undefined) {
    s.goAttach('updateClusterVersionV3', () => updateClusterVersionV3(s, decided ?? '3.0.0'));
    return;
  }
  if (decided !== undefined && compareVersions(majorMinor(cur), majorMinor(decided)) < 0) {
    s.goAttach('updateClusterVersionV3', () => updateClusterVersionV3(s, decided));
  }
}

/**
 * The lowest server version of the members (as major.minor.0), or undefined when one cannot be
 * reached. Simplified: /version is not an HTTP call; the cluster tells which members answer.
 */
function decideClusterVersion(s: EtcdServer): string | undefined {
  let min: string | undefined = majorMinorZero(serverVersion);
  for (const m of s.cluster.members()) {
    if (m.id === s.memberId) continue;
    const v = s.peerVersion(m.id);
    if (v === undefined) {
      const err = { message: `Get "${m.peerURLs[0] ?? ''}/version": dial tcp: connect: connection refused` };
      s.lg.warn(
        'etcdserver/cluster_util.go:288',
        'failed to reach the peer URL',
        zap.String('address', `${m.peerURLs[0] ?? ''}/version`),
        zap.String('remote-member-id', idString(m.id)),
        zap.Error(err),
      );
      s.lg.warn(
        'etcdserver/cluster_util.go:164',
        'failed to get version',
        zap.String('remote-member-id', idString(m.id)),
        zap.Error(err),
      );
      min = undefined;
      break;
    }
    const mv = majorMinorZero(v);
    if (min !== undefined && compareVersions(mv, min) < 0) min = mv;
  }
  return min;
}

function majorMinorZero(v: string): string {
  return `${majorMinor(v)}.0`;
}

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** updateClusterVersionV3: proposes ClusterVersionSet through raft. */
export function* updateClusterVersionV3(s: EtcdServer, ver: string): Proc {
  const cur = s.cluster.version();
  if (cur === undefined) {
    s.lg.info(
      at(2434),
      'setting up initial cluster version using v3 API',
      zap.String('cluster-version', majorMinor(ver)),
    );
  } else {
    s.lg.info(
      at(2438),
      'updating cluster version using v3 API',
      zap.String('from', majorMinor(cur)),
      zap.String('to', majorMinor(ver)),
    );
  }
  const [ctx, cancel] = withTimeout(s.k, s.ctx, s.reqTimeoutUs());
  const r = yield* raftRequest(s, ctx, { kind: 'clusterVersionSet', ver });
  cancel();
  if (r.ok) {
    s.lg.info(at(2454), 'cluster version is updated', zap.String('cluster-version', majorMinor(ver)));
  } else if (r.err === ErrStopped) {
    s.lg.warn(at(2458), 'aborting cluster version update; server is stopped', zap.Error(r.err));
  } else {
    s.lg.warn(at(2461), 'failed to update cluster version', zap.Error(r.err));
  }
}

/**
 * monitorStorageVersion: every 4 s, or when the cluster version changes, migrate the storage
 * schema to the cluster version (version/monitor.go:UpdateStorageVersionIfNeeded). Local only.
 */
export function* monitorStorageVersion(s: EtcdServer): Proc {
  for (;;) {
    const sel = yield* select('EtcdServer.monitorStorageVersion/select', [
      recvCase(after(s.k, monitorVersionIntervalUs)),
      recvCase(s.clusterVersionChanged.receive()),
      recvCase(s.stopping),
    ]);
    if (sel.index === 2) {
      s.lg.info(at(2373), "server has stopped; stopping storage version's monitor");
      return;
    }
    updateStorageVersionIfNeeded(s);
  }
}

function updateStorageVersionIfNeeded(s: EtcdServer): void {
  const cv = s.cluster.version();
  if (cv === undefined || cv === '3.0.0') return;
  const sv = s.backend.storageVersion;
  if (sv !== undefined && majorMinor(sv) === majorMinor(cv)) return;
  s.lg.info(
    'version/monitor.go:116',
    'cluster version differs from storage version.',
    zap.String('cluster-version', cv),
    zap.String('storage-version', sv ?? ''),
  );
  s.backend.storageVersion = cv;
  s.lg.info('schema/migration.go:65', 'updated storage version', zap.String('new-storage-version', cv));
}

/** monitorKVHash: CorruptCheckTime is 0 by default, so it returns at once (as upstream). */
export function* monitorKVHash(s: EtcdServer): Proc {
  void s;
  yield* [];
}

/** monitorCompactHash: the CompactHashCheck feature gate is off by default; returns at once. */
export function* monitorCompactHash(s: EtcdServer): Proc {
  void s;
  yield* [];
}

/** monitorDowngrade: every DowngradeCheckTime the leader would cancel a finished downgrade; none is ever enabled here. */
export function* monitorDowngrade(s: EtcdServer): Proc {
  for (;;) {
    const sel = yield* select('EtcdServer.monitorDowngrade/select', [
      recvCase(after(s.k, downgradeCheckTimeUs)),
      recvCase(s.stopping),
    ]);
    if (sel.index === 1) return;
  }
}

/** The cluster version a fresh cluster converges to. */
export const targetClusterVersion = clusterVersion;
