/**
 * The request ID generator (pkg/idutil/id.go): 64-bit IDs laid out as
 * | 2 bytes: low 16 bits of the member ID | 5 bytes: unix ms at creation | 1 byte: counter |.
 * Next() bumps the 48-bit suffix (timestamp and counter together), so a counter overflow
 * carries into the timestamp on purpose: IDs stay unique as long as fewer than 256 are made per
 * millisecond on average since creation. One generator per server is shared by proposals,
 * conf changes, ReadIndex contexts and lease IDs.
 */

const tsLen = 5n * 8n;
const cntLen = 8n;
const suffixLen = tsLen + cntLen;

function lowbit(x: bigint, n: bigint): bigint {
  return x & ((1n << n) - 1n);
}

export class Generator {
  private readonly prefix: bigint;
  private suffix: bigint;

  /**
   * NewGenerator(memberID, now). `memberID` is the full member ID: upstream converts it to a
   * uint16, which keeps the low 16 bits. `nowUnixMs` is the (virtual) wall clock in ms.
   */
  constructor(memberID: bigint, nowUnixMs: number) {
    this.prefix = BigInt.asUintN(16, memberID) << suffixLen;
    this.suffix = lowbit(BigInt(Math.floor(nowUnixMs)), tsLen) << cntLen;
  }

  /** Next(): the next unique ID. */
  next(): bigint {
    this.suffix = BigInt.asUintN(64, this.suffix + 1n);
    return this.prefix | lowbit(this.suffix, suffixLen);
  }
}

/** The 8-byte big-endian encoding etcd uses for ReadIndex request contexts (uint64ToBigEndianBytes). */
export function uint64ToBigEndianBytes(x: bigint): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt.asUintN(64, x));
  return out;
}

/** The inverse; etcd treats a context that is not 8 bytes long as request ID 0. */
export function bigEndianBytesToUint64(b: Uint8Array | undefined): bigint {
  if (b === undefined || b.length !== 8) return 0n;
  return new DataView(b.buffer, b.byteOffset, 8).getBigUint64(0);
}
