/**
 * The role of a raft node (upstream raft.go: StateType) and the volatile state a Ready reports
 * when it changes (node.go: SoftState).
 */
import type { NodeID } from './raftpb/types';

export enum StateType {
  StateFollower = 0,
  StateCandidate = 1,
  StateLeader = 2,
  StatePreCandidate = 3,
}

/** `%s` of a StateType: its name. */
export function stateTypeName(s: StateType): string {
  return StateType[s] ?? String(s);
}

/** Volatile state of a node; `lead` is None (0n) when no leader is known. */
export interface SoftState {
  lead: NodeID;
  raftState: StateType;
}

export function softStateEqual(a: SoftState, b: SoftState): boolean {
  return a.lead === b.lead && a.raftState === b.raftState;
}
