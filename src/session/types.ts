/**
 * The contract between the session layer (engine.ts, store.ts, controls) and the visual regions
 * (src/ui/cluster/views/*). Views render only these types, read them
 * through the narrow selectors of ./store, and never touch the engine. Change a field here only
 * additively; both sides rely on the names.
 *
 * Everything is plain data (numbers and strings, no bigint, no engine objects) so that a view is
 * a pure function of it and a test can build one by hand. Member IDs are etcd's 16-hex-digit
 * strings; "member index" means the position 0..size-1 in the cluster (infra1 = 0).
 * Times are virtual microseconds (…Us); steps are kernel step counts.
 */
import type { ReadyStep } from '../etcd/raftnode';
import type { ActiveFault } from './active_faults';
import type { RequestPathView } from './request_path';
import type { ExtraFaultInput } from './inputs/fault_inputs';
import type { MemberInput } from './inputs/member_inputs';

/** raft's StateType names, plus 'down' for a crashed member. */
export type MemberRole = 'StateFollower' | 'StateCandidate' | 'StateLeader' | 'StatePreCandidate' | 'down';

/** The step of etcd's Ready loop (raftNode.start) a member is at: the engine's own type. */
export type ReadyLoopStep = ReadyStep;

export interface HardStateView {
  readonly term: number;
  readonly vote: string;
  readonly commit: number;
}

export interface SoftStateView {
  readonly lead: string;
  readonly raftState: MemberRole;
}

export interface EntryView {
  readonly term: number;
  readonly index: number;
  /** 'EntryNormal' | 'EntryConfChange' | 'EntryConfChangeV2'. */
  readonly type: string;
  /** A short human description of the payload (empty entry, put k=v, conf change…). */
  readonly data: string;
}

export interface MessageView {
  /** raftpb MessageType name, e.g. 'MsgApp'. */
  readonly type: string;
  readonly from: string;
  readonly to: string;
  readonly term: number;
  readonly logTerm: number;
  readonly index: number;
  readonly commit: number;
  readonly entries: number;
  readonly reject: boolean;
}

/** One Ready batch as handed out by raft.Node to the Ready loop of a member. */
export interface ReadyCard {
  /** The member's Ready counter (1-based) — unique per member incarnation. */
  readonly seq: number;
  readonly member: number;
  readonly startStep: number;
  readonly startUs: number;
  /** null while the Ready loop is still processing it. */
  readonly endStep: number | null;
  readonly endUs: number | null;
  /** The Ready-loop step it is at (or 'R14 advance' once finished). */
  readonly loopStep: ReadyLoopStep;
  readonly softState: SoftStateView | null;
  /** null when the HardState did not change (raft's empty HardState). */
  readonly hardState: HardStateView | null;
  readonly readStates: readonly { readonly index: number; readonly requestCtx: string }[];
  readonly entries: readonly EntryView[];
  readonly committedEntries: readonly EntryView[];
  readonly messages: readonly MessageView[];
  /** null when there is no snapshot in the Ready. */
  readonly snapshot: { readonly index: number; readonly term: number } | null;
  readonly mustSync: boolean;
  /** raft's own text description (util.go DescribeReady). */
  readonly description: string;
}

export interface GoroutineView {
  readonly id: number;
  readonly name: string;
  /** Kernel goroutine state, e.g. 'runnable', 'chan receive', 'select', 'sleep'. */
  readonly state: string;
  /** The yield label, e.g. 'raftNode.start/save-wal' (matches src/etcd/listings.ts). */
  readonly label: string;
  /** Human text of what a parked goroutine waits on, e.g. 'recv readyc'. */
  readonly waitingOn: readonly string[];
  readonly sleepUntilUs: number | null;
}

export interface ProgressView {
  readonly id: string;
  readonly member: number | null;
  readonly match: number;
  readonly next: number;
  /** 'StateProbe' | 'StateReplicate' | 'StateSnapshot'. */
  readonly state: string;
  readonly recentActive: boolean;
}

export interface MemberSnapshot {
  readonly index: number;
  readonly name: string;
  /** '' before the member has computed its ID. */
  readonly id: string;
  readonly up: boolean;
  /**
   * Removed from the cluster (a member remove was applied): its process has stopped and it is
   * not coming back. Such a member is also `up: false` with role 'down'.
   */
  readonly removed: boolean;
  /** Joined as a learner and not promoted (yet). */
  readonly learner: boolean;
  readonly role: MemberRole;
  readonly term: number;
  /** The leader as this member sees it ('0' = none) and its member index. */
  readonly lead: string;
  readonly leadMember: number | null;
  readonly hardState: HardStateView;
  /** raft's applied index (raftLog.applied). */
  readonly raftApplied: number;
  /** EtcdServer.appliedIndex / committedIndex and their gap. */
  readonly appliedIndex: number;
  readonly committedIndex: number;
  readonly gap: number;
  /** maxGapBetweenApplyAndCommitIndex in force (5000 in etcd, lower in some scenarios). */
  readonly gapLimit: number;
  readonly firstIndex: number;
  readonly lastIndex: number;
  /** Entries up to this index are on stable storage (the rest are in raft's unstable log). */
  readonly stableIndex: number;
  readonly electionElapsed: number;
  /** The randomized election timeout in ticks. */
  readonly electionTimeout: number;
  readonly heartbeatElapsed: number;
  readonly heartbeatTimeout: number;
  readonly leadTransferee: string;
  /** Follower progress, only when this member leads. */
  readonly progress: readonly ProgressView[] | null;
  readonly readyStep: ReadyLoopStep;
  readonly readyCount: number;
  /** The Ready being processed right now, if any. */
  readonly currentReady: ReadyCard | null;
  readonly waitRegistrySize: number;
  readonly fifoQueueLength: number;
  readonly walRecords: number;
  readonly walUnsynced: number;
  readonly goroutines: readonly GoroutineView[];
  /**
   * The terms of the member's latest log entries (at most logTailLimit of ./snapshot): entry
   * fromIndex + i has term terms[i]. Empty (fromIndex 0) while the member is down.
   */
  readonly logTail: LogTail;
}

export interface LogTail {
  readonly fromIndex: number;
  readonly terms: readonly number[];
}

/** A message on the wire between two members. */
export interface InFlightMessage {
  /** Unique for the run. */
  readonly id: number;
  readonly fromMember: number;
  readonly toMember: number;
  readonly type: string;
  readonly term: number;
  readonly index: number;
  readonly entries: number;
  readonly sentUs: number;
  /** Expected arrival (mean of the configured latency); progress = (now - sent) / (arrive - sent). */
  readonly arriveUs: number;
}

export interface LinkView {
  readonly fromMember: number;
  readonly toMember: number;
  /** false when partitioned or either end is down. */
  readonly up: boolean;
  readonly inFlight: number;
}

export type { ActiveFault } from './active_faults';
export type { RequestPathView, RequestPhase } from './request_path';

/** The whole cluster at the cursor. */
export interface ClusterSnapshot {
  readonly step: number;
  readonly nowUs: number;
  readonly traceHash: string;
  readonly seed: number;
  readonly scenario: string;
  /** Members now (initial + added at run time); see initialSize for the run's setup. */
  readonly size: number;
  /** Members the run started with (the Size control; the URL's size). */
  readonly initialSize: number;
  readonly members: readonly MemberSnapshot[];
  /** The member every live member agrees leads, or null. */
  readonly leader: number | null;
  readonly messages: readonly InFlightMessage[];
  readonly links: readonly LinkView[];
  /** Faults in force at the cursor (crash, partition, slow disk…), members' first. */
  readonly faults: readonly ActiveFault[];
  /** The user's latest key-value request on its way through the cluster, or null. */
  readonly requestPath: RequestPathView | null;
  /** Why the engine stopped, if it did ('deadlock', 'panic: …'); null while it can run. */
  readonly halted: string | null;
}

// ---- history over the run (recorded up to the frontier; views show what is ≤ the cursor) ----

/** A span of time during which a member had one role in one term. */
export interface RoleSegment {
  readonly member: number;
  readonly role: MemberRole;
  readonly term: number;
  readonly startStep: number;
  readonly startUs: number;
  /** null while it lasts. */
  readonly endStep: number | null;
  readonly endUs: number | null;
}

export type LeaderChangeCause =
  | 'startup'
  | 'election-timeout'
  | 'pre-vote'
  | 'check-quorum'
  | 'transfer'
  | 'crash'
  | 'partition'
  /** The leader was removed from the configuration and stepped down (stepDownOnRemoval). */
  | 'removal'
  | 'unknown';

export interface LeaderChange {
  readonly step: number;
  readonly timeUs: number;
  /** The new leader, or null when leadership was lost (step-down/crash with no successor yet). */
  readonly member: number | null;
  readonly previous: number | null;
  readonly term: number;
  readonly cause: LeaderChangeCause;
  /** The log line or event that tells the cause, for the tooltip. */
  readonly evidence: string;
}

/** Gap samples of one member (one sample per recorded change; arrays have equal length). */
export interface GapSeries {
  readonly steps: Float64Array;
  readonly timesUs: Float64Array;
  readonly applied: Float64Array;
  readonly committed: Float64Array;
  readonly gap: Float64Array;
}

export type ClientOp =
  'put' | 'get' | 'delete' | 'member-add' | 'member-promote' | 'member-remove' | 'move-leader';

export interface ClientCallView {
  readonly id: number;
  readonly op: ClientOp;
  readonly member: number;
  readonly key: string;
  readonly value: string | null;
  readonly startStep: number;
  readonly startUs: number;
  readonly endStep: number | null;
  readonly endUs: number | null;
  readonly outcome: 'pending' | 'ok' | 'error';
  /** The exact etcd error text, e.g. 'etcdserver: too many requests'. */
  readonly error: string | null;
  /** A short text of the response (value read, revision…). */
  readonly result: string | null;
}

/** A proposal etcd refused because committed − applied exceeded the gap limit. */
export interface RefusedProposal {
  readonly step: number;
  readonly timeUs: number;
  readonly member: number;
  readonly callId: number;
  readonly error: string;
  readonly gap: number;
}

export type MarkerKind = 'leader' | 'fault' | 'client-error';

/** A point of interest on the scrubber. */
export interface Marker {
  readonly step: number;
  readonly timeUs: number;
  readonly kind: MarkerKind;
  readonly text: string;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'panic' | 'fatal';

export interface EventLine {
  readonly seq: number;
  readonly step: number;
  readonly timeUs: number;
  /** null for cluster-wide events. */
  readonly member: number | null;
  readonly level: LogLevel;
  /** 'log' = an etcd/raft log line; 'event' = a cluster event (fault, client call, user action). */
  readonly kind: 'log' | 'event';
  /** etcd-style text: for logs the message plus fields, for events a sentence. */
  readonly text: string;
  /** The raw JSON line for logs (what etcd prints), null for events. */
  readonly json: string | null;
  /** A scenario's caption, in both languages (`text` is its English). */
  readonly caption?: { readonly en: string; readonly 'zh-CN': string };
}

/** The granularity step/back use. */
export type Granularity = 'step' | 'tick' | 'ready';

export type RunUntilGoal = 'leader-elected' | 'next-commit' | 'proposal-answered';

/** A user action that changes the run; with its step it is replayed exactly. */
export type UserInput =
  | { readonly kind: 'put'; readonly member: number; readonly key: string; readonly value: string }
  | { readonly kind: 'get'; readonly member: number; readonly key: string; readonly serializable: boolean }
  | { readonly kind: 'delete'; readonly member: number; readonly key: string }
  | { readonly kind: 'crash'; readonly member: number }
  | { readonly kind: 'restart'; readonly member: number }
  /** Cut every link between this member and the others (a partition with it alone). */
  | { readonly kind: 'isolate'; readonly member: number }
  /** Heal every cut link; `member` is only the one whose button was pressed (for the log). */
  | { readonly kind: 'heal'; readonly member: number }
  /** The remaining faults (src/ui/session/io/fault_inputs.ts maps them to the engine's). */
  | ExtraFaultInput
  /** etcdctl member add / promote / remove and move-leader (src/ui/session/io/member_inputs.ts). */
  | MemberInput;

export interface TimedInput {
  readonly step: number;
  /** Virtual time when it was applied (with the step, the exact position in the run). */
  readonly atUs: number;
  readonly input: UserInput;
}

/** What the engine is busy with (seeking and run-until can take several frames). */
export type EngineActivity =
  | { readonly kind: 'idle' }
  | { readonly kind: 'playing' }
  | { readonly kind: 'seeking'; readonly target: number; readonly done: number }
  | {
      readonly kind: 'running-until';
      readonly goal: RunUntilGoal;
      readonly steps: number;
      readonly bound: number;
    };

/** History of the run; every list is ordered by step. */
export interface RunHistory {
  /** The furthest step computed so far (the scrubber's extent). */
  readonly frontierStep: number;
  readonly frontierUs: number;
  readonly roleSegments: readonly RoleSegment[];
  readonly leaderChanges: readonly LeaderChange[];
  readonly calls: readonly ClientCallView[];
  readonly refused: readonly RefusedProposal[];
  readonly markers: readonly Marker[];
  /** Members with a recorded history (timeline lanes): grows when members are added. */
  readonly memberCount: number;
  /** Bumped whenever any list above changes, so selectors can memoise on it. */
  readonly version: number;
}
