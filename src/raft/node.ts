/**
 * node: raft's Node (upstream node.go) — the thin driver that runs a RawNode in its own
 * goroutine and talks to the application over channels. Here the goroutine runs on the sim
 * kernel: every channel is a kernel channel and every blocking point of upstream's code is a
 * labelled yield, so a step-through UI can show where the raft goroutine and its callers wait.
 *
 * Conventions of this port:
 * - Go methods that block are generator methods: `yield* node.propose(ctx, data)`. Those that
 *   return Go's `error` return `Error | undefined` (ErrStopped, a context error, or raft's
 *   ErrProposalDropped, compared by identity).
 * - Tick is an inline call (upstream's Tick never blocks).
 * - upstream's `status` and `stop` channel fields are `statusc` and `stopc` here, because the
 *   methods Status() and Stop() take the plain names.
 */
import type { Chan } from '../sim/chan';
import type { Context } from '../sim/context';
import type { Kernel } from '../sim/kernel';
import { recvCase, select, sendCase } from '../sim/op';
import type { Op, Proc, SelectCase, SelectResult, SelectResultSlot } from '../sim/op';
import type { G } from '../sim/goroutine';
import { hex } from './logger';
import { asV2 } from './raftpb/confchange';
import type { ConfChangeI } from './raftpb/confchange';
import { EntryType, MessageType, None, newMessage } from './raftpb/types';
import type { ConfChangeV2, ConfState, Message, NodeID } from './raftpb/types';
import { confChangeToMsg } from './raft';
import type { Config } from './raft';
import { RawNode, SnapshotStatus } from './rawnode';
import type { Peer } from './rawnode';
import type { Ready } from './ready';
import { getStatus } from './status';
import type { Status } from './status';
import { isLocalMsg, isLocalMsgTarget, isResponseMsg } from './util';

/** ErrStopped is returned by methods on Nodes that have been stopped. */
export const ErrStopped = new Error('raft: stopped');

/** A proposal and, when the caller waits for raft's verdict, where to send it. */
interface MsgWithResult {
  readonly m: Message;
  readonly result: Chan<Error | undefined> | null;
}

type Result = Generator<Op, Error | undefined, unknown>;

/** Select cases whose channel (and value) run() updates in place. */
interface MutableRecvCase {
  readonly dir: 'recv';
  ch: Chan<unknown> | null;
}
interface MutableSendCase {
  readonly dir: 'send';
  ch: Chan<unknown> | null;
  value: unknown;
}

/** Capacity of tickc, as upstream: ticks queue up while the node goroutine is busy. */
export const tickcCapacity = 128;

export class Node {
  readonly propc: Chan<MsgWithResult>;
  readonly recvc: Chan<Message>;
  readonly confc: Chan<ConfChangeV2>;
  readonly confstatec: Chan<ConfState>;
  readonly readyc: Chan<Ready>;
  readonly advancec: Chan<undefined>;
  readonly tickc: Chan<undefined>;
  readonly done: Chan<undefined>;
  readonly stopc: Chan<undefined>;
  readonly statusc: Chan<Chan<Status>>;
  /** The goroutine running run(), once started. */
  goroutine: G | null = null;
  /**
   * Reused ops of the hottest blocking calls (a message stepped in, Advance): callers fill in
   * the case fields and yield the op, which the kernel reads only while performing it, so
   * concurrent callers can share them.
   */
  private readonly stepSendCase: MutableSendCase = { dir: 'send', ch: null, value: null };
  private readonly stepCtxCase: MutableRecvCase = { dir: 'recv', ch: null };
  private readonly stepOp: Op;
  private readonly advanceOp: Op;

  constructor(
    private readonly k: Kernel,
    readonly rn: RawNode,
  ) {
    const id = hex(rn.raft.id);
    this.propc = k.chan<MsgWithResult>(`raft.node ${id} propc`);
    this.recvc = k.chan<Message>(`raft.node ${id} recvc`);
    this.confc = k.chan<ConfChangeV2>(`raft.node ${id} confc`);
    this.confstatec = k.chan<ConfState>(`raft.node ${id} confstatec`);
    this.readyc = k.chan<Ready>(`raft.node ${id} readyc`);
    this.advancec = k.chan<undefined>(`raft.node ${id} advancec`);
    this.tickc = k.chan<undefined>(`raft.node ${id} tickc`, tickcCapacity);
    this.done = k.chan<undefined>(`raft.node ${id} done`);
    this.stopc = k.chan<undefined>(`raft.node ${id} stop`);
    this.statusc = k.chan<Chan<Status>>(`raft.node ${id} status`);
    this.stepOp = {
      kind: 'select',
      label: 'node.step/recvc',
      cases: [this.stepSendCase, this.stepCtxCase, recvCase(this.done)],
      hasDefault: false,
      priority: false,
    };
    this.advanceOp = {
      kind: 'select',
      label: 'node.Advance',
      cases: [sendCase(this.advancec, undefined), recvCase(this.done)],
      hasDefault: false,
      priority: false,
    };
  }

  /**
   * The node goroutine (upstream node.run): one select per iteration. The select's cases and op
   * are built once and only their channels and value are updated: this loop runs once per
   * message, tick and Ready, and the kernel reads the cases only while it performs the op.
   */
  *run(): Proc {
    const r = this.rn.raft;
    let propc: Chan<MsgWithResult> | null = null;
    let readyc: Chan<Ready> | null = null;
    let advancec: Chan<undefined> | null = null;
    let rd: Ready | null = null;
    let lead: NodeID = None;
    const propCase: MutableRecvCase = { dir: 'recv', ch: null };
    const readyCase: MutableSendCase = { dir: 'send', ch: null, value: null };
    const advanceCase: MutableRecvCase = { dir: 'recv', ch: null };
    const cases: readonly SelectCase[] = [
      propCase,
      recvCase(this.recvc),
      recvCase(this.confc),
      recvCase(this.tickc),
      readyCase,
      advanceCase,
      recvCase(this.statusc),
      recvCase(this.stopc),
    ];
    // The result is read before the next yield, so one result object serves every iteration.
    const result: SelectResultSlot = { index: 0, value: undefined, ok: false };
    const op: Op = {
      kind: 'select',
      label: 'node.run/select',
      cases,
      hasDefault: false,
      priority: false,
      result,
    };
    for (;;) {
      if (advancec === null && this.rn.hasReady()) {
        // Built without accepting: the Ready is only accepted once the application takes it.
        rd = this.rn.readyWithoutAccept();
        readyc = this.readyc;
      }
      if (lead !== r.lead) {
        propc = this.leaderChanged(lead);
        lead = r.lead;
      }
      propCase.ch = propc as Chan<unknown> | null;
      readyCase.ch = readyc as Chan<unknown> | null;
      readyCase.value = rd;
      advanceCase.ch = advancec as Chan<unknown> | null;
      const res = (yield op) as SelectResult;
      switch (res.index) {
        case 0:
          this.handleProposal(res.value as MsgWithResult);
          break;
        case 1:
          this.handleMessage(res.value as Message);
          break;
        case 2: {
          const { cs, removedSelf } = this.handleConfChange(res.value as ConfChangeV2);
          if (removedSelf) propc = null;
          yield* select('node.run/confstatec', [sendCase(this.confstatec, cs), recvCase(this.done)]);
          break;
        }
        case 3:
          this.rn.tick();
          break;
        case 4:
          this.rn.acceptReady(rd as Ready);
          // Synchronous storage writes only: this port does not run a Node with
          // asyncStorageWrites (upstream then clears rd instead of waiting for Advance).
          advancec = this.advancec;
          readyc = null;
          break;
        case 5:
          this.rn.advance(rd ?? undefined);
          rd = null;
          advancec = null;
          break;
        case 6:
          yield* (res.value as Chan<Status>).send(getStatus(r), 'node.run/status-reply');
          break;
        case 7:
          this.k.close(this.done);
          return;
      }
    }
  }

  /** Logs a leader change the way upstream's loop does; returns the proposal channel to arm. */
  private leaderChanged(prevLead: NodeID): Chan<MsgWithResult> | null {
    const r = this.rn.raft;
    if (r.hasLeader()) {
      if (prevLead === None) {
        r.logger.info(`raft.node: ${hex(r.id)} elected leader ${hex(r.lead)} at term ${r.term}`);
      } else {
        r.logger.info(
          `raft.node: ${hex(r.id)} changed leader from ${hex(prevLead)} to ${hex(r.lead)} at term ${r.term}`,
        );
      }
      return this.propc;
    }
    r.logger.info(`raft.node: ${hex(r.id)} lost leader ${hex(prevLead)} at term ${r.term}`);
    return null;
  }

  private handleProposal(pm: MsgWithResult): void {
    const r = this.rn.raft;
    const m = { ...pm.m, from: r.id };
    const err = r.step(m);
    if (pm.result !== null) {
      // The result channel has room for exactly this value, so upstream's send never blocks;
      // done inline rather than as a step of its own.
      this.k.trySend(pm.result, err);
      this.k.close(pm.result);
    }
  }

  private handleMessage(m: Message): void {
    const r = this.rn.raft;
    // Responses from peers no longer in the configuration are dropped.
    if (isResponseMsg(m.type) && !isLocalMsgTarget(m.from) && !r.trk.progress.has(m.from)) return;
    r.step(m);
  }

  /** Applies a conf change; removedSelf when it took this node out of the voters entirely. */
  private handleConfChange(cc: ConfChangeV2): { cs: ConfState; removedSelf: boolean } {
    const r = this.rn.raft;
    const before = r.trk.progress.has(r.id);
    const cs = r.applyConfChange(cc);
    const after = r.trk.progress.has(r.id);
    // A node that is still an (outgoing) voter keeps taking proposals, as upstream.
    const removedSelf = before && !after && !cs.voters.includes(r.id) && !cs.votersOutgoing.includes(r.id);
    return { cs, removedSelf };
  }

  // ---- the Node API ---------------------------------------------------------------------

  /**
   * Tick (inline): a non-blocking send into tickc; when the buffer is full the tick is lost
   * and raft warns. Upstream's select also has a `<-done` case; a stopped node simply takes
   * no more ticks here.
   */
  tick(): void {
    if (this.done.closed) return;
    if (!this.k.trySend(this.tickc, undefined)) {
      this.rn.raft.logger.warning(`${hex(this.rn.raft.id)} A tick missed to fire. Node blocks too long!`);
    }
  }

  /** Campaign causes the Node to start an election. */
  *campaign(ctx: Context): Result {
    return yield* this.stepWithWaitOption(ctx, newMessage({ type: MessageType.MsgHup }), false);
  }

  /** Propose waits until raft has stepped the proposal (not until it commits). */
  *propose(ctx: Context, data: Uint8Array): Result {
    const m = newMessage({
      type: MessageType.MsgProp,
      entries: [{ term: 0, index: 0, type: EntryType.EntryNormal, data }],
    });
    return yield* this.stepWithWaitOption(ctx, m, true);
  }

  /** Step hands a message from the network to raft; local message types are ignored. */
  *step(ctx: Context, m: Message): Result {
    if (isLocalMsg(m.type) && !isLocalMsgTarget(m.from)) return undefined;
    if (m.type === MessageType.MsgProp) return yield* this.stepWithWaitOption(ctx, m, false);
    // stepWithWaitOption's path for a message other than a proposal, inlined: every message
    // from the network comes this way, and each generator level costs on every resume.
    const r = (yield this.recvcOp(ctx, m)) as SelectResult;
    return this.recvcOutcome(ctx, r);
  }

  *proposeConfChange(ctx: Context, cc: ConfChangeI): Result {
    return yield* this.step(ctx, confChangeToMsg(cc));
  }

  /** The select handing m to the node goroutine (or giving up on ctx or a stopped node). */
  private recvcOp(ctx: Context, m: Message): Op {
    this.stepSendCase.ch = this.recvc as Chan<unknown>;
    this.stepSendCase.value = m;
    this.stepCtxCase.ch = ctx.done() as Chan<unknown> | null;
    return this.stepOp;
  }

  private recvcOutcome(ctx: Context, r: SelectResult): Error | undefined {
    this.stepSendCase.value = null;
    this.stepCtxCase.ch = null;
    return r.index === 0 ? undefined : r.index === 1 ? (ctx.err() ?? undefined) : ErrStopped;
  }

  private *stepWithWaitOption(ctx: Context, m: Message, wait: boolean): Result {
    if (m.type !== MessageType.MsgProp) {
      const r = (yield this.recvcOp(ctx, m)) as SelectResult;
      return this.recvcOutcome(ctx, r);
    }
    const pm: MsgWithResult = {
      m,
      result: wait ? this.k.chan<Error | undefined>('raft.node propose result', 1) : null,
    };
    const sent = yield* select('node.step/propc', [
      sendCase(this.propc, pm),
      recvCase(ctx.done()),
      recvCase(this.done),
    ]);
    if (sent.index === 1) return ctx.err() ?? undefined;
    if (sent.index === 2) return ErrStopped;
    if (pm.result === null) return undefined;
    const got = yield* select('node.step/result', [
      recvCase(pm.result),
      recvCase(ctx.done()),
      recvCase(this.done),
    ]);
    if (got.index === 1) return ctx.err() ?? undefined;
    if (got.index === 2) return ErrStopped;
    return got.value as Error | undefined;
  }

  /** Ready returns the channel the node goroutine offers Readys on. */
  ready(): Chan<Ready> {
    return this.readyc;
  }

  /** Advance tells the node the last Ready was persisted; it prepares the next one. */
  *advance(): Generator<Op, void, unknown> {
    yield this.advanceOp;
  }

  /** ApplyConfChange applies a committed conf change; returns the resulting ConfState. */
  *applyConfChange(cc: ConfChangeI): Generator<Op, ConfState, unknown> {
    yield* select('node.ApplyConfChange/confc', [sendCase(this.confc, asV2(cc)), recvCase(this.done)]);
    const r = yield* select('node.ApplyConfChange/confstatec', [
      recvCase(this.confstatec),
      recvCase(this.done),
    ]);
    if (r.index === 0) return r.value as ConfState;
    return { voters: [], learners: [], votersOutgoing: [], learnersNext: [], autoLeave: false };
  }

  /** Status asks the node goroutine for a snapshot of raft's status (undefined once stopped). */
  *status(): Generator<Op, Status | undefined, unknown> {
    const c = this.k.chan<Status>('raft.node status reply');
    const r = yield* select('node.Status', [sendCase(this.statusc, c), recvCase(this.done)]);
    if (r.index === 1) return undefined; // upstream returns the zero Status
    return yield* c.recv('node.Status/reply');
  }

  *reportUnreachable(id: NodeID): Generator<Op, void, unknown> {
    const m = newMessage({ type: MessageType.MsgUnreachable, from: id });
    yield* select('node.ReportUnreachable', [sendCase(this.recvc, m), recvCase(this.done)]);
  }

  *reportSnapshot(id: NodeID, status: SnapshotStatus): Generator<Op, void, unknown> {
    const reject = status === SnapshotStatus.SnapshotFailure;
    const m = newMessage({ type: MessageType.MsgSnapStatus, from: id, reject });
    yield* select('node.ReportSnapshot', [sendCase(this.recvc, m), recvCase(this.done)]);
  }

  *transferLeadership(ctx: Context, lead: NodeID, transferee: NodeID): Generator<Op, void, unknown> {
    const m = newMessage({ type: MessageType.MsgTransferLeader, from: transferee, to: lead });
    yield* select('node.TransferLeadership', [
      sendCase(this.recvc, m),
      recvCase(this.done),
      recvCase(ctx.done()),
    ]);
  }

  *forgetLeader(ctx: Context): Result {
    return yield* this.stepWithWaitOption(ctx, newMessage({ type: MessageType.MsgForgetLeader }), false);
  }

  /** ReadIndex requests a read state; it arrives in a later Ready's readStates. */
  *readIndex(ctx: Context, rctx: Uint8Array): Result {
    const m = newMessage({
      type: MessageType.MsgReadIndex,
      entries: [{ term: 0, index: 0, type: EntryType.EntryNormal, data: rctx }],
    });
    return yield* this.stepWithWaitOption(ctx, m, false);
  }

  /** Stop stops the node goroutine and waits until it has exited. */
  *stop(): Generator<Op, void, unknown> {
    const r = yield* select('node.Stop', [sendCase(this.stopc, undefined), recvCase(this.done)]);
    if (r.index === 1) return;
    yield* this.done.recv('node.Stop/done');
  }
}

/**
 * Without a RandSource in the config, the node draws its election timeouts from the kernel
 * stream `raft/<id in hex>`, so the whole run follows the kernel's seed.
 */
function withKernelRand(k: Kernel, c: Config): Config {
  return c.rand !== undefined ? c : { ...c, rand: k.rand.stream(`raft/${hex(c.id)}`) };
}

function launch(k: Kernel, rn: RawNode): Node {
  const n = new Node(k, rn);
  n.goroutine = k.go(`raft.node ${hex(rn.raft.id)}`, n.run());
  return n;
}

/**
 * StartNode: a node for a new cluster, bootstrapped with one ConfChangeAddNode per peer (a
 * bad Config or no peers panics, as upstream).
 */
export function startNode(k: Kernel, c: Config, peers: readonly Peer[]): Node {
  if (peers.length === 0) throw new Error('no peers given; use RestartNode instead');
  const rn = new RawNode(withKernelRand(k, c));
  const err = rn.bootstrap(peers);
  if (err !== undefined) rn.raft.logger.warning(`error occurred during starting a new node: ${err.message}`);
  return launch(k, rn);
}

/** RestartNode: a node that resumes from its Storage (the cluster membership comes from it). */
export function restartNode(k: Kernel, c: Config): Node {
  return launch(k, new RawNode(withKernelRand(k, c)));
}
