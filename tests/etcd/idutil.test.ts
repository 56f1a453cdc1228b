import { describe, expect, it } from 'vitest';
import { Generator, bigEndianBytesToUint64, uint64ToBigEndianBytes } from '../../src/etcd/idutil';

describe('idutil.Generator', () => {
  it('lays out member prefix | unix ms | counter and increments', () => {
    const member = 0x8211f1d0f64f3269n;
    const ms = 1_767_225_600_123;
    const g = new Generator(member, ms);
    const first = g.next();
    expect(first >> 48n).toBe(0x3269n); // low 16 bits of the member ID
    expect((first >> 8n) & ((1n << 40n) - 1n)).toBe(BigInt(ms) & ((1n << 40n) - 1n));
    expect(first & 0xffn).toBe(1n);
    expect(g.next()).toBe(first + 1n);
  });

  it('lets the counter carry into the timestamp (no duplicates over 1000 ids)', () => {
    const g = new Generator(7n, 1000);
    const ids = new Set<bigint>();
    for (let i = 0; i < 1000; i++) ids.add(g.next());
    expect(ids.size).toBe(1000);
    const last = Array.from(ids).at(-1) ?? 0n;
    expect(last >> 48n).toBe(7n);
  });

  it('encodes ReadIndex contexts as 8 big-endian bytes', () => {
    const b = uint64ToBigEndianBytes(0x0102030405060708n);
    expect(Array.from(b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(bigEndianBytesToUint64(b)).toBe(0x0102030405060708n);
    expect(bigEndianBytesToUint64(new Uint8Array(3))).toBe(0n);
  });
});
