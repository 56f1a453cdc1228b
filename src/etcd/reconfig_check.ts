/**
 * The checks etcd makes before it proposes a membership change (server/etcdserver/server.go:
 * mayAddMember, mayRemoveMember, mayPromoteMember, isLearnerReady; util.go: numConnectedSince,
 * isConnectedToQuorumAfterAddingNewMemberSince). With --strict-reconfig-check (the default) a
 * change that could cost the cluster its quorum is refused before it reaches raft.
 */
import { recvCase, select } from '../sim/op';
import type { Op } from '../sim/op';
import { after } from '../sim/time';
import { applyTimeoutUs, healthIntervalUs, readyPercentThreshold } from './config';
import {
  ErrIDNotFound,
  ErrLearnerNotReady,
  ErrNotEnoughStartedMembers,
  ErrNotLeader,
  ErrStopped,
  ErrTimeoutWaitAppliedIndex,
  ErrUnhealthy,
} from './errors';
import type { EtcdError } from './errors';
import { idString } from './ids';
import type { Member } from './membership';
import type { EtcdServer } from './server';
import { zap } from './zap';

const at = (line: number): string => `etcdserver/server.go:${line}`;

/** The member as Go's %+v prints a membership.Member. */
export function memberString(m: Member): string {
  return (
    `{ID:${idString(m.id)} RaftAttributes:{PeerURLs:[${m.peerURLs.join(' ')}] IsLearner:${m.isLearner}} ` +
    `Attributes:{Name:${m.name} ClientURLs:[${m.clientURLs.join(' ')}]}}`
  );
}

/** isConnectedSince: the peer has been active since strictly before `sinceUs`. */
function isConnectedSince(s: EtcdServer, id: bigint, sinceUs: number): boolean {
  const t = s.transport.activeSince(id);
  return t !== 0 && t < sinceUs;
}

/** numConnectedSince: self, plus the members connected since `sinceUs`. */
export function numConnectedSince(s: EtcdServer, sinceUs: number, members: readonly Member[]): number {
  return members.filter((m) => m.id === s.memberId || isConnectedSince(s, m.id, sinceUs)).length;
}

/** time.Now().Add(-HealthInterval) */
function healthSinceUs(s: EtcdServer): number {
  return s.k.nowUs - healthIntervalUs;
}

/** mayAddMember: a new voter needs a started quorum; any new member a connected quorum. */
export function mayAddMember(s: EtcdServer, memb: Member): EtcdError | undefined {
  if (!s.cfg.strictReconfigCheck) return undefined;
  const fields = [s.localMemberField(), zap.String('requested-member-add', memberString(memb))];
  if (!memb.isLearner && !s.cluster.isReadyToAddVotingMember()) {
    s.lg.warn(
      at(1423),
      'rejecting member add request; not enough healthy members',
      ...fields,
      zap.Error(ErrNotEnoughStartedMembers),
    );
    return ErrNotEnoughStartedMembers;
  }
  // The new member counts as unavailable: the voters now must already hold the grown quorum.
  const voters = s.cluster.votingMembers();
  const quorumAfter = Math.floor((voters.length + 1) / 2) + 1;
  if (voters.length !== 1 && numConnectedSince(s, healthSinceUs(s), voters) < quorumAfter) {
    s.lg.warn(
      at(1434),
      'rejecting member add request; local member has not been connected to majority peers, reconfigure breaks active quorum',
      ...fields,
      zap.Error(ErrUnhealthy),
    );
    return ErrUnhealthy;
  }
  return undefined;
}

/** mayRemoveMember: learners go freely; a voter only if a started and a connected quorum remain. */
export function mayRemoveMember(s: EtcdServer, id: bigint): EtcdError | undefined {
  if (!s.cfg.strictReconfigCheck) return undefined;
  if (s.cluster.member(id)?.isLearner === true) return undefined;
  if (!s.cluster.isReadyToRemoveVotingMember(id)) {
    s.lg.warn(
      at(1627),
      'rejecting member remove request; not enough healthy members',
      s.localMemberField(),
      zap.String('requested-member-remove-id', idString(id)),
      zap.Error(ErrNotEnoughStartedMembers),
    );
    return ErrNotEnoughStartedMembers;
  }
  // A member that is down is not part of the active quorum: removing it is safe.
  if (id !== s.memberId && s.transport.activeSince(id) === 0) return undefined;
  const voters = s.cluster.votingMembers();
  const active = numConnectedSince(s, healthSinceUs(s), voters);
  if (active - 1 < 1 + Math.floor((voters.length - 1) / 2)) {
    s.lg.warn(
      at(1645),
      'rejecting member remove request; local member has not been connected to all peers, reconfigure breaks active quorum',
      s.localMemberField(),
      zap.String('requested-member-remove', idString(id)),
      zap.Int('active-peers', active),
      zap.Error(ErrUnhealthy),
    );
    return ErrUnhealthy;
  }
  return undefined;
}

/** mayPromoteMember: the learner must be in sync, and the started voters a quorum afterwards. */
export function* mayPromoteMember(s: EtcdServer, id: bigint): Generator<Op, EtcdError | undefined, unknown> {
  const err = yield* isLearnerReady(s, id);
  if (err !== undefined) return err;
  if (!s.cfg.strictReconfigCheck) return undefined;
  if (!s.cluster.isReadyToPromoteMember()) {
    s.lg.warn(
      at(1552),
      'rejecting member promote request; not enough healthy members',
      s.localMemberField(),
      zap.String('requested-member-remove-id', idString(id)),
      zap.Error(ErrNotEnoughStartedMembers),
    );
    return ErrNotEnoughStartedMembers;
  }
  return undefined;
}

/**
 * isLearnerReady: only the leader knows the learner's Match. ErrNotLeader elsewhere (the caller
 * forwards), ErrIDNotFound for an ID raft does not track, ErrLearnerNotReady below 90 % of the
 * leader's Match. A voter passes here; the apply-time validation refuses it later.
 */
function* isLearnerReady(s: EtcdServer, id: bigint): Generator<Op, EtcdError | undefined, unknown> {
  const werr = yield* waitAppliedIndex(s);
  if (werr !== undefined) return werr;
  const rs = yield* s.r.node.status();
  if (rs === undefined || rs.progress.size === 0) return ErrNotLeader;
  const learner = rs.progress.get(id);
  if (learner === undefined) return ErrIDNotFound;
  const leaderMatch = rs.progress.get(rs.id)?.match ?? 0;
  const readyPercent = learner.match / leaderMatch;
  if (readyPercent < readyPercentThreshold) {
    s.lg.error(
      at(1603),
      'rejecting promote learner: learner is not ready',
      zap.Any('learner-ready-percent', readyPercent),
      zap.Any('ready-percent-threshold', readyPercentThreshold),
    );
    return ErrLearnerNotReady;
  }
  return undefined;
}

/** waitAppliedIndex: wait (at most applyTimeout) until this member applied what it committed. */
export function* waitAppliedIndex(s: EtcdServer): Generator<Op, EtcdError | undefined, unknown> {
  const sel = yield* select('EtcdServer.waitAppliedIndex', [
    recvCase(s.applyWait.wait(s.committedIndex)),
    recvCase(s.stopping),
    recvCase(after(s.k, applyTimeoutUs)),
  ]);
  if (sel.index === 1) return ErrStopped;
  if (sel.index === 2) return ErrTimeoutWaitAppliedIndex;
  return undefined;
}
