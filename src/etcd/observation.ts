/**
 * The observation port of one member: typed events in the order they happen, so layers above
 * (cluster checks, probes, the UI) never parse log text or reach into raft. Events are plain
 * readonly data; big objects (a Ready) are passed, not copied, so an observer must not keep
 * or mutate them beyond the call. With no observer attached each emit point costs one check.
 */
import type { Ready } from '../raft/ready';
import type { RoleChange } from '../raft/role_change';
import type { ReadyStep } from './ready_step';

export type MemberObservation =
  /** Forwarded from raft's Config.onRoleChange. */
  | { readonly kind: 'role'; readonly change: RoleChange }
  /** raftNode.tick(): one raft tick. */
  | { readonly kind: 'tick' }
  /** The Ready loop received a Ready; seq is raftNode.readyCount after counting it. */
  | { readonly kind: 'ready'; readonly seq: number; readonly ready: Ready }
  /** raftNode.readyStep changed (back to 'idle' once a Ready is done); seq as for 'ready'. */
  | { readonly kind: 'ready-step'; readonly seq: number; readonly step: ReadyStep }
  | ProposalObservation
  /** EtcdServer.appliedIndex advanced to index. */
  | { readonly kind: 'applied'; readonly index: number }
  /**
   * A snapshot: a merged one sent to a follower (leader), one received in a Ready and written
   * (follower), or one applied to the stores (follower).
   */
  | { readonly kind: 'snapshot'; readonly phase: 'sent' | 'received' | 'applied'; readonly index: number };

/**
 * The write path (processInternalRaftRequestOnce): 'received' once the request has its ID,
 * 'refused' when it ends without an apply result (id null if refused before an ID was drawn),
 * 'answered' when the applier handed back a result (error: the result's error, if any).
 */
export interface ProposalObservation {
  readonly kind: 'proposal';
  readonly phase: 'received' | 'refused' | 'answered';
  /** The request ID in hex, as etcd logs it. */
  readonly id: string | null;
  /** The exact etcd error message, or null. */
  readonly error: string | null;
}

export interface MemberObserver {
  observe(o: MemberObservation): void;
}

/** The 'tick' event is the same every time: one frozen object. */
export const tickObservation: MemberObservation = Object.freeze({ kind: 'tick' });
