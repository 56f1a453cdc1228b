/**
 * What a Cluster reports to its observers, beside each member's own observations
 * (src/etcd/observation.ts): members going up and down, client calls, the fate of every peer
 * message on the virtual network, and faults applied. Plain readonly data, emitted
 * synchronously where it happens; observers must not yield, spawn goroutines or draw randomness,
 * so attaching one never changes a run.
 */
import type { MemberObservation } from '../etcd/observation';
import type { Message } from '../raft/raftpb/types';
import type { FaultKind } from './fault';
import type { DropReason } from './network';

export type ClusterObservation =
  /**
   * A member's process: 'started' (incarnation 1 is the first start, later ones restarts),
   * 'crashed', 'stopped' (a graceful stop), 'removed' (it stopped itself after being removed
   * from the cluster), 'exited' (its bootstrap failed).
   */
  | {
      readonly kind: 'member';
      readonly phase: 'started' | 'crashed' | 'stopped' | 'removed' | 'exited';
      readonly incarnation: number;
    }
  | {
      readonly kind: 'client';
      readonly phase: 'started';
      readonly call: number;
      readonly op: string;
      readonly key: string;
    }
  /** error: the exact message the client sees, or null when ok. */
  | {
      readonly kind: 'client';
      readonly phase: 'answered';
      readonly call: number;
      readonly op: string;
      readonly ok: boolean;
      readonly error: string | null;
    }
  /** A raft message between members (indexes; null for an ID no member has). Not a copy. */
  | {
      readonly kind: 'message';
      readonly phase: 'sent' | 'delivered' | 'dropped';
      readonly from: number | null;
      readonly to: number | null;
      readonly message: Message;
      /** Why it was dropped; null unless phase is 'dropped'. */
      readonly reason: DropReason | null;
    }
  | { readonly kind: 'fault'; readonly fault: FaultKind; readonly ok: boolean; readonly text: string };

export type AnyObservation = MemberObservation | ClusterObservation;

/**
 * member: the index of the member the observation is about (a message's sender, a client
 * call's member), or null for cluster-wide events (a partition, a heal).
 */
export interface ClusterObserver {
  observe(member: number | null, o: AnyObservation): void;
}
