/**
 * InternalRaftRequest: what etcd puts in a raft entry's Data (etcdserverpb/raft_internal.proto),
 * reduced to the requests this model proposes: Put, DeleteRange, Range (linearizable reads do not
 * go through raft, but a Range may still be proposed), ClusterMemberAttrSet and
 * ClusterVersionSet. Encoded in the protobuf wire format with upstream's field numbers, so entry
 * sizes (MaxRequestBytes, MaxSizePerMsg, MaxCommittedSizePerReady) come out as etcd's would.
 */

export interface RequestHeader {
  readonly id: bigint;
  readonly username: string;
  readonly authRevision: number;
}

export interface PutRequest {
  readonly key: Uint8Array;
  readonly value: Uint8Array;
  readonly lease: bigint;
  readonly prevKv: boolean;
}

export interface DeleteRangeRequest {
  readonly key: Uint8Array;
  readonly rangeEnd: Uint8Array;
  readonly prevKv: boolean;
}

export interface RangeRequest {
  readonly key: Uint8Array;
  readonly rangeEnd: Uint8Array;
  readonly serializable: boolean;
}

export interface MemberAttributes {
  readonly name: string;
  readonly clientUrls: readonly string[];
}

/** One of the request bodies; `kind` says which field of the oneof-like struct is set. */
export type RaftRequestBody =
  | { readonly kind: 'put'; readonly put: PutRequest }
  | { readonly kind: 'deleteRange'; readonly deleteRange: DeleteRangeRequest }
  | { readonly kind: 'range'; readonly range: RangeRequest }
  | {
      readonly kind: 'clusterMemberAttrSet';
      readonly memberId: bigint;
      readonly attributes: MemberAttributes;
    }
  | { readonly kind: 'clusterVersionSet'; readonly ver: string };

export interface InternalRaftRequest {
  readonly header: RequestHeader | undefined;
  /** The legacy top-level ID (0 for every v3 request). */
  readonly id: bigint;
  readonly body: RaftRequestBody;
}

/** Field numbers of raft_internal.proto / rpc.proto / membership.proto. */
const F = {
  id: 1,
  range: 3,
  put: 4,
  deleteRange: 5,
  header: 100,
  clusterMemberAttrSet: 1300,
  clusterVersionSet: 1301,
} as const;

const utf8 = new TextEncoder();
const utf8d = new TextDecoder();

class Writer {
  private readonly out: number[] = [];

  varint(x: bigint | number): void {
    let v = BigInt(x) & ((1n << 64n) - 1n);
    while (v >= 0x80n) {
      this.out.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.out.push(Number(v));
  }
  /** proto3 scalars are omitted when zero. */
  uint(field: number, x: bigint | number): void {
    if (BigInt(x) === 0n) return;
    this.varint(field << 3);
    this.varint(x);
  }
  bool(field: number, b: boolean): void {
    if (b) this.uint(field, 1);
  }
  bytes(field: number, b: Uint8Array, always = false): void {
    if (b.length === 0 && !always) return;
    this.varint((field << 3) | 2);
    this.varint(b.length);
    for (const x of b) this.out.push(x);
  }
  string(field: number, s: string): void {
    this.bytes(field, utf8.encode(s));
  }
  message(field: number, w: Writer): void {
    this.bytes(field, w.finish(), true);
  }
  finish(): Uint8Array {
    return Uint8Array.from(this.out);
  }
}

/** A decoded field: varint value or a byte slice. */
interface Field {
  readonly num: number;
  readonly varint: bigint;
  readonly bytes: Uint8Array;
}

function readFields(b: Uint8Array): Field[] {
  const fields: Field[] = [];
  let i = 0;
  const varint = (): bigint => {
    let v = 0n;
    let shift = 0n;
    for (let guard = 0; guard < 10; guard++) {
      const x = b[i++];
      if (x === undefined) throw new Error('raft_request: truncated varint');
      v |= BigInt(x & 0x7f) << shift;
      if (x < 0x80) return v;
      shift += 7n;
    }
    throw new Error('raft_request: varint overflow');
  };
  while (i < b.length) {
    const tag = Number(varint());
    const wire = tag & 7;
    const num = tag >>> 3;
    if (wire === 0) fields.push({ num, varint: varint(), bytes: new Uint8Array(0) });
    else if (wire === 2) {
      const n = Number(varint());
      fields.push({ num, varint: 0n, bytes: b.subarray(i, i + n) });
      i += n;
    } else throw new Error(`raft_request: unsupported wire type ${wire}`);
  }
  return fields;
}

function encodeBody(w: Writer, body: RaftRequestBody): void {
  const m = new Writer();
  switch (body.kind) {
    case 'put':
      m.bytes(1, body.put.key);
      m.bytes(2, body.put.value);
      m.uint(3, body.put.lease);
      m.bool(4, body.put.prevKv);
      w.message(F.put, m);
      return;
    case 'deleteRange':
      m.bytes(1, body.deleteRange.key);
      m.bytes(2, body.deleteRange.rangeEnd);
      m.bool(3, body.deleteRange.prevKv);
      w.message(F.deleteRange, m);
      return;
    case 'range':
      m.bytes(1, body.range.key);
      m.bytes(2, body.range.rangeEnd);
      m.bool(7, body.range.serializable);
      w.message(F.range, m);
      return;
    case 'clusterMemberAttrSet': {
      const a = new Writer();
      a.string(1, body.attributes.name);
      for (const u of body.attributes.clientUrls) a.string(2, u);
      m.uint(1, body.memberId);
      m.message(2, a);
      w.message(F.clusterMemberAttrSet, m);
      return;
    }
    case 'clusterVersionSet':
      m.string(1, body.ver);
      w.message(F.clusterVersionSet, m);
      return;
  }
}

/** Marshals the request (Go: r.Marshal()). */
export function marshalRaftRequest(r: InternalRaftRequest): Uint8Array {
  const w = new Writer();
  w.uint(F.id, r.id);
  encodeBody(w, r.body);
  if (r.header !== undefined) {
    const h = new Writer();
    h.uint(1, r.header.id);
    h.string(2, r.header.username);
    h.uint(3, r.header.authRevision);
    w.message(F.header, h);
  }
  return w.finish();
}

function bytesOf(fs: Field[], num: number): Uint8Array {
  return fs.find((f) => f.num === num)?.bytes ?? new Uint8Array(0);
}
function uintOf(fs: Field[], num: number): bigint {
  return fs.find((f) => f.num === num)?.varint ?? 0n;
}

function decodeBody(f: Field): RaftRequestBody | undefined {
  const fs = readFields(f.bytes);
  switch (f.num) {
    case F.put:
      return {
        kind: 'put',
        put: {
          key: bytesOf(fs, 1),
          value: bytesOf(fs, 2),
          lease: uintOf(fs, 3),
          prevKv: uintOf(fs, 4) !== 0n,
        },
      };
    case F.deleteRange:
      return {
        kind: 'deleteRange',
        deleteRange: { key: bytesOf(fs, 1), rangeEnd: bytesOf(fs, 2), prevKv: uintOf(fs, 3) !== 0n },
      };
    case F.range:
      return {
        kind: 'range',
        range: { key: bytesOf(fs, 1), rangeEnd: bytesOf(fs, 2), serializable: uintOf(fs, 7) !== 0n },
      };
    case F.clusterMemberAttrSet: {
      const a = readFields(bytesOf(fs, 2));
      return {
        kind: 'clusterMemberAttrSet',
        memberId: uintOf(fs, 1),
        attributes: {
          name: utf8d.decode(bytesOf(a, 1)),
          clientUrls: a.filter((x) => x.num === 2).map((x) => utf8d.decode(x.bytes)),
        },
      };
    }
    case F.clusterVersionSet:
      return { kind: 'clusterVersionSet', ver: utf8d.decode(bytesOf(fs, 1)) };
    default:
      return undefined;
  }
}

/** Unmarshals entry data; throws on bytes this model never writes (a programmer error). */
export function unmarshalRaftRequest(data: Uint8Array): InternalRaftRequest {
  const fs = readFields(data);
  let body: RaftRequestBody | undefined;
  let header: RequestHeader | undefined;
  for (const f of fs) {
    if (f.num === F.header) {
      const h = readFields(f.bytes);
      header = {
        id: uintOf(h, 1),
        username: utf8d.decode(bytesOf(h, 2)),
        authRevision: Number(uintOf(h, 3)),
      };
    } else if (f.num !== F.id) {
      body = decodeBody(f) ?? body;
    }
  }
  if (body === undefined) throw new Error('raft_request: entry carries no known request');
  return { header, id: uintOf(fs, F.id), body };
}

/** Requests without side effects are skipped by members nobody waits on (applyEntryNormal). */
export function hasNoSideEffect(body: RaftRequestBody): boolean {
  return body.kind === 'range';
}

export function bytesFromString(s: string): Uint8Array {
  return utf8.encode(s);
}

export function stringFromBytes(b: Uint8Array): string {
  return utf8d.decode(b);
}
