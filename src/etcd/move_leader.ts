/**
 * Leadership transfer (server/etcdserver/server.go:MoveLeader, and the maintenance gRPC handler
 * api/v3rpc/maintenance.go:MoveLeader in front of it): the leader asks raft to hand leadership
 * to a voter (MsgTransferLeader; raft sends MsgTimeoutNow once the transferee's log is up to
 * date and the transferee campaigns at once), then polls the leader every tick until it is the
 * transferee or the context expires.
 */
import type { Context } from '../sim/context';
import { recvCase, select } from '../sim/op';
import type { Op } from '../sim/op';
import { after } from '../sim/time';
import { ErrBadLeaderTransferee, ErrNotLeader, ErrTimeoutLeaderTransfer } from './errors';
import type { EtcdError } from './errors';
import { idString } from './ids';
import type { EtcdServer } from './server';
import { zap } from './zap';

const at = (line: number): string => `etcdserver/server.go:${line}`;

/** maintenanceServer.MoveLeader: only the leader takes the request. */
export function* maintenanceMoveLeader(
  s: EtcdServer,
  ctx: Context,
  transferee: bigint,
): Generator<Op, EtcdError | undefined, unknown> {
  if (s.memberId !== s.leader()) return ErrNotLeader;
  return yield* moveLeader(s, ctx, s.leader(), transferee);
}

/** MoveLeader(ctx, lead, transferee): undefined once the transferee leads. */
export function* moveLeader(
  s: EtcdServer,
  ctx: Context,
  lead: bigint,
  transferee: bigint,
): Generator<Op, EtcdError | undefined, unknown> {
  const member = s.cluster.member(transferee);
  if (member === undefined || member.isLearner) return ErrBadLeaderTransferee;
  const startUs = s.k.nowUs;
  const intervalUs = s.cfg.tickMs * 1000;
  s.lg.info(
    at(1258),
    'leadership transfer starting',
    s.localMemberField(),
    zap.String('current-leader-member-id', idString(lead)),
    zap.String('transferee-member-id', idString(transferee)),
  );
  yield* s.r.node.transferLeadership(ctx, lead, transferee);
  for (let i = 0; s.leader() !== transferee; i++) {
    if (i >= 10_000_000) throw new Error('MoveLeader: a context without a deadline never ends the poll');
    const sel = yield* select('EtcdServer.MoveLeader/poll', [
      recvCase(ctx.done()),
      recvCase(after(s.k, intervalUs)),
    ]);
    if (sel.index === 0) return ErrTimeoutLeaderTransfer;
  }
  s.lg.info(
    at(1275),
    'leadership transfer finished',
    s.localMemberField(),
    zap.String('old-leader-member-id', idString(lead)),
    zap.String('new-leader-member-id', idString(transferee)),
    zap.Duration('took', s.k.nowUs - startUs),
  );
  return undefined;
}
