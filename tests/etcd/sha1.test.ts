import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { sha1, toHex } from '../../src/etcd/sha1';

const utf8 = new TextEncoder();

describe('sha1 (FIPS 180-4 vectors)', () => {
  const vectors: [string, string][] = [
    ['', 'da39a3ee5e6b4b0d3255bfef95601890afd80709'],
    ['abc', 'a9993e364706816aba3e25717850c26c9cd0d89d'],
    ['abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq', '84983e441c3bd26ebaae4aa1f95129e5e54670f1'],
    ['The quick brown fox jumps over the lazy dog', '2fd4e1c67a2d28fced849ee1bb76e7391b93eb12'],
  ];
  for (const [input, want] of vectors) {
    it(`sha1(${JSON.stringify(input.slice(0, 20))}…)`, () => {
      expect(toHex(sha1(utf8.encode(input)))).toBe(want);
    });
  }

  it('one million "a"s', () => {
    expect(toHex(sha1(new Uint8Array(1_000_000).fill(0x61)))).toBe(
      '34aa973cd4c4daa4f61eeb2bdbad27316534016f',
    );
  });

  it('matches Node crypto on random inputs, across block boundaries (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (data) => {
        const want = createHash('sha1').update(data).digest('hex');
        expect(toHex(sha1(data))).toBe(want);
      }),
      { numRuns: 300 },
    );
  });
});
