/**
 * FNV-1a with a 64-bit state kept in two 32-bit halves, so the trace hash needs no BigInt on
 * the hot path. Numeric fields are folded in as whole 32-bit words (the brief's "2×32-bit
 * variant"); strings are folded in one UTF-16 code unit at a time. The multiply by the FNV
 * 64 prime 2^40 + 0x1b3 is split by hand: see mulHi() below.
 */
export const fnvOffsetHi = 0xcbf29ce4;
export const fnvOffsetLo = 0x84222325;

const two32 = 4294967296;

export class Fnv64 {
  hi = fnvOffsetHi;
  lo = fnvOffsetLo;

  reset(): void {
    this.hi = fnvOffsetHi;
    this.lo = fnvOffsetLo;
  }

  /** Folds in one unsigned 32-bit word (the value is taken modulo 2^32). */
  word(w: number): void {
    const lo = (this.lo ^ w) | 0;
    this.hi = mulHi(this.hi, lo) >>> 0;
    this.lo = Math.imul(lo, 0x1b3) >>> 0;
  }

  /** Folds in an integer of magnitude below 2^53 as its 64-bit two's complement (low word first). */
  int(x: number): void {
    this.word(x >>> 0);
    this.word(highWord(x));
  }

  /** Folds in words[0..n) with the state in locals: the trace's hot path. */
  fold(words: Uint32Array, n: number): void {
    let hi = this.hi | 0;
    let lo = this.lo | 0;
    for (let i = 0; i < n; i++) {
      lo ^= words[i] as number;
      hi = mulHi(hi, lo);
      lo = Math.imul(lo, 0x1b3);
    }
    this.hi = hi >>> 0;
    this.lo = lo >>> 0;
  }

  str(s: string): void {
    this.word(s.length);
    for (let i = 0; i < s.length; i++) this.word(s.charCodeAt(i));
  }

  /** 16 lowercase hex digits, high half first. */
  hex(): string {
    return this.hi.toString(16).padStart(8, '0') + this.lo.toString(16).padStart(8, '0');
  }
}

/**
 * The high word (as an int32) of (hi·2^32 + lo) · (2^40 + 0x1b3) mod 2^64, lo already xored in:
 * hi·0x1b3, plus lo·2^40's share (lo << 8), plus the carry out of lo·0x1b3 — computed from
 * lo's 16-bit halves so every operation stays in 32-bit integers (no float division).
 */
function mulHi(hi: number, lo: number): number {
  const a = (lo & 0xffff) * 0x1b3;
  const b = (lo >>> 16) * 0x1b3;
  const carry = (b + (a >>> 16)) >>> 16;
  return (Math.imul(hi, 0x1b3) + carry + (lo << 8)) | 0;
}

/** The high word of x's 64-bit two's complement, for integers of magnitude below 2^53. */
export function highWord(x: number): number {
  if (x >= 0) return x < two32 ? 0 : Math.floor(x / two32) >>> 0;
  return x >= -2147483648 ? 0xffffffff : Math.floor(x / two32) >>> 0;
}

/** FNV-1a 32 over the UTF-16 code units of s (both bytes of each unit), for seeding streams. */
export function fnv1a32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h = Math.imul(h ^ (c & 0xff), 0x01000193);
    h = Math.imul(h ^ (c >>> 8), 0x01000193);
  }
  return h >>> 0;
}
