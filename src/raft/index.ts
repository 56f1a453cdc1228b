/**
 * The public surface of the raft package (what upstream's `go.etcd.io/raft/v3` exports, plus
 * the raftpb types). Internal modules (log, unstable, tracker internals) stay importable by
 * path for tests and tools, but embedders should need only this file.
 */
export * from './raftpb/types';
export {
  asV1,
  asV2,
  confChangeFromEntry,
  confChangesFromString,
  confChangesToString,
  enterJoint,
  isConfChangeV2,
  leaveJoint,
  marshalConfChange,
  type ConfChangeI,
} from './raftpb/confchange';
export {
  marshalConfChangeV1,
  marshalConfChangeV2,
  unmarshalConfChangeV1,
  unmarshalConfChangeV2,
  ProtoDecodeError,
} from './raftpb/encoding';

export {
  RaftPanic,
  SinkLogger,
  defaultLogger,
  discardLogger,
  type Logger,
  type LogLevelName,
  type LogSink,
} from './logger';
export {
  MemoryStorage,
  StorageError,
  ErrCompacted,
  ErrSnapOutOfDate,
  ErrUnavailable,
  ErrSnapshotTemporarilyUnavailable,
  isStorageError,
  type InitialState,
  type Storage,
  type StorageErrorKind,
} from './storage';
export { StateType, stateTypeName, type SoftState } from './state_type';
export type { RoleChange, RoleChangeObserver, RoleChangeReason } from './role_change';
export type { Ready } from './ready';
export { ReadOnlyOption, type ReadState } from './read_only';
export { SeededRand, defaultRandSource, seedFromNodeID, type RandSource } from './rand';
export {
  ErrProposalDropped,
  newRaft,
  validateConfig,
  type Config,
  type ConfigValidation,
  type ValidConfig,
} from './raft';
export {
  ErrStepLocalMsg,
  ErrStepPeerNotFound,
  ProgressType,
  RawNode,
  SnapshotStatus,
  mustSync,
  newRawNode,
  type Peer,
} from './rawnode';
export { getStatus, getBasicStatus, statusToJSON, type BasicStatus, type Status } from './status';
export {
  describeConfState,
  describeEntries,
  describeEntry,
  describeHardState,
  describeMessage,
  describeReady,
  describeSnapshot,
  describeSoftState,
  isLocalMsg,
  isLocalMsgTarget,
  isResponseMsg,
  type EntryFormatter,
} from './util';
export { Progress, ProgressMap } from './tracker/progress';
export { StateType as ProgressStateType, progressStateName } from './tracker/state';
export { Inflights } from './tracker/inflights';
export { Config as TrackerConfig, ProgressTracker } from './tracker/tracker';
