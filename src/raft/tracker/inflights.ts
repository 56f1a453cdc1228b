/**
 * The append messages in flight to one follower (upstream tracker/inflights.go: Inflights):
 * a bounded FIFO of (last index, payload bytes) that flow control fills on send and drains
 * on acknowledgement. Full means the leader must stop sending until acks arrive.
 */
import { RaftPanic } from '../logger';

export class Inflights {
  /** Ring buffer slot of the oldest in-flight message. */
  private start = 0;
  private countValue = 0;
  /** Total payload bytes in flight. */
  private bytes = 0;
  /** Last entry index of each message; grown lazily up to `size`. */
  private indexes: number[] = [];
  private sizes: number[] = [];

  /**
   * @param size the maximum number of messages in flight (Config.MaxInflightMsgs)
   * @param maxBytes the maximum payload bytes in flight; 0 means no byte limit
   */
  constructor(
    readonly size: number,
    readonly maxBytes: number,
  ) {}

  clone(): Inflights {
    const c = new Inflights(this.size, this.maxBytes);
    c.start = this.start;
    c.countValue = this.countValue;
    c.bytes = this.bytes;
    c.indexes = [...this.indexes];
    c.sizes = [...this.sizes];
    return c;
  }

  /** Records a message whose last entry is `index` carrying `bytes` of payload. */
  add(index: number, bytes: number): void {
    if (this.full()) {
      throw new RaftPanic('cannot add into a Full inflights');
    }
    let next = this.start + this.countValue;
    if (next >= this.size) {
      next -= this.size;
    }
    this.indexes[next] = index;
    this.sizes[next] = bytes;
    this.countValue++;
    this.bytes += bytes;
  }

  /** Releases every message whose last index is ≤ to (they were acknowledged). */
  freeLE(to: number): void {
    if (this.countValue === 0 || to < (this.indexes[this.start] as number)) {
      return;
    }
    let idx = this.start;
    let i = 0;
    let freed = 0;
    for (; i < this.countValue; i++) {
      if (to < (this.indexes[idx] as number)) {
        break;
      }
      freed += this.sizes[idx] as number;
      idx++;
      if (idx >= this.size) {
        idx -= this.size;
      }
    }
    this.countValue -= i;
    this.bytes -= freed;
    this.start = this.countValue === 0 ? 0 : idx;
  }

  /** Whether no more messages may be sent: the count or the byte budget is exhausted. */
  full(): boolean {
    return this.countValue === this.size || (this.maxBytes !== 0 && this.bytes >= this.maxBytes);
  }

  count(): number {
    return this.countValue;
  }

  /** Total payload bytes in flight. */
  bytesInFlight(): number {
    return this.bytes;
  }

  reset(): void {
    this.start = 0;
    this.countValue = 0;
    this.bytes = 0;
  }
}

/** NewInflights. */
export function newInflights(size: number, maxBytes: number): Inflights {
  return new Inflights(size, maxBytes);
}
