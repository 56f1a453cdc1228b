/**
 * Member and cluster IDs exactly as etcd computes them, and types.ID's text form.
 *
 * - member ID: SHA-1 over the member's peer URLs (sorted, concatenated), then the cluster
 *   token, then — only for members added at run time — the decimal unix seconds of "now";
 *   the ID is the first 8 bytes of the digest, big-endian (membership/member.go:computeMemberID).
 * - cluster ID: SHA-1 over the member IDs sorted ascending, each as 8 big-endian bytes; again
 *   the first 8 bytes (membership/cluster.go:genID).
 */
import { sha1 } from './sha1';

const utf8 = new TextEncoder();

/** A 64-bit etcd member/cluster ID (Go's types.ID). */
export type ID = bigint;

/** types.ID.String(): lower-case hex without leading zeros. */
export function idString(id: ID): string {
  return BigInt.asUintN(64, id).toString(16);
}

/** types.IDFromString: parses the hex form; undefined when it is not a valid 64-bit hex ID. */
export function idFromString(s: string): ID | undefined {
  if (!/^[0-9a-fA-F]{1,16}$/.test(s)) return undefined;
  return BigInt(`0x${s}`);
}

function first8BigEndian(digest: Uint8Array): ID {
  let x = 0n;
  for (let i = 0; i < 8; i++) x = (x << 8n) | BigInt(digest[i] ?? 0);
  return x;
}

/** Byte-wise string order, as Go's sort.Strings (UTF-8 byte order equals code point order). */
function compareGoStrings(a: string, b: string): number {
  const ca = Array.from(a, (c) => c.codePointAt(0) ?? 0);
  const cb = Array.from(b, (c) => c.codePointAt(0) ?? 0);
  const n = Math.min(ca.length, cb.length);
  for (let i = 0; i < n; i++) {
    const d = (ca[i] ?? 0) - (cb[i] ?? 0);
    if (d !== 0) return d;
  }
  return ca.length - cb.length;
}

/**
 * computeMemberID. `nowUnixSeconds` is given only for members added at run time
 * (`etcdctl member add`); bootstrap members pass undefined.
 */
export function computeMemberID(
  peerURLs: readonly string[],
  clusterName: string,
  nowUnixSeconds?: number,
): ID {
  const sorted = [...peerURLs].sort(compareGoStrings);
  let text = sorted.join('') + clusterName;
  if (nowUnixSeconds !== undefined) text += Math.floor(nowUnixSeconds).toString();
  return first8BigEndian(sha1(utf8.encode(text)));
}

/** RaftCluster.genID over the member IDs (sorted ascending first, like MemberIDs()). */
export function computeClusterID(memberIDs: readonly ID[]): ID {
  const ids = [...memberIDs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const buf = new Uint8Array(8 * ids.length);
  const view = new DataView(buf.buffer);
  ids.forEach((id, i) => view.setBigUint64(8 * i, BigInt.asUintN(64, id)));
  return first8BigEndian(sha1(buf));
}

/** Ascending bigint comparison, for sorting IDs where upstream sorts (types.IDSlice). */
export function compareIDs(a: ID, b: ID): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
