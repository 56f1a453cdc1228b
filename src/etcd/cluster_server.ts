/**
 * Run-time membership changes (server/etcdserver/server.go: AddMember, RemoveMember,
 * PromoteMember, promoteMember, waitLeader, configure; spec §3.3.2). One change at a time: each
 * is a single raft ConfChange (v1, no joint consensus) proposed through raft; the caller waits
 * until this member has applied it and raft has advanced past it. The checks made before the
 * proposal are in reconfig_check.ts.
 *
 * Simplified: no auth permission check (checkMembershipOperationPermission).
 */
import type { Context } from '../sim/context';
import { DeadlineExceeded, withTimeout } from '../sim/context';
import { recvCase, select, sleep } from '../sim/op';
import type { Op } from '../sim/op';
import { after } from '../sim/time';
import { leaderFailWindowUs } from './config';
import { ConfChangeType, confChangeTypeName } from '../raft/raftpb/types';
import type { ConfChange } from '../raft/raftpb/types';
import {
  ErrCanceled,
  ErrIDNotFound,
  ErrLearnerNotReady,
  ErrMemberNotLearner,
  ErrNoLeader,
  ErrNotLeader,
  ErrStopped,
  ErrTimeout,
  parseProposeCtxErr,
} from './errors';
import type { EtcdError } from './errors';
import { idString } from './ids';
import { marshalConfigChangeContext, marshalMember } from './membership';
import type { Member } from './membership';
import { mayAddMember, mayPromoteMember, mayRemoveMember } from './reconfig_check';
import type { ConfChangeResponse, EtcdServer } from './server';
import { toEtcdError } from './v3_server';
import type { Outcome } from './v3_server';
import { zap } from './zap';

/** AddMember: a voter (ConfChangeAddNode) or a learner (ConfChangeAddLearnerNode). */
export function* addMember(
  s: EtcdServer,
  ctx: Context,
  memb: Member,
): Generator<Op, Outcome<readonly Member[]>, unknown> {
  const context = marshalMember(memb);
  const err = mayAddMember(s, memb);
  if (err !== undefined) return { ok: false, err };
  const cc: ConfChange = {
    type: memb.isLearner ? ConfChangeType.ConfChangeAddLearnerNode : ConfChangeType.ConfChangeAddNode,
    nodeID: memb.id,
    context,
    id: 0n,
  };
  return yield* configure(s, ctx, cc);
}

/** RemoveMember: ConfChangeRemoveNode, after mayRemoveMember's quorum checks. */
export function* removeMember(
  s: EtcdServer,
  ctx: Context,
  id: bigint,
): Generator<Op, Outcome<readonly Member[]>, unknown> {
  const err = mayRemoveMember(s, id);
  if (err !== undefined) return { ok: false, err };
  const cc: ConfChange = {
    type: ConfChangeType.ConfChangeRemoveNode,
    nodeID: id,
    context: undefined,
    id: 0n,
  };
  return yield* configure(s, ctx, cc);
}

/**
 * PromoteMember: only the leader can judge whether the learner is in sync, so a member that is
 * not the leader forwards the request to the leader's peer URL (POST /members/promote/<id>),
 * retrying until ReqTimeout; the three verdicts the leader can give end the retries.
 */
export function* promoteMember(
  s: EtcdServer,
  ctx: Context,
  id: bigint,
): Generator<Op, Outcome<readonly Member[]>, unknown> {
  const r = yield* promoteMemberLocally(s, ctx, id);
  if (r.ok || r.err !== ErrNotLeader) return r;
  const [cctx, cancel] = withTimeout(s.k, ctx, s.reqTimeoutUs());
  try {
    for (let attempt = 0; attempt < 100_000 && cctx.err() === null; attempt++) {
      const leader = yield* waitLeader(s, cctx);
      if (!leader.ok) return leader;
      for (const url of leader.value.peerURLs) {
        const fr = yield* promoteMemberHTTP(s, cctx, url, id);
        if (fr.ok) return fr;
        if (fr.err === ErrLearnerNotReady || fr.err === ErrIDNotFound || fr.err === ErrMemberNotLearner)
          return fr;
      }
    }
    return { ok: false, err: cctx.err() === DeadlineExceeded ? ErrTimeout : ErrCanceled };
  } finally {
    cancel();
  }
}

/** promoteMember (lower case): the checks, then ConfChangeAddNode with isPromote in the context. */
function* promoteMemberLocally(
  s: EtcdServer,
  ctx: Context,
  id: bigint,
): Generator<Op, Outcome<readonly Member[]>, unknown> {
  const err = yield* mayPromoteMember(s, id);
  if (err !== undefined) return { ok: false, err };
  const member: Member = { id, peerURLs: [], isLearner: false, name: '', clientURLs: [] };
  const cc: ConfChange = {
    type: ConfChangeType.ConfChangeAddNode,
    nodeID: id,
    context: marshalConfigChangeContext({ member, isPromote: true }),
    id: 0n,
  };
  return yield* configure(s, ctx, cc);
}

/**
 * promoteMemberHTTP and the leader's peerMemberPromoteHandler. Simplified: the request runs the
 * leader's PromoteMember directly, after one network round trip (which also keeps this retry
 * loop moving in virtual time); an unreachable peer is a failed request, retried by the caller.
 */
function* promoteMemberHTTP(
  s: EtcdServer,
  ctx: Context,
  url: string,
  id: bigint,
): Generator<Op, Outcome<readonly Member[]>, unknown> {
  const sim = s.cfg.sim;
  yield* sleep(
    Math.max(1, sim.networkLatencyUsMin + sim.networkLatencyUsMax),
    'promoteMemberHTTP/round-trip',
  );
  const peer = s.peerServer(url);
  const failed: EtcdError = { kind: 'unknown-method', message: `member promote: POST ${url} failed` };
  if (peer === undefined) return { ok: false, err: failed };
  const r = yield* peer.guarded(promoteMember(peer, ctx, id));
  if (r === undefined) return { ok: false, err: failed };
  if (!r.ok) {
    peer.lg.warn(
      'etcdhttp/peer.go:161',
      'failed to promote a member',
      zap.String('member-id', idString(id)),
      zap.Error(r.err),
    );
  }
  return r;
}

/** waitLeader: the leader as a member, waiting an election timeout at a time for one to appear. */
export function* waitLeader(s: EtcdServer, ctx: Context): Generator<Op, Outcome<Member>, unknown> {
  let leader = s.cluster.member(s.leader());
  const durUs = s.electionTicks() * s.cfg.tickMs * 1000;
  for (let i = 0; leader === undefined && i < 1_000_000; i++) {
    const sel = yield* select('EtcdServer.waitLeader', [
      recvCase(after(s.k, durUs)),
      recvCase(s.stopping),
      recvCase(ctx.done()),
    ]);
    if (sel.index === 1) return { ok: false, err: ErrStopped };
    if (sel.index === 2) return { ok: false, err: ErrNoLeader };
    leader = s.cluster.member(s.leader());
  }
  if (leader === undefined || leader.peerURLs.length === 0) return { ok: false, err: ErrNoLeader };
  return { ok: true, value: leader };
}

/** configure: propose the conf change, wait for its apply and for raft to advance past it. */
export function* configure(
  s: EtcdServer,
  ctx: Context,
  cc: ConfChange,
): Generator<Op, Outcome<readonly Member[]>, unknown> {
  const id = s.reqIDGen.next();
  const withID: ConfChange = { ...cc, id };
  const ch = s.w.register(id);
  const startUs = s.k.nowUs;
  const err = yield* s.r.node.proposeConfChange(ctx, withID);
  if (err !== undefined) {
    s.w.trigger(id, null);
    return { ok: false, err: toEtcdError(err) };
  }
  const sel = yield* select('EtcdServer.configure/select', [
    recvCase(ch),
    recvCase(ctx.done()),
    recvCase(s.stopping),
  ]);
  if (sel.index === 2) return { ok: false, err: ErrStopped };
  if (sel.index === 1) {
    s.w.trigger(id, null);
    const ctxErr = toEtcdError(ctx.err() ?? new Error('context deadline exceeded'));
    return {
      ok: false,
      err: parseProposeCtxErr(ctxErr, startUs, {
        leadElectedTimeUs: s.leadElectedTimeUs,
        leaderFailWindowUs: leaderFailWindowUs(s.cfg),
        lead: s.lead,
        memberID: s.memberId,
        memberIDs: s.cluster.memberIDs(),
        activeSinceUs: (x) => s.transport.activeSince(x),
      }),
    };
  }
  const resp = sel.value as ConfChangeResponse | null;
  if (resp === null) s.lg.panic('etcdserver/server.go:1774', 'failed to configure');
  // Wait until raft has advanced past the Ready that carried the conf change.
  yield* resp.raftAdvancedC.recvOk('EtcdServer.configure/raft-advance');
  s.lg.info(
    'etcdserver/server.go:1783',
    'applied a configuration change through raft',
    s.localMemberField(),
    zap.String('raft-conf-change', confChangeTypeName(cc.type)),
    zap.String('raft-conf-change-node-id', idString(cc.nodeID)),
  );
  return resp.err === undefined ? { ok: true, value: resp.members } : { ok: false, err: resp.err };
}
