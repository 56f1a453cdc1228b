import { describe, expect, it } from 'vitest';
import { compareIDs, computeClusterID, computeMemberID, idFromString, idString } from '../../src/etcd/ids';

describe('member and cluster IDs (membership.computeMemberID, genID)', () => {
  // spec §6: the standard local 3-member example, token etcd-cluster-1
  const token = 'etcd-cluster-1';
  const infra1 = computeMemberID(['http://127.0.0.1:12380'], token);
  const infra2 = computeMemberID(['http://127.0.0.1:22380'], token);
  const infra3 = computeMemberID(['http://127.0.0.1:32380'], token);

  it('gives etcd’s well-known infra1/2/3 member IDs', () => {
    expect(idString(infra1)).toBe('8211f1d0f64f3269');
    expect(idString(infra2)).toBe('91bc3c398fb3c146');
    expect(idString(infra3)).toBe('fd422379fda50e48');
    expect(infra1).toBe(9372538179322589801n);
    expect(infra2).toBe(10501334649042878790n);
    expect(infra3).toBe(18249187646912138824n);
  });

  it('gives the cluster ID ef37ad9dc622a7c4, whatever the order of the members', () => {
    expect(idString(computeClusterID([infra1, infra2, infra3]))).toBe('ef37ad9dc622a7c4');
    expect(idString(computeClusterID([infra3, infra1, infra2]))).toBe('ef37ad9dc622a7c4');
  });

  it('sorts peer URLs before hashing, and a run-time add mixes in the unix seconds', () => {
    const a = computeMemberID(['http://b:2380', 'http://a:2380'], 'tok');
    const b = computeMemberID(['http://a:2380', 'http://b:2380'], 'tok');
    expect(a).toBe(b);
    expect(computeMemberID(['http://a:2380'], 'tok', 1_767_225_600)).not.toBe(
      computeMemberID(['http://a:2380'], 'tok'),
    );
  });

  it('formats and parses types.ID as hex without leading zeros', () => {
    expect(idString(0x1n)).toBe('1');
    expect(idString(0xabcn)).toBe('abc');
    expect(idFromString('8211f1d0f64f3269')).toBe(infra1);
    expect(idFromString('xyz')).toBeUndefined();
    expect([3n, 1n, 2n].sort(compareIDs)).toEqual([1n, 2n, 3n]);
  });
});
