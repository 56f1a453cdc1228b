/**
 * One fault as plain data (members are Cluster indexes, 0-based), so a run can log it as an
 * input and replay it; ./faults.ts applies them. Kept apart so observations can name a fault's
 * kind without importing the code that applies it.
 */
/** A latency drawn uniformly from [minUs, maxUs]. */
export interface UsRange {
  readonly minUs: number;
  readonly maxUs: number;
}

/** Which messages a drop/delay rule matches; an absent field matches anything. */
export interface MessageMatch {
  readonly from?: number;
  readonly to?: number;
  /** A raft message type name: MsgApp, MsgHeartbeat, … */
  readonly messageType?: string;
}

/** One fault. Members are Cluster indexes (0-based). */
export type Fault =
  | { readonly kind: 'crash'; readonly member: number }
  | { readonly kind: 'restart'; readonly member: number }
  /** Cuts every link between different groups, both ways; members in no group form one more group. */
  | { readonly kind: 'partition'; readonly groups: readonly (readonly number[])[] }
  /** One-way: from → to stops carrying messages; to → from still works. */
  | { readonly kind: 'cut-link'; readonly from: number; readonly to: number }
  | { readonly kind: 'heal' }
  | ({ readonly kind: 'drop-next'; readonly count: number } & MessageMatch)
  | ({ readonly kind: 'delay-next'; readonly count: number; readonly delayUs: number } & MessageMatch)
  | {
      readonly kind: 'link-latency';
      readonly from: number;
      readonly to: number;
      readonly latency: UsRange;
      readonly symmetric: boolean;
    }
  | { readonly kind: 'slow-disk'; readonly member: number; readonly fsync: UsRange }
  | { readonly kind: 'slow-apply'; readonly member: number; readonly applyUsPerEntry: number }
  /** etcdctl member add through member `via`; once added, the new member starts and joins. */
  | { readonly kind: 'add-member'; readonly via: number; readonly learner: boolean }
  /** etcdctl member promote of learner `member` through member `via`. */
  | { readonly kind: 'promote-member'; readonly via: number; readonly member: number }
  /** etcdctl move-leader: member `via` (the leader) hands leadership to member `to`. */
  | { readonly kind: 'transfer-leadership'; readonly via: number; readonly to: number };

export type FaultKind = Fault['kind'];
