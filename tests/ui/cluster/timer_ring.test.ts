import { describe, expect, it } from 'vitest';
import { memberTimer, ringArcPath } from '../../../src/ui/cluster/model/timer_ring';
import { buildScene } from '../../../src/ui/cluster/model/scene';
import { stubSnapshot } from '../../../src/ui/session/stub';

const base = {
  up: true,
  role: 'StateFollower' as const,
  electionElapsed: 7,
  electionTimeout: 14,
  heartbeatElapsed: 0,
  heartbeatTimeout: 1,
};

describe('memberTimer', () => {
  it('shows a follower or candidate its election timer', () => {
    expect(memberTimer(base)).toEqual({ kind: 'election', elapsed: 7, timeout: 14, fraction: 0.5 });
    expect(memberTimer({ ...base, role: 'StateCandidate', electionElapsed: 3 })?.fraction).toBeCloseTo(
      3 / 14,
    );
  });
  it('shows the leader its heartbeat timer instead', () => {
    const t = memberTimer({ ...base, role: 'StateLeader', heartbeatElapsed: 1, heartbeatTimeout: 3 });
    expect(t).toEqual({ kind: 'heartbeat', elapsed: 1, timeout: 3, fraction: 1 / 3 });
  });
  it('draws no ring for a down member or one without raft yet', () => {
    expect(memberTimer({ ...base, up: false })).toBeNull();
    expect(memberTimer({ ...base, role: 'down' })).toBeNull();
    expect(memberTimer({ ...base, electionTimeout: 0 })).toBeNull();
  });
  it('clamps a timer that ran past its timeout (a learner does not campaign)', () => {
    expect(memberTimer({ ...base, electionElapsed: 20 })?.fraction).toBe(1);
  });
});

describe('ringArcPath', () => {
  it('starts at 12 o’clock and ends where the fraction says', () => {
    expect(ringArcPath(10, 0)).toBe('');
    expect(ringArcPath(10, 0.25)).toBe('M0,-10A10,10 0 0 1 10,0');
    expect(ringArcPath(10, 0.5)).toBe('M0,-10A10,10 0 0 1 0,10');
    expect(ringArcPath(10, 0.75)).toBe('M0,-10A10,10 0 1 1 -10,0');
    expect(ringArcPath(10, 1)).toContain('A10,10 0 1 1 0,10');
  });
});

describe('scene members carry their timers', () => {
  it('gives the stub leader a heartbeat ring and followers election rings', () => {
    const scene = buildScene(stubSnapshot, 480, 300);
    expect(scene.members.map((m) => m.timer?.kind)).toEqual(['heartbeat', 'election', 'election']);
    expect(scene.members[1]?.timer).toMatchObject({ elapsed: 3, timeout: 14 });
  });
});
