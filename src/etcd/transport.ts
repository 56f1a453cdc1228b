/**
 * The rafthttp Transport of one member (server/etcdserver/api/rafthttp), on the virtual network.
 *
 * Outbound, Send(msgs) hands each message to its peer: messages to ID 0 (dropped by
 * processMessages) and to unknown peers are skipped; MsgSnap goes through the pipeline (buffer
 * 64), anything else through the streams (buffer 4096) while the peer is active, else the
 * pipeline. A full buffer — modelled as that many messages in flight on the link — or a link
 * that cannot carry the message reports the peer unreachable to raft (and a MsgSnap as a failed
 * snapshot), like peer.send and the pipeline's failed POST.
 *
 * Inbound, a message from a peer goes into that peer's recvc or, for MsgProp, propc (4096
 * each); one goroutine per buffer hands them to the server's Process (peer.go:startPeer).
 *
 * Peer status (ActivePeers, ActiveSince) follows the link: a peer becomes active
 * `connectDelayUs` after both directions come up with both members serving (the stream dial),
 * and inactive as soon as either goes down.
 *
 * Simplified: no HTTP, no stream/pipeline goroutines of our own on the sending side (the
 * network carries messages straight away), no dial retries; ReportUnreachable/ReportSnapshot
 * are delivered by one reporter goroutine, so Send itself never blocks.
 */
import { MessageType, messageTypeName } from '../raft/raftpb/types';
import type { Message } from '../raft/raftpb/types';
import { SnapshotStatus } from '../raft/rawnode';
import type { Chan } from '../sim/chan';
import type { Kernel } from '../sim/kernel';
import { recvCase, select } from '../sim/op';
import type { Op, Proc } from '../sim/op';
import { TimerEntry } from '../sim/timerheap';
import type { TimerTarget } from '../sim/timerheap';
import type { PeerNetwork } from './peer_network';
import { idString } from './ids';
import type { ZapLogger } from './zap';
import { zap } from './zap';

/** rafthttp buffer sizes (peer.go, pipeline.go). */
export const streamBufSize = 4096;
export const pipelineBufSize = 64;
export const recvBufSize = 4096;
export const maxPendingProposals = 4096;

/** What travels on the virtual network between transports. */
export interface PeerMessage {
  readonly m: Message;
  /** Set for snapshots: told whether the message arrived (snapSender / pipeline outcome). */
  readonly onDone?: (delivered: boolean) => void;
}

/** rafthttp.Raft: what the transport needs from the server. */
export interface RaftHandler {
  /** EtcdServer.Process: steps an inbound message; an error is logged and dropped. */
  process(m: Message): Generator<Op, { readonly message: string } | undefined, unknown>;
  isIDRemoved(id: bigint): boolean;
  reportUnreachable(id: bigint): Generator<Op, void, unknown>;
  reportSnapshot(id: bigint, status: SnapshotStatus): Generator<Op, void, unknown>;
}

export interface TransportOptions {
  readonly kernel: Kernel;
  readonly network: PeerNetwork<PeerMessage>;
  readonly id: bigint;
  readonly clusterID: bigint;
  readonly raft: RaftHandler;
  readonly lg: ZapLogger;
  /** Delay between a link coming up and the peer counting as active (stream dial), µs. */
  readonly connectDelayUs?: number;
}

/** Per-peer counters and status for the UI. */
export interface PeerInfo {
  readonly id: bigint;
  readonly urls: readonly string[];
  readonly active: boolean;
  readonly activeSinceUs: number;
  readonly sent: number;
  readonly droppedBufferFull: number;
  readonly droppedUnreachable: number;
  readonly received: number;
  readonly droppedInbound: number;
}

type Report =
  | { readonly kind: 'unreachable'; readonly id: bigint }
  | { readonly kind: 'snapshot'; readonly id: bigint; readonly status: SnapshotStatus };

class Peer implements TimerTarget {
  urls: string[];
  active = false;
  since: number | null = null;
  readonly activation = new TimerEntry(this);
  readonly traceRef = 0;
  readonly recvc: Chan<Message>;
  readonly propc: Chan<Message>;
  readonly stopc: Chan<undefined>;
  sent = 0;
  droppedBufferFull = 0;
  droppedUnreachable = 0;
  received = 0;
  droppedInbound = 0;

  constructor(
    readonly tr: Transport,
    readonly id: bigint,
    urls: readonly string[],
    k: Kernel,
  ) {
    this.urls = [...urls];
    const name = `rafthttp ${idString(tr.id)}→${idString(id)}`;
    this.recvc = k.chan<Message>(`${name} recvc`, recvBufSize);
    this.propc = k.chan<Message>(`${name} propc`, maxPendingProposals);
    this.stopc = k.chan<undefined>(`${name} stopc`);
  }

  onTimer(): void {
    this.tr.activate(this);
  }
}

const streamTypes = ['stream MsgApp v2', 'stream Message'] as const;

export class Transport {
  readonly id: bigint;
  readonly clusterID: bigint;
  private readonly k: Kernel;
  private readonly net: PeerNetwork<PeerMessage>;
  private readonly raft: RaftHandler;
  private readonly lg: ZapLogger;
  private readonly connectDelayUs: number;
  private readonly peers = new Map<bigint, Peer>();
  /** AddRemote's members: a joining member's bootstrap contacts, reached by pipeline only. */
  private readonly remotes = new Map<bigint, string[]>();
  /** pipelineHandler: messages from members that are not (yet) this member's peers. */
  private readonly pipelinec: Chan<Message>;
  private readonly reportc: Chan<Report>;
  private readonly stopc: Chan<undefined>;
  private started = false;
  private stopped = false;

  constructor(o: TransportOptions) {
    this.k = o.kernel;
    this.net = o.network;
    this.id = o.id;
    this.clusterID = o.clusterID;
    this.raft = o.raft;
    this.lg = o.lg;
    this.connectDelayUs = o.connectDelayUs ?? 0;
    this.reportc = this.k.chan<Report>(`rafthttp ${idString(o.id)} reportc`, streamBufSize);
    this.stopc = this.k.chan<undefined>(`rafthttp ${idString(o.id)} stopc`);
    this.pipelinec = this.k.chan<Message>(`rafthttp ${idString(o.id)} pipelineHandler`, recvBufSize);
    this.net.onLinkChange((from, to) => this.onLinkChange(from, to));
    this.net.onLost((from, _to, pm) => {
      if (from === this.id) pm.onDone?.(false);
    });
  }

  /** Transport.Start: starts the reporter goroutine and the pipeline handler. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.k.go(`rafthttp ${idString(this.id)} reporter`, this.reporter());
    this.k.go(`rafthttp ${idString(this.id)} pipelineHandler`, this.pipelineHandler());
  }

  /** AddRemote(id, urls): a member to reach (by pipeline) before it is a peer; a no-op for peers. */
  addRemote(id: bigint, urls: readonly string[]): void {
    if (this.stopped || this.peers.has(id) || this.remotes.has(id) || id === this.id) return;
    this.remotes.set(id, [...urls]);
    this.lg.info(
      'rafthttp/transport.go:286',
      'added new remote peer',
      zap.String('local-member-id', idString(this.id)),
      zap.String('remote-peer-id', idString(id)),
      zap.Strings('remote-peer-urls', urls),
    );
  }

  /** embed servePeers: this member now accepts peer traffic. */
  servePeers(): void {
    this.net.attach(this.id, (_from, pm) => this.receive(pm));
  }

  /** AddPeer(id, urls), with rafthttp's start-up log lines. */
  addPeer(id: bigint, urls: readonly string[]): void {
    if (this.stopped || this.peers.has(id) || id === this.id) return;
    const remote = idString(id);
    const local = idString(this.id);
    this.remotes.delete(id);
    this.lg.info('rafthttp/peer.go:133', 'starting remote peer', zap.String('remote-peer-id', remote));
    const p = new Peer(this, id, urls, this.k);
    this.peers.set(id, p);
    this.lg.info(
      'rafthttp/pipeline.go:72',
      'started HTTP pipelining with remote peer',
      zap.String('local-member-id', local),
      zap.String('remote-peer-id', remote),
    );
    for (let i = 0; i < 2; i++) {
      this.lg.info(
        'rafthttp/stream.go:168',
        'started stream writer with remote peer',
        zap.String('local-member-id', local),
        zap.String('remote-peer-id', remote),
      );
    }
    for (const t of streamTypes) {
      this.lg.info(
        'rafthttp/stream.go:394',
        'started stream reader with remote peer',
        zap.String('stream-reader-type', t),
        zap.String('local-member-id', local),
        zap.String('remote-peer-id', remote),
      );
    }
    this.k.go(`rafthttp ${local}←${remote} recvc`, this.inbound(p, p.recvc, 'peer.startPeer/recvc'));
    this.k.go(`rafthttp ${local}←${remote} propc`, this.inbound(p, p.propc, 'peer.startPeer/propc'));
    this.lg.info('rafthttp/peer.go:137', 'started remote peer', zap.String('remote-peer-id', remote));
    this.lg.info(
      'rafthttp/transport.go:317',
      'added remote peer',
      zap.String('local-member-id', local),
      zap.String('remote-peer-id', remote),
      zap.Strings('remote-peer-urls', urls),
    );
    this.refresh(p);
  }

  /** RemovePeer(id) */
  removePeer(id: bigint): void {
    const p = this.peers.get(id);
    if (p === undefined) {
      this.lg.info(
        'rafthttp/transport.go:361',
        'skipped removing already removed peer',
        zap.String('remote-peer-id', idString(id)),
      );
      return;
    }
    this.stopPeer(p);
    this.peers.delete(id);
    this.lg.info(
      'rafthttp/transport.go:355',
      'removed remote peer',
      zap.String('local-member-id', idString(this.id)),
      zap.String('remote-peer-id', idString(id)),
    );
  }

  /** RemoveAllPeers() */
  removeAllPeers(): void {
    for (const id of this.peerIDs()) this.removePeer(id);
  }

  /** UpdatePeer(id, urls) */
  updatePeer(id: bigint, urls: readonly string[]): void {
    const p = this.peers.get(id);
    if (p === undefined) return;
    p.urls = [...urls];
    this.lg.info(
      'rafthttp/transport.go:391',
      'updated remote peer',
      zap.String('local-member-id', idString(this.id)),
      zap.String('remote-peer-id', idString(id)),
      zap.Strings('remote-peer-urls', urls),
    );
  }

  /** Send(msgs): never blocks; see the file comment for drops and reports. */
  send(msgs: readonly Message[]): void {
    if (this.stopped) return;
    for (const m of msgs) {
      if (m.to === 0n) continue;
      const p = this.peers.get(m.to);
      if (p === undefined && this.remotes.has(m.to)) {
        this.sendToRemote(m);
        continue;
      }
      if (p === undefined) {
        this.lg.debug(
          'rafthttp/transport.go:203',
          'ignored message send request; unknown remote peer target',
          zap.String('type', messageTypeName(m.type)),
          zap.String('unknown-target-peer-id', idString(m.to)),
        );
        continue;
      }
      this.sendToPeer(p, m);
    }
  }

  /**
   * SendSnapshot(m): the merged snapshot, through the snapshot sender. Raft hears the outcome
   * (ReportSnapshot, plus ReportUnreachable on failure) and so does `closeNotify`, standing for
   * snap.Message.CloseNotify that sendMergedSnap waits on.
   */
  sendSnapshot(m: Message, closeNotify?: (ok: boolean) => void): void {
    const p = this.peers.get(m.to);
    const onDone = (delivered: boolean): void => {
      const status = delivered ? SnapshotStatus.SnapshotFinish : SnapshotStatus.SnapshotFailure;
      if (!delivered) this.queueReport({ kind: 'unreachable', id: m.to });
      this.queueReport({ kind: 'snapshot', id: m.to, status });
      closeNotify?.(delivered);
    };
    if (this.stopped || p === undefined) {
      onDone(false);
      return;
    }
    const outcome = this.net.send(this.id, m.to, { m: copyMessage(m), onDone });
    if (outcome === 'sent') p.sent++;
    else onDone(false);
  }

  /**
   * ActiveSince(id): when the peer became active (virtual µs), or 0 — Go's zero time — if it
   * is not. An activation at virtual time 0 is recorded as 1 µs so it stays distinguishable.
   */
  activeSince(id: bigint): number {
    return this.peers.get(id)?.since ?? 0;
  }

  /** ActivePeers(): how many remote peers are active (self never counts). */
  activePeers(): number {
    let n = 0;
    for (const p of this.peers.values()) if (p.active) n++;
    return n;
  }

  peerIDs(): bigint[] {
    return Array.from(this.peers.keys()).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  peerInfo(): PeerInfo[] {
    return this.peerIDs().map((id) => {
      const p = this.peers.get(id) as Peer;
      return {
        id,
        urls: p.urls,
        active: p.active,
        activeSinceUs: p.since ?? 0,
        sent: p.sent,
        droppedBufferFull: p.droppedBufferFull,
        droppedUnreachable: p.droppedUnreachable,
        received: p.received,
        droppedInbound: p.droppedInbound,
      };
    });
  }

  /** Stop(): stops every peer and stops serving; inbound messages are dropped from now on. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    for (const p of this.peers.values()) this.stopPeer(p);
    this.peers.clear();
    this.net.detach(this.id);
    this.k.close(this.stopc);
  }

  /** Peer timer callback: the stream dial completed. */
  activate(p: Peer): void {
    if (p.active || this.stopped || !this.net.isConnected(this.id, p.id)) return;
    // the peer's stream handler refuses a removed member (http.go: `removed member`)
    if (this.raft.isIDRemoved(p.id)) return;
    p.active = true;
    p.since = Math.max(1, this.k.nowUs);
    this.lg.info('rafthttp/peer_status.go:53', 'peer became active', zap.String('peer-id', idString(p.id)));
    for (const t of streamTypes) {
      this.lg.info(
        'rafthttp/stream.go:273',
        'established TCP streaming connection with remote peer',
        zap.String('stream-writer-type', t),
        zap.String('local-member-id', idString(this.id)),
        zap.String('remote-peer-id', idString(p.id)),
      );
    }
  }

  private deactivate(p: Peer, reason: string): void {
    this.k.unschedule(p.activation);
    if (!p.active) return;
    p.active = false;
    p.since = null;
    const msg = `failed to write ${idString(p.id)} on stream Message (${reason})`;
    this.lg.warn(
      'rafthttp/peer_status.go:65',
      'peer became inactive (message send to peer failed)',
      zap.String('peer-id', idString(p.id)),
      zap.Error({ message: msg }),
    );
  }

  private refresh(p: Peer): void {
    if (this.stopped) return;
    const connected = this.net.isConnected(this.id, p.id);
    if (!connected) this.deactivate(p, 'link down');
    else if (!p.active && !p.activation.scheduled)
      this.k.schedule(p.activation, this.k.nowUs + this.connectDelayUs);
  }

  private onLinkChange(from: bigint, to: bigint): void {
    const other = from === this.id ? to : to === this.id ? from : undefined;
    if (other === undefined) return;
    const p = this.peers.get(other);
    if (p !== undefined) this.refresh(p);
  }

  private sendToPeer(p: Peer, m: Message): void {
    const isSnap = m.type === MessageType.MsgSnap;
    const cap = isSnap || !p.active ? pipelineBufSize : streamBufSize;
    if (this.net.inFlight(this.id, p.id) >= cap) {
      p.droppedBufferFull++;
      this.lg.warn(
        'rafthttp/peer.go:254',
        'dropped internal Raft message since sending buffer is full',
        zap.String('message-type', messageTypeName(m.type)),
        zap.String('local-member-id', idString(this.id)),
        zap.String('from', idString(m.from)),
        zap.String('remote-peer-id', idString(p.id)),
        zap.Bool('remote-peer-active', p.active),
      );
      this.reportFailure(p, m);
      return;
    }
    // A raw MsgSnap goes by pipeline POST: raft hears how it went once it arrived or was lost.
    const onDone = (delivered: boolean): void => {
      if (delivered) this.queueReport({ kind: 'snapshot', id: p.id, status: SnapshotStatus.SnapshotFinish });
      else this.reportFailure(p, m);
    };
    const outcome = this.net.send(
      this.id,
      p.id,
      isSnap ? { m: copyMessage(m), onDone } : { m: copyMessage(m) },
    );
    if (outcome === 'sent' || outcome === 'lost') {
      p.sent++;
      if (isSnap && outcome === 'lost') onDone(false);
      return;
    }
    p.droppedUnreachable++;
    this.deactivate(p, outcome);
    this.reportFailure(p, m);
  }

  /** remote.send: pipeline only; a full buffer is a warning, with no report to raft. */
  private sendToRemote(m: Message): void {
    if (this.net.inFlight(this.id, m.to) >= pipelineBufSize) {
      this.lg.warn(
        'rafthttp/remote.go:68',
        'dropped Raft message since sending buffer is full (overloaded network)',
        zap.String('message-type', messageTypeName(m.type)),
        zap.String('local-member-id', idString(this.id)),
        zap.String('from', idString(m.from)),
        zap.String('remote-peer-id', idString(m.to)),
        zap.Bool('remote-peer-active', false),
      );
      return;
    }
    this.net.send(this.id, m.to, { m: copyMessage(m) });
  }

  private reportFailure(p: Peer, m: Message): void {
    this.queueReport({ kind: 'unreachable', id: p.id });
    if (m.type === MessageType.MsgSnap)
      this.queueReport({ kind: 'snapshot', id: p.id, status: SnapshotStatus.SnapshotFailure });
  }

  private queueReport(r: Report): void {
    if (!this.stopped) this.k.trySend(this.reportc, r);
  }

  /** Network handler: an inbound message enters its peer's buffer (or is dropped). */
  private receive(pm: PeerMessage): void {
    const m = pm.m;
    const p = this.peers.get(m.from);
    pm.onDone?.(!this.stopped);
    if (this.stopped) return;
    if (p === undefined) {
      // not a peer: its messages come by pipeline POST, which the handler hands to Process
      this.k.trySend(this.pipelinec, m); // simplified: a full handler queue drops the POST
      return;
    }
    const ch = m.type === MessageType.MsgProp ? p.propc : p.recvc;
    if (this.k.trySend(ch, m)) {
      p.received++;
      return;
    }
    p.droppedInbound++;
    this.lg.warn(
      'rafthttp/stream.go:529',
      'dropped internal Raft message since receiving buffer is full (overloaded network)',
      zap.String('message-type', messageTypeName(m.type)),
      zap.String('local-member-id', idString(this.id)),
      zap.String('from', idString(m.from)),
      zap.String('remote-peer-id', idString(m.to)),
    );
  }

  private stopPeer(p: Peer): void {
    this.k.unschedule(p.activation);
    p.active = false;
    p.since = null;
    if (!p.stopc.closed) this.k.close(p.stopc);
  }

  private *inbound(p: Peer, ch: Chan<Message>, label: string): Proc {
    for (;;) {
      const r = yield* select(label, [recvCase(ch), recvCase(p.stopc)]);
      if (r.index === 1) return;
      const err = yield* this.raft.process(r.value as Message);
      if (err !== undefined)
        this.lg.warn('rafthttp/peer.go:180', 'failed to process Raft message', zap.Error(err));
    }
  }

  private *pipelineHandler(): Proc {
    for (;;) {
      const r = yield* select('pipelineHandler.ServeHTTP', [recvCase(this.pipelinec), recvCase(this.stopc)]);
      if (r.index === 1) return;
      const err = yield* this.raft.process(r.value as Message);
      if (err !== undefined) {
        this.lg.warn(
          'rafthttp/http.go:153',
          'failed to process Raft message',
          zap.String('local-member-id', idString(this.id)),
          zap.Error(err),
        );
      }
    }
  }

  private *reporter(): Proc {
    for (;;) {
      const r = yield* select('rafthttp.reporter', [recvCase(this.reportc), recvCase(this.stopc)]);
      if (r.index === 1) return;
      const rep = r.value as Report;
      if (rep.kind === 'unreachable') yield* this.raft.reportUnreachable(rep.id);
      else yield* this.raft.reportSnapshot(rep.id, rep.status);
    }
  }
}

function copyMessage(m: Message): Message {
  return { ...m, entries: m.entries.slice(), responses: m.responses.slice() };
}
