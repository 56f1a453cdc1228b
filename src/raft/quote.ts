/**
 * Go's `%q` of a byte slice (strconv.Quote semantics): the bytes are read as UTF-8, printable
 * runes are kept, everything else is escaped. Describe functions use it for entry data, so it
 * must match byte for byte.
 */

interface DecodedRune {
  /** Code point, or -1 for a byte that does not start a valid UTF-8 sequence. */
  readonly rune: number;
  readonly width: number;
}

function isContinuation(b: number | undefined, lo = 0x80, hi = 0xbf): boolean {
  return b !== undefined && b >= lo && b <= hi;
}

/** Decodes one rune the way Go's utf8.DecodeRune does (rejecting overlongs and surrogates). */
function decodeRune(bytes: Uint8Array, i: number): DecodedRune {
  const b0 = bytes[i] ?? 0;
  const b1 = bytes[i + 1];
  const b2 = bytes[i + 2];
  const b3 = bytes[i + 3];
  const invalid: DecodedRune = { rune: -1, width: 1 };
  if (b0 < 0x80) {
    return { rune: b0, width: 1 };
  }
  if (b0 >= 0xc2 && b0 <= 0xdf) {
    return isContinuation(b1) ? { rune: ((b0 & 0x1f) << 6) | ((b1 ?? 0) & 0x3f), width: 2 } : invalid;
  }
  if (b0 >= 0xe0 && b0 <= 0xef) {
    const lo = b0 === 0xe0 ? 0xa0 : 0x80;
    const hi = b0 === 0xed ? 0x9f : 0xbf;
    if (!isContinuation(b1, lo, hi) || !isContinuation(b2)) {
      return invalid;
    }
    return { rune: ((b0 & 0x0f) << 12) | (((b1 ?? 0) & 0x3f) << 6) | ((b2 ?? 0) & 0x3f), width: 3 };
  }
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    const lo = b0 === 0xf0 ? 0x90 : 0x80;
    const hi = b0 === 0xf4 ? 0x8f : 0xbf;
    if (!isContinuation(b1, lo, hi) || !isContinuation(b2) || !isContinuation(b3)) {
      return invalid;
    }
    const rune =
      ((b0 & 0x07) << 18) | (((b1 ?? 0) & 0x3f) << 12) | (((b2 ?? 0) & 0x3f) << 6) | ((b3 ?? 0) & 0x3f);
    return { rune, width: 4 };
  }
  return invalid;
}

// Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols, and the ASCII space.
// JavaScript's Unicode tables may be a version apart from Go's; only exotic runes can differ.
const printable = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

function isPrint(rune: number): boolean {
  if (rune < 0x80) {
    return rune >= 0x20 && rune < 0x7f;
  }
  return printable.test(String.fromCodePoint(rune));
}

const shortEscapes: ReadonlyMap<number, string> = new Map([
  [0x07, '\\a'],
  [0x08, '\\b'],
  [0x0c, '\\f'],
  [0x0a, '\\n'],
  [0x0d, '\\r'],
  [0x09, '\\t'],
  [0x0b, '\\v'],
]);

function hexPad(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

function escapeRune(rune: number): string {
  if (rune === 0x22) return '\\"';
  if (rune === 0x5c) return '\\\\';
  if (isPrint(rune)) return String.fromCodePoint(rune);
  const short = shortEscapes.get(rune);
  if (short !== undefined) return short;
  if (rune < 0x20 || rune === 0x7f) return `\\x${hexPad(rune, 2)}`;
  if (rune < 0x10000) return `\\u${hexPad(rune, 4)}`;
  return `\\U${hexPad(rune, 8)}`;
}

/**
 * Go `%q` of a []byte. Returned as a JS string whose non-ASCII printable characters, once
 * encoded as UTF-8, are exactly the original bytes.
 */
export function goQuoteBytes(data: Uint8Array | undefined): string {
  if (data === undefined || data.length === 0) {
    return '""';
  }
  let out = '"';
  let i = 0;
  while (i < data.length) {
    const { rune, width } = decodeRune(data, i);
    out += rune < 0 ? `\\x${hexPad(data[i] ?? 0, 2)}` : escapeRune(rune);
    i += width;
  }
  return out + '"';
}

/** Go `%q` of a string (taken as its UTF-8 bytes). */
export function goQuote(s: string): string {
  return goQuoteBytes(new TextEncoder().encode(s));
}
