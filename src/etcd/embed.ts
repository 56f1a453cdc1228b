/**
 * The etcd process around one member (server/etcdmain/etcd.go:startEtcd, server/embed/etcd.go:
 * StartEtcd, embed/serve.go): the start-up log lines, NewServer, EtcdServer.Start, serving peer
 * traffic (from then on the member accepts raft streams), serving clients once the member has
 * published itself, and notifying the init daemon (spec §1.2, §6 phases A–C and H).
 *
 * Simplified: listeners, cmux, gRPC and metrics are log lines only.
 */
import { recvCase, select, step } from '../sim/op';
import type { Op, Proc } from '../sim/op';
import { serverVersion } from './config';
import { newServer } from './bootstrap';
import type { MemberSetup } from './bootstrap';
import type { EtcdServer } from './server';
import { startServer } from './server_start';
import { zap } from './zap';

export interface EtcdProcessSetup extends MemberSetup {
  readonly peerURLs: readonly string[];
  /** Called once NewServer has built the server (the cluster keeps a handle for clients and the UI). */
  readonly onServer: (s: EtcdServer) => void;
}

function hostPort(url: string): string {
  return url.replace(/^[a-z]+:\/\//, '');
}

function initialClusterFlag(o: EtcdProcessSetup): string {
  return o.initialCluster.map(([name, urls]) => urls.map((u) => `${name}=${u}`).join(',')).join(',');
}

function clusterState(o: EtcdProcessSetup): 'new' | 'existing' {
  return o.initialClusterState ?? 'new';
}

/** Phase A: what etcdmain and embed log before NewServer. */
function logProcessStart(o: EtcdProcessSetup, initialized: boolean): void {
  const lg = o.lg;
  const cfg = o.cfg;
  const dataDir = `${cfg.name}.etcd`;
  const args = [
    'etcd',
    `--name=${cfg.name}`,
    `--listen-client-urls=${o.clientURLs.join(',')}`,
    `--advertise-client-urls=${o.clientURLs.join(',')}`,
    `--listen-peer-urls=${o.peerURLs.join(',')}`,
    `--initial-advertise-peer-urls=${o.peerURLs.join(',')}`,
    `--initial-cluster-token=${cfg.initialClusterToken}`,
    `--initial-cluster=${initialClusterFlag(o)}`,
    `--initial-cluster-state=${clusterState(o)}`,
  ];
  lg.info('etcdmain/etcd.go:64', 'Running: ', zap.Strings('args', args));
  if (initialized) {
    lg.info(
      'etcdmain/etcd.go:107',
      'server has already been initialized',
      zap.String('data-dir', dataDir),
      zap.String('dir-type', 'member'),
    );
  } else {
    lg.info(
      'etcdmain/etcd.go:124',
      'Initialize and start etcd server',
      zap.String('data-dir', dataDir),
      zap.String('dir-type', 'empty'),
    );
  }
  lg.info('embed/etcd.go:138', 'configuring peer listeners', zap.Strings('listen-peer-urls', o.peerURLs));
  lg.info(
    'embed/etcd.go:146',
    'configuring client listeners',
    zap.Strings('listen-client-urls', o.clientURLs),
  );
  lg.info(
    'embed/etcd.go:323',
    'starting an etcd server',
    zap.String('etcd-version', serverVersion),
    zap.Bool('member-initialized', initialized),
    zap.String('name', cfg.name),
    zap.String('data-dir', dataDir),
    zap.String('member-dir', `${dataDir}/member`),
    zap.Bool('force-new-cluster', false),
    zap.Duration('heartbeat-interval', cfg.tickMs * 1000),
    zap.Duration('election-timeout', cfg.electionMs * 1000),
    zap.Bool('initial-election-tick-advance', cfg.initialElectionTickAdvance),
    zap.Int('snapshot-count', cfg.snapshotCount),
    zap.Int('snapshot-catchup-entries', cfg.snapshotCatchUpEntries),
    zap.Strings('initial-advertise-peer-urls', o.peerURLs),
    zap.Strings('listen-peer-urls', o.peerURLs),
    zap.Strings('advertise-client-urls', o.clientURLs),
    zap.Strings('listen-client-urls', o.clientURLs),
    zap.String('initial-cluster', initialized ? '' : initialClusterFlag(o)),
    zap.String('initial-cluster-state', clusterState(o)),
    zap.String('initial-cluster-token', initialized ? '' : cfg.initialClusterToken),
    zap.Int64('quota-backend-bytes', cfg.quotaBackendBytes),
    zap.Int('max-request-bytes', cfg.maxRequestBytes),
    zap.Bool('pre-vote', cfg.preVote),
  );
}

/**
 * startEtcd: the member's main goroutine; returns once the member is serving (or has stopped),
 * or at once when NewServer failed (the process has exited; onServer was never called).
 */
export function* startEtcd(o: EtcdProcessSetup): Generator<Op, void, unknown> {
  const lg = o.lg;
  logProcessStart(o, o.dataDir.disk.walExist());
  const r = yield* newServer(o);
  if (!r.ok) {
    // etcdmain: a failed bootstrap is fatal; the process exits.
    lg.fatalExit('etcdmain/etcd.go:183', 'discovery failed', zap.Error({ message: r.err }));
    return;
  }
  const s = r.server;
  o.onServer(s);
  startServer(s);
  // Start's goroutines get going while StartEtcd moves on to serving peers (spec §6 phase C order).
  yield* step('embed.StartEtcd/start');
  // servePeers: from now on the other members' dials to this one succeed.
  s.transport.servePeers();
  for (const u of o.peerURLs) {
    lg.info('embed/etcd.go:640', 'serving peer traffic', zap.String('address', hostPort(u)));
    lg.info('embed/etcd.go:611', 'cmux::serve', zap.String('address', hostPort(u)));
  }
  for (const u of o.clientURLs) s.go(`${s.name} serveClients`, serveClients(s, u));
  lg.info(
    'embed/etcd.go:292',
    'now serving peer/client/metrics',
    s.localMemberField(),
    zap.Strings('initial-advertise-peer-urls', o.peerURLs),
    zap.Strings('listen-peer-urls', o.peerURLs),
    zap.Strings('advertise-client-urls', o.clientURLs),
    zap.Strings('listen-client-urls', o.clientURLs),
    zap.Strings('listen-metrics-urls', []),
  );
  // etcdmain waits for ReadyNotify only after StartEtcd returned, i.e. after the client
  // listeners are already waiting, so they log `ready to serve client requests` first.
  yield* step('etcdmain.startEtcd/return');
  const sel = yield* select('etcdmain.startEtcd/select', [recvCase(s.readych), recvCase(s.done)]);
  if (sel.index !== 0) return;
  lg.info('etcdmain/main.go:44', 'notifying init daemon');
  lg.info('etcdmain/main.go:50', 'successfully notified init daemon');
}

/** embed serve(): a client listener starts answering once the member has published itself. */
function* serveClients(s: EtcdServer, url: string): Proc {
  const sel = yield* select('embed.serve/select', [recvCase(s.readych), recvCase(s.stopping)]);
  if (sel.index !== 0) return;
  s.lg.info('embed/serve.go:139', 'ready to serve client requests');
  s.lg.warn(
    'embed/serve.go:222',
    'serving client traffic insecurely; this is strongly discouraged!',
    zap.String('traffic', 'grpc+http'),
    zap.String('address', hostPort(url)),
  );
}
