/**
 * bootstrap (server/etcdserver/bootstrap.go) and NewServer (server.go): builds a member from its
 * data dir. A fresh data dir bootstraps a new cluster from an --initial-cluster style list
 * (bootstrapNewClusterNoWAL); a data dir with a WAL restarts from it (bootstrapClusterWithWAL,
 * bootstrapRaftFromWAL): the newest .snap file, the HardState and the entries after it.
 *
 * The bbolt db is modelled by `Backend` (backend.ts): it survives a crash as of its last batch
 * commit (every 100 ms), so a restart re-applies from the WAL what the crash took from the db.
 * A fresh data dir with --initial-cluster-state=existing joins a running cluster instead
 * (bootstrapExistingClusterNoWAL, in bootstrap_join.ts) and starts raft with no peers.
 * Simplified: asking remote peers whether this member is already bootstrapped is not modelled.
 */
import type { Kernel } from '../sim/kernel';
import type { Op } from '../sim/op';
import { restartNode, startNode } from '../raft/node';
import type { Node } from '../raft/node';
import type { Config as RaftConfig } from '../raft/raft';
import type { Peer } from '../raft/rawnode';
import { MemoryStorage } from '../raft/storage';
import type { PeerNetwork } from './peer_network';
import type { ServerConfig } from './config';
import { electionTicks, recommendedMaxRequestBytes, serverVersion } from './config';
import type { VirtualDisk } from './disk';
import { idString } from './ids';
import { RaftCluster, marshalMember } from './membership';
import type { Member } from './membership';
import { KVStore } from './mvcc';
import { EtcdServer } from './server';
import { Transport } from './transport';
import type { PeerMessage } from './transport';
import { newRaftLoggerZap, zap } from './zap';
import type { ZapLogger } from './zap';
import { decodeSnapshotData } from './snapshot_data';
import { backendRun, commitBackend, openSnapshotBackend } from './backend';
import type { Backend } from './backend';
import { majorMinor } from './version';
import { bootstrapExistingClusterNoWAL } from './bootstrap_join';
import type { MemberObserver } from './observation';

/** A member's data dir: the WAL and .snap files on a virtual disk, and the backend db. */
export interface DataDir {
  readonly disk: VirtualDisk;
  backend: Backend | null;
}

export interface MemberSetup {
  readonly kernel: Kernel;
  readonly cfg: ServerConfig;
  readonly lg: ZapLogger;
  readonly dataDir: DataDir;
  readonly network: PeerNetwork<PeerMessage>;
  /** --initial-cluster: name → peer URLs, in the flag's order. */
  readonly initialCluster: readonly (readonly [string, readonly string[]])[];
  readonly clientURLs: readonly string[];
  readonly alive: () => boolean;
  readonly peerVersion: (id: bigint) => string | undefined;
  /** Delay between both ends serving and the peer stream counting as connected (µs). */
  readonly connectDelayUs: number;
  /** --initial-cluster-state (default new). */
  readonly initialClusterState?: 'new' | 'existing';
  /** The running member serving peer HTTP at a URL, if this member can reach it now. */
  readonly peerServer?: (url: string) => EtcdServer | undefined;
  /** Told of the member's role changes, Readys, proposals, applies (see observation.ts). */
  readonly observer?: MemberObserver | undefined;
}

/** What NewServer gives back: the server, or the error bootstrap failed with. */
export type NewServerResult =
  { readonly ok: true; readonly server: EtcdServer } | { readonly ok: false; readonly err: string };

const at = (line: number): string => `etcdserver/bootstrap.go:${line}`;

/** NewServer: bootstrap, then the raft node, stores and transport (spec §1.3–§1.4). */
export function* newServer(o: MemberSetup): Generator<Op, NewServerResult, unknown> {
  const lg = o.lg;
  const { cfg, dataDir } = o;
  if (cfg.maxRequestBytes > recommendedMaxRequestBytes) {
    lg.warn(at(60), 'exceeded recommended request limit', zap.Int('max-request-bytes', cfg.maxRequestBytes));
  }
  const haveWAL = dataDir.disk.walExist();
  const be = dataDir.backend ?? newBackend();
  dataDir.backend = be;
  lg.info(
    'storage/backend.go:80',
    'opened backend db',
    zap.String('path', `${cfg.name}.etcd/member/snap/db`),
    zap.Duration('took', 0),
  );
  lg.info(at(220), 'restore consistentIndex', zap.Int('index', be.kv.consistentIndex()));
  const boot = haveWAL ? bootstrapFromWAL(o, be) : undefined;
  lg.info(at(94), 'bootstrapping cluster');
  const bc = bootstrapCluster(o, be, boot);
  if (!bc.ok) {
    lg.error('etcdserver/server.go:309', 'bootstrap failed', zap.Error({ message: bc.err }));
    return bc;
  }
  const { cluster, remotes, joining } = bc.value;
  lg.info(at(101), 'bootstrapping storage');
  if (!haveWAL) yield* dataDir.disk.createWAL(cluster.localID, cluster.cid);
  lg.info(at(109), 'bootstrapping raft');
  const raftStorage = new MemoryStorage();
  if (boot === undefined) {
    lg.info(
      at(499),
      'starting local member',
      zap.String('local-member-id', idString(cluster.localID)),
      zap.String('cluster-id', idString(cluster.cid)),
    );
  } else {
    if (boot.read.snapshot !== undefined) raftStorage.applySnapshot(boot.read.snapshot);
    raftStorage.setHardState(boot.read.hardState);
    raftStorage.append(boot.read.entries);
  }
  lg.info('etcdserver/server.go:312', 'bootstrap successfully');
  const raftCfg = raftConfig(cfg, cluster.localID, raftStorage, lg);
  const observer = o.observer;
  if (observer !== undefined) raftCfg.onRoleChange = (change) => observer.observe({ kind: 'role', change });
  // newRaftNode: StartNode with the members as peers for a new cluster; RestartNode when there
  // are no peers, i.e. after a restart and for a member joining a running cluster.
  const node =
    boot === undefined && !joining
      ? startNode(o.kernel, raftCfg, peersOf(cluster))
      : restartNode(o.kernel, raftCfg);
  lg.warn('auth/store.go:1137', 'simple token is not cryptographically signed');
  lg.info('mvcc/kvstore.go:408', 'kvstore restored', zap.Int64('current-rev', be.kv.rev));
  return { ok: true, server: buildServer(o, cluster, remotes, node, raftStorage, be) };
}

interface BootstrappedCluster {
  readonly cluster: RaftCluster;
  readonly remotes: readonly Member[];
  readonly joining: boolean;
}

/** bootstrapCluster: restart from the WAL, join a running cluster, or start a new one. */
function bootstrapCluster(
  o: MemberSetup,
  be: Backend,
  boot: WALBoot | undefined,
): { readonly ok: true; readonly value: BootstrappedCluster } | { readonly ok: false; readonly err: string } {
  if (boot !== undefined) {
    const cluster = recoverCluster(o, be, boot.memberId, boot.clusterId);
    return { ok: true, value: { cluster, remotes: [], joining: false } };
  }
  if (o.initialClusterState !== 'existing') {
    return { ok: true, value: { cluster: newCluster(o), remotes: [], joining: false } };
  }
  const j = bootstrapExistingClusterNoWAL({
    lg: o.lg,
    name: o.cfg.name,
    initialClusterToken: o.cfg.initialClusterToken,
    maxLearners: o.cfg.maxLearners,
    initialCluster: o.initialCluster,
    peerServer: o.peerServer ?? ((): undefined => undefined),
  });
  if (!j.ok) return j;
  return { ok: true, value: { ...j.value, joining: true } };
}

function newBackend(): Backend {
  const be: Backend = {
    kv: new KVStore(),
    members: [],
    backendMembers: new Set(),
    clusterVersion: undefined,
    // A fresh v3.6 db is detected as schema 3.5 until the monitor migrates it (spec §6 #53).
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

/** raftConfig (bootstrap.go): etcd's fixed raft settings (HeartbeatTick is 1 unless cfg.heartbeatTick says otherwise). */
function raftConfig(cfg: ServerConfig, id: bigint, storage: MemoryStorage, lg: ZapLogger): RaftConfig {
  return {
    id,
    electionTick: electionTicks(cfg),
    heartbeatTick: cfg.heartbeatTick,
    storage,
    maxSizePerMsg: cfg.maxSizePerMsg,
    maxInflightMsgs: cfg.maxInflightMsgs,
    checkQuorum: cfg.checkQuorum,
    preVote: cfg.preVote,
    logger: newRaftLoggerZap(lg),
  };
}

/** bootstrapRaftFromCluster: one peer per member, ascending ID, with the member JSON as context. */
function peersOf(cluster: RaftCluster): Peer[] {
  return cluster.members().map((m) => ({ id: m.id, context: marshalMember(m) }));
}

function newCluster(o: MemberSetup): RaftCluster {
  const cluster = RaftCluster.fromURLsMap(
    o.lg,
    o.cfg.initialClusterToken,
    o.initialCluster,
    o.cfg.maxLearners,
  );
  const self = cluster.memberByName(o.cfg.name);
  if (self === undefined)
    throw new Error(`couldn't find local name "${o.cfg.name}" in the initial cluster configuration`);
  cluster.setID(self.id, cluster.cid);
  return cluster;
}

interface WALBoot {
  readonly memberId: bigint;
  readonly clusterId: bigint;
  readonly read: ReturnType<VirtualDisk['readAll']>;
}

/** recoverSnapshot + bootstrapWALFromSnapshot: what a restart reads back (spec §1.3). */
function bootstrapFromWAL(o: MemberSetup, be: Backend): WALBoot {
  const lg = o.lg;
  const read = o.dataDir.disk.readAll();
  const snap = read.snapshot;
  if (snap === undefined) {
    lg.info(at(436), 'No snapshot found. Recovering WAL from scratch!');
  } else {
    lg.info(
      at(411),
      'recovered v2 store from snapshot',
      zap.Int('snapshot-index', snap.metadata.index),
      zap.Int('snapshot-size', snap.data?.length ?? 0),
    );
    if (be.kv.consistentIndex() >= snap.metadata.index) {
      lg.info(
        'storage/backend.go:100',
        'Skipping snapshot backend',
        zap.Int('consistent-index', be.kv.consistentIndex()),
        zap.Int('snapshot-index', snap.metadata.index),
      );
    } else {
      lg.info(
        'storage/backend.go:104',
        'Recovering from snapshot backend',
        zap.Int('consistent-index', be.kv.consistentIndex()),
        zap.Int('snapshot-index', snap.metadata.index),
      );
      const data = decodeSnapshotData(snap.data);
      openSnapshotBackend(be, data);
    }
  }
  lg.info(
    at(226),
    'recovered v3 backend',
    zap.Int64('backend-size-bytes', be.kv.rev),
    zap.Int64('current-rev', be.kv.rev),
  );
  lg.info(at(113), 'Bootstrapping WAL from snapshot');
  lg.info(
    at(600),
    'restarting local member',
    zap.String('cluster-id', idString(read.clusterID)),
    zap.String('local-member-id', idString(read.nodeID)),
    zap.Int('commit-index', read.hardState.commit),
  );
  return { memberId: read.nodeID, clusterId: read.clusterID, read };
}

/** bootstrapClusterWithWAL + cluster.Recover: the members and version come from the backend. */
function recoverCluster(o: MemberSetup, be: Backend, memberId: bigint, clusterId: bigint): RaftCluster {
  const lg = o.lg;
  const cluster = new RaftCluster(lg, o.cfg.initialClusterToken, o.cfg.maxLearners);
  cluster.setID(memberId, clusterId);
  cluster.recover(be.members, be.clusterVersion);
  if (be.clusterVersion !== undefined) {
    lg.info(
      'api/capability.go:76',
      'enabled capabilities for version',
      zap.String('cluster-version', majorMinor(be.clusterVersion)),
    );
  }
  for (const m of be.members) {
    lg.info(
      'membership/cluster.go:287',
      'recovered/added member from store',
      zap.String('cluster-id', idString(clusterId)),
      zap.String('local-member-id', idString(memberId)),
      zap.String('recovered-remote-peer-id', idString(m.id)),
      zap.Strings('recovered-remote-peer-urls', m.peerURLs),
      zap.Bool('recovered-remote-peer-is-learner', m.isLearner),
    );
  }
  if (be.clusterVersion !== undefined) {
    lg.info(
      'membership/cluster.go:294',
      'set cluster version from store',
      zap.String('cluster-version', majorMinor(be.clusterVersion)),
    );
  }
  return cluster;
}

/** The rest of NewServer: the server struct, its transport and the peers (spec §1.4 step 13). */
function buildServer(
  o: MemberSetup,
  cluster: RaftCluster,
  remotes: readonly Member[],
  node: Node,
  raftStorage: MemoryStorage,
  be: Backend,
): EtcdServer {
  let server: EtcdServer | null = null;
  const get = (): EtcdServer => {
    if (server === null) throw new Error('transport used before NewServer finished');
    return server;
  };
  const transport = new Transport({
    kernel: o.kernel,
    network: o.network,
    id: cluster.localID,
    clusterID: cluster.cid,
    lg: o.lg,
    connectDelayUs: o.connectDelayUs,
    raft: {
      process: (m) => get().process(m),
      isIDRemoved: (id) => cluster.isIDRemoved(id),
      reportUnreachable: (id) => node.reportUnreachable(id),
      reportSnapshot: (id, status) => node.reportSnapshot(id, status),
    },
  });
  server = new EtcdServer({
    kernel: o.kernel,
    cfg: o.cfg,
    lg: o.lg,
    memberId: cluster.localID,
    cluster,
    node,
    raftStorage,
    disk: o.dataDir.disk,
    transport,
    backend: be,
    peerVersion: o.peerVersion,
    alive: o.alive,
    clientURLs: o.clientURLs,
    ...(o.peerServer === undefined ? {} : { peerServer: o.peerServer }),
    ...(o.observer === undefined ? {} : { observer: o.observer }),
  });
  be.closed = false;
  server.go(`${o.cfg.name} backend.run`, backendRun(be));
  transport.start();
  for (const m of remotes) {
    if (m.id !== cluster.localID) transport.addRemote(m.id, m.peerURLs);
  }
  for (const m of cluster.members()) {
    if (m.id !== cluster.localID) transport.addPeer(m.id, m.peerURLs);
  }
  return server;
}

/** The version this binary reports on /version. */
export const localServerVersion = serverVersion;
