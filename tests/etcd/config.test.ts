import { describe, expect, it } from 'vitest';
import {
  defaultServerConfig,
  electionTicks,
  electionTimeoutUs,
  leaderFailWindowUs,
  minLeaseTTLSeconds,
  newServerConfig,
  peerDialTimeoutUs,
  reqTimeoutUs,
} from '../../src/etcd/config';

describe('ServerConfig defaults (spec §1.1)', () => {
  it('has etcd’s values and derived timeouts', () => {
    const c = defaultServerConfig;
    expect([c.tickMs, c.electionMs, c.snapshotCount, c.snapshotCatchUpEntries]).toEqual([
      100, 1000, 10000, 5000,
    ]);
    expect(c.maxRequestBytes).toBe(1_572_864);
    expect(c.maxGapBetweenApplyAndCommitIndex).toBe(5000);
    expect([c.maxSizePerMsg, c.maxInflightMsgs]).toEqual([1_048_576, 512]);
    expect([c.preVote, c.checkQuorum, c.initialElectionTickAdvance]).toEqual([true, true, true]);
    expect(electionTicks(c)).toBe(10);
    expect(reqTimeoutUs(c)).toBe(7_000_000);
    expect(electionTimeoutUs(c)).toBe(1_000_000);
    expect(peerDialTimeoutUs(c)).toBe(2_000_000);
    expect(leaderFailWindowUs(c)).toBe(2_000_000);
    expect(minLeaseTTLSeconds(c)).toBe(2);
  });

  it('accepts classroom overrides', () => {
    const r = newServerConfig({
      tickMs: 10,
      electionMs: 100,
      maxGapBetweenApplyAndCommitIndex: 5,
      sim: { fsyncUsMax: 50_000 },
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(electionTicks(r.config)).toBe(10);
    expect(reqTimeoutUs(r.config)).toBe(5_200_000);
    expect(r.config.sim.fsyncUsMax).toBe(50_000);
    expect(r.config.sim.fsyncUsMin).toBe(defaultServerConfig.sim.fsyncUsMin);
  });
});

describe('validation', () => {
  it('uses embed Config.Validate’s texts for tick and election', () => {
    const r = newServerConfig({ tickMs: 300, electionMs: 1000 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([
      {
        kind: 'bad-config',
        field: 'electionMs',
        message: '--election-timeout[1000ms] should be at least as 5 times as --heartbeat-interval[300ms]',
      },
    ]);
    const z = newServerConfig({ tickMs: 0 });
    expect(!z.ok && z.errors[0]?.message).toBe('--heartbeat-interval must be >0 (set to 0ms)');
    const long = newServerConfig({ electionMs: 60000 });
    expect(!long.ok && long.errors[0]?.message).toBe(
      '--election-timeout[60000ms] is too long, and should be set less than 50000ms',
    );
  });

  it('names the bad simulator knob', () => {
    const r = newServerConfig({
      sim: { networkLatencyUsMin: 500, networkLatencyUsMax: 100, networkLossProbability: 2 },
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.field)).toEqual(['sim.networkLatencyUsMax', 'sim.networkLossProbability']);
  });
});
