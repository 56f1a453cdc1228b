import { fnv1a32 } from './fnv';

/**
 * Named, seeded random streams. Each stream is a xoshiro128** generator (32-bit arithmetic
 * only, via Math.imul, so Node and every browser produce the same numbers) whose state is
 * derived from the run's 64-bit seed and the stream's name. Independent names give
 * independent streams, so adding a consumer of one stream never shifts the numbers another
 * stream hands out.
 */

/** The interface the raft library draws its randomized election timeout from. */
export interface RandSource {
  /** A uniform integer in [0, n); n must be a positive integer. */
  intn(n: number): number;
}

export type Seed = bigint | number;

const two32 = 4294967296;

function splitSeed(seed: Seed): [number, number] {
  if (typeof seed === 'bigint') {
    const s = BigInt.asUintN(64, seed);
    return [Number(s & 0xffffffffn), Number(s >> 32n)];
  }
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new Error(`rand: a numeric seed must be a non-negative safe integer, got ${seed}`);
  }
  return [seed >>> 0, Math.floor(seed / two32) >>> 0];
}

/** murmur3's 32-bit finaliser: a cheap bijection with good avalanche. */
function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

export class RandStream implements RandSource {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(
    readonly name: string,
    seed: Seed,
  ) {
    const [lo, hi] = splitSeed(seed);
    const h = fnv1a32(name);
    let z = (lo ^ h) >>> 0;
    const w = mix32((hi + Math.imul(h, 0x9e3779b9)) >>> 0);
    const words = [0, 0, 0, 0];
    for (let i = 0; i < 4; i++) {
      z = (z + 0x9e3779b9) >>> 0;
      words[i] = mix32((z ^ mix32((w + Math.imul(i + 1, 0x632be5ab)) >>> 0)) >>> 0);
    }
    this.s0 = words[0] ?? 0;
    this.s1 = words[1] ?? 0;
    this.s2 = words[2] ?? 0;
    this.s3 = words[3] ?? 0;
    // xoshiro must not start from the all-zero state.
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** The next unsigned 32-bit output. */
  uint32(): number {
    const s1 = this.s1;
    const r = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return r;
  }

  /**
   * A uniform integer in [0, n), without modulo bias (rejection sampling). Panics like Go's
   * rand.Intn when n is not positive.
   */
  intn(n: number): number {
    if (!(n > 0) || !Number.isInteger(n) || n > Number.MAX_SAFE_INTEGER) {
      throw new Error('invalid argument to Intn');
    }
    if (n <= two32) {
      const reject = two32 % n; // outputs below this would bias the low residues
      for (let i = 0; i < 1000; i++) {
        const x = this.uint32();
        if (x >= reject) return x % n;
      }
    } else {
      const range = 2 ** 53;
      const limit = range - (range % n);
      for (let i = 0; i < 1000; i++) {
        const x = this.uint53();
        if (x < limit) return x % n;
      }
    }
    throw new Error('rand: intn rejected 1000 draws in a row (broken generator)');
  }

  /** A uniform float in [0, 1) with 53 random bits. */
  float(): number {
    return this.uint53() / 2 ** 53;
  }

  private uint53(): number {
    const hi = this.uint32() >>> 11; // 21 bits
    const lo = this.uint32();
    return hi * two32 + lo;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** The run's random streams, one per name, all derived from one seed. */
export class Rand {
  private readonly streams = new Map<string, RandStream>();

  constructor(readonly seed: Seed) {
    splitSeed(seed); // validate early
  }

  /** The stream with this name; the same name always returns the same (stateful) stream. */
  stream(name: string): RandStream {
    let s = this.streams.get(name);
    if (s === undefined) {
      s = new RandStream(name, this.seed);
      this.streams.set(name, s);
    }
    return s;
  }
}
