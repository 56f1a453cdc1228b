import { describe, expect, it } from 'vitest';
import { fuzzSeed } from '../../src/cluster/fuzz';

/**
 * Seeds that once found a bug, each run with the options that found it. A seed's schedule
 * drifts as the model changes, so each one also has a focused unit test of its mechanism.
 */
describe('fuzz regressions', () => {
  it('seed 1392: a snapshot from a leader still replaying its WAL keeps the db consistent index', () => {
    // Was: state-machine-safety, "revision 85 was made by raft index 95 on one member and 92 on
    // another" — applySnapshot set the consistent index to the snapshot's raft index (91), below
    // the index its db had applied (92), so entry 92 went to mvcc twice. tests/etcd/backend.test.ts.
    const r = fuzzSeed(1392);
    expect(r.violation).toBeUndefined();
  });
});
