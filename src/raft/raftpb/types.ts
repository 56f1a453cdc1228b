/**
 * raftpb: the data types of etcd's raft library (go.etcd.io/raft/v3/raftpb, raft.proto) as
 * plain TypeScript values.
 *
 * Number conventions (shared by every module of src/raft):
 * - Node IDs are `bigint`: etcd member IDs are full 64-bit values printed in hex, and raft's
 *   local-thread sentinels are 2^64-1 and 2^64-2. `None` is 0n.
 * - Terms, indexes and sizes are `number` (all fit well below 2^53). Unlimited sizes use
 *   `noLimit` (Infinity), standing for Go's math.MaxUint64.
 * - Byte payloads are `Uint8Array`; `undefined` means "absent", which differs from an empty
 *   array only for encoded sizes (raft.proto: Entry.Data).
 * - Go structs are mutable values in raft; here they are interfaces with mutable fields, and
 *   whoever crosses a layer boundary copies (see src/raft/README.md).
 */

export type NodeID = bigint;

/** raft.go: None is a placeholder node ID used when there is no leader. */
export const None: NodeID = 0n;
/** raft.go: pseudo node ID of the local append thread in async-storage-writes mode. */
export const LocalAppendThread: NodeID = (1n << 64n) - 1n;
/** raft.go: pseudo node ID of the local apply thread in async-storage-writes mode. */
export const LocalApplyThread: NodeID = (1n << 64n) - 2n;
/** raft.go: noLimit (math.MaxUint64) for size limits. */
export const noLimit = Infinity;

export enum EntryType {
  EntryNormal = 0,
  EntryConfChange = 1,
  EntryConfChangeV2 = 2,
}

export enum MessageType {
  MsgHup = 0,
  MsgBeat = 1,
  MsgProp = 2,
  MsgApp = 3,
  MsgAppResp = 4,
  MsgVote = 5,
  MsgVoteResp = 6,
  MsgSnap = 7,
  MsgHeartbeat = 8,
  MsgHeartbeatResp = 9,
  MsgUnreachable = 10,
  MsgSnapStatus = 11,
  MsgCheckQuorum = 12,
  MsgTransferLeader = 13,
  MsgTimeoutNow = 14,
  MsgReadIndex = 15,
  MsgReadIndexResp = 16,
  MsgPreVote = 17,
  MsgPreVoteResp = 18,
  MsgStorageAppend = 19,
  MsgStorageAppendResp = 20,
  MsgStorageApply = 21,
  MsgStorageApplyResp = 22,
  MsgForgetLeader = 23,
}

export enum ConfChangeTransition {
  ConfChangeTransitionAuto = 0,
  ConfChangeTransitionJointImplicit = 1,
  ConfChangeTransitionJointExplicit = 2,
}

export enum ConfChangeType {
  ConfChangeAddNode = 0,
  ConfChangeRemoveNode = 1,
  ConfChangeUpdateNode = 2,
  ConfChangeAddLearnerNode = 3,
}

/** `%s` of an enum value is its name, as Go's generated String methods print it. */
export function messageTypeName(t: MessageType): string {
  return MessageType[t] ?? String(t);
}
export function entryTypeName(t: EntryType): string {
  return EntryType[t] ?? String(t);
}
export function confChangeTypeName(t: ConfChangeType): string {
  return ConfChangeType[t] ?? String(t);
}
export function confChangeTransitionName(t: ConfChangeTransition): string {
  return ConfChangeTransition[t] ?? String(t);
}

export interface Entry {
  term: number;
  index: number;
  type: EntryType;
  data: Uint8Array | undefined;
}

export interface ConfState {
  voters: NodeID[];
  learners: NodeID[];
  votersOutgoing: NodeID[];
  learnersNext: NodeID[];
  autoLeave: boolean;
}

export interface SnapshotMetadata {
  confState: ConfState;
  index: number;
  term: number;
}

export interface Snapshot {
  data: Uint8Array | undefined;
  metadata: SnapshotMetadata;
}

export interface HardState {
  term: number;
  vote: NodeID;
  commit: number;
}

export interface Message {
  type: MessageType;
  to: NodeID;
  from: NodeID;
  term: number;
  logTerm: number;
  index: number;
  entries: Entry[];
  commit: number;
  vote: NodeID;
  /** raft.proto: optional; absent is `undefined`. */
  snapshot: Snapshot | undefined;
  reject: boolean;
  rejectHint: number;
  context: Uint8Array | undefined;
  responses: Message[];
}

export interface ConfChange {
  type: ConfChangeType;
  nodeID: NodeID;
  context: Uint8Array | undefined;
  /** Used by etcd to correlate a proposal with its application; raft ignores it. */
  id: bigint;
}

export interface ConfChangeSingle {
  type: ConfChangeType;
  nodeID: NodeID;
}

export interface ConfChangeV2 {
  transition: ConfChangeTransition;
  changes: ConfChangeSingle[];
  context: Uint8Array | undefined;
}

export function emptyConfState(): ConfState {
  return { voters: [], learners: [], votersOutgoing: [], learnersNext: [], autoLeave: false };
}

/** A deep copy: ConfStates cross layers (snapshots, WAL records, histories) and are mutable. */
export function cloneConfState(cs: ConfState): ConfState {
  return {
    voters: [...cs.voters],
    learners: [...cs.learners],
    votersOutgoing: [...cs.votersOutgoing],
    learnersNext: [...cs.learnersNext],
    autoLeave: cs.autoLeave,
  };
}

export function emptySnapshot(): Snapshot {
  return { data: undefined, metadata: { confState: emptyConfState(), index: 0, term: 0 } };
}

export function emptyHardState(): HardState {
  return { term: 0, vote: None, commit: 0 };
}

/** Builds a Message with Go's zero values for every field not given. */
export function newMessage(fields: Partial<Message> & Pick<Message, 'type'>): Message {
  return {
    to: None,
    from: None,
    term: 0,
    logTerm: 0,
    index: 0,
    entries: [],
    commit: 0,
    vote: None,
    snapshot: undefined,
    reject: false,
    rejectHint: 0,
    context: undefined,
    responses: [],
    ...fields,
  };
}

export function isEmptyHardState(hs: HardState): boolean {
  return hs.term === 0 && hs.vote === None && hs.commit === 0;
}

export function isHardStateEqual(a: HardState, b: HardState): boolean {
  return a.term === b.term && a.vote === b.vote && a.commit === b.commit;
}

export function isEmptySnap(s: Snapshot): boolean {
  return s.metadata.index === 0;
}
