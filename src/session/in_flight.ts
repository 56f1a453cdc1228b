/**
 * Messages on the wire, for the Cluster view, from the network's observations: a message is on
 * the wire from its 'sent' until its 'delivered' or 'dropped'. Bounded: beyond maxTracked the
 * oldest are forgotten (a view cannot show more).
 */
import { messageTypeName } from '../raft/raftpb/types';
import type { Message } from '../raft/raftpb/types';
import type { ClusterObservation } from '../cluster/observation';
import type { InFlightMessage } from './types';

const maxTracked = 2000;

type MessageObservation = Extract<ClusterObservation, { kind: 'message' }>;

export class InFlightTracker {
  /** Insertion-ordered: the oldest message first. */
  private readonly live = new Map<Message, InFlightMessage>();
  private nextId = 1;

  constructor(
    private readonly now: () => number,
    private readonly meanLatencyUs: () => number,
  ) {}

  observe(o: MessageObservation): void {
    if (o.phase !== 'sent') {
      this.live.delete(o.message);
      return;
    }
    if (o.from === null || o.to === null) return;
    const m = o.message;
    const sentUs = this.now();
    this.live.set(m, {
      id: this.nextId++,
      fromMember: o.from,
      toMember: o.to,
      type: messageTypeName(m.type),
      term: m.term,
      index: m.index,
      entries: m.entries.length,
      sentUs,
      arriveUs: sentUs + this.meanLatencyUs(),
    });
    if (this.live.size > maxTracked) {
      const oldest = this.live.keys().next();
      if (oldest.done !== true) this.live.delete(oldest.value);
    }
  }

  /** Messages on the wire now, oldest first. */
  list(): InFlightMessage[] {
    return [...this.live.values()];
  }
}
