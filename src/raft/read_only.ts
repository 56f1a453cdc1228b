/**
 * read_only: bookkeeping of linearizable read requests on the leader (upstream read_only.go).
 *
 * A ReadIndex request is answered with the leader's commit index once the leader has proven
 * it still leads: either by a quorum of heartbeat acks carrying the request's context
 * (ReadOnlySafe) or by trusting its lease (ReadOnlyLeaseBased).
 */
import type { Message, NodeID } from './raftpb/types';

export enum ReadOnlyOption {
  /** Confirms leadership with a quorum round-trip for every read. The default. */
  ReadOnlySafe = 0,
  /** Relies on the leader lease (needs CheckQuorum); unsafe under unbounded clock drift. */
  ReadOnlyLeaseBased = 1,
}

/**
 * The answer to a ReadIndex request: once the application has applied up to `index`, a read
 * issued with `requestCtx` may be served locally.
 */
export interface ReadState {
  index: number;
  requestCtx: Uint8Array | undefined;
}

/** One pending ReadOnlySafe request: its read index, the request and who acked it. */
export interface ReadIndexStatus {
  req: Message;
  index: number;
  acks: Map<NodeID, boolean>;
}

/**
 * Request contexts are byte strings; Go keys its map by string(bytes). A latin1 rendering keeps
 * every byte distinct, so two contexts share a key iff their bytes are equal.
 */
export function contextKey(ctx: Uint8Array | undefined): string {
  if (ctx === undefined) {
    return '';
  }
  let s = '';
  for (const b of ctx) {
    s += String.fromCharCode(b);
  }
  return s;
}

export class ReadOnly {
  readonly option: ReadOnlyOption;
  /** Pending requests by context; the queue gives their arrival order. */
  readonly pendingReadIndex = new Map<string, ReadIndexStatus>();
  readIndexQueue: string[] = [];

  constructor(option: ReadOnlyOption) {
    this.option = option;
  }

  /** Registers a read request with the commit index at arrival; a repeated context is ignored. */
  addRequest(index: number, m: Message): void {
    const key = contextKey(m.entries[0]?.data);
    if (this.pendingReadIndex.has(key)) {
      return;
    }
    this.pendingReadIndex.set(key, { req: m, index, acks: new Map() });
    this.readIndexQueue.push(key);
  }

  /**
   * Records a heartbeat ack from `id` for the request with `context` and returns the acks so
   * far, or undefined when no such request is pending (upstream returns a nil map).
   */
  recvAck(id: NodeID, context: Uint8Array | undefined): Map<NodeID, boolean> | undefined {
    const rs = this.pendingReadIndex.get(contextKey(context));
    if (rs === undefined) {
      return undefined;
    }
    rs.acks.set(id, true);
    return rs.acks;
  }

  /**
   * Dequeues every request up to and including the one whose context `m` carries (acks for a
   * later request confirm leadership for earlier ones too) and returns them in order; returns
   * an empty list when that context is not queued.
   */
  advance(m: Message): ReadIndexStatus[] {
    const ctx = contextKey(m.context);
    const rss: ReadIndexStatus[] = [];
    let found = false;
    let i = 0;
    for (const okctx of this.readIndexQueue) {
      i++;
      const rs = this.pendingReadIndex.get(okctx);
      if (rs === undefined) {
        throw new Error('cannot find corresponding read state from pending map');
      }
      rss.push(rs);
      if (okctx === ctx) {
        found = true;
        break;
      }
    }
    if (!found) {
      return [];
    }
    this.readIndexQueue = this.readIndexQueue.slice(i);
    for (const rs of rss) {
      this.pendingReadIndex.delete(contextKey(rs.req.entries[0]?.data));
    }
    return rss;
  }

  /** The context of the newest pending request, or '' when none is pending. */
  lastPendingRequestCtx(): string {
    return this.readIndexQueue[this.readIndexQueue.length - 1] ?? '';
  }
}

/** Converts a context key back to the bytes it came from. */
export function contextBytes(key: string): Uint8Array {
  const out = new Uint8Array(key.length);
  for (let i = 0; i < key.length; i++) {
    out[i] = key.charCodeAt(i);
  }
  return out;
}

/** newReadOnly: empty read-request bookkeeping for the given option. */
export function newReadOnly(option: ReadOnlyOption): ReadOnly {
  return new ReadOnly(option);
}
