import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JointConfig } from '../../../src/raft/quorum/joint';
import { MajorityConfig } from '../../../src/raft/quorum/majority';
import { MapAckIndexer, VoteResult } from '../../../src/raft/quorum/quorum';
import type { NodeID } from '../../../src/raft/raftpb/types';
import {
  ackScenarioArb,
  bruteCommitted,
  bruteDescribe,
  bruteJointVote,
  complete,
  propertyParams,
  sortedIDs,
  voteScenarioArb,
} from './reference';

const { VotePending, VoteLost, VoteWon } = VoteResult;

const joint = (incoming: NodeID[], outgoing: NodeID[]): JointConfig =>
  new JointConfig(new MajorityConfig(incoming), new MajorityConfig(outgoing));

function acked(entries: Record<string, number>): MapAckIndexer {
  return new MapAckIndexer(new Map(Object.entries(entries).map(([id, i]) => [BigInt(id), i])));
}

function votes(entries: Record<string, boolean>): Map<NodeID, boolean> {
  return new Map(Object.entries(entries).map(([id, v]) => [BigInt(id), v]));
}

describe('JointConfig.committedIndex', () => {
  const cases: [string, NodeID[], NodeID[], Record<string, number>, number][] = [
    ['both halves empty', [], [], { 1: 3 }, Infinity],
    ['an empty outgoing half defers to the incoming one', [1n, 2n, 3n], [], { 1: 4, 2: 6, 3: 5 }, 5],
    ['an empty incoming half defers to the outgoing one', [], [1n, 2n], { 1: 4, 2: 6 }, 4],
    ['disjoint singletons, one silent', [1n], [2n], { 1: 100 }, 0],
    ['disjoint singletons commit the lower ack', [1n], [2n], { 1: 13, 2: 100 }, 13],
    ['identical halves behave like one', [1n, 2n], [1n, 2n], { 1: 9, 2: 4 }, 4],
    [
      'overlapping: the outgoing half is behind',
      [1n, 2n, 3n],
      [3n, 4n, 5n],
      { 1: 10, 2: 10, 3: 5, 4: 7, 5: 7 },
      7,
    ],
    ['overlapping: the incoming half is behind', [1n, 2n, 3n], [3n, 4n, 5n], { 1: 2, 3: 5, 4: 7, 5: 7 }, 2],
    ['a shared voter alone cannot commit for both', [1n, 2n], [2n, 3n], { 2: 50 }, 0],
  ];
  it.each(cases)('%s', (_name, incoming, outgoing, entries, want) => {
    expect(joint(incoming, outgoing).committedIndex(acked(entries))).toBe(want);
  });

  it('is the largest index acknowledged by a majority of both halves (brute force)', () => {
    fc.assert(
      fc.property(ackScenarioArb, ({ incoming, outgoing, entries }) => {
        const l = new MapAckIndexer(entries);
        const got = joint(incoming, outgoing).committedIndex(l);
        expect(got).toBe(bruteCommitted([incoming, outgoing], entries));
        const halves = [new MajorityConfig(incoming), new MajorityConfig(outgoing)];
        expect(got).toBe(Math.min(...halves.map((h) => h.committedIndex(l))));
      }),
      propertyParams,
    );
  });

  it('is symmetric, and a half joined with nothing or itself is that half', () => {
    fc.assert(
      fc.property(ackScenarioArb, ({ incoming, outgoing, entries }) => {
        const l = new MapAckIndexer(entries);
        expect(joint(outgoing, incoming).committedIndex(l)).toBe(joint(incoming, outgoing).committedIndex(l));
        const alone = new MajorityConfig(incoming).committedIndex(l);
        expect(joint(incoming, []).committedIndex(l)).toBe(alone);
        expect(joint(incoming, incoming).committedIndex(l)).toBe(alone);
      }),
      propertyParams,
    );
  });
});

describe('JointConfig.voteResult', () => {
  const cases: [string, NodeID[], NodeID[], Record<string, boolean>, VoteResult][] = [
    ['both halves empty', [], [], {}, VoteWon],
    ['an empty outgoing half: a lone voter yet to vote', [1n], [], {}, VotePending],
    ['an empty outgoing half: a lone yes', [1n], [], { 1: true }, VoteWon],
    ['an empty outgoing half: a lone no', [1n], [], { 1: false }, VoteLost],
    ['disjoint singletons: only one has voted yes', [1n], [2n], { 1: true }, VotePending],
    ['disjoint singletons: a no on either side loses', [1n], [2n], { 1: true, 2: false }, VoteLost],
    ['disjoint singletons: both yes', [1n], [2n], { 1: true, 2: true }, VoteWon],
    ['overlapping pairs: the shared voter says yes', [1n, 2n], [2n, 3n], { 2: true }, VotePending],
    ['overlapping pairs: the shared voter says no', [1n, 2n], [2n, 3n], { 2: false }, VoteLost],
    ['incoming won, outgoing undecided', [1n, 2n], [2n, 3n], { 1: true, 2: true }, VotePending],
    ['incoming won, outgoing lost', [1n, 2n], [2n, 3n], { 1: true, 2: true, 3: false }, VoteLost],
    [
      'overlapping triples: two shared yes win both',
      [1n, 2n, 3n],
      [2n, 3n, 4n],
      { 2: true, 3: true },
      VoteWon,
    ],
    [
      'overlapping triples: two shared no lose both',
      [1n, 2n, 3n],
      [2n, 3n, 4n],
      { 2: false, 3: false },
      VoteLost,
    ],
    [
      'overlapping triples: won incoming, pending outgoing',
      [1n, 2n, 3n],
      [2n, 3n, 4n],
      { 1: true, 2: true, 3: false },
      VotePending,
    ],
    [
      'disjoint triples: incoming won, outgoing lost',
      [1n, 2n, 3n],
      [4n, 5n, 6n],
      { 1: true, 2: true, 4: false, 5: false },
      VoteLost,
    ],
  ];
  it.each(cases)('%s', (_name, incoming, outgoing, entries, want) => {
    expect(joint(incoming, outgoing).voteResult(votes(entries))).toBe(want);
  });

  it('combines the halves: won if both won, lost if either lost, else pending (brute force)', () => {
    fc.assert(
      fc.property(voteScenarioArb, ({ incoming, outgoing, entries }) => {
        const want = bruteJointVote(incoming, outgoing, entries);
        expect(joint(incoming, outgoing).voteResult(entries)).toBe(want);
        expect(joint(outgoing, incoming).voteResult(entries)).toBe(want);
      }),
      propertyParams,
    );
  });

  it('a half joined with nothing or itself votes like that half', () => {
    fc.assert(
      fc.property(voteScenarioArb, ({ incoming, entries }) => {
        const alone = new MajorityConfig(incoming).voteResult(entries);
        expect(joint(incoming, []).voteResult(entries)).toBe(alone);
        expect(joint(incoming, incoming).voteResult(entries)).toBe(alone);
      }),
      propertyParams,
    );
  });

  it('is final once won or lost, and pending only while both outcomes are possible', () => {
    fc.assert(
      fc.property(voteScenarioArb, (s) => {
        const c = joint(s.incoming, s.outgoing);
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

describe('JointConfig shape', () => {
  it('prints the outgoing half only when it is not empty', () => {
    expect(joint([], []).toString()).toBe('()');
    expect(joint([2n, 1n], []).toString()).toBe('(1 2)');
    expect(joint([3n, 12n], [12n, 1n]).toString()).toBe('(3 12)&&(1 12)');
    expect(joint([], [4n]).toString()).toBe('()&&(4)');
  });

  it('toString is the sorted halves joined by && (property)', () => {
    fc.assert(
      fc.property(ackScenarioArb, ({ incoming, outgoing }) => {
        const half = (ids: NodeID[]): string => `(${sortedIDs(ids).join(' ')})`;
        const want = outgoing.length > 0 ? `${half(incoming)}&&${half(outgoing)}` : half(incoming);
        expect(joint(incoming, outgoing).toString()).toBe(want);
      }),
      propertyParams,
    );
  });

  it('ids is the union and describe draws the union', () => {
    fc.assert(
      fc.property(ackScenarioArb, ({ incoming, outgoing, entries }) => {
        const c = joint(incoming, outgoing);
        const union = [...new Set([...incoming, ...outgoing])];
        expect(sortedIDs(c.ids())).toEqual(sortedIDs(union));
        expect(c.describe(new MapAckIndexer(entries))).toBe(bruteDescribe(union, entries));
      }),
      propertyParams,
    );
  });

  it('defaults to two empty halves, and clone shares no set with the original', () => {
    const empty = new JointConfig();
    expect([empty[0].size, empty[1].size]).toEqual([0, 0]);
    const c = joint([1n, 2n], [2n, 3n]);
    const d = c.clone();
    d[0].add(9n);
    d[1].delete(3n);
    expect(c.toString()).toBe('(1 2)&&(2 3)');
    expect(d.toString()).toBe('(1 2 9)&&(2)');
    expect(d[0]).toBeInstanceOf(MajorityConfig);
  });
});
