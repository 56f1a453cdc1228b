/**
 * A typed record of every role change of a raft node and why it happened, so embedders can
 * follow elections without parsing log lines. Not upstream: an observation hook of this port.
 */
import type { MessageType, NodeID } from './raftpb/types';
import type { StateType } from './state_type';

export type RoleChangeReason =
  /** newRaft's initial becomeFollower (and RawNode.bootstrap's). */
  | 'boot'
  /** Stepped down on a message with a higher term (msgType and msgFrom say which). */
  | 'higher-term'
  /** A (pre-)candidate saw MsgApp/MsgHeartbeat/MsgSnap of its term. */
  | 'leader-seen'
  /** Became pre-candidate/candidate because tickElection fired MsgHup. */
  | 'election-timeout'
  /** MsgHup from outside (Node.campaign, RawNode.campaign, a harness). */
  | 'campaign'
  /** Candidate after winning the pre-vote round. */
  | 'pre-vote-won'
  /** Candidate because of MsgTimeoutNow (leadership transfer). */
  | 'transfer'
  /** Became leader. */
  | 'election-won'
  /** Back to follower after losing a (pre-)vote. */
  | 'election-lost'
  /** Leader stepped down: quorum not active. */
  | 'check-quorum'
  /** Leader stepped down after removal or demotion (stepDownOnRemoval). */
  | 'removed'
  /** The defensive step-down in restore(). */
  | 'snapshot-restore';

export interface RoleChange {
  readonly id: NodeID;
  /** The term after the change. */
  readonly term: number;
  readonly from: StateType;
  readonly to: StateType;
  /** The leader known after the change (None when unknown). */
  readonly lead: NodeID;
  readonly reason: RoleChangeReason;
  /** The message that caused it, when one did (higher-term, leader-seen). */
  readonly msgType?: MessageType;
  readonly msgFrom?: NodeID;
}

/** Config.onRoleChange: called synchronously, once per become* call, after the log line. */
export type RoleChangeObserver = (c: RoleChange) => void;
