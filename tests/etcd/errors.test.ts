import { describe, expect, it } from 'vitest';
import {
  ErrCanceled,
  ErrContextCanceled,
  ErrContextDeadlineExceeded,
  ErrProposalDropped,
  ErrTimeout,
  ErrTimeoutDueToConnectionLost,
  ErrTimeoutDueToLeaderFail,
  ErrTooManyRequests,
  allEtcdErrors,
  etcdErrorFromMessage,
  parseProposeCtxErr,
} from '../../src/etcd/errors';
import type { ProposeCtxFacts } from '../../src/etcd/errors';

const s = 1_000_000;

function facts(over: Partial<ProposeCtxFacts>): ProposeCtxFacts {
  return {
    leadElectedTimeUs: null,
    leaderFailWindowUs: 2 * s,
    lead: 2n,
    memberID: 1n,
    memberIDs: [1n, 2n, 3n],
    activeSinceUs: () => 1,
    ...over,
  };
}

describe('etcd errors', () => {
  it('carry etcd’s exact strings', () => {
    expect(ErrTooManyRequests.message).toBe('etcdserver: too many requests');
    expect(ErrTimeoutDueToLeaderFail.message).toBe(
      'etcdserver: request timed out, possibly due to previous leader failure',
    );
    expect(ErrCanceled.message).toBe('etcdserver: request cancelled');
    expect(etcdErrorFromMessage('raft proposal dropped')).toBe(ErrProposalDropped);
    expect(etcdErrorFromMessage('context deadline exceeded')).toBe(ErrContextDeadlineExceeded);
    expect(new Set(allEtcdErrors.map((e) => e.kind)).size).toBe(allEtcdErrors.length);
  });
});

describe('parseProposeCtxErr (server.go)', () => {
  it('maps a canceled context to ErrCanceled and passes other errors through', () => {
    expect(parseProposeCtxErr(ErrContextCanceled, 0, facts({}))).toBe(ErrCanceled);
    expect(parseProposeCtxErr(ErrProposalDropped, 0, facts({}))).toBe(ErrProposalDropped);
  });

  it('blames the previous leader when the proposal started within 2 s before this member was elected', () => {
    const f = facts({ leadElectedTimeUs: 10 * s, lead: 1n });
    expect(parseProposeCtxErr(ErrContextDeadlineExceeded, 9 * s, f)).toBe(ErrTimeoutDueToLeaderFail);
    expect(parseProposeCtxErr(ErrContextDeadlineExceeded, 8 * s, f)).toBe(ErrTimeout); // window is open
    expect(parseProposeCtxErr(ErrContextDeadlineExceeded, 10 * s, f)).toBe(ErrTimeout);
  });

  it('no leader known: plain timeout', () => {
    expect(parseProposeCtxErr(ErrContextDeadlineExceeded, 5 * s, facts({ lead: 0n }))).toBe(ErrTimeout);
  });

  it('leader is self: connection lost unless a quorum was connected since the start', () => {
    const quorum = facts({ lead: 1n, activeSinceUs: (id) => (id === 2n ? 1 * s : 0) });
    expect(parseProposeCtxErr(ErrContextDeadlineExceeded, 5 * s, quorum)).toBe(ErrTimeout);
    const late = facts({ lead: 1n, activeSinceUs: (id) => (id === 2n ? 6 * s : 0) });
    expect(parseProposeCtxErr(ErrContextDeadlineExceeded, 5 * s, late)).toBe(ErrTimeoutDueToConnectionLost);
  });

  it('leader is another member: connection lost unless connected to it since the start', () => {
    expect(parseProposeCtxErr(ErrContextDeadlineExceeded, 5 * s, facts({ activeSinceUs: () => 2 * s }))).toBe(
      ErrTimeout,
    );
    expect(parseProposeCtxErr(ErrContextDeadlineExceeded, 5 * s, facts({ activeSinceUs: () => 0 }))).toBe(
      ErrTimeoutDueToConnectionLost,
    );
    expect(parseProposeCtxErr(ErrContextDeadlineExceeded, 5 * s, facts({ activeSinceUs: () => 5 * s }))).toBe(
      ErrTimeoutDueToConnectionLost,
    );
  });
});
