import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MapAckIndexer,
  VoteResult,
  compareNodeIDs,
  indexToString,
  voteResultName,
} from '../../../src/raft/quorum/quorum';
import { propertyParams } from './reference';

describe('quorum.Index', () => {
  it('prints decimal, and ∞ for the unbounded index of an empty config', () => {
    expect(indexToString(0)).toBe('0');
    expect(indexToString(12)).toBe('12');
    expect(indexToString(Number.MAX_SAFE_INTEGER)).toBe('9007199254740991');
    expect(indexToString(Infinity)).toBe('∞');
  });
});

describe('quorum.VoteResult', () => {
  it('numbers outcomes from 1 so that 0 means unset, and prints their names', () => {
    expect([VoteResult.VotePending, VoteResult.VoteLost, VoteResult.VoteWon]).toEqual([1, 2, 3]);
    expect(voteResultName(VoteResult.VotePending)).toBe('VotePending');
    expect(voteResultName(VoteResult.VoteLost)).toBe('VoteLost');
    expect(voteResultName(VoteResult.VoteWon)).toBe('VoteWon');
    expect(voteResultName(0 as VoteResult)).toBe('VoteResult(0)');
  });
});

describe('quorum.MapAckIndexer', () => {
  it('tells a known ack of 0 from an unknown one', () => {
    const l = new MapAckIndexer(new Map([[1n, 0]]));
    expect(l.ackedIndex(1n)).toBe(0);
    expect(l.ackedIndex(2n)).toBeUndefined();
  });
});

describe('quorum.compareNodeIDs', () => {
  it('orders IDs numerically over the whole uint64 range (property)', () => {
    const id = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });
    fc.assert(
      fc.property(id, id, (a, b) => {
        expect(Math.sign(compareNodeIDs(a, b))).toBe(a < b ? -1 : a > b ? 1 : 0);
      }),
      propertyParams,
    );
  });
});
