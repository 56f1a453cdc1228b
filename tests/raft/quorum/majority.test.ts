import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MajorityConfig } from '../../../src/raft/quorum/majority';
import { MapAckIndexer, VoteResult } from '../../../src/raft/quorum/quorum';
import type { NodeID } from '../../../src/raft/raftpb/types';
import {
  ackScenarioArb,
  bruteCommitted,
  bruteDescribe,
  bruteVote,
  complete,
  propertyParams,
  sortedIDs,
  voteScenarioArb,
  votersArb,
} from './reference';

const { VotePending, VoteLost, VoteWon } = VoteResult;

function acked(entries: Record<string, number>): MapAckIndexer {
  return new MapAckIndexer(new Map(Object.entries(entries).map(([id, i]) => [BigInt(id), i])));
}

function votes(entries: Record<string, boolean>): Map<NodeID, boolean> {
  return new Map(Object.entries(entries).map(([id, v]) => [BigInt(id), v]));
}

describe('MajorityConfig.committedIndex', () => {
  const cases: [string, NodeID[], Record<string, number>, number][] = [
    ['an empty config commits everything (so it never limits a joint config)', [], { 1: 5 }, Infinity],
    ['a single voter that has not acked commits nothing', [1n], {}, 0],
    ['a single voter commits what it acked', [1n], { 1: 7 }, 7],
    ['acks from non-voters are ignored', [1n], { 2: 9 }, 0],
    ['two voters need both', [1n, 2n], { 1: 10 }, 0],
    ['two voters commit the lower ack', [1n, 2n], { 1: 10, 2: 3 }, 3],
    ['three voters with one ack missing use the other two', [1n, 2n, 3n], { 1: 9, 2: 2 }, 2],
    ['three voters commit the median', [1n, 2n, 3n], { 1: 9, 2: 2, 3: 4 }, 4],
    ['equal acks are one value', [1n, 2n, 3n], { 1: 5, 2: 5, 3: 5 }, 5],
    ['an explicit ack of 0 counts like a missing one', [1n, 2n, 3n], { 1: 0, 2: 0, 3: 4 }, 0],
    ['four voters need three: two high acks are not enough', [1n, 2n, 3n, 4n], { 1: 8, 2: 8, 3: 1, 4: 1 }, 1],
    ['four voters with three high acks', [1n, 2n, 3n, 4n], { 1: 8, 2: 8, 3: 8, 4: 1 }, 8],
    ['five voters decide before two of them report', [1n, 2n, 3n, 4n, 5n], { 1: 3, 2: 3, 3: 3 }, 3],
    ['seven voters with three missing', [1n, 2n, 3n, 4n, 5n, 6n, 7n], { 2: 10, 3: 20, 5: 30, 7: 40 }, 10],
    ['IDs do not need to be contiguous', [70n, 7n, 700n], { 7: 4, 700: 6 }, 4],
  ];
  it.each(cases)('%s', (_name, ids, entries, want) => {
    expect(new MajorityConfig(ids).committedIndex(acked(entries))).toBe(want);
  });

  it('is the largest index a majority acknowledged (brute force)', () => {
    fc.assert(
      fc.property(ackScenarioArb, ({ incoming, entries }) => {
        const got = new MajorityConfig(incoming).committedIndex(new MapAckIndexer(entries));
        expect(got).toBe(bruteCommitted([incoming], entries));
      }),
      propertyParams,
    );
  });

  it('never decreases when a voter acknowledges more', () => {
    fc.assert(
      fc.property(ackScenarioArb, fc.nat({ max: 6 }), fc.nat({ max: 20 }), (s, pick, raise) => {
        const c = new MajorityConfig(s.incoming);
        const id = s.incoming[pick % Math.max(s.incoming.length, 1)];
        fc.pre(id !== undefined);
        const before = c.committedIndex(new MapAckIndexer(s.entries));
        const more = new Map(s.entries).set(id, (s.entries.get(id) ?? 0) + raise);
        expect(c.committedIndex(new MapAckIndexer(more))).toBeGreaterThanOrEqual(before);
      }),
      propertyParams,
    );
  });
});

describe('MajorityConfig.voteResult', () => {
  const cases: [string, NodeID[], Record<string, boolean>, VoteResult][] = [
    ['an empty config wins', [], {}, VoteWon],
    ['a lone voter yet to vote', [1n], {}, VotePending],
    ['a lone voter says yes', [1n], { 1: true }, VoteWon],
    ['a lone voter says no', [1n], { 1: false }, VoteLost],
    ['two voters, one yes', [1n, 2n], { 1: true }, VotePending],
    ['two voters, one no is already a loss', [1n, 2n], { 1: false }, VoteLost],
    ['two voters split', [1n, 2n], { 1: true, 2: false }, VoteLost],
    ['two voters, both yes', [1n, 2n], { 1: true, 2: true }, VoteWon],
    ['three voters, one no', [1n, 2n, 3n], { 1: false }, VotePending],
    ['three voters, two no', [1n, 2n, 3n], { 1: false, 2: false }, VoteLost],
    ['three voters, yes and no', [1n, 2n, 3n], { 1: true, 2: false }, VotePending],
    ['three voters, two yes', [1n, 2n, 3n], { 1: true, 3: true }, VoteWon],
    ['votes of non-voters do not count', [1n, 2n, 3n], { 4: true, 5: true }, VotePending],
    ['four voters, two yes', [1n, 2n, 3n, 4n], { 1: true, 2: true }, VotePending],
    ['four voters, two yes two no', [1n, 2n, 3n, 4n], { 1: true, 2: true, 3: false, 4: false }, VoteLost],
    ['four voters, three yes', [1n, 2n, 3n, 4n], { 1: true, 2: true, 4: true }, VoteWon],
    ['five voters, two no', [1n, 2n, 3n, 4n, 5n], { 4: false, 5: false }, VotePending],
    ['five voters, three no', [1n, 2n, 3n, 4n, 5n], { 1: false, 4: false, 5: false }, VoteLost],
  ];
  it.each(cases)('%s', (_name, ids, entries, want) => {
    expect(new MajorityConfig(ids).voteResult(votes(entries))).toBe(want);
  });

  it('matches the counting definition (brute force)', () => {
    fc.assert(
      fc.property(voteScenarioArb, ({ incoming, entries }) => {
        expect(new MajorityConfig(incoming).voteResult(entries)).toBe(bruteVote(incoming, entries));
      }),
      propertyParams,
    );
  });

  it('is final once won or lost, and pending only while both outcomes are possible', () => {
    fc.assert(
      fc.property(voteScenarioArb, (s) => {
        const c = new MajorityConfig(s.incoming);
        const now = c.voteResult(s.entries);
        const allYes = c.voteResult(complete(s, () => true));
        const allNo = c.voteResult(complete(s, () => false));
        const anyFill = c.voteResult(complete(s, (i) => s.fill[i] ?? true));
        if (now === VotePending) {
          expect([allYes, allNo]).toEqual([VoteWon, VoteLost]);
        } else {
          expect([allYes, allNo, anyFill]).toEqual([now, now, now]);
        }
      }),
      propertyParams,
    );
  });
});

describe('MajorityConfig strings', () => {
  it('prints IDs in ascending numeric order', () => {
    expect(new MajorityConfig().toString()).toBe('()');
    expect(new MajorityConfig([5n]).toString()).toBe('(5)');
    expect(new MajorityConfig([10n, 9n, 18446744073709551615n, 100n]).toString()).toBe(
      '(9 10 100 18446744073709551615)',
    );
    expect(new MajorityConfig([3n, 1n, 2n]).slice()).toEqual([1n, 2n, 3n]);
  });

  it('toString and slice are the sorted IDs (property)', () => {
    fc.assert(
      fc.property(votersArb, (ids) => {
        const c = new MajorityConfig(ids);
        expect(c.slice()).toEqual(sortedIDs(ids));
        expect(c.toString()).toBe(`(${sortedIDs(ids).join(' ')})`);
      }),
      propertyParams,
    );
  });
});

describe('MajorityConfig.describe', () => {
  it('names the empty config', () => {
    expect(new MajorityConfig().describe(acked({}))).toBe('<empty majority quorum>');
  });

  it('draws one row per voter, unknown acks as ?, ties without a bar after the first', () => {
    // Sorted by index: 2 (unknown, 0), 1 (7), 3 (7): voter 1 is above one voter, 3 ties with 1.
    expect(new MajorityConfig([3n, 2n, 1n]).describe(acked({ 1: 7, 3: 7 }))).toBe(
      ['       idx', 'x>       7    (id=1)', '?        0    (id=2)', '>        7    (id=3)', ''].join('\n'),
    );
  });

  it('does not pad indexes wider than five digits', () => {
    expect(new MajorityConfig([20n, 10n]).describe(acked({ 10: 123456, 20: 3 }))).toBe(
      ['      idx', 'x>  123456    (id=10)', '>       3    (id=20)', ''].join('\n'),
    );
  });

  it('matches the drawing rule (property)', () => {
    fc.assert(
      fc.property(ackScenarioArb, ({ incoming, entries }) => {
        const got = new MajorityConfig(incoming).describe(new MapAckIndexer(entries));
        expect(got).toBe(bruteDescribe(incoming, entries));
      }),
      propertyParams,
    );
  });
});
