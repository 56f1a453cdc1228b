/**
 * Messages on the wire, for the Cluster view. The Network keeps only counts per link, so this
 * adapter wraps the network's send (on top of any fault interceptor) and attach/lost hooks to
 * remember each message from the moment it is sent until it is delivered or lost. Missing
 * engine hook: Network.inFlightMessages() would make this unnecessary.
 */
import { messageTypeName } from '../raft/raftpb/types';
import type { Network } from '../cluster/network';
import type { PeerMessage } from '../etcd/transport';
import type { InFlightMessage } from './types';

interface Entry {
  readonly view: InFlightMessage;
  readonly msg: PeerMessage;
}

/** Beyond this many messages on the wire the oldest are forgotten (a view cannot show more). */
const maxTracked = 2000;

export class InFlightTracker {
  private readonly live: Entry[] = [];
  private nextId = 1;

  constructor(
    net: Network<PeerMessage>,
    private readonly memberOf: (id: bigint) => number | null,
    private readonly now: () => number,
    private readonly meanLatencyUs: () => number,
  ) {
    const baseSend = net.send.bind(net);
    net.send = (from, to, msg) => {
      const out = baseSend(from, to, msg);
      if (out === 'sent') this.add(from, to, msg);
      return out;
    };
    const baseAttach = net.attach.bind(net);
    net.attach = (id, deliver) =>
      baseAttach(id, (from, msg) => {
        this.remove(msg);
        deliver(from, msg);
      });
    net.onLost((_from, _to, msg) => this.remove(msg));
  }

  private add(from: bigint, to: bigint, msg: PeerMessage): void {
    const f = this.memberOf(from);
    const t = this.memberOf(to);
    if (f === null || t === null) return;
    const sentUs = this.now();
    const m = msg.m;
    this.live.push({
      msg,
      view: {
        id: this.nextId++,
        fromMember: f,
        toMember: t,
        type: messageTypeName(m.type),
        term: m.term,
        index: m.index,
        entries: m.entries.length,
        sentUs,
        arriveUs: sentUs + this.meanLatencyUs(),
      },
    });
    if (this.live.length > maxTracked) this.live.shift();
  }

  private remove(msg: PeerMessage): void {
    const i = this.live.findIndex((e) => e.msg === msg);
    if (i >= 0) this.live.splice(i, 1);
  }

  /** Messages on the wire now, oldest first. */
  list(nowUs: number): InFlightMessage[] {
    // A message silently dropped by a fault rule after 'sent' would linger: forget it after a
    // generous multiple of the latency.
    const horizon = nowUs - 50 * Math.max(1, this.meanLatencyUs());
    while (this.live.length > 0 && (this.live[0]?.view.sentUs ?? 0) < horizon) this.live.shift();
    return this.live.map((e) => e.view);
  }
}
