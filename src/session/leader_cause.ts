/**
 * Why a member became leader, decided from raft's own transitions (src/raft/role_change.ts) and
 * the faults applied since the previous leader: the fault that took it away (crash, partition),
 * its own step-down (CheckQuorum, removal from the configuration), a leadership transfer
 * (MsgTimeoutNow), or else an ordinary election timeout, with or without a pre-vote round.
 */
import type { RoleChangeReason } from '../raft/role_change';
import type { LeaderChangeCause } from './types';

export interface CauseHint {
  readonly cause: LeaderChangeCause;
  readonly evidence: string;
}

/** How a member's current campaign began, and whether it went through a pre-vote round. */
export interface Campaign {
  readonly origin: RoleChangeReason;
  readonly preVote: boolean;
}

export interface CauseHints {
  /** Why the previous leader stopped leading, if we saw it. */
  leaderLoss: CauseHint | null;
  /** Each member's campaign in progress, by member index. */
  readonly campaigns: Map<number, Campaign>;
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
  const campaign = hints.campaigns.get(member);
  if (campaign?.origin === 'transfer') {
    return { cause: 'transfer', why: `${evidence}, campaigning on MsgTimeoutNow (leadership transfer)` };
  }
  if (hints.leaderLoss !== null) return { cause: hints.leaderLoss.cause, why: hints.leaderLoss.evidence };
  if (previous === member) return { cause: 'election-timeout', why: evidence };
  // A pre-vote round that a live leader did not stop means its followers had stopped hearing it.
  if (campaign?.preVote === true) return { cause: 'pre-vote', why: `${evidence} after a pre-vote round` };
  return { cause: 'election-timeout', why: evidence };
}
