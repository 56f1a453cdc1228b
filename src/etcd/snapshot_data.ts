/**
 * What this model puts in a raft snapshot's Data. Upstream's in-memory and disk snapshots carry
 * the v2 store (membership) and the v3 state travels separately as the bbolt db file
 * (`<index>.snap.db`, or the merged snapshot's db stream); the model has no db file, so one
 * blob carries both: the mvcc store's own encoding and the member list.
 */
import type { Member } from './membership';

export interface SnapshotData {
  readonly kv: Uint8Array;
  readonly members: readonly Member[];
  readonly clusterVersion: string | undefined;
}

const utf8 = new TextEncoder();
const utf8d = new TextDecoder();

interface Doc {
  kv: string;
  members: { id: string; name: string; peerURLs: string[]; clientURLs: string[]; isLearner: boolean }[];
  ver: string | null;
}

export function encodeSnapshotData(d: SnapshotData): Uint8Array {
  const doc: Doc = {
    kv: utf8d.decode(d.kv),
    members: d.members.map((m) => ({
      id: m.id.toString(),
      name: m.name,
      peerURLs: [...m.peerURLs],
      clientURLs: [...m.clientURLs],
      isLearner: m.isLearner,
    })),
    ver: d.clusterVersion ?? null,
  };
  return utf8.encode(JSON.stringify(doc));
}

export function decodeSnapshotData(b: Uint8Array | undefined): SnapshotData {
  if (b === undefined || b.length === 0)
    return { kv: new Uint8Array(0), members: [], clusterVersion: undefined };
  const doc = JSON.parse(utf8d.decode(b)) as Doc;
  return {
    kv: utf8.encode(doc.kv),
    members: doc.members.map((m) => ({ ...m, id: BigInt(m.id) })),
    clusterVersion: doc.ver ?? undefined,
  };
}
