/**
 * EtcdServer.Start, start, run, adjustTicks and publishV3 (server/etcdserver/server.go,
 * spec §1.5–§1.7, §3.1): the goroutines a member starts once NewServer has built it.
 */
import { background, withCancel, withTimeout } from '../sim/context';
import { Notifier } from '../sim/notify';
import { recvCase, select, sendCase } from '../sim/op';
import type { Op, Proc } from '../sim/op';
import { after } from '../sim/time';
import { serverVersion } from './config';
import { applyAll, newEtcdProgress } from './apply';
import type { EtcdError } from './errors';
import { idString } from './ids';
import { commitBackend } from './backend';
import { majorMinor } from './version';
import {
  monitorClusterVersions,
  monitorCompactHash,
  monitorDowngrade,
  monitorFileDescriptor,
  monitorKVHash,
  monitorStorageVersion,
  purgeFile,
} from './monitors';
import type { ToApply } from './raftnode';
import { FIFOScheduler, newJob } from './schedule';
import type { EtcdServer } from './server';
import { ReadNotifier } from './server';
import { linearizableReadLoop, raftRequest } from './v3_server';
import { Wait } from './wait';
import { WaitTime } from './wait_time';
import { zap } from './zap';

const at = (line: number): string => `etcdserver/server.go:${line}`;

/** Start: start(), then the GoAttach'd goroutines in upstream's order. */
export function startServer(s: EtcdServer): void {
  start(s);
  s.goAttach('adjustTicks', () => adjustTicks(s));
  s.goAttach('publishV3', () => publishV3(s, s.reqTimeoutUs()));
  s.goAttach('purgeFile', () => purgeFile(s));
  s.goAttach('monitorFileDescriptor', () => monitorFileDescriptor(s));
  s.goAttach('monitorClusterVersions', () => monitorClusterVersions(s));
  s.goAttach('monitorStorageVersion', () => monitorStorageVersion(s));
  s.goAttach('linearizableReadLoop', () => linearizableReadLoop(s));
  s.goAttach('monitorKVHash', () => monitorKVHash(s));
  s.goAttach('monitorCompactHash', () => monitorCompactHash(s));
  s.goAttach('monitorDowngrade', () => monitorDowngrade(s));
}

/** start: creates the per-run channels and registries, logs, and runs `run` in a goroutine. */
function start(s: EtcdServer): void {
  const k = s.k;
  const n = s.name;
  s.w = new Wait(k, `${n} wait`);
  s.applyWait = new WaitTime(k, `${n} applyWait`);
  s.done = k.chan<undefined>(`${n} done`);
  s.stop = k.chan<undefined>(`${n} stop`);
  s.stopping = k.chan<undefined>(`${n} stopping`, 1);
  const [ctx, cancel] = withCancel(k, background());
  s.ctx = ctx;
  s.cancel = cancel;
  s.readwaitc = k.chan<undefined>(`${n} readwaitc`, 1);
  s.readNotifier = new ReadNotifier(k);
  s.leaderChanged = new Notifier(k, `${n} leaderChanged`);
  const ver = s.cluster.version();
  if (ver !== undefined) {
    s.lg.info(
      at(598),
      'starting etcd server',
      s.localMemberField(),
      zap.String('local-server-version', serverVersion),
      zap.String('cluster-id', idString(s.cluster.cid)),
      zap.String('cluster-version', majorMinor(ver)),
    );
  } else {
    s.lg.info(
      at(598),
      'starting etcd server',
      s.localMemberField(),
      zap.String('local-server-version', serverVersion),
      zap.String('cluster-version', 'to_be_decided'),
    );
  }
  s.go(`${n} EtcdServer.run`, run(s));
}

/** run: hands each Ready's committed entries to the FIFO scheduler; shuts down on stop/errorc. */
function* run(s: EtcdServer): Proc {
  const sn = s.r.raftStorage.snapshot();
  const sched = new FIFOScheduler(s.k, s.lg, `${s.name} schedule.fifo`);
  s.sched = sched;
  s.r.start(s.readyHandler());
  const ep = newEtcdProgress(sn);
  for (let i = 0; ; i++) {
    const sel = yield* select('EtcdServer.run/select', [
      recvCase(s.r.applyc),
      recvCase(s.errorc),
      recvCase(s.stop),
    ]);
    if (sel.index === 0) {
      const ap = sel.value as ToApply;
      sched.schedule(newJob('server_applyAll', () => s.guarded(applyAll(s, ep, ap))));
      continue;
    }
    if (sel.index === 1) {
      const err = sel.value as EtcdError;
      s.lg.warn(at(857), 'server error', zap.Error(err));
      s.lg.warn(at(858), 'data-dir used by this member must be removed');
    }
    break;
  }
  yield* shutdown(s);
}

/** run's deferred shutdown, in upstream's order (spec §3.1). */
function* shutdown(s: EtcdServer): Proc {
  yield* s.stopping.close('EtcdServer.run/close-stopping');
  s.cancel();
  if (s.sched !== null) yield* s.sched.stop();
  yield* s.wg.wait('EtcdServer.run/wg-wait');
  s.r.stop();
  yield* s.r.done.recvOk('EtcdServer.run/raft-done');
  // Cleanup: closing the backend commits what is pending.
  commitBackend(s.backend);
  s.backend.closed = true;
  yield* s.done.close('EtcdServer.run/close-done');
}

/** Stop (HardStop): asks run to exit and waits until the server is done. */
export function* stopServer(s: EtcdServer): Generator<Op, void, unknown> {
  const sel = yield* select('EtcdServer.HardStop', [sendCase(s.stop, undefined), recvCase(s.done)]);
  if (sel.index === 0) yield* s.done.recvOk('EtcdServer.HardStop/done');
}

/**
 * adjustTicks (spec §1.7): a single member fast-forwards E−1 ticks at once; otherwise, once more
 * than one remote peer is active, E−2 ticks, checked every 50 ms for up to ConnReadTimeout.
 */
export function* adjustTicks(s: EtcdServer): Proc {
  const n = s.cluster.members().length;
  const e = s.electionTicks();
  const tickUs = s.cfg.tickMs * 1000;
  const fields = (ticks: number): ReturnType<typeof zap.String>[] => [
    s.localMemberField(),
    zap.Int('forward-ticks', ticks),
    zap.Duration('forward-duration', ticks * tickUs),
    zap.Int('election-ticks', e),
    zap.Duration('election-timeout', e * tickUs),
  ];
  if (n === 1) {
    s.lg.info(at(489), 'started as single-node; fast-forwarding election ticks', ...fields(e - 1));
    s.r.advanceTicks(e - 1);
    return;
  }
  if (!s.cfg.initialElectionTickAdvance) {
    s.lg.info(at(496), 'skipping initial election tick advance', zap.Int('election-ticks', e));
    return;
  }
  s.lg.info(at(499), 'starting initial election tick advance', zap.Int('election-ticks', e));
  const itvUs = 50_000;
  const retries = Math.floor((s.cfg.connReadTimeoutMs * 1000) / itvUs);
  for (let i = 0; i < retries; i++) {
    const sel = yield* select('EtcdServer.adjustTicks/select', [
      recvCase(after(s.k, itvUs)),
      recvCase(s.stopping),
    ]);
    if (sel.index === 1) return;
    const peerN = s.transport.activePeers();
    if (peerN > 1) {
      s.lg.info(
        at(522),
        'initialized peer connections; fast-forwarding election ticks',
        ...fields(e - 2),
        zap.Int('active-remote-members', peerN),
      );
      s.r.advanceTicks(e - 2);
      return;
    }
  }
}

/** The attributes as etcd prints them with %+v. */
function attributesString(s: EtcdServer): string {
  return `{Name:${s.attributes.name} ClientURLs:[${s.attributes.clientURLs.join(' ')}]}`;
}

/** publishV3: proposes ClusterMemberAttrSet until it succeeds; then closes readych. */
export function* publishV3(s: EtcdServer, timeoutUs: number): Proc {
  const fields = [s.localMemberField(), zap.String('local-member-attributes', attributesString(s))];
  for (let attempt = 0; attempt < 1_000_000; attempt++) {
    if (s.stopping.closed) {
      s.lg.warn(
        at(1815),
        'stopped publish because server is stopping',
        ...fields,
        zap.Duration('publish-timeout', timeoutUs),
      );
      return;
    }
    const [ctx, cancel] = withTimeout(s.k, s.ctx, timeoutUs);
    const r = yield* raftRequest(s, ctx, {
      kind: 'clusterMemberAttrSet',
      memberId: s.memberId,
      attributes: { name: s.attributes.name, clientUrls: s.attributes.clientURLs },
    });
    cancel();
    if (r.ok) {
      yield* s.readych.close('EtcdServer.publishV3/close-readych');
      s.lg.info(
        at(1834),
        'published local member to cluster through raft',
        ...fields,
        zap.String('cluster-id', idString(s.cluster.cid)),
        zap.Duration('publish-timeout', timeoutUs),
      );
      return;
    }
    s.lg.warn(
      at(1845),
      'failed to publish local member to cluster through raft',
      ...fields,
      zap.Duration('publish-timeout', timeoutUs),
      zap.Error(r.err),
    );
  }
}
