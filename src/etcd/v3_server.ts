/**
 * The client paths of a member (server/etcdserver/v3_server.go): Put, DeleteRange and Range,
 * the write path processInternalRaftRequestOnce with every error it can return (spec §4), and
 * linearizable reads through ReadIndex: linearizableReadNotify, linearizableReadLoop,
 * requestCurrentIndex (spec §5).
 */
import type { Context } from '../sim/context';
import { ContextError, withTimeout } from '../sim/context';
import { recvCase, select } from '../sim/op';
import type { Op, Proc } from '../sim/op';
import { Timer } from '../sim/time';
import { ErrStopped as ErrRaftNodeStopped } from '../raft/node';
import type { ReadState } from '../raft/read_only';
import { readIndexRetryTimeUs } from './config';
import { leaderFailWindowUs } from './config';
import {
  ErrContextCanceled,
  ErrContextDeadlineExceeded,
  ErrLeaderChanged,
  ErrRequestTooLarge,
  ErrStopped,
  ErrTimeout,
  ErrTooManyRequests,
  etcdErrorFromMessage,
  parseProposeCtxErr,
} from './errors';
import type { EtcdError } from './errors';
import { bigEndianBytesToUint64, uint64ToBigEndianBytes } from './idutil';
import type { KeyValue, ResponseHeader } from './mvcc';
import { marshalRaftRequest } from './raft_request';
import type { RaftRequestBody } from './raft_request';
import type { ApplyResponse, ApplyResult, EtcdServer } from './server';
import { ReadNotifier } from './server';
import { zap } from './zap';

const at = (line: number): string => `etcdserver/v3_server.go:${line}`;

export type Outcome<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly err: EtcdError };

export interface PutResponse {
  readonly header: ResponseHeader;
  readonly prevKv: KeyValue | undefined;
}
export interface RangeResponse {
  readonly header: ResponseHeader;
  readonly kvs: readonly KeyValue[];
  readonly count: number;
}
export interface DeleteRangeResponse {
  readonly header: ResponseHeader;
  readonly deleted: number;
}

/** A kernel or raft error (a JS Error with Go's message) as an EtcdError value. */
export function toEtcdError(e: Error): EtcdError {
  if (e instanceof ContextError)
    return e.message === ErrContextCanceled.message ? ErrContextCanceled : ErrContextDeadlineExceeded;
  return etcdErrorFromMessage(e.message) ?? { kind: 'unknown-method', message: e.message };
}

function ctxError(ctx: Context): EtcdError {
  const e = ctx.err();
  return e === null ? ErrContextDeadlineExceeded : toEtcdError(e);
}

/**
 * processInternalRaftRequestOnce (spec §4.2, P1–P9): propose the request and wait until this
 * member has applied it, or the 7 s request timeout (or the caller's deadline) passes.
 */
export function* processInternalRaftRequestOnce(
  s: EtcdServer,
  ctx: Context,
  body: RaftRequestBody,
): Generator<Op, Outcome<ApplyResult>, unknown> {
  const ai = s.appliedIndex;
  const ci = s.committedIndex;
  if (ci > ai + s.cfg.maxGapBetweenApplyAndCommitIndex) return refused(s, null, ErrTooManyRequests);
  const header = { id: s.reqIDGen.next(), username: '', authRevision: 0 };
  const id = header.id;
  s.observer?.observe({ kind: 'proposal', phase: 'received', id: id.toString(16), error: null });
  // P3: auth is disabled in this model, so no username or auth revision goes in the header.
  const data = marshalRaftRequest({ header, id: 0n, body });
  if (data.length > s.cfg.maxRequestBytes) return refused(s, id, ErrRequestTooLarge);
  const ch = s.w.register(id);
  const [cctx, cancel] = withTimeout(s.k, ctx, s.reqTimeoutUs());
  const startUs = s.k.nowUs;
  const perr = yield* s.r.node.propose(cctx, data);
  if (perr !== undefined) {
    s.metrics.proposalsFailed++;
    s.w.trigger(id, null);
    cancel();
    return refused(s, id, toEtcdError(perr));
  }
  s.metrics.proposalsPending++;
  try {
    const sel = yield* select('EtcdServer.processInternalRaftRequestOnce/select', [
      recvCase(ch),
      recvCase(cctx.done()),
      recvCase(s.done),
    ]);
    if (sel.index === 0) {
      const value = sel.value as ApplyResult;
      s.observer?.observe({
        kind: 'proposal',
        phase: 'answered',
        id: id.toString(16),
        error: value.err?.message ?? null,
      });
      return { ok: true, value };
    }
    if (sel.index === 2) return refused(s, id, ErrStopped);
    s.metrics.proposalsFailed++;
    s.w.trigger(id, null);
    return refused(s, id, parseProposeCtxErr(ctxError(cctx), startUs, proposeCtxFacts(s)));
  } finally {
    s.metrics.proposalsPending--;
    cancel();
  }
}

/** The write path ended without an apply result: tell the observer, return the error. */
function refused(
  s: EtcdServer,
  id: bigint | null,
  err: EtcdError,
): { readonly ok: false; readonly err: EtcdError } {
  s.observer?.observe({
    kind: 'proposal',
    phase: 'refused',
    id: id === null ? null : id.toString(16),
    error: err.message,
  });
  return { ok: false, err };
}

function proposeCtxFacts(s: EtcdServer): Parameters<typeof parseProposeCtxErr>[2] {
  return {
    leadElectedTimeUs: s.leadElectedTimeUs,
    leaderFailWindowUs: leaderFailWindowUs(s.cfg),
    lead: s.lead,
    memberID: s.memberId,
    memberIDs: s.cluster.memberIDs(),
    activeSinceUs: (id) => s.transport.activeSince(id),
  };
}

/** raftRequestOnce: the apply result's error (if any) becomes the call's error. */
export function* raftRequest(
  s: EtcdServer,
  ctx: Context,
  body: RaftRequestBody,
): Generator<Op, Outcome<ApplyResponse>, unknown> {
  const r = yield* processInternalRaftRequestOnce(s, ctx, body);
  if (!r.ok) return r;
  if (r.value.err !== undefined) return { ok: false, err: r.value.err };
  return { ok: true, value: r.value.resp ?? { kind: 'empty' } };
}

/** EtcdServer.Put */
export function* put(
  s: EtcdServer,
  ctx: Context,
  key: Uint8Array,
  value: Uint8Array,
  opts: { readonly prevKv?: boolean } = {},
): Generator<Op, Outcome<PutResponse>, unknown> {
  const r = yield* raftRequest(s, ctx, {
    kind: 'put',
    put: { key, value, lease: 0n, prevKv: opts.prevKv === true },
  });
  if (!r.ok) return r;
  if (r.value.kind !== 'put') throw new Error('put: unexpected apply response');
  return { ok: true, value: { header: r.value.header, prevKv: r.value.prevKv } };
}

/** EtcdServer.DeleteRange */
export function* deleteRange(
  s: EtcdServer,
  ctx: Context,
  key: Uint8Array,
  rangeEnd: Uint8Array = new Uint8Array(0),
): Generator<Op, Outcome<DeleteRangeResponse>, unknown> {
  const r = yield* raftRequest(s, ctx, {
    kind: 'deleteRange',
    deleteRange: { key, rangeEnd, prevKv: false },
  });
  if (!r.ok) return r;
  if (r.value.kind !== 'deleteRange') throw new Error('deleteRange: unexpected apply response');
  return { ok: true, value: { header: r.value.header, deleted: r.value.deleted } };
}

/**
 * EtcdServer.Range: a serializable read is served from the local store at once; a linearizable
 * one first waits for a ReadIndex round and for this member to apply up to its index.
 */
export function* range(
  s: EtcdServer,
  ctx: Context,
  key: Uint8Array,
  opts: { readonly rangeEnd?: Uint8Array; readonly serializable?: boolean } = {},
): Generator<Op, Outcome<RangeResponse>, unknown> {
  if (opts.serializable !== true) {
    const err = yield* linearizableReadNotify(s, ctx);
    if (err !== undefined) return { ok: false, err };
  }
  const end = opts.rangeEnd;
  const r = s.kv.range(key, end !== undefined && end.length > 0 ? { rangeEnd: end } : {});
  if (!r.ok) return { ok: false, err: { kind: 'key-not-found', message: r.err.message } as EtcdError };
  return { ok: true, value: { header: s.header(r.result.rev), kvs: r.result.kvs, count: r.result.count } };
}

/** linearizableReadNotify (spec §5.1): join the current read round and wait for its verdict. */
export function* linearizableReadNotify(
  s: EtcdServer,
  ctx: Context,
): Generator<Op, EtcdError | undefined, unknown> {
  const nc = s.readNotifier;
  s.k.trySend(s.readwaitc, undefined);
  const sel = yield* select('EtcdServer.linearizableReadNotify/select', [
    recvCase(nc.c),
    recvCase(ctx.done()),
    recvCase(s.done),
  ]);
  if (sel.index === 0) return nc.err;
  if (sel.index === 1) return ctxError(ctx);
  return ErrStopped;
}

/** linearizableReadLoop (spec §5.2): one ReadIndex round per batch of readers. */
export function* linearizableReadLoop(s: EtcdServer): Proc {
  for (;;) {
    const lc = s.leaderChanged.receive();
    const sel = yield* select('EtcdServer.linearizableReadLoop/select', [
      recvCase(lc),
      recvCase(s.readwaitc),
      recvCase(s.stopping),
    ]);
    if (sel.index === 0) continue;
    if (sel.index === 2) return;
    const nr = s.readNotifier;
    s.readNotifier = new ReadNotifier(s.k);
    const r = yield* requestCurrentIndex(s, lc);
    if (!r.ok) {
      if (r.err === ErrStopped) return;
      nr.notify(r.err);
      continue;
    }
    s.confirmedIndex = r.value;
    if (s.appliedIndex < r.value) {
      const w = yield* select('EtcdServer.linearizableReadLoop/applyWait', [
        recvCase(s.applyWait.wait(r.value)),
        recvCase(s.stopping),
      ]);
      if (w.index === 1) return;
    }
    nr.notify(undefined);
  }
}

/** sendReadIndex: hands raft a ReadIndex request; errors are logged, not returned. */
function* sendReadIndex(s: EtcdServer, reqID: bigint): Generator<Op, void, unknown> {
  const [ctx, cancel] = withTimeout(s.k, s.ctx, s.reqTimeoutUs());
  const err = yield* s.r.node.readIndex(ctx, uint64ToBigEndianBytes(reqID));
  cancel();
  if (err === undefined || err === ErrRaftNodeStopped) return;
  s.lg.warn(at(1058), 'failed to get read index from Raft', zap.Error(err));
  s.metrics.readIndexesFailed++;
}

/** requestCurrentIndex (spec §5.3): the leader-confirmed commit index for this round. */
function* requestCurrentIndex(
  s: EtcdServer,
  lc: ReturnType<EtcdServer['leaderChanged']['receive']>,
): Generator<Op, Outcome<number>, unknown> {
  s.readRequestIDs.clear();
  let reqID = s.reqIDGen.next();
  s.readRequestIDs.add(reqID);
  yield* sendReadIndex(s, reqID);
  const errorTimer = new Timer(s.k, s.reqTimeoutUs(), `${s.name} readIndex errorTimer`);
  const retryTimer = new Timer(s.k, readIndexRetryTimeUs, `${s.name} readIndex retryTimer`);
  let fc = s.firstCommitInTerm.receive();
  try {
    for (let i = 0; i < 100_000; i++) {
      const sel = yield* select('EtcdServer.requestCurrentIndex/select', [
        recvCase(s.r.readStateC),
        recvCase(lc),
        recvCase(fc),
        recvCase(retryTimer.c),
        recvCase(errorTimer.c),
        recvCase(s.stopping),
      ]);
      switch (sel.index) {
        case 0: {
          if (lc.closed) {
            s.metrics.readIndexesFailed++;
            return { ok: false, err: ErrLeaderChanged };
          }
          const rs = sel.value as ReadState;
          const got = bigEndianBytesToUint64(rs.requestCtx);
          if (!s.readRequestIDs.has(got)) {
            s.lg.warn(
              at(1000),
              'ignored out-of-date read index response; local node read indexes queueing up and waiting to be in sync with leader',
              zap.Uint64('received-request-id', got),
            );
            s.metrics.slowReadIndexes++;
            continue;
          }
          return { ok: true, value: rs.index };
        }
        case 1:
          s.metrics.readIndexesFailed++;
          return { ok: false, err: ErrLeaderChanged };
        case 2:
        case 3:
          if (sel.index === 2) {
            fc = s.firstCommitInTerm.receive();
            s.lg.info(at(1015), 'first commit in current term: resending ReadIndex request');
          } else {
            s.lg.warn(
              at(1024),
              'waiting for ReadIndex response took too long, retrying',
              zap.Uint64('sent-request-id', reqID),
              zap.Duration('retry-timeout', readIndexRetryTimeUs),
            );
          }
          reqID = s.reqIDGen.next();
          s.readRequestIDs.add(reqID);
          yield* sendReadIndex(s, reqID);
          retryTimer.reset(readIndexRetryTimeUs);
          continue;
        case 4:
          s.lg.warn(
            at(1032),
            'timed out waiting for read index response (local node might have slow network)',
            zap.Duration('timeout', s.reqTimeoutUs()),
          );
          s.metrics.slowReadIndexes++;
          return { ok: false, err: ErrTimeout };
        default:
          return { ok: false, err: ErrStopped };
      }
    }
    return { ok: false, err: ErrTimeout };
  } finally {
    errorTimer.stop();
    retryTimer.stop();
  }
}
