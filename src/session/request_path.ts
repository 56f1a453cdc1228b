/**
 * Where the user's latest key-value request is on its way through the cluster, from typed
 * observations only: the client call starting at a member, the write path's 'received' there
 * (which gives the request ID), the MsgProp that forwards it to the leader, the leader's Ready
 * and MsgApps that carry its entry (which give its index), a Ready whose committed entries reach
 * that index, the member's 'applied', and the client's answer. Entry payloads are decoded with
 * etcd's own request codec (as views_of_raft does), never from log text.
 *
 * Coarser truth when exact is not possible: a 'received' is tied to the call only when the call is
 * the one write waiting at that member, and its ID is trusted only once an entry with that ID
 * also carries the call's key; otherwise the path stays at "sent" until the answer. Reads go
 * "sent" → "answered" (the ReadIndex round has no observation that names the request).
 * Observing only: it never touches the run.
 */
import type { AnyObservation } from '../cluster/observation';
import { unmarshalRaftRequest, stringFromBytes } from '../etcd/raft_request';
import { MessageType } from '../raft/raftpb/types';
import type { Entry } from '../raft/raftpb/types';

export type RequestPhase =
  'sent' | 'forwarded' | 'appended' | 'replicating' | 'committed' | 'applied' | 'answered';

export interface RequestPathView {
  readonly call: number;
  readonly op: string;
  readonly key: string;
  /** The member the client sent it to. */
  readonly member: number;
  readonly phase: RequestPhase;
  /** The leader that appended its entry (or the member it was forwarded to), if known. */
  readonly leader: number | null;
  /** The entry's index, once a leader appended it. */
  readonly index: number | null;
  /** Links the request is on now ([from, to] member pairs): the MsgProp, or the MsgApps. */
  readonly links: readonly (readonly [number, number])[];
  /** Once answered: ok, and the exact etcd error when not. */
  readonly ok: boolean | null;
  readonly error: string | null;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

interface OpenCall {
  readonly call: number;
  readonly op: string;
  readonly key: string;
  readonly member: number;
  received: boolean;
}

const writeOps: ReadonlySet<string> = new Set(['put', 'delete']);
/** Open calls remembered (a bound: older ones are forgotten). */
const maxOpen = 256;

export class RequestPathTracker {
  private readonly open = new Map<number, OpenCall>();
  /**
   * The last call answered at once (a member that is down refuses while the call starts, before
   * the engine learns that the call is the user's).
   */
  private answeredAtOnce: {
    readonly c: OpenCall;
    readonly ok: boolean;
    readonly error: string | null;
  } | null = null;
  private path: Mutable<RequestPathView> | null = null;
  /** The request ID (hex) of the followed call once received, and whether an entry confirmed it. */
  private id: string | null = null;
  private confirmed = false;

  /** The call (just started by the user) to follow from now on. */
  follow(call: number): void {
    const early = this.answeredAtOnce?.c.call === call ? this.answeredAtOnce : null;
    const c = early?.c ?? this.open.get(call);
    if (c === undefined) return;
    this.id = null;
    this.confirmed = false;
    this.path = {
      call,
      op: c.op,
      key: c.key,
      member: c.member,
      phase: 'sent',
      leader: null,
      index: null,
      links: [],
      ok: null,
      error: null,
      ...(early === null ? {} : { phase: 'answered' as const, ok: early.ok, error: early.error }),
    };
  }

  observe(member: number | null, o: AnyObservation): void {
    switch (o.kind) {
      case 'client':
        this.onClient(member, o);
        return;
      case 'proposal':
        if (o.phase === 'received' && member !== null) this.onReceived(member, o.id);
        return;
      case 'message':
        if (o.phase === 'sent' && o.from !== null && o.to !== null) this.onMessage(o.from, o.to, o.message);
        return;
      case 'ready':
        if (member !== null) this.onReady(member, o.ready.entries, o.ready.committedEntries);
        return;
      case 'applied': {
        const p = this.path;
        if (
          p !== null &&
          member === p.member &&
          p.index !== null &&
          o.index >= p.index &&
          before(p, 'applied')
        ) {
          p.phase = 'applied';
          p.links = [];
        }
        return;
      }
      default:
        return;
    }
  }

  /** The followed request's path, or null when the user has sent none. */
  view(): RequestPathView | null {
    return this.path === null ? null : { ...this.path, links: [...this.path.links] };
  }

  private onClient(member: number | null, o: Extract<AnyObservation, { kind: 'client' }>): void {
    if (o.phase === 'started') {
      if (member === null || !(writeOps.has(o.op) || o.op === 'get')) return;
      this.open.set(o.call, { call: o.call, op: o.op, key: o.key, member, received: false });
      if (this.open.size > maxOpen) {
        const oldest = this.open.keys().next();
        if (oldest.done !== true) this.open.delete(oldest.value);
      }
      return;
    }
    const c = this.open.get(o.call);
    this.open.delete(o.call);
    if (c !== undefined) this.answeredAtOnce = { c, ok: o.ok, error: o.error };
    const p = this.path;
    if (p === null || p.call !== o.call) return;
    p.phase = 'answered';
    p.links = [];
    p.ok = o.ok;
    p.error = o.error;
  }

  private onReceived(member: number, id: string | null): void {
    const waiting = [...this.open.values()].filter(
      (c) => c.member === member && writeOps.has(c.op) && !c.received,
    );
    // Exact only when one write waits at this member; otherwise nobody is marked.
    const only = waiting.length === 1 ? waiting[0] : undefined;
    if (only === undefined) return;
    only.received = true;
    const p = this.path;
    if (p !== null && p.call === only.call && this.id === null) this.id = id;
  }

  /** Whether entry e is the followed request's (by ID, with the key checked once). */
  private isOurs(e: Entry): boolean {
    const p = this.path;
    if (p === null || this.id === null || e.data === undefined || e.data.length === 0) return false;
    let id: string;
    let key: string | null = null;
    try {
      const r = unmarshalRaftRequest(e.data);
      if (r.header === undefined) return false;
      id = r.header.id.toString(16);
      if (r.body.kind === 'put') key = stringFromBytes(r.body.put.key);
      if (r.body.kind === 'deleteRange') key = stringFromBytes(r.body.deleteRange.key);
    } catch {
      return false;
    }
    if (id !== this.id) return false;
    if (!this.confirmed) {
      if (key !== p.key) {
        // Not the call's request after all: give up on the details, keep the coarse truth.
        this.id = null;
        return false;
      }
      this.confirmed = true;
    }
    return true;
  }

  private onMessage(
    from: number,
    to: number,
    m: { readonly type: MessageType; readonly entries: readonly Entry[] },
  ): void {
    const p = this.path;
    if (p === null || this.id === null || p.phase === 'answered') return;
    if (m.type === MessageType.MsgProp && from === p.member && before(p, 'forwarded')) {
      if (m.entries.some((e) => this.isOurs(e))) {
        p.phase = 'forwarded';
        p.leader = to;
        p.links = [[from, to]];
      }
      return;
    }
    if (m.type !== MessageType.MsgApp || !before(p, 'committed')) return;
    const e = m.entries.find((x) => (p.index === null ? this.isOurs(x) : x.index === p.index));
    if (e === undefined) return;
    p.index = e.index;
    p.leader = from;
    if (p.phase !== 'replicating') p.links = [];
    p.phase = 'replicating';
    if (!p.links.some(([a, b]) => a === from && b === to)) p.links = [...p.links, [from, to]];
  }

  private onReady(member: number, entries: readonly Entry[], committed: readonly Entry[]): void {
    const p = this.path;
    if (p === null || this.id === null || p.phase === 'answered') return;
    if (p.index === null) {
      const e = entries.find((x) => this.isOurs(x));
      if (e === undefined) return;
      p.index = e.index;
      p.leader = member;
      p.phase = 'appended';
      p.links = [];
      return;
    }
    const idx = p.index;
    if (before(p, 'committed') && committed.some((e) => e.index >= idx)) {
      p.phase = 'committed';
      p.links = [];
    }
  }
}

/** The phases in the order a request goes through them. */
export const requestPhaseOrder: readonly RequestPhase[] = [
  'sent',
  'forwarded',
  'appended',
  'replicating',
  'committed',
  'applied',
  'answered',
];

/** Whether the path has not reached phase `q` yet. */
function before(p: { readonly phase: RequestPhase }, q: RequestPhase): boolean {
  return requestPhaseOrder.indexOf(p.phase) < requestPhaseOrder.indexOf(q);
}
