/**
 * Quorum arithmetic shared by elections and commitment (upstream quorum/quorum.go): a log
 * index type with its string form, the source of per-voter acknowledged indexes, and the
 * outcome of a vote.
 */
import type { NodeID } from '../raftpb/types';

/** A log index as quorum code sees it; Infinity stands for Go's math.MaxUint64 ("no limit"). */
export type Index = number;

/** Index.String: decimal, or `∞` for the unbounded index of an empty configuration. */
export function indexToString(i: Index): string {
  return i === Infinity ? '∞' : String(i);
}

/** Where quorum code looks up the highest index each voter has acknowledged. */
export interface AckedIndexer {
  /** The acknowledged index of voterID, or undefined when unknown. */
  ackedIndex(voterID: NodeID): Index | undefined;
}

/** An AckedIndexer over a plain map (upstream mapAckIndexer). */
export class MapAckIndexer implements AckedIndexer {
  constructor(readonly m: ReadonlyMap<NodeID, Index>) {}

  ackedIndex(voterID: NodeID): Index | undefined {
    return this.m.get(voterID);
  }
}

/** Outcome of a vote; numbered from 1 like upstream so that the zero value means "unset". */
export enum VoteResult {
  VotePending = 1,
  VoteLost = 2,
  VoteWon = 3,
}

/** `%s` of a VoteResult: its name. */
export function voteResultName(r: VoteResult): string {
  return VoteResult[r] ?? `VoteResult(${String(r)})`;
}

/** Ascending order for node IDs. */
export function compareNodeIDs(a: NodeID, b: NodeID): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
