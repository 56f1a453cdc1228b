/**
 * How the leader is currently replicating to one follower (upstream tracker/state.go):
 * probing for the match point, streaming optimistically, or waiting on a snapshot.
 */
export enum StateType {
  /** One append per heartbeat interval until the follower's match index is found. */
  StateProbe = 0,
  /** Appends are pipelined, bounded by Inflights. */
  StateReplicate = 1,
  /** A snapshot is in flight; appends wait for it. */
  StateSnapshot = 2,
}

/** `%s` of a progress StateType: its name. */
export function progressStateName(s: StateType): string {
  return StateType[s] ?? String(s);
}
