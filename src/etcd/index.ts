/**
 * The public surface of the etcd member model's leaf modules (config, IDs, errors, the wait
 * registry, the FIFO scheduler, the logger, the virtual disk, the MVCC store, membership and
 * the transport). The server core (server, raftnode, apply, bootstrap) adds its own exports.
 */
export * from './config';
export * from './disk';
export * from './errors';
export * from './ids';
export { Generator as IDGenerator, bigEndianBytesToUint64, uint64ToBigEndianBytes } from './idutil';
export * from './membership';
export { ErrCompacted as ErrMvccCompacted, ErrFutureRev as ErrMvccFutureRev, KVStore } from './mvcc';
export type { KeyValue, MvccError, RangeOptions, RangeResult, ResponseHeader } from './mvcc';
export { raftCallerOf } from './raft_log_callers';
export * from './schedule';
export { sha1 } from './sha1';
export * from './transport';
export * from './wait';
export * from './wait_time';
export * from './zap';

// The member core: the server, its Ready loop, apply, the client paths and the listings.
export { EtcdServer, ReadNotifier, processMessage } from './server';
export type { ApplyResponse, ApplyResult, ConfChangeResponse, EtcdServerParts, WaitValue } from './server';
export { RaftNode, TimeoutDetector } from './raftnode';
export type { RaftReadyHandler, ReadyStep, ToApply } from './raftnode';
export { backendRun, commitBackend, rollbackBackend } from './backend';
export type { Backend, BackendCommit } from './backend';
export { majorMinor } from './version';
export { newServer } from './bootstrap';
export type { DataDir, MemberSetup, NewServerResult } from './bootstrap';
export { startEtcd } from './embed';
export type { EtcdProcessSetup } from './embed';
export { adjustTicks, publishV3, startServer, stopServer } from './server_start';
export { applyAll, newEtcdProgress } from './apply';
export { addMember, configure, promoteMember, removeMember, waitLeader } from './cluster_server';
export { maintenanceMoveLeader, moveLeader } from './move_leader';
export { mayAddMember, mayPromoteMember, mayRemoveMember, waitAppliedIndex } from './reconfig_check';
export { bootstrapExistingClusterNoWAL } from './bootstrap_join';
export type { JoinResult, JoinSetup, JoinedCluster } from './bootstrap_join';
export type { EtcdProgress } from './apply';
export {
  deleteRange,
  linearizableReadLoop,
  linearizableReadNotify,
  processInternalRaftRequestOnce,
  put,
  raftRequest,
  range,
  toEtcdError,
} from './v3_server';
export type { DeleteRangeResponse, Outcome, PutResponse, RangeResponse } from './v3_server';
export { lineOfLabel, listingLabels, listings } from './listings';
export type { Listing, ListingLine } from './listings';
export { marshalRaftRequest, unmarshalRaftRequest } from './raft_request';
export type { InternalRaftRequest, RaftRequestBody } from './raft_request';
