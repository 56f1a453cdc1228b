import { describe, expect, it } from 'vitest';
import { benchRawNodeProposals } from '../../src/raft/testing/bench_rawnode';

describe('benchRawNodeProposals', () => {
  it('commits every proposal on a 3-node cluster and reports a rate from the given clock', () => {
    let fakeNow = 0;
    // A fake clock advancing 1 ms per reading makes the result exact and host-independent.
    const r = benchRawNodeProposals(2000, () => (fakeNow += 1));
    expect(r.proposals).toBe(2000);
    expect(r.wallMs).toBe(1);
    expect(r.proposalsPerSec).toBe(2_000_000);
  });

  it('runs with a real clock', () => {
    const r = benchRawNodeProposals(5000, () => performance.now());
    expect(r.proposals).toBe(5000);
    expect(r.proposalsPerSec).toBeGreaterThan(0);
  });
});
