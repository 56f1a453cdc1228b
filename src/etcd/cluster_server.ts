/**
 * Run-time membership changes (server/etcdserver/server.go: RemoveMember, mayRemoveMember,
 * configure; spec §3.3.2): a conf change is proposed through raft and the caller waits until
 * this member has applied it and raft has advanced past it.
 *
 * Simplified: only RemoveMember is offered (adding a member needs the join path,
 * bootstrapExistingClusterNoWAL, which the model does not have); no auth permission check.
 */
import type { Context } from '../sim/context';
import { recvCase, select } from '../sim/op';
import type { Op } from '../sim/op';
import { leaderFailWindowUs } from './config';
import { ConfChangeType, confChangeTypeName } from '../raft/raftpb/types';
import type { ConfChange } from '../raft/raftpb/types';
import type { ConfChangeResponse } from './apply';
import { ErrNotEnoughStartedMembers, ErrStopped, parseProposeCtxErr } from './errors';
import { idString } from './ids';
import type { Member } from './membership';
import type { EtcdServer } from './server';
import { toEtcdError } from './v3_server';
import type { Outcome } from './v3_server';
import { zap } from './zap';

/** RemoveMember: with StrictReconfigCheck, refuse when the rest would lose its quorum. */
export function* removeMember(
  s: EtcdServer,
  ctx: Context,
  id: bigint,
): Generator<Op, Outcome<readonly Member[]>, unknown> {
  if (s.cfg.strictReconfigCheck && !isReadyToRemoveVotingMember(s, id)) {
    s.lg.warn(
      'etcdserver/server.go:1620',
      'rejecting member remove request; not enough healthy members',
      s.localMemberField(),
      zap.String('requested-member-remove-id', idString(id)),
      zap.Error(ErrNotEnoughStartedMembers),
    );
    return { ok: false, err: ErrNotEnoughStartedMembers };
  }
  const cc: ConfChange = {
    type: ConfChangeType.ConfChangeRemoveNode,
    nodeID: id,
    context: undefined,
    id: 0n,
  };
  return yield* configure(s, ctx, cc);
}

/**
 * cluster.IsReadyToRemoveVotingMember: the voters left after the removal must still have a
 * quorum of started members (self, and peers the transport sees active).
 */
function isReadyToRemoveVotingMember(s: EtcdServer, id: bigint): boolean {
  const voters = s.cluster.votingMembers().filter((m) => m.id !== id);
  const started = voters.filter((m) => m.id === s.memberId || s.transport.activeSince(m.id) !== 0).length;
  return started >= Math.floor(voters.length / 2) + 1;
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
  if (resp === null) s.lg.panic('etcdserver/server.go:1783', 'failed to configure');
  // Wait until raft has advanced past the Ready that carried the conf change.
  yield* resp.raftAdvancedC.recvOk('EtcdServer.configure/raft-advance');
  s.lg.info(
    'etcdserver/server.go:1786',
    'applied a configuration change through raft',
    s.localMemberField(),
    zap.String('raft-conf-change', confChangeTypeName(cc.type)),
    zap.String('raft-conf-change-node-id', idString(cc.nodeID)),
  );
  return resp.err === undefined ? { ok: true, value: resp.members } : { ok: false, err: resp.err };
}
