import { describe, expect, it } from 'vitest';
import {
  RaftCluster,
  marshalConfigChangeContext,
  marshalMember,
  newMember,
  unmarshalConfigChangeContext,
} from '../../src/etcd/membership';
import {
  ErrIDExists,
  ErrIDNotFound,
  ErrIDRemoved,
  ErrMemberNotLearner,
  ErrPeerURLexists,
  ErrTooManyLearners,
} from '../../src/etcd/errors';
import { idString } from '../../src/etcd/ids';
import { ConfChangeType } from '../../src/raft/raftpb/types';
import type { ConfChange } from '../../src/raft/raftpb/types';
import { setup } from './helpers';

const urls: [string, string[]][] = [
  ['infra1', ['http://127.0.0.1:12380']],
  ['infra2', ['http://127.0.0.1:22380']],
  ['infra3', ['http://127.0.0.1:32380']],
];

function cluster(): { c: RaftCluster; lines: string[] } {
  const { lg, lines } = setup();
  const c = RaftCluster.fromURLsMap(lg, 'etcd-cluster-1', urls);
  return { c, lines };
}

function cc(type: ConfChangeType, nodeID: bigint, context: Uint8Array | undefined): ConfChange {
  return { type, nodeID, context, id: 0n };
}

describe('RaftCluster', () => {
  it('builds the members and cluster ID from --initial-cluster', () => {
    const { c } = cluster();
    expect(c.members().map((m) => [m.name, idString(m.id)])).toEqual([
      ['infra1', '8211f1d0f64f3269'],
      ['infra2', '91bc3c398fb3c146'],
      ['infra3', 'fd422379fda50e48'],
    ]);
    expect(idString(c.cid)).toBe('ef37ad9dc622a7c4');
  });

  it('add / remove / promote / attributes / version, with etcd’s log lines', () => {
    const { c, lines } = cluster();
    const m4 = newMember('infra4', ['http://127.0.0.1:42380'], 'etcd-cluster-1', 1_767_225_600, true);
    c.addMember(m4);
    expect(lines.at(-1)).toContain('"msg":"added member"');
    expect(lines.at(-1)).toContain('"added-peer-is-learner":true');
    c.promoteMember(m4.id);
    expect(c.member(m4.id)?.isLearner).toBe(false);
    c.updateAttributes(m4.id, { name: 'infra4', clientURLs: ['http://127.0.0.1:42379'] });
    expect(c.member(m4.id)?.clientURLs).toEqual(['http://127.0.0.1:42379']);
    c.removeMember(m4.id);
    expect(c.isIDRemoved(m4.id)).toBe(true);
    expect(lines.at(-1)).toContain('"msg":"removed member"');
    c.updateAttributes(m4.id, { name: 'x', clientURLs: [] });
    expect(lines.at(-1)).toContain('skipped attributes update of removed member');
    c.setVersion('3.6.0');
    expect(lines.at(-1)).toContain('"msg":"set initial cluster version"');
    expect(lines.at(-1)).toContain('"cluster-version":"3.6"');
    c.setVersion('3.7.0');
    expect(lines.at(-1)).toContain('"from":"3.6","to":"3.7"');
  });

  it('marshals members as etcd’s JSON, with 64-bit IDs intact', () => {
    const m = newMember('infra3', ['http://127.0.0.1:32380'], 'etcd-cluster-1');
    expect(new TextDecoder().decode(marshalMember(m))).toBe(
      '{"id":18249187646912138824,"peerURLs":["http://127.0.0.1:32380"],"name":"infra3"}',
    );
    const back = unmarshalConfigChangeContext(marshalConfigChangeContext({ member: m, isPromote: true }));
    expect(back?.member.id).toBe(m.id);
    expect(back?.isPromote).toBe(true);
  });
});

describe('ValidateConfigurationChange', () => {
  const add = (m: ReturnType<typeof newMember>, isPromote = false, type = ConfChangeType.ConfChangeAddNode) =>
    cc(type, m.id, marshalConfigChangeContext({ member: m, isPromote }));

  it('accepts a new member and rejects duplicates and taken peer URLs', () => {
    const { c } = cluster();
    const m4 = newMember('infra4', ['http://127.0.0.1:42380'], 'etcd-cluster-1', 100);
    expect(c.validateConfigurationChange(add(m4))).toBeUndefined();
    const existing = c.members()[0]!;
    expect(c.validateConfigurationChange(add(existing))).toBe(ErrIDExists);
    const clash = { ...newMember('x', ['http://127.0.0.1:12380'], 't', 5) };
    expect(c.validateConfigurationChange(add(clash))).toBe(ErrPeerURLexists);
  });

  it('rejects removed IDs, unknown removals, bad promotions and too many learners', () => {
    const { c } = cluster();
    const [m1] = c.members();
    c.removeMember(m1!.id);
    expect(c.validateConfigurationChange(cc(ConfChangeType.ConfChangeRemoveNode, m1!.id, undefined))).toBe(
      ErrIDRemoved,
    );
    expect(c.validateConfigurationChange(cc(ConfChangeType.ConfChangeRemoveNode, 12345n, undefined))).toBe(
      ErrIDNotFound,
    );
    const voter = c.members()[0]!;
    expect(c.validateConfigurationChange(add(voter, true))).toBe(ErrMemberNotLearner);
    const ghost = newMember('ghost', ['http://g:1'], 't', 1);
    expect(c.validateConfigurationChange(add(ghost, true))).toBe(ErrIDNotFound);
    const l1 = newMember('l1', ['http://l1:1'], 't', 1, true);
    c.addMember(l1);
    const l2 = newMember('l2', ['http://l2:1'], 't', 1, true);
    expect(c.validateConfigurationChange(add(l2, false, ConfChangeType.ConfChangeAddLearnerNode))).toBe(
      ErrTooManyLearners,
    );
    expect(c.validateConfigurationChange(add(l1, true))).toBeUndefined();
  });

  it('checks UpdateNode against the other members’ peer URLs', () => {
    const { c } = cluster();
    const [m1, m2] = c.members();
    const moved = { ...m1!, peerURLs: m2!.peerURLs };
    expect(
      c.validateConfigurationChange(cc(ConfChangeType.ConfChangeUpdateNode, m1!.id, marshalMember(moved))),
    ).toBe(ErrPeerURLexists);
    const same = { ...m1!, peerURLs: ['http://new:1'] };
    expect(
      c.validateConfigurationChange(cc(ConfChangeType.ConfChangeUpdateNode, m1!.id, marshalMember(same))),
    ).toBeUndefined();
  });
});
