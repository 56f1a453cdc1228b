/**
 * ConfState comparison (raftpb/confstate.go: ConfState.Equivalent): two ConfStates are
 * equivalent when their member lists agree as sets and AutoLeave matches.
 */
import type { ConfState, NodeID } from './types';

function sortedCopy(ids: readonly NodeID[]): NodeID[] {
  return [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function sameList(a: readonly NodeID[], b: readonly NodeID[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function formatConfState(cs: ConfState): string {
  const list = (ids: readonly NodeID[]): string =>
    `[]uint64{${ids.map((v) => `0x${v.toString(16)}`).join(', ')}}`;
  return (
    `raftpb.ConfState{Voters:${list(cs.voters)}, Learners:${list(cs.learners)}, ` +
    `VotersOutgoing:${list(cs.votersOutgoing)}, LearnersNext:${list(cs.learnersNext)}, AutoLeave:${String(cs.autoLeave)}}`
  );
}

/**
 * Returns undefined when equivalent, else an error text. The text approximates Go's `%+#v`
 * dump; it only ever appears in a panic.
 */
export function confStateEquivalent(cs1: ConfState, cs2: ConfState): string | undefined {
  const a = normalize(cs1);
  const b = normalize(cs2);
  const equal =
    sameList(a.voters, b.voters) &&
    sameList(a.learners, b.learners) &&
    sameList(a.votersOutgoing, b.votersOutgoing) &&
    sameList(a.learnersNext, b.learnersNext) &&
    a.autoLeave === b.autoLeave;
  if (equal) {
    return undefined;
  }
  return (
    `ConfStates not equivalent after sorting:\n${formatConfState(a)}\n${formatConfState(b)}\n` +
    `Inputs were:\n${formatConfState(cs1)}\n${formatConfState(cs2)}`
  );
}

function normalize(cs: ConfState): ConfState {
  return {
    voters: sortedCopy(cs.voters),
    learners: sortedCopy(cs.learners),
    votersOutgoing: sortedCopy(cs.votersOutgoing),
    learnersNext: sortedCopy(cs.learnersNext),
    autoLeave: cs.autoLeave,
  };
}
