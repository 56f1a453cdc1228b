/**
 * Fault injection on a running Cluster, at any point between two kernel steps: crash and restart
 * a member, symmetric partitions, one-way cuts, heal, drop or delay the next message(s) on a link
 * or of a raft message type, per-link latency, a slow disk (fsync latency) and a slow apply per
 * member. A fault is plain data (`Fault`), so a run can log it as an input and replay it.
 *
 * The membership operations of etcdctl (member add / promote, move-leader) are inputs of the
 * same kind: plain data, applied between two kernel steps, replayed from the run's log.
 *
 * Everything here works through public objects: the Cluster's crash/restart, the Network's link
 * switches, the member's VirtualDisk, and one interceptor on the Network's send and attach (to
 * act on single messages and to count deliveries per raft message type). Nothing draws from a
 * random stream of its own, so faults keep the run deterministic.
 */
import { messageTypeName } from '../raft/raftpb/types';
import { mergeServerConfig } from '../etcd/config';
import type { ServerConfig, SimKnobs } from '../etcd/config';
import type { PeerMessage } from '../etcd/transport';
import type { Cluster } from './cluster';
import type { DeliverFn, LinkConfig, Network, SendOutcome } from './network';

export type { Fault, FaultKind, MessageMatch, UsRange } from './fault';
import type { Fault, MessageMatch, UsRange } from './fault';

interface MessageRule {
  readonly match: MessageMatch;
  remaining: number;
  /** null = drop; a number = deliver after exactly this many µs. */
  readonly delayUs: number | null;
}

/** The result of applying a fault: what happened, in words, for the event log. */
export interface FaultOutcome {
  readonly ok: boolean;
  readonly text: string;
}

const maxRules = 1024;

/**
 * Applies faults to one cluster. Construct it right after the Cluster and before start(): it
 * hooks the network's attach to count deliveries per raft message type.
 */
export class Faults {
  readonly net: Network<PeerMessage>;
  private readonly rules: MessageRule[] = [];
  private readonly delivered = new Map<string, number>();
  private readonly baseSend: Network<PeerMessage>['send'];
  private crashedOrder: number[] = [];

  constructor(readonly cluster: Cluster) {
    this.net = cluster.network;
    if (this.net.nodes().length > 0) throw new Error('Faults must be installed before Cluster.start()');
    this.baseSend = this.net.send.bind(this.net);
    const baseAttach = this.net.attach.bind(this.net);
    // Instance-level overrides: the transport calls net.send/attach through the object, so the
    // hook sees every message without the Network knowing about faults.
    this.net.send = (from, to, msg) => this.send(from, to, msg);
    this.net.attach = (id, deliver) => baseAttach(id, this.counting(deliver));
  }

  /** The member ID of member i (known even while it is down). */
  memberId(i: number): bigint {
    return this.cluster.memberId(i);
  }

  /** The member index of an ID, or undefined. */
  indexOf(id: bigint): number | undefined {
    return this.cluster.indexOfId(id);
  }

  /** Messages delivered so far, by raft message type name. */
  deliveredByType(): ReadonlyMap<string, number> {
    return this.delivered;
  }

  /** Members crashed and still down, most recent last. */
  crashedMembers(): readonly number[] {
    return this.crashedOrder;
  }

  /** Drop/delay rules that still have messages to act on. */
  pendingMessageRules(): number {
    return this.rules.filter((r) => r.remaining > 0).length;
  }

  apply(f: Fault): FaultOutcome {
    const out = this.applyFault(f);
    const member = 'member' in f ? f.member : null;
    this.cluster.notify(member, { kind: 'fault', fault: f.kind, ok: out.ok, text: out.text });
    return out;
  }

  private applyFault(f: Fault): FaultOutcome {
    switch (f.kind) {
      case 'crash':
        return this.crash(f.member);
      case 'restart':
        return this.restart(f.member);
      case 'partition':
        return this.partition(f.groups);
      case 'cut-link':
        this.net.setLink(this.memberId(f.from), this.memberId(f.to), { up: false });
        return done(`cut the link ${this.name(f.from)} → ${this.name(f.to)}`);
      case 'heal':
        this.net.heal();
        return done('healed every link');
      case 'drop-next':
      case 'delay-next':
        return this.addRule(f);
      case 'link-latency':
        return this.linkLatency(f.from, f.to, f.latency, f.symmetric);
      case 'slow-disk':
        return this.slowDisk(f.member, f.fsync);
      case 'slow-apply':
        setSimKnobs(this.cluster, f.member, { applyUsPerEntry: f.applyUsPerEntry });
        return done(`${this.name(f.member)} now applies each entry in ${f.applyUsPerEntry}µs`);
      case 'add-member':
      case 'promote-member':
      case 'transfer-leadership':
        return this.membership(f);
    }
  }

  /** A membership request: the client call starts now; its outcome arrives later. */
  private membership(
    f: Extract<Fault, { kind: 'add-member' | 'promote-member' | 'transfer-leadership' }>,
  ): FaultOutcome {
    const c = this.cluster;
    const via = this.name(f.via);
    if (f.kind === 'add-member') {
      const call = c.addMember({ via: f.via, learner: f.learner });
      const what = `infra${c.members.length}${f.learner ? ' as a learner' : ''}`;
      return call.result?.ok === false
        ? { ok: false, text: `member add → ${via}: ${call.result.err.message}` }
        : done(`client ${call.id}: member add ${what} → ${via}`);
    }
    if (f.kind === 'promote-member') {
      const call = c.promoteMember(f.member, { via: f.via });
      return done(`client ${call.id}: member promote ${this.name(f.member)} → ${via}`);
    }
    const call = c.moveLeader(f.to, { via: f.via });
    return done(`client ${call.id}: move-leader to ${this.name(f.to)} → ${via}`);
  }

  private name(i: number): string {
    const m = this.cluster.members[i];
    if (m === undefined) throw new Error(`no member ${i}`);
    return m.name;
  }

  private crash(i: number): FaultOutcome {
    if (!this.cluster.isUp(i)) return { ok: false, text: `${this.name(i)} is already down` };
    this.cluster.crash(i);
    this.crashedOrder = [...this.crashedOrder.filter((x) => x !== i), i];
    return done(`crashed ${this.name(i)}`);
  }

  private restart(i: number): FaultOutcome {
    if (this.cluster.isUp(i)) return { ok: false, text: `${this.name(i)} is already up` };
    this.cluster.restart(i);
    this.crashedOrder = this.crashedOrder.filter((x) => x !== i);
    return done(`restarted ${this.name(i)}`);
  }

  private partition(groups: readonly (readonly number[])[]): FaultOutcome {
    const named = new Set(groups.flat());
    const rest = this.cluster.members.map((m) => m.index).filter((i) => !named.has(i));
    const all = rest.length > 0 ? [...groups, rest] : [...groups];
    for (let a = 0; a < all.length; a++) {
      for (let b = a + 1; b < all.length; b++) {
        const ga = (all[a] ?? []).map((i) => this.memberId(i));
        const gb = (all[b] ?? []).map((i) => this.memberId(i));
        this.net.partition(ga, gb);
      }
    }
    const text = all.map((g) => `{${g.map((i) => this.name(i)).join(', ')}}`).join(' | ');
    return done(`partitioned ${text}`);
  }

  private addRule(f: Extract<Fault, { kind: 'drop-next' | 'delay-next' }>): FaultOutcome {
    if (this.rules.length >= maxRules) this.rules.splice(0, this.rules.length - maxRules + 1);
    const match: MessageMatch = {
      ...(f.from === undefined ? {} : { from: f.from }),
      ...(f.to === undefined ? {} : { to: f.to }),
      ...(f.messageType === undefined ? {} : { messageType: f.messageType }),
    };
    this.rules.push({ match, remaining: f.count, delayUs: f.kind === 'drop-next' ? null : f.delayUs });
    const what = `${f.count} message(s)${this.describeMatch(match)}`;
    return done(
      f.kind === 'drop-next' ? `will drop the next ${what}` : `will delay the next ${what} by ${f.delayUs}µs`,
    );
  }

  private describeMatch(m: MessageMatch): string {
    const parts: string[] = [];
    if (m.messageType !== undefined) parts.push(` of type ${m.messageType}`);
    if (m.from !== undefined) parts.push(` from ${this.name(m.from)}`);
    if (m.to !== undefined) parts.push(` to ${this.name(m.to)}`);
    return parts.join('');
  }

  private linkLatency(from: number, to: number, r: UsRange, symmetric: boolean): FaultOutcome {
    const patch: Partial<LinkConfig> = { latencyUsMin: r.minUs, latencyUsMax: r.maxUs };
    if (symmetric) this.net.setLinkSymmetric(this.memberId(from), this.memberId(to), patch);
    else this.net.setLink(this.memberId(from), this.memberId(to), patch);
    const arrow = symmetric ? '↔' : '→';
    return done(`link ${this.name(from)} ${arrow} ${this.name(to)} latency ${r.minUs}–${r.maxUs}µs`);
  }

  private slowDisk(i: number, r: UsRange): FaultOutcome {
    const sim = setSimKnobs(this.cluster, i, { fsyncUsMin: r.minUs, fsyncUsMax: r.maxUs });
    this.cluster.members[i]?.dataDir.disk.setLatency(sim);
    return done(`${this.name(i)}'s fsync now takes ${r.minUs}–${r.maxUs}µs`);
  }

  /** The network's send, with the first matching drop/delay rule applied to this message. */
  private send(from: bigint, to: bigint, msg: PeerMessage): SendOutcome {
    // A rule acts on a message the network would carry; one that cannot leave keeps the rule armed.
    const rule =
      this.rules.length === 0 || !this.net.isUp(from, to) ? undefined : this.matchRule(from, to, msg);
    if (rule === undefined) return this.baseSend(from, to, msg);
    rule.remaining--;
    if (rule.remaining <= 0) this.rules.splice(this.rules.indexOf(rule), 1);
    // Swap the link's config for this one message: the network then counts a drop as lost (and
    // the transport treats it as such), and a delay keeps the link FIFO like a slow TCP stream.
    const saved = this.net.linkConfig(from, to);
    const patch: Partial<LinkConfig> =
      rule.delayUs === null
        ? { lossProbability: 1 }
        : { latencyUsMin: rule.delayUs, latencyUsMax: rule.delayUs, lossProbability: 0 };
    this.net.setLink(from, to, patch);
    try {
      return this.baseSend(from, to, msg);
    } finally {
      this.net.setLink(from, to, saved);
    }
  }

  private matchRule(from: bigint, to: bigint, msg: PeerMessage): MessageRule | undefined {
    const fi = this.indexOf(from);
    const ti = this.indexOf(to);
    const type = messageTypeName(msg.m.type);
    return this.rules.find(
      (r) =>
        r.remaining > 0 &&
        (r.match.from === undefined || r.match.from === fi) &&
        (r.match.to === undefined || r.match.to === ti) &&
        (r.match.messageType === undefined || r.match.messageType === type),
    );
  }

  private counting(deliver: DeliverFn<PeerMessage>): DeliverFn<PeerMessage> {
    return (from, msg) => {
      const type = messageTypeName(msg.m.type);
      this.delivered.set(type, (this.delivered.get(type) ?? 0) + 1);
      deliver(from, msg);
    };
  }
}

function done(text: string): FaultOutcome {
  return { ok: true, text };
}

/**
 * Changes simulator knobs of member i, for its running server and for its next restart.
 * Stopgap: the Cluster has no setter yet, so this replaces the (frozen) config objects the member
 * handle and the server hold; both are read afresh where the knobs are used (apply, disk).
 */
export function setSimKnobs(c: Cluster, i: number, patch: Partial<SimKnobs>): SimKnobs {
  const m = c.members[i];
  if (m === undefined) throw new Error(`no member ${i}`);
  const cfg = mergeServerConfig({ sim: patch }, m.cfg);
  (m as { cfg: ServerConfig }).cfg = cfg;
  const s = c.server(i);
  if (s !== null) (s as { cfg: ServerConfig }).cfg = mergeServerConfig({ sim: patch }, s.cfg);
  return cfg.sim;
}
