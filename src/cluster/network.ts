/**
 * The virtual network between members: one directed link per ordered pair of members, each with
 * a latency distribution (uniform in [min, max] µs, drawn from the seeded stream `network`), a
 * loss probability and an up/down switch (so partitions can be symmetric or one-way). A message
 * is delivered to the receiver's handler by a kernel timer after its latency; a link keeps its
 * messages in order (rafthttp streams run over TCP), and a link that goes down loses what is in
 * flight on it. Counters per link feed the UI.
 */
import type { DeliverFn, LinkListener, LostListener, PeerNetwork, SendOutcome } from '../etcd/peer_network';
import type { Kernel } from '../sim/kernel';
import type { RandStream } from '../sim/rand';
import { TimerEntry } from '../sim/timerheap';
import type { TimerTarget } from '../sim/timerheap';

export type { DeliverFn, LinkListener, LostListener, SendOutcome } from '../etcd/peer_network';

export interface LinkConfig {
  readonly latencyUsMin: number;
  readonly latencyUsMax: number;
  /** In [0, 1]. */
  readonly lossProbability: number;
  readonly up: boolean;
}

export interface LinkStats {
  readonly from: bigint;
  readonly to: bigint;
  /** Both ends attached and the link not cut. */
  readonly up: boolean;
  /** Cut by a fault (a partition, a cut link), whether or not both ends are attached now. */
  readonly cut: boolean;
  readonly inFlight: number;
  readonly sent: number;
  readonly delivered: number;
  readonly lost: number;
}

/**
 * Why a message did not arrive: refused by send ('link-down', 'lost', 'unknown-destination'),
 * or lost on the wire ('cut-in-flight': its link went down or the receiver left meanwhile;
 * 'link-down-on-arrival' / 'receiver-gone': the state when it would have arrived).
 */
export type DropReason =
  Exclude<SendOutcome, 'sent'> | 'cut-in-flight' | 'link-down-on-arrival' | 'receiver-gone';

/** Told of every message's fate, synchronously; must not send, yield or draw randomness. */
export interface NetworkObserver<M> {
  sent(from: bigint, to: bigint, msg: M): void;
  delivered(from: bigint, to: bigint, msg: M): void;
  dropped(from: bigint, to: bigint, msg: M, reason: DropReason): void;
}

interface Link {
  config: LinkConfig;
  inFlight: number;
  sent: number;
  delivered: number;
  lost: number;
  /** Bumped whenever the link goes down: deliveries from an earlier epoch are lost. */
  epoch: number;
  /** The latest scheduled delivery time, so the link stays FIFO. */
  lastDeliveryUs: number;
}

class Delivery<M> implements TimerTarget {
  readonly entry = new TimerEntry(this);
  readonly traceRef = 0;

  constructor(
    private readonly net: Network<M>,
    readonly from: bigint,
    readonly to: bigint,
    readonly msg: M,
    readonly epoch: number,
    /** The link it travels on (links are never replaced): no keyed lookup on arrival. */
    readonly link: Link,
  ) {}

  onTimer(): void {
    this.net.deliver(this);
  }
}

export class Network<M> implements PeerNetwork<M> {
  private readonly links = new Map<string, Link>();
  /** The same links by from, then to: the per-message lookup without building a string key. */
  private readonly byPair = new Map<bigint, Map<bigint, Link>>();
  private readonly handlers = new Map<bigint, DeliverFn<M>>();
  private readonly listeners: LinkListener[] = [];
  private readonly lostListeners: LostListener<M>[] = [];
  private readonly rand: RandStream;
  /** At most one; undefined costs one check per message. */
  observer: NetworkObserver<M> | undefined = undefined;

  constructor(
    private readonly kernel: Kernel,
    private defaultLink: LinkConfig,
    streamName = 'network',
  ) {
    this.rand = kernel.rand.stream(streamName);
  }

  /** A member starts serving peer traffic: messages to it are delivered to `deliver`. */
  attach(id: bigint, deliver: DeliverFn<M>): void {
    this.handlers.set(id, deliver);
    this.notifyNode(id);
  }

  /** A member stops (crash or shutdown): messages to it are dropped from now on. */
  detach(id: bigint): void {
    if (!this.handlers.delete(id)) return;
    for (const link of this.linksOf(id)) this.dropInFlight(link);
    this.notifyNode(id);
  }

  isAttached(id: bigint): boolean {
    return this.handlers.has(id);
  }

  /** Attached members, ascending. */
  nodes(): bigint[] {
    return Array.from(this.handlers.keys()).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  onLinkChange(listener: LinkListener): void {
    this.listeners.push(listener);
  }

  onLost(listener: LostListener<M>): void {
    this.lostListeners.push(listener);
  }

  /** Whether from → to can carry a message now: both attached and the link up. */
  isUp(from: bigint, to: bigint): boolean {
    return this.handlers.has(from) && this.handlers.has(to) && this.link(from, to).config.up;
  }

  /** Whether both directions are up (what a TCP connection needs). */
  isConnected(a: bigint, b: bigint): boolean {
    return this.isUp(a, b) && this.isUp(b, a);
  }

  /** Puts a message on the wire from → to. */
  send(from: bigint, to: bigint, msg: M): SendOutcome {
    if (!this.handlers.has(to)) {
      this.observer?.dropped(from, to, msg, 'unknown-destination');
      return 'unknown-destination';
    }
    const link = this.link(from, to);
    if (!link.config.up || !this.handlers.has(from)) {
      this.observer?.dropped(from, to, msg, 'link-down');
      return 'link-down';
    }
    link.sent++;
    if (link.config.lossProbability > 0 && this.rand.float() < link.config.lossProbability) {
      link.lost++;
      this.observer?.dropped(from, to, msg, 'lost');
      return 'lost';
    }
    const { latencyUsMin: lo, latencyUsMax: hi } = link.config;
    const latency = hi > lo ? lo + this.rand.intn(hi - lo + 1) : lo;
    const atUs = Math.max(this.kernel.nowUs + latency, link.lastDeliveryUs);
    link.lastDeliveryUs = atUs;
    link.inFlight++;
    const d = new Delivery(this, from, to, msg, link.epoch, link);
    this.kernel.schedule(d.entry, atUs);
    this.observer?.sent(from, to, msg);
    return 'sent';
  }

  /** Sets (part of) one directed link's configuration. */
  setLink(from: bigint, to: bigint, patch: Partial<LinkConfig>): void {
    const link = this.link(from, to);
    const wasUp = this.isUp(from, to);
    link.config = { ...link.config, ...patch };
    if (!link.config.up) this.dropInFlight(link);
    if (wasUp !== this.isUp(from, to)) this.emit(from, to);
  }

  /** Sets both directions between a and b. */
  setLinkSymmetric(a: bigint, b: bigint, patch: Partial<LinkConfig>): void {
    this.setLink(a, b, patch);
    this.setLink(b, a, patch);
  }

  /** Cuts every link between the two groups, both ways. */
  partition(groupA: readonly bigint[], groupB: readonly bigint[]): void {
    for (const a of groupA) for (const b of groupB) this.setLinkSymmetric(a, b, { up: false });
  }

  /** Brings every known link back up. */
  heal(): void {
    for (const key of Array.from(this.links.keys()).sort()) {
      const [from, to] = key.split('>').map((s) => BigInt(s)) as [bigint, bigint];
      this.setLink(from, to, { up: true });
    }
  }

  /** The configuration new links get; existing links keep theirs unless `applyToAll`. */
  setDefaultLink(patch: Partial<LinkConfig>, applyToAll = false): void {
    this.defaultLink = { ...this.defaultLink, ...patch };
    if (!applyToAll) return;
    for (const key of Array.from(this.links.keys()).sort()) {
      const [from, to] = key.split('>').map((s) => BigInt(s)) as [bigint, bigint];
      this.setLink(from, to, patch);
    }
  }

  linkConfig(from: bigint, to: bigint): LinkConfig {
    return this.link(from, to).config;
  }

  /** Messages on the wire from → to. */
  inFlight(from: bigint, to: bigint): number {
    return this.byPair.get(from)?.get(to)?.inFlight ?? 0;
  }

  inFlightTotal(): number {
    let n = 0;
    for (const l of this.links.values()) n += l.inFlight;
    return n;
  }

  /** Every link that has been used or configured, in (from, to) order. */
  linkStats(): LinkStats[] {
    const out: LinkStats[] = [];
    for (const [k, l] of this.links) {
      const [from, to] = k.split('>').map((s) => BigInt(s)) as [bigint, bigint];
      out.push({
        from,
        to,
        up: this.isUp(from, to),
        cut: !l.config.up,
        inFlight: l.inFlight,
        sent: l.sent,
        delivered: l.delivered,
        lost: l.lost,
      });
    }
    return out.sort((a, b) =>
      a.from !== b.from ? (a.from < b.from ? -1 : 1) : a.to < b.to ? -1 : a.to > b.to ? 1 : 0,
    );
  }

  /** Kernel timer callback: the message arrives, unless its link went down meanwhile. */
  deliver(d: Delivery<M>): void {
    const link = d.link;
    if (d.epoch !== link.epoch) {
      // already counted as lost by dropInFlight; tell the sender now, when it would have arrived
      this.observer?.dropped(d.from, d.to, d.msg, 'cut-in-flight');
      for (const l of this.lostListeners) l(d.from, d.to, d.msg);
      return;
    }
    link.inFlight--;
    const handler = this.handlers.get(d.to);
    if (handler === undefined || !link.config.up) {
      link.lost++;
      this.observer?.dropped(
        d.from,
        d.to,
        d.msg,
        handler === undefined ? 'receiver-gone' : 'link-down-on-arrival',
      );
      for (const l of this.lostListeners) l(d.from, d.to, d.msg);
      return;
    }
    link.delivered++;
    this.observer?.delivered(d.from, d.to, d.msg);
    handler(d.from, d.msg);
  }

  private link(from: bigint, to: bigint): Link {
    let row = this.byPair.get(from);
    if (row === undefined) {
      row = new Map<bigint, Link>();
      this.byPair.set(from, row);
    }
    let l = row.get(to);
    if (l === undefined) {
      l = {
        config: this.defaultLink,
        inFlight: 0,
        sent: 0,
        delivered: 0,
        lost: 0,
        epoch: 0,
        lastDeliveryUs: 0,
      };
      this.links.set(key(from, to), l);
      row.set(to, l);
    }
    return l;
  }

  private linksOf(id: bigint): Link[] {
    const out: Link[] = [];
    for (const [k, l] of this.links) {
      const [from, to] = k.split('>');
      if (from === id.toString() || to === id.toString()) out.push(l);
    }
    return out;
  }

  private dropInFlight(link: Link): void {
    link.lost += link.inFlight;
    link.inFlight = 0;
    link.epoch++;
    link.lastDeliveryUs = 0;
  }

  private emit(from: bigint, to: bigint): void {
    const up = this.isUp(from, to);
    for (const l of this.listeners) l(from, to, up);
  }

  /** A node attached or detached: every link touching it may have changed state. */
  private notifyNode(id: bigint): void {
    for (const other of this.allKnownNodes()) {
      if (other === id) continue;
      this.emit(id, other);
      this.emit(other, id);
    }
  }

  private allKnownNodes(): bigint[] {
    const s = new Set<bigint>(this.handlers.keys());
    for (const k of this.links.keys()) for (const p of k.split('>')) s.add(BigInt(p));
    return Array.from(s).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }
}

function key(from: bigint, to: bigint): string {
  return `${from.toString()}>${to.toString()}`;
}
