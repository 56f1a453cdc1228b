import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Changer } from '../../../src/raft/confchange/confchange';
import { restore, toConfChangeSingle } from '../../../src/raft/confchange/restore';
import { confChangesToString } from '../../../src/raft/raftpb/confchange';
import type { ConfState, NodeID } from '../../../src/raft/raftpb/types';
import { ProgressTracker } from '../../../src/raft/tracker/tracker';

const confState = (cs: Partial<ConfState>): ConfState => ({
  voters: [],
  learners: [],
  votersOutgoing: [],
  learnersNext: [],
  autoLeave: false,
  ...cs,
});

function restored(cs: ConfState, lastIndex = 0): string[] {
  const res = restore(new Changer(new ProgressTracker(20, 0), lastIndex), cs);
  if (res.err !== undefined) return [res.err.message];
  return [
    res.cfg.toString(),
    ...res.trk
      .toString()
      .split('\n')
      .filter((l) => l !== ''),
  ];
}

/** A random valid ConfState: voters, learners, and optionally a joint part with staged learners. */
const confStateArb: fc.Arbitrary<ConfState> = fc
  .record({
    nVoters: fc.integer({ min: 1, max: 5 }),
    nLearners: fc.integer({ min: 0, max: 5 }),
    nRemovedVoters: fc.integer({ min: 0, max: 3 }),
    nOutgoingRetained: fc.integer({ min: 0, max: 5 }),
    nLearnersNext: fc.integer({ min: 0, max: 3 }),
    autoLeave: fc.boolean(),
    shuffle: fc.array(fc.nat(), { minLength: 30, maxLength: 30 }),
  })
  .map((r) => {
    let id = 1n;
    const take = (n: number): bigint[] => Array.from({ length: n }, () => id++);
    const voters = take(r.nVoters);
    const learners = take(r.nLearners);
    const removed = take(r.nRemovedVoters);
    const retained = voters.slice(0, Math.min(r.nOutgoingRetained, voters.length));
    const votersOutgoing = r.nRemovedVoters + retained.length > 0 ? [...retained, ...removed] : [];
    const learnersNext =
      votersOutgoing.length > 0 ? removed.slice(0, Math.min(r.nLearnersNext, removed.length)) : [];
    // Shuffle the lists: restore must not depend on their order.
    const shuffled = (ids: bigint[], k: number): bigint[] =>
      [...ids].sort(
        (a, b) => (r.shuffle[(Number(a) + k) % 30] ?? 0) - (r.shuffle[(Number(b) + k) % 30] ?? 0),
      );
    return {
      voters: shuffled(voters, 1),
      learners: shuffled(learners, 2),
      votersOutgoing: shuffled(votersOutgoing, 3),
      learnersNext: shuffled(learnersNext, 4),
      autoLeave: votersOutgoing.length > 0 && r.autoLeave,
    };
  });

const sorted = (ids: NodeID[]): NodeID[] => [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

describe('restore', () => {
  it('round-trips a ConfState through restore and confState()', () => {
    fc.assert(
      fc.property(confStateArb, (cs) => {
        const res = restore(new Changer(new ProgressTracker(20, 0), 10), cs);
        if (res.err !== undefined) throw res.err;
        const t = new ProgressTracker(20, 0);
        t.config = res.cfg;
        t.progress = res.trk;
        expect(t.confState()).toEqual({
          voters: sorted(cs.voters),
          learners: sorted(cs.learners),
          votersOutgoing: sorted(cs.votersOutgoing),
          learnersNext: sorted(cs.learnersNext),
          autoLeave: cs.autoLeave,
        });
      }),
      { numRuns: 300, seed: 42 },
    );
  });

  it('gives every member Next = max(lastIndex, 1), RecentActive and probe state', () => {
    expect(restored(confState({ voters: [1n, 2n], learners: [3n] }), 7)).toEqual([
      'voters=(1 2) learners=(3)',
      '1: StateProbe match=0 next=7',
      '2: StateProbe match=0 next=7',
      '3: StateProbe match=0 next=7 learner',
    ]);
    expect(restored(confState({ voters: [1n] }), 0)).toEqual(['voters=(1)', '1: StateProbe match=0 next=1']);
  });

  it('rebuilds a joint config with staged learners and autoLeave', () => {
    const cs = confState({
      voters: [3n, 1n],
      votersOutgoing: [2n, 1n, 4n],
      learners: [5n],
      learnersNext: [4n],
      autoLeave: true,
    });
    expect(restored(cs, 2)).toEqual([
      'voters=(1 3)&&(1 2 4) learners=(5) learners_next=(4) autoleave',
      '1: StateProbe match=0 next=2',
      '2: StateProbe match=0 next=2',
      '3: StateProbe match=0 next=2',
      '4: StateProbe match=0 next=2',
      '5: StateProbe match=0 next=2 learner',
    ]);
    // Outgoing voters are added one by one first, then the joint config is entered from them.
    const { outgoing, incoming } = toConfChangeSingle(cs);
    expect(confChangesToString(outgoing)).toBe('v2 v1 v4');
    expect(confChangesToString(incoming)).toBe('r2 r1 r4 v3 v1 l5 l4');
  });

  it('restores the empty ConfState to the empty config, and refuses learners without voters', () => {
    expect(restored(confState({}))).toEqual(['voters=()']);
    expect(restored(confState({ learners: [1n] }))).toEqual(['removed all voters']);
  });
});
