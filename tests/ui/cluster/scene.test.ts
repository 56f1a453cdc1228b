import { describe, expect, it } from 'vitest';
import { buildScene, messageFamily } from '../../../src/ui/cluster/model/scene';
import { roleClass, roleGlyphPath, roleOf, roles } from '../../../src/ui/cluster/model/roles';
import { stubSnapshot } from '../../../src/ui/session/stub';
import type { ClusterSnapshot, InFlightMessage } from '../../../src/session/types';

const msg = (
  id: number,
  from: number,
  to: number,
  type: string,
  sentUs: number,
  arriveUs: number,
): InFlightMessage => ({
  id,
  fromMember: from,
  toMember: to,
  type,
  term: 2,
  index: 4,
  entries: 0,
  sentUs,
  arriveUs,
});

describe('roles', () => {
  it('maps raft state names and keeps a distinct glyph per role', () => {
    expect(roleOf('StateLeader')).toBe('Leader');
    expect(roleOf('StatePreCandidate')).toBe('PreCandidate');
    expect(roleOf('Candidate')).toBe('Candidate');
    expect(roleOf('StateFollower')).toBe('Follower');
    expect(roleOf('down')).toBe('Follower');
    const paths = new Set(roles.map((r) => roleGlyphPath(r, 20)));
    expect(paths.size).toBe(roles.length);
    expect(roleClass('PreCandidate')).toBe('role-precandidate');
    expect(roleClass('down')).toBe('role-down');
  });
});

describe('buildScene', () => {
  it('draws the stub cluster with its leader crowned', () => {
    const s = buildScene(stubSnapshot, 400, 300);
    expect(s.members).toHaveLength(3);
    expect(s.members.filter((m) => m.leader).map((m) => m.name)).toEqual(['infra1']);
    expect(s.links.map((l) => l.state)).toEqual(['ok', 'ok', 'ok']);
  });

  it('tells partitions, one-way cuts and dead links apart', () => {
    const members = stubSnapshot.members.map((m, i) =>
      i === 2 ? { ...m, up: false, role: 'down' as const } : m,
    );
    const snap: ClusterSnapshot = {
      ...stubSnapshot,
      members,
      links: [
        { fromMember: 0, toMember: 1, up: false, inFlight: 0 },
        { fromMember: 1, toMember: 0, up: true, inFlight: 2 },
        { fromMember: 0, toMember: 2, up: false, inFlight: 0 },
        { fromMember: 2, toMember: 0, up: false, inFlight: 0 },
      ],
    };
    const s = buildScene(snap, 400, 300);
    expect(s.links.map((l) => [l.a, l.b, l.state])).toEqual([
      [0, 1, 'one-way'],
      [0, 2, 'dead'],
      [1, 2, 'dead'],
    ]);
    expect(s.links[0]?.inFlight).toBe(2);
    expect(s.members[2]?.leader).toBe(false);
  });

  it('places messages by virtual time, so stepping moves them deterministically', () => {
    const base = {
      ...stubSnapshot,
      messages: [msg(1, 0, 1, 'MsgApp', 1000, 2000), msg(2, 0, 1, 'MsgHeartbeat', 1000, 2000)],
    };
    const early = buildScene({ ...base, nowUs: 1000 }, 400, 300);
    const mid = buildScene({ ...base, nowUs: 1500 }, 400, 300);
    const again = buildScene({ ...base, nowUs: 1500 }, 400, 300);
    expect(mid).toEqual(again);
    expect(early.messages[0]?.progress).toBe(0);
    expect(mid.messages[0]?.progress).toBe(0.5);
    expect(mid.messages[0]?.at).not.toEqual(early.messages[0]?.at);
    // Two messages on one spot get separate label levels.
    expect(mid.messages.map((m) => m.level).sort()).toEqual([0, 1]);
    expect(mid.messages[0]?.family).toBe('append');
  });

  it('groups message types into families', () => {
    expect(messageFamily('MsgAppResp')).toBe('append');
    expect(messageFamily('MsgPreVoteResp')).toBe('vote');
    expect(messageFamily('MsgVote')).toBe('vote');
    expect(messageFamily('MsgHeartbeat')).toBe('heartbeat');
    expect(messageFamily('MsgSnap')).toBe('snapshot');
    expect(messageFamily('MsgReadIndex')).toBe('other');
  });
});
