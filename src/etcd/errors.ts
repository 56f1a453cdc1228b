/**
 * etcd server errors as values: each has a `kind` to branch on and etcd's exact message
 * (server/etcdserver/errors/errors.go, plus the context, raft and gRPC-layer errors a client of
 * this model can see). Compare by identity (`err === ErrTimeout`) or by kind.
 *
 * parseProposeCtxErr is server.go:parseProposeCtxErr (§4.5 of the spec), made pure: the facts it
 * reads from the server (leader election time, current leader, peer connectivity) come in as
 * parameters.
 */

export type EtcdErrorKind =
  | 'unknown-method'
  | 'stopped'
  | 'canceled'
  | 'timeout'
  | 'timeout-due-to-leader-fail'
  | 'timeout-due-to-connection-lost'
  | 'timeout-leader-transfer'
  | 'timeout-wait-applied-index'
  | 'leader-changed'
  | 'not-enough-started-members'
  | 'learner-not-ready'
  | 'no-leader'
  | 'not-leader'
  | 'request-too-large'
  | 'no-space'
  | 'too-many-requests'
  | 'unhealthy'
  | 'corrupt'
  | 'bad-leader-transferee'
  | 'cluster-version-unavailable'
  | 'wrong-downgrade-version-format'
  | 'key-not-found'
  | 'not-capable'
  | 'too-many-ops'
  | 'space-exceeded'
  | 'context-deadline-exceeded'
  | 'context-canceled'
  | 'raft-proposal-dropped'
  | 'raft-stopped'
  | 'membership-id-removed'
  | 'membership-id-exists'
  | 'membership-id-not-found'
  | 'membership-peer-url-exists'
  | 'membership-member-not-learner'
  | 'membership-too-many-learners'
  | 'grpc-member-exist'
  | 'grpc-peer-url-exist'
  | 'grpc-member-not-found'
  | 'grpc-member-not-learner'
  | 'grpc-too-many-learners'
  | 'grpc-not-supported-for-learner';

/** An etcd error value. `message` is what Go's err.Error() returns. */
export interface EtcdError {
  readonly kind: EtcdErrorKind;
  readonly message: string;
}

function e(kind: EtcdErrorKind, message: string): EtcdError {
  return Object.freeze({ kind, message });
}

// server/etcdserver/errors/errors.go
export const ErrUnknownMethod = e('unknown-method', 'etcdserver: unknown method');
export const ErrStopped = e('stopped', 'etcdserver: server stopped');
export const ErrCanceled = e('canceled', 'etcdserver: request cancelled');
export const ErrTimeout = e('timeout', 'etcdserver: request timed out');
export const ErrTimeoutDueToLeaderFail = e(
  'timeout-due-to-leader-fail',
  'etcdserver: request timed out, possibly due to previous leader failure',
);
export const ErrTimeoutDueToConnectionLost = e(
  'timeout-due-to-connection-lost',
  'etcdserver: request timed out, possibly due to connection lost',
);
export const ErrTimeoutLeaderTransfer = e(
  'timeout-leader-transfer',
  'etcdserver: request timed out, leader transfer took too long',
);
export const ErrTimeoutWaitAppliedIndex = e(
  'timeout-wait-applied-index',
  'etcdserver: request timed out, waiting for the applied index took too long',
);
export const ErrLeaderChanged = e('leader-changed', 'etcdserver: leader changed');
export const ErrNotEnoughStartedMembers = e(
  'not-enough-started-members',
  'etcdserver: re-configuration failed due to not enough started members',
);
export const ErrLearnerNotReady = e(
  'learner-not-ready',
  'etcdserver: can only promote a learner member which is in sync with leader',
);
export const ErrNoLeader = e('no-leader', 'etcdserver: no leader');
export const ErrNotLeader = e('not-leader', 'etcdserver: not leader');
export const ErrRequestTooLarge = e('request-too-large', 'etcdserver: request is too large');
export const ErrNoSpace = e('no-space', 'etcdserver: no space');
export const ErrTooManyRequests = e('too-many-requests', 'etcdserver: too many requests');
export const ErrUnhealthy = e('unhealthy', 'etcdserver: unhealthy cluster');
export const ErrCorrupt = e('corrupt', 'etcdserver: corrupt cluster');
export const ErrBadLeaderTransferee = e('bad-leader-transferee', 'etcdserver: bad leader transferee');
export const ErrClusterVersionUnavailable = e(
  'cluster-version-unavailable',
  'etcdserver: cluster version not found during downgrade',
);
export const ErrWrongDowngradeVersionFormat = e(
  'wrong-downgrade-version-format',
  'etcdserver: wrong downgrade target version format',
);
export const ErrKeyNotFound = e('key-not-found', 'etcdserver: key not found');

// api/v3rpc/rpctypes/error.go: errors the gRPC layer returns before (or instead of) the server.
export const ErrGRPCNotCapable = e('not-capable', 'etcdserver: not capable');
export const ErrGRPCTooManyOps = e('too-many-ops', 'etcdserver: too many operations in txn request');
export const ErrGRPCNoSpace = e('space-exceeded', 'etcdserver: mvcc: database space exceeded');
export const ErrGRPCMemberExist = e('grpc-member-exist', 'etcdserver: member ID already exist');
export const ErrGRPCPeerURLExist = e('grpc-peer-url-exist', 'etcdserver: Peer URLs already exists');
export const ErrGRPCMemberNotFound = e('grpc-member-not-found', 'etcdserver: member not found');
export const ErrGRPCMemberNotLearner = e(
  'grpc-member-not-learner',
  'etcdserver: can only promote a learner member',
);
export const ErrGRPCTooManyLearners = e(
  'grpc-too-many-learners',
  'etcdserver: too many learner members in cluster',
);
export const ErrGRPCNotSupportedForLearner = e(
  'grpc-not-supported-for-learner',
  'etcdserver: rpc not supported for learner',
);

// Go's context package and the raft library, returned raw by processInternalRaftRequestOnce.
export const ErrContextDeadlineExceeded = e('context-deadline-exceeded', 'context deadline exceeded');
export const ErrContextCanceled = e('context-canceled', 'context canceled');
export const ErrProposalDropped = e('raft-proposal-dropped', 'raft proposal dropped');
export const ErrRaftStopped = e('raft-stopped', 'raft: stopped');

// server/etcdserver/api/membership/errors.go
export const ErrIDRemoved = e('membership-id-removed', 'membership: ID removed');
export const ErrIDExists = e('membership-id-exists', 'membership: ID exists');
export const ErrIDNotFound = e('membership-id-not-found', 'membership: ID not found');
export const ErrPeerURLexists = e('membership-peer-url-exists', 'membership: peerURL exists');
export const ErrMemberNotLearner = e(
  'membership-member-not-learner',
  'membership: can only promote a learner member',
);
export const ErrTooManyLearners = e(
  'membership-too-many-learners',
  'membership: too many learner members in cluster',
);

/** Every error above, for lookups by message (e.g. turning a raft Error into an EtcdError). */
export const allEtcdErrors: readonly EtcdError[] = [
  ErrUnknownMethod,
  ErrStopped,
  ErrCanceled,
  ErrTimeout,
  ErrTimeoutDueToLeaderFail,
  ErrTimeoutDueToConnectionLost,
  ErrTimeoutLeaderTransfer,
  ErrTimeoutWaitAppliedIndex,
  ErrLeaderChanged,
  ErrNotEnoughStartedMembers,
  ErrLearnerNotReady,
  ErrNoLeader,
  ErrNotLeader,
  ErrRequestTooLarge,
  ErrNoSpace,
  ErrTooManyRequests,
  ErrUnhealthy,
  ErrCorrupt,
  ErrBadLeaderTransferee,
  ErrClusterVersionUnavailable,
  ErrWrongDowngradeVersionFormat,
  ErrKeyNotFound,
  ErrGRPCNotCapable,
  ErrGRPCTooManyOps,
  ErrGRPCNoSpace,
  ErrGRPCMemberExist,
  ErrGRPCPeerURLExist,
  ErrGRPCMemberNotFound,
  ErrGRPCMemberNotLearner,
  ErrGRPCTooManyLearners,
  ErrGRPCNotSupportedForLearner,
  ErrContextDeadlineExceeded,
  ErrContextCanceled,
  ErrProposalDropped,
  ErrRaftStopped,
  ErrIDRemoved,
  ErrIDExists,
  ErrIDNotFound,
  ErrPeerURLexists,
  ErrMemberNotLearner,
  ErrTooManyLearners,
];

/**
 * Maps an error from the kernel or the raft port (a JS Error whose message is Go's, such as
 * sim's DeadlineExceeded or raft's ErrStopped) onto the EtcdError with the same message;
 * undefined for a message this module does not know.
 */
export function etcdErrorFromMessage(message: string): EtcdError | undefined {
  return allEtcdErrors.find((x) => x.message === message);
}

/**
 * togRPCError (api/v3rpc/util.go): the error a gRPC client sees for a server error. Only the
 * membership errors change their text; every other server error the model has keeps it (its
 * rpctypes twin carries the same string).
 */
export function togRPCError(err: EtcdError): EtcdError {
  switch (err.kind) {
    case 'membership-id-removed':
    case 'membership-id-not-found':
      return ErrGRPCMemberNotFound;
    case 'membership-id-exists':
      return ErrGRPCMemberExist;
    case 'membership-peer-url-exists':
      return ErrGRPCPeerURLExist;
    case 'membership-member-not-learner':
      return ErrGRPCMemberNotLearner;
    case 'membership-too-many-learners':
      return ErrGRPCTooManyLearners;
    default:
      return err;
  }
}

/** What parseProposeCtxErr needs to know about the server at the moment the context expired. */
export interface ProposeCtxFacts {
  /** s.leadElectedTime in virtual µs, or null for Go's zero time (this member never led). */
  readonly leadElectedTimeUs: number | null;
  /** 2 × ElectionTicks × TickMs, in µs (2 s with the defaults). */
  readonly leaderFailWindowUs: number;
  /** s.lead: 0n for none. */
  readonly lead: bigint;
  /** This member's ID. */
  readonly memberID: bigint;
  /** Every member's ID, self included (cluster.Members()). */
  readonly memberIDs: readonly bigint[];
  /** transport.ActiveSince(id) in µs, or 0 (Go's zero time) when the peer is not active. */
  readonly activeSinceUs: (id: bigint) => number;
}

/** util.go:isConnectedSince: active, and active since strictly before `sinceUs`. */
function isConnectedSince(facts: ProposeCtxFacts, id: bigint, sinceUs: number): boolean {
  const t = facts.activeSinceUs(id);
  return t !== 0 && t < sinceUs;
}

/** util.go:isConnectedToQuorumSince: self counts as connected. */
function isConnectedToQuorumSince(facts: ProposeCtxFacts, sinceUs: number): boolean {
  let connected = 0;
  for (const id of facts.memberIDs) {
    if (id === facts.memberID || isConnectedSince(facts, id, sinceUs)) connected++;
  }
  return connected >= Math.floor(facts.memberIDs.length / 2) + 1;
}

/**
 * parseProposeCtxErr(err, start): turns the expired context's error of a proposal into the
 * error the client sees. `startUs` is when the proposal started waiting (virtual µs).
 */
export function parseProposeCtxErr(err: EtcdError, startUs: number, facts: ProposeCtxFacts): EtcdError {
  if (err.kind === 'context-canceled') return ErrCanceled;
  if (err.kind !== 'context-deadline-exceeded') return err;
  const elected = facts.leadElectedTimeUs;
  // A member that never led has Go's zero time here, far in the past: the window never matches.
  if (elected !== null) {
    const prevLeadLost = elected - facts.leaderFailWindowUs;
    if (prevLeadLost < startUs && startUs < elected) return ErrTimeoutDueToLeaderFail;
  }
  const lead = facts.lead;
  if (lead === 0n) return ErrTimeout;
  if (lead === facts.memberID) {
    return isConnectedToQuorumSince(facts, startUs) ? ErrTimeout : ErrTimeoutDueToConnectionLost;
  }
  return isConnectedSince(facts, lead, startUs) ? ErrTimeout : ErrTimeoutDueToConnectionLost;
}
