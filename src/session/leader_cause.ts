/**
 * Why a new leader was elected, decided from what happened since the previous leader: a fault
 * that took it away (crash, partition), raft's own step-down (CheckQuorum), a leadership
 * transfer (MsgTimeoutNow), or else an ordinary election timeout (with or without a pre-vote
 * round). The engine has no "cause" field, so this reads the same log lines a person would.
 */
import type { LeaderChangeCause } from './types';

export interface CauseHint {
  readonly cause: LeaderChangeCause;
  readonly evidence: string;
}

export interface CauseHints {
  /** Why the previous leader stopped leading, if we saw it. */
  leaderLoss: CauseHint | null;
  /** A transfer in progress (raft logged it). */
  transfer: CauseHint | null;
  /** Members that became pre-candidate since the last election. */
  readonly preVote: Set<number>;
}

/** The cause of `member` becoming leader, and the sentence that shows it. */
export function leaderCauseOf(
  hints: CauseHints,
  previous: number | null,
  first: boolean,
  member: number,
  evidence: string,
): { cause: LeaderChangeCause; why: string } {
  if (first) return { cause: 'startup', why: evidence };
  if (hints.transfer !== null) return { cause: 'transfer', why: hints.transfer.evidence };
  if (hints.leaderLoss !== null) return { cause: hints.leaderLoss.cause, why: hints.leaderLoss.evidence };
  if (previous === member) return { cause: 'election-timeout', why: evidence };
  // A pre-vote round that a live leader did not stop means its followers had stopped hearing it.
  if (hints.preVote.has(member)) return { cause: 'pre-vote', why: evidence };
  return { cause: 'election-timeout', why: evidence };
}
