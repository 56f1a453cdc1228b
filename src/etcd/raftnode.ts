/**
 * raftNode (server/etcdserver/raft.go): the member's Ready loop. It takes Readys from the raft
 * Node goroutine, hands committed entries to the server's apply pipeline, persists to the WAL,
 * sends messages (leader before its disk write, followers after), and calls Advance. Every
 * point where upstream's goroutine can block, and every R-step of spec §2.3, is a labelled
 * yield, so the UI can show which step a member's Ready loop stands at.
 */
import type { Chan } from '../sim/chan';
import type { Kernel } from '../sim/kernel';
import { opSend, recvCase, select, sendCase } from '../sim/op';
import type { Op, Proc, SelectResult } from '../sim/op';
import { Ticker, after } from '../sim/time';
import type { Node } from '../raft/node';
import { EntryType, MessageType, isEmptyHardState, isEmptySnap } from '../raft/raftpb/types';
import type { Entry, Message, NodeID, Snapshot } from '../raft/raftpb/types';
import type { ReadState } from '../raft/read_only';
import type { Ready } from '../raft/ready';
import { StateType } from '../raft/state_type';
import type { MemoryStorage } from '../raft/storage';
import { internalTimeoutUs, maxInFlightMsgSnap } from './config';
import { tickObservation } from './observation';
import type { MemberObserver } from './observation';
import type { RaftDurableStorage } from './ports';
import type { Transport } from './transport';
import type { ZapLogger } from './zap';
import { zap } from './zap';

/** The Ready loop's label-only steps as constant ops (yielded directly: no helper generator per step). */
const stepLeaderSend: Op = { kind: 'step', label: 'raftNode.start/leader-send' };
const stepAdvance: Op = { kind: 'step', label: 'raftNode.start/advance' };
const stepSoftState: Op = { kind: 'step', label: 'raftNode.start/soft-state' };
const stepSaveSnap: Op = { kind: 'step', label: 'raftNode.start/save-snap' };
const stepSaveWal: Op = { kind: 'step', label: 'raftNode.start/save-wal' };
const stepSyncSnap: Op = { kind: 'step', label: 'raftNode.start/sync-snap' };
const stepAppend: Op = { kind: 'step', label: 'raftNode.start/append' };
const stepFollowerSend: Op = { kind: 'step', label: 'raftNode.start/follower-send' };

/** What the Ready loop hands the apply pipeline per Ready (upstream toApply). */
export interface ToApply {
  readonly entries: readonly Entry[];
  readonly snapshot: Snapshot;
  /** Token the Ready loop sends once its disk writes for this Ready are done. */
  readonly notifyc: Chan<undefined>;
  /** Signalled after Advance when the Ready carried a conf change. */
  readonly raftAdvancedC: Chan<undefined>;
}

/** raftReadyHandler (server.go run): the server callbacks the Ready loop uses. */
export interface RaftReadyHandler {
  getLead(): NodeID;
  updateLead(lead: NodeID): void;
  updateLeadership(newLeader: boolean): void;
  updateCommittedIndex(ci: number): void;
}

export type { ReadyStep } from './ready_step';
import type { ReadyStep } from './ready_step';

/**
 * contention.TimeoutDetector (pkg/contention): remembers when the last heartbeat went to each
 * peer and reports how far a new one exceeds the allowed gap.
 */
export class TimeoutDetector {
  private readonly records = new Map<NodeID, number>();
  constructor(private readonly maxDurationUs: number) {}

  reset(): void {
    this.records.clear();
  }

  /** Returns [ok, exceededUs]. */
  observe(which: NodeID, nowUs: number): [boolean, number] {
    const last = this.records.get(which);
    this.records.set(which, nowUs);
    if (last === undefined) return [true, 0];
    const exceed = nowUs - last - this.maxDurationUs;
    return exceed > 0 ? [false, exceed] : [true, 0];
  }
}

export interface RaftNodeConfig {
  readonly kernel: Kernel;
  readonly lg: ZapLogger;
  readonly node: Node;
  readonly raftStorage: MemoryStorage;
  readonly storage: RaftDurableStorage;
  readonly transport: Transport;
  readonly heartbeatMs: number;
  /** raft's HeartbeatTick (etcd: 1); a heartbeat goes out every heartbeatTick ticks. */
  readonly heartbeatTick?: number;
  /** cluster.IsIDRemoved */
  readonly isIDRemoved: (id: NodeID) => boolean;
  /** Starts a goroutine owned by this member (it dies with the member on a crash). */
  readonly go: (name: string, proc: Proc) => void;
  readonly name: string;
  /** Told of ticks, Readys and Ready-loop steps (see observation.ts). */
  readonly observer?: MemberObserver;
}

export class RaftNode {
  readonly node: Node;
  readonly raftStorage: MemoryStorage;
  readonly storage: RaftDurableStorage;
  readonly transport: Transport;
  readonly heartbeatUs: number;
  readonly ticker: Ticker;
  readonly td: TimeoutDetector;
  readonly readStateC: Chan<ReadState>;
  readonly msgSnapC: Chan<Message>;
  readonly applyc: Chan<ToApply>;
  readonly stopped: Chan<undefined>;
  readonly done: Chan<undefined>;
  latestTickUs: number;
  /** For the UI: the R-step the loop is at and the Ready it is handling. */
  readyStep: ReadyStep = 'idle';
  currentReady: Ready | null = null;
  readyCount = 0;
  /** Counter etcd_server_heartbeat_send_failures_total. */
  heartbeatSendFailures = 0;
  private readonly k: Kernel;
  private readonly lg: ZapLogger;
  private readonly cfg: RaftNodeConfig;
  private readonly observer: MemberObserver | undefined;
  /** R5's select, reused for every Ready (only the value sent changes). */
  private readonly applyCase: { readonly dir: 'send'; readonly ch: Chan<unknown>; value: unknown };
  private readonly applyOp: Op;

  /** newRaftNode (bootstrap.go): the ticker exists from now on, read only once start() runs. */
  constructor(cfg: RaftNodeConfig) {
    const k = cfg.kernel;
    this.cfg = cfg;
    this.observer = cfg.observer;
    this.k = k;
    this.lg = cfg.lg;
    this.node = cfg.node;
    this.raftStorage = cfg.raftStorage;
    this.storage = cfg.storage;
    this.transport = cfg.transport;
    this.heartbeatUs = cfg.heartbeatMs * 1000;
    this.ticker = new Ticker(k, this.heartbeatUs, `${cfg.name} raftNode.ticker`);
    // Upstream's threshold is 2 × heartbeat, its heartbeat being one tick; with the classroom
    // HeartbeatTick knob a heartbeat is that many ticks apart.
    this.td = new TimeoutDetector(2 * this.heartbeatUs * (cfg.heartbeatTick ?? 1));
    this.readStateC = k.chan<ReadState>(`${cfg.name} readStateC`, 1);
    this.msgSnapC = k.chan<Message>(`${cfg.name} msgSnapC`, maxInFlightMsgSnap);
    this.applyc = k.chan<ToApply>(`${cfg.name} applyc`);
    this.stopped = k.chan<undefined>(`${cfg.name} raftNode.stopped`);
    this.done = k.chan<undefined>(`${cfg.name} raftNode.done`);
    this.latestTickUs = k.nowUs;
    this.applyCase = { dir: 'send', ch: this.applyc as Chan<unknown>, value: null };
    this.applyOp = {
      kind: 'select',
      label: 'raftNode.start/apply',
      cases: [this.applyCase, recvCase(this.stopped)],
      hasDefault: false,
      priority: false,
    };
  }

  /** raftNode.tick: one raft tick, remembering when (isActive reads it). */
  tick(): void {
    this.node.tick();
    this.latestTickUs = this.k.nowUs;
    this.observer?.observe(tickObservation);
  }

  /** Every change of readyStep goes through here, so observers see each step once. */
  private setReadyStep(step: ReadyStep): void {
    if (step === this.readyStep) return;
    this.readyStep = step;
    this.observer?.observe({ kind: 'ready-step', seq: this.readyCount, step });
  }

  /** advanceTicks: called by adjustTicks to fast-forward the election timer. */
  advanceTicks(ticks: number): void {
    for (let i = 0; i < ticks; i++) this.tick();
  }

  /** start: runs the Ready loop in its own goroutine. */
  start(rh: RaftReadyHandler): void {
    this.cfg.go(`${this.cfg.name} raftNode.start`, this.loop(rh));
  }

  private *loop(rh: RaftReadyHandler): Proc {
    let islead = false;
    // The channels never change: one op for every iteration (the kernel reads it only while
    // performing it).
    const idle: Op = {
      kind: 'select',
      label: 'raftNode.start/select',
      cases: [recvCase(this.ticker.c), recvCase(this.node.readyc), recvCase(this.stopped)],
      hasDefault: false,
      priority: false,
      // Read before the next yield: one result object serves every iteration.
      result: { index: 0, value: undefined, ok: false },
    };
    for (;;) {
      this.setReadyStep('idle');
      this.currentReady = null;
      const sel = (yield idle) as SelectResult;
      if (sel.index === 0) {
        this.tick();
        continue;
      }
      if (sel.index === 2) break;
      const rd = sel.value as Ready;
      this.readyCount++;
      this.currentReady = rd;
      this.observer?.observe({ kind: 'ready', seq: this.readyCount, ready: rd });
      const r: 'lead' | 'follow' | 'stopped' = yield* this.handleReady(rd, rh, islead);
      if (r === 'stopped') break;
      islead = r === 'lead';
    }
    yield* this.onStop();
  }

  /** One Ready, R1–R14; returns whether this member leads afterwards, or 'stopped'. */
  private *handleReady(
    rd: Ready,
    rh: RaftReadyHandler,
    wasLead: boolean,
  ): Generator<Op, 'lead' | 'follow' | 'stopped', unknown> {
    const islead = rd.softState === undefined ? wasLead : yield* this.softState(rd, rh);
    if (rd.readStates.length > 0 && (yield* this.offerReadState(rd)) === 'stopped') return 'stopped';
    const ap: ToApply = {
      entries: rd.committedEntries,
      snapshot: rd.snapshot,
      notifyc: this.k.chan<undefined>('toApply.notifyc', 1),
      raftAdvancedC: this.k.chan<undefined>('toApply.raftAdvancedC', 1),
    };
    updateCommittedIndex(ap, rh);
    this.setReadyStep('R5 apply');
    this.applyCase.value = ap;
    const sent = (yield this.applyOp) as SelectResult;
    this.applyCase.value = null;
    if (sent.index === 1) return 'stopped';
    if (islead) {
      this.setReadyStep('R6 leader-send');
      yield stepLeaderSend;
      this.transport.send(this.processMessages(rd.messages));
    }
    yield* this.persist(rd, ap.notifyc);
    const confChanged = rd.committedEntries.some((e) => e.type === EntryType.EntryConfChange);
    if (!islead) {
      if ((yield* this.followerNotifyAndSend(rd, ap.notifyc, confChanged)) === 'stopped') return 'stopped';
    } else {
      this.setReadyStep('R13 notify');
      yield opSend(ap.notifyc as Chan<unknown>, undefined, 'raftNode.start/leader-notify');
    }
    this.setReadyStep('R14 advance');
    yield stepAdvance;
    yield* this.node.advance();
    if (confChanged) this.k.trySend(ap.raftAdvancedC, undefined);
    return islead ? 'lead' : 'follow';
  }

  /** R1: a leadership change reaches the server; returns whether this member now leads. */
  private *softState(rd: Ready, rh: RaftReadyHandler): Generator<Op, boolean, unknown> {
    this.setReadyStep('R1 soft-state');
    yield stepSoftState;
    const ss = rd.softState as NonNullable<Ready['softState']>;
    const newLeader = ss.lead !== 0n && rh.getLead() !== ss.lead;
    rh.updateLead(ss.lead);
    rh.updateLeadership(newLeader);
    this.td.reset();
    return ss.raftState === StateType.StateLeader;
  }

  /** R2: only the last read state is offered, for at most internalTimeout. */
  private *offerReadState(rd: Ready): Generator<Op, 'ok' | 'stopped', unknown> {
    this.setReadyStep('R2 read-state');
    const last = rd.readStates[rd.readStates.length - 1] as ReadState;
    const timeout = after(this.k, internalTimeoutUs, 'raftNode.readState timeout');
    const s = yield* select('raftNode.start/read-state', [
      sendCase(this.readStateC, last),
      recvCase(timeout),
      recvCase(this.stopped),
    ]);
    if (s.index === 1) {
      this.lg.warn(
        'etcdserver/raft.go:213',
        'timed out sending read state',
        zap.Duration('timeout', internalTimeoutUs),
      );
    }
    return s.index === 2 ? 'stopped' : 'ok';
  }

  /** R7–R10: snapshot file, WAL, snapshot epilogue, in-memory log. */
  private *persist(rd: Ready, notifyc: Chan<undefined>): Generator<Op, void, unknown> {
    const hasSnap = !isEmptySnap(rd.snapshot);
    if (hasSnap) {
      this.setReadyStep('R7 save-snap');
      this.observer?.observe({ kind: 'snapshot', phase: 'received', index: rd.snapshot.metadata.index });
      yield stepSaveSnap;
      yield* this.storage.saveSnap(rd.snapshot);
    }
    this.setReadyStep('R8 save-wal');
    yield stepSaveWal;
    yield* this.storage.save(rd.hardState, rd.entries);
    if (!isEmptyHardState(rd.hardState)) this.proposalsCommitted = rd.hardState.commit;
    if (hasSnap) {
      this.setReadyStep('R9 snapshot');
      yield stepSyncSnap;
      yield* this.storage.sync();
      yield* notifyc.send(undefined, 'raftNode.start/notify-snap');
      this.raftStorage.applySnapshot(rd.snapshot);
      this.lg.info(
        'etcdserver/raft.go:273',
        'applied incoming Raft snapshot',
        zap.Int('snapshot-index', rd.snapshot.metadata.index),
      );
      this.storage.release(rd.snapshot);
    }
    this.setReadyStep('R10 append');
    yield stepAppend;
    this.raftStorage.append(rd.entries);
  }

  /** R12: a follower or candidate hands over the token, waits for conf changes, then sends. */
  private *followerNotifyAndSend(
    rd: Ready,
    notifyc: Chan<undefined>,
    confChanged: boolean,
  ): Generator<Op, 'ok' | 'stopped', unknown> {
    const msgs = this.processMessages(rd.messages);
    this.setReadyStep('R12 notify');
    yield opSend(notifyc as Chan<unknown>, undefined, 'raftNode.start/notify');
    if (confChanged) {
      // Not sending or advancing until the conf change is applied keeps a follower from
      // counting votes of removed members or campaigning in a one-member view of itself.
      this.setReadyStep('R12 wait-apply');
      const w = yield* select('raftNode.start/wait-apply', [
        sendCase(notifyc, undefined),
        recvCase(this.stopped),
      ]);
      if (w.index === 1) return 'stopped';
    }
    this.setReadyStep('R12 follower-send');
    yield stepFollowerSend;
    this.transport.send(msgs);
    return 'ok';
  }

  /** Gauge etcd_server_proposals_committed_total (the last HardState.Commit written). */
  proposalsCommitted = 0;

  /**
   * processMessages: walks the batch from last to first; To = 0 drops a message. Only the
   * last MsgAppResp survives; MsgSnap is diverted to msgSnapC for a merged snapshot; late
   * heartbeats are reported.
   */
  processMessages(ms: readonly Message[]): Message[] {
    const out = ms.map((m) => ({ ...m }));
    let sentAppResp = false;
    for (let i = out.length - 1; i >= 0; i--) {
      const m = out[i] as Message;
      if (this.cfg.isIDRemoved(m.to)) {
        m.to = 0n;
        continue;
      }
      if (m.type === MessageType.MsgAppResp) {
        if (sentAppResp) m.to = 0n;
        else sentAppResp = true;
      }
      if (m.type === MessageType.MsgSnap) {
        // A full msgSnapC drops the snapshot silently; raft retries later.
        this.k.trySend(this.msgSnapC, { ...m });
        m.to = 0n;
      }
      if (m.type === MessageType.MsgHeartbeat) this.observeHeartbeat(m.to);
    }
    return out;
  }

  private observeHeartbeat(to: NodeID): void {
    const [ok, exceedUs] = this.td.observe(to, this.k.nowUs);
    if (ok) return;
    this.lg.warn(
      'etcdserver/raft.go:390',
      'leader failed to send out heartbeat on time; took too long, leader is overloaded likely from slow disk',
      zap.String('to', to.toString(16)),
      zap.Duration('heartbeat-interval', this.heartbeatUs),
      zap.Duration('expected-duration', 2 * this.heartbeatUs),
      zap.Duration('exceeded-duration', exceedUs),
    );
    this.heartbeatSendFailures++;
  }

  /** stop: ends the Ready loop; onStop runs as the loop exits. */
  stop(): void {
    if (!this.stopped.closed) this.k.close(this.stopped);
  }

  /** onStop: stop raft, the ticker, the transport and the WAL, then close done. */
  private *onStop(): Proc {
    this.currentReady = null;
    this.setReadyStep('idle');
    yield* this.node.stop();
    this.ticker.stop();
    this.transport.stop();
    yield* this.done.close('raftNode.start/on-stop');
  }
}

/** updateCommittedIndex (raft.go): the highest committed index handed to apply. */
function updateCommittedIndex(ap: ToApply, rh: RaftReadyHandler): void {
  let ci = 0;
  const last = ap.entries[ap.entries.length - 1];
  if (last !== undefined) ci = last.index;
  if (ap.snapshot.metadata.index > ci) ci = ap.snapshot.metadata.index;
  if (ci !== 0) rh.updateCommittedIndex(ci);
}
