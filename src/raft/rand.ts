/**
 * rand: the source of randomness for raft's election timeouts.
 *
 * Deliberate deviation from upstream (raft.go: globalRand, resetRandomizedElectionTimeout):
 * upstream draws every randomized election timeout from crypto/rand through one process-wide
 * locked source. This port must be deterministic (same seed, same run), so each raft instance
 * owns a `RandSource`. Config.rand lets the caller supply one (e.g. a named stream of the
 * simulation kernel); without it the default is a small PRNG seeded from the node ID, so a
 * cluster built from the same IDs always draws the same timeouts.
 */
import type { NodeID } from './raftpb/types';

/** A source of uniformly distributed integers, like Go's rand.Intn. */
export interface RandSource {
  /** Returns an integer in [0, n). n must be a positive integer. */
  intn(n: number): number;
}

/**
 * A 32-bit xorshift-multiply generator (the "mulberry32" construction): tiny, fast and good
 * enough to spread election timeouts; not for anything security-related.
 */
export class SeededRand implements RandSource {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Next 32-bit unsigned value of the stream. */
  nextUint32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  intn(n: number): number {
    if (!Number.isInteger(n) || n <= 0) {
      throw new Error(`invalid argument to intn: ${n}`);
    }
    // Rejection sampling keeps the distribution uniform for any n below 2^32.
    const limit = Math.floor(0x100000000 / n) * n;
    for (let attempt = 0; attempt < 1000; attempt++) {
      const v = this.nextUint32();
      if (v < limit) {
        return v % n;
      }
    }
    // Unreachable in practice (each attempt succeeds with probability > 1/2).
    return this.nextUint32() % n;
  }
}

/** Folds a 64-bit node ID into a 32-bit seed, so that IDs differing in any bit differ. */
export function seedFromNodeID(id: NodeID): number {
  const lo = Number(id & 0xffffffffn);
  const hi = Number((id >> 32n) & 0xffffffffn);
  // Mix the halves with odd multipliers so that e.g. IDs 1 and 2^32 give different seeds.
  return (Math.imul(lo, 0x9e3779b1) ^ Math.imul(hi + 0x7f4a7c15, 0x85ebca6b)) >>> 0;
}

/** The default source of a raft instance: a stream seeded from its node ID. */
export function defaultRandSource(id: NodeID): RandSource {
  return new SeededRand(seedFromNodeID(id));
}
