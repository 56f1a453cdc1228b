/**
 * Table tests of the Changer, written as scenarios: each step is one operation on the
 * configuration left by the previous successful step, with the printed outcome expected.
 * New members start at `next = max(lastIndex, 1)`, so the `next` of a member tells in which
 * step its progress was created (and so whether a change kept or reset it).
 */
import { describe, expect, it } from 'vitest';
import { Changer } from '../../../src/raft/confchange/confchange';
import { ConfChangeType } from '../../../src/raft/raftpb/types';
import { ProgressTracker } from '../../../src/raft/tracker/tracker';
import { Rig, fresh, playScenario } from './rig';

const removedAll = ['removed all voters'];
const moreThanOne = ['more than one voter changed without entering joint config'];
const simpleInJoint = ["can't apply simple config change in joint config"];
const alreadyJoint = ['config is already joint'];
const notJoint = ["can't leave a non-joint config"];
const zeroVoterJoint = ["can't make a zero-voter config joint"];

describe('Changer.simple', () => {
  it('adds and removes voters one at a time', () => {
    playScenario([
      { run: 'simple v1', want: ['voters=(1)', fresh(1, 1)] },
      { run: 'simple v2', at: 5, want: ['voters=(1 2)', fresh(1, 1), fresh(2, 5)] },
      { run: 'simple v3', at: 6, want: ['voters=(1 2 3)', fresh(1, 1), fresh(2, 5), fresh(3, 6)] },
      { run: 'simple r2', at: 7, want: ['voters=(1 3)', fresh(1, 1), fresh(3, 6)] },
      // A removed member that comes back starts over.
      { run: 'simple v2', at: 8, want: ['voters=(1 2 3)', fresh(1, 1), fresh(2, 8), fresh(3, 6)] },
      { run: 'simple r1', want: ['voters=(2 3)', fresh(2, 8), fresh(3, 6)] },
      { run: 'simple r2', want: ['voters=(3)', fresh(3, 6)] },
      { run: 'simple r3', want: removedAll },
      // An empty change set is allowed, and shows the refusal above changed nothing.
      { run: 'simple', want: ['voters=(3)', fresh(3, 6)] },
    ]);
  });

  it('adds, promotes, demotes and removes learners, keeping their progress', () => {
    playScenario([
      { run: 'simple v1', at: 1, want: ['voters=(1)', fresh(1, 1)] },
      { run: 'simple l2', at: 4, want: ['voters=(1) learners=(2)', fresh(1, 1), fresh(2, 4, true)] },
      {
        run: 'simple l3 l4',
        at: 5,
        want: [
          'voters=(1) learners=(2 3 4)',
          fresh(1, 1),
          fresh(2, 4, true),
          fresh(3, 5, true),
          fresh(4, 5, true),
        ],
      },
      // Promotion: 2 keeps the progress it got as a learner.
      {
        run: 'simple v2',
        at: 9,
        want: ['voters=(1 2) learners=(3 4)', fresh(1, 1), fresh(2, 4), fresh(3, 5, true), fresh(4, 5, true)],
      },
      // Demotion: 1 keeps its progress too.
      {
        run: 'simple l1',
        want: [
          'voters=(2) learners=(1 3 4)',
          fresh(1, 1, true),
          fresh(2, 4),
          fresh(3, 5, true),
          fresh(4, 5, true),
        ],
      },
      {
        run: 'simple r3',
        want: ['voters=(2) learners=(1 4)', fresh(1, 1, true), fresh(2, 4), fresh(4, 5, true)],
      },
      // Demoting the last voter leaves nobody to decide.
      { run: 'simple l2', want: removedAll },
      // Promote and demote in one go: no net change, progress untouched.
      {
        run: 'simple v1 l1',
        want: ['voters=(2) learners=(1 4)', fresh(1, 1, true), fresh(2, 4), fresh(4, 5, true)],
      },
      // Demoting a learner is a no-op, so this only promotes 4.
      {
        run: 'simple l4 v4',
        want: ['voters=(2 4) learners=(1)', fresh(1, 1, true), fresh(2, 4), fresh(4, 5)],
      },
      // A new node added as a voter and demoted at once is just a new learner.
      {
        run: 'simple v3 l3',
        at: 12,
        want: [
          'voters=(2 4) learners=(1 3)',
          fresh(1, 1, true),
          fresh(2, 4),
          fresh(3, 12, true),
          fresh(4, 5),
        ],
      },
      // Removing and re-adding a voter in one go resets its progress without changing voters.
      {
        run: 'simple r4 v4',
        at: 13,
        want: [
          'voters=(2 4) learners=(1 3)',
          fresh(1, 1, true),
          fresh(2, 4),
          fresh(3, 12, true),
          fresh(4, 13),
        ],
      },
    ]);
  });

  it('refuses to change more than one voter or to remove them all', () => {
    playScenario([
      { run: 'simple v1', want: ['voters=(1)', fresh(1, 1)] },
      { run: 'simple v2', want: ['voters=(1 2)', fresh(1, 1), fresh(2, 1)] },
      { run: 'simple v3 v4', want: moreThanOne },
      { run: 'simple r1 v3', want: moreThanOne },
      { run: 'simple l1 v3', want: moreThanOne },
      { run: 'simple l1 l2', want: removedAll },
      // The "all removed" check comes first, even when two voters changed.
      { run: 'simple r1 r2', want: removedAll },
      { run: 'simple r1 r2 v3 v4', want: moreThanOne },
      // Learners do not count: one more voter and a learner is fine.
      {
        run: 'simple v3 l3 v4',
        at: 3,
        want: ['voters=(1 2 4) learners=(3)', fresh(1, 1), fresh(2, 1), fresh(3, 3, true), fresh(4, 3)],
      },
      // Many learners at once.
      {
        run: 'simple l5 l6 r3',
        at: 4,
        want: [
          'voters=(1 2 4) learners=(5 6)',
          fresh(1, 1),
          fresh(2, 1),
          fresh(4, 3),
          fresh(5, 4, true),
          fresh(6, 4, true),
        ],
      },
    ]);
  });

  it('treats repeated changes as no-ops', () => {
    playScenario([
      { run: 'simple v1', at: 2, want: ['voters=(1)', fresh(1, 2)] },
      { run: 'simple v1', at: 3, want: ['voters=(1)', fresh(1, 2)] },
      { run: 'simple v1 v1 v1', want: ['voters=(1)', fresh(1, 2)] },
      { run: 'simple l2', want: ['voters=(1) learners=(2)', fresh(1, 2), fresh(2, 3, true)] },
      { run: 'simple l2', at: 4, want: ['voters=(1) learners=(2)', fresh(1, 2), fresh(2, 3, true)] },
      { run: 'simple r9', want: ['voters=(1) learners=(2)', fresh(1, 2), fresh(2, 3, true)] },
      { run: 'simple r2', want: ['voters=(1)', fresh(1, 2)] },
      { run: 'simple r2 r2', want: ['voters=(1)', fresh(1, 2)] },
    ]);
  });

  it('ignores update changes, and any change for node 0', () => {
    playScenario([
      { run: 'simple v0', want: removedAll },
      { run: 'simple v1', want: ['voters=(1)', fresh(1, 1)] },
      // Updating an unknown node does not add it.
      { run: 'simple u1 u7', want: ['voters=(1)', fresh(1, 1)] },
      { run: 'simple v0 l0 r0 u0', want: ['voters=(1)', fresh(1, 1)] },
      // r0 does not remove anything, so there are voters left.
      { run: 'simple r0', want: ['voters=(1)', fresh(1, 1)] },
      { run: 'simple v2 u2 u1', at: 3, want: ['voters=(1 2)', fresh(1, 1), fresh(2, 3)] },
    ]);
  });

  it('reports an unknown change type, unless it is for node 0', () => {
    const rig = new Rig();
    rig.run('simple v1');
    const bogus = 99 as ConfChangeType;
    expect(rig.apply('simple', false, [{ type: bogus, nodeID: 0n }])).toEqual(['voters=(1)', fresh(1, 1)]);
    expect(rig.apply('simple', false, [{ type: bogus, nodeID: 2n }])).toEqual(['unexpected conf type 99']);
    // Changes before the bad one are dropped with it.
    const v2 = { type: ConfChangeType.ConfChangeAddNode, nodeID: 2n };
    expect(rig.apply('simple', false, [v2, { type: bogus, nodeID: 2n }])).toEqual([
      'unexpected conf type 99',
    ]);
    expect(rig.apply('enter-joint', false, [v2, { type: bogus, nodeID: 3n }])).toEqual([
      'unexpected conf type 99',
    ]);
    expect(rig.lines()).toEqual(['voters=(1)', fresh(1, 1)]);
  });
});

describe('Changer.enterJoint and leaveJoint', () => {
  it('replaces a voter through a joint config and refuses simple changes meanwhile', () => {
    const base = [fresh(1, 1), fresh(2, 1), fresh(3, 1), fresh(4, 2, true)];
    playScenario([
      { run: 'simple v1', at: 1, want: ['voters=(1)', fresh(1, 1)] },
      { run: 'simple v2', want: ['voters=(1 2)', fresh(1, 1), fresh(2, 1)] },
      { run: 'simple v3', want: ['voters=(1 2 3)', fresh(1, 1), fresh(2, 1), fresh(3, 1)] },
      { run: 'simple l4', at: 2, want: ['voters=(1 2 3) learners=(4)', ...base] },
      // 3 leaves the incoming half but keeps its progress while it is an outgoing voter.
      {
        run: 'enter-joint r3 v5',
        at: 6,
        want: ['voters=(1 2 5)&&(1 2 3) learners=(4)', ...base, fresh(5, 6)],
      },
      { run: 'simple v6', want: simpleInJoint },
      { run: 'simple', want: simpleInJoint },
      { run: 'enter-joint', want: alreadyJoint },
      { run: 'enter-joint autoleave v6', want: alreadyJoint },
      {
        run: 'leave-joint',
        at: 7,
        want: ['voters=(1 2 5) learners=(4)', fresh(1, 1), fresh(2, 1), fresh(4, 2, true), fresh(5, 6)],
      },
      { run: 'leave-joint', want: notJoint },
      {
        run: 'simple v6',
        at: 8,
        want: [
          'voters=(1 2 5 6) learners=(4)',
          fresh(1, 1),
          fresh(2, 1),
          fresh(4, 2, true),
          fresh(5, 6),
          fresh(6, 8),
        ],
      },
    ]);
  });

  it('records autoLeave while joint and clears it on leaving', () => {
    const three = [fresh(1, 1), fresh(2, 1), fresh(3, 1)];
    const four = [...three, fresh(4, 3)];
    playScenario([
      { run: 'simple v1', want: ['voters=(1)', fresh(1, 1)] },
      { run: 'simple v2', want: ['voters=(1 2)', fresh(1, 1), fresh(2, 1)] },
      { run: 'simple v3', want: ['voters=(1 2 3)', ...three] },
      { run: 'enter-joint autoleave v4', at: 3, want: ['voters=(1 2 3 4)&&(1 2 3) autoleave', ...four] },
      { run: 'leave-joint', want: ['voters=(1 2 3 4)', ...four] },
      // A joint config with two equal halves is allowed.
      { run: 'enter-joint autoleave', want: ['voters=(1 2 3 4)&&(1 2 3 4) autoleave', ...four] },
      { run: 'leave-joint', want: ['voters=(1 2 3 4)', ...four] },
      { run: 'enter-joint r4', want: ['voters=(1 2 3)&&(1 2 3 4)', ...four] },
      { run: 'leave-joint', want: ['voters=(1 2 3)', ...three] },
    ]);
  });

  it('stages a demoted outgoing voter in learners_next until the joint config is left', () => {
    const voters = ['simple v1', 'simple v2', 'simple v3'];
    const setup = voters.map((run, i) => ({
      run,
      at: 1,
      want: [
        `voters=(${[1, 2, 3].slice(0, i + 1).join(' ')})`,
        ...[1, 2, 3].slice(0, i + 1).map((id) => fresh(id, 1)),
      ],
    }));
    playScenario([
      ...setup,
      // 3 is still an outgoing voter, so it cannot be a learner yet: its progress is not a learner's.
      {
        run: 'enter-joint l3 v4',
        at: 5,
        want: [
          'voters=(1 2 4)&&(1 2 3) learners_next=(3)',
          fresh(1, 1),
          fresh(2, 1),
          fresh(3, 1),
          fresh(4, 5),
        ],
      },
      // Leaving turns it into a learner with the progress it had.
      {
        run: 'leave-joint',
        want: ['voters=(1 2 4) learners=(3)', fresh(1, 1), fresh(2, 1), fresh(3, 1, true), fresh(4, 5)],
      },
      // Removing an outgoing voter and then making it a learner also stages it.
      {
        run: 'enter-joint r1 l1',
        at: 9,
        want: [
          'voters=(2 4)&&(1 2 4) learners=(3) learners_next=(1)',
          fresh(1, 1),
          fresh(2, 1),
          fresh(3, 1, true),
          fresh(4, 5),
        ],
      },
      {
        run: 'leave-joint',
        want: ['voters=(2 4) learners=(1 3)', fresh(1, 1, true), fresh(2, 1), fresh(3, 1, true), fresh(4, 5)],
      },
      // Staging then removing: 2 is gone for good once the joint config is left.
      {
        run: 'enter-joint l2 r2',
        want: [
          'voters=(4)&&(2 4) learners=(1 3)',
          fresh(1, 1, true),
          fresh(2, 1),
          fresh(3, 1, true),
          fresh(4, 5),
        ],
      },
      {
        run: 'leave-joint',
        want: ['voters=(4) learners=(1 3)', fresh(1, 1, true), fresh(3, 1, true), fresh(4, 5)],
      },
      // A learner that is not an outgoing voter is promoted right away; the outgoing voter is staged.
      {
        run: 'enter-joint v1 l4',
        want: ['voters=(1)&&(4) learners=(3) learners_next=(4)', fresh(1, 1), fresh(3, 1, true), fresh(4, 5)],
      },
      {
        run: 'leave-joint',
        want: ['voters=(1) learners=(3 4)', fresh(1, 1), fresh(3, 1, true), fresh(4, 5, true)],
      },
      // Staged and promoted again in the same change: it stays a voter, nothing is staged.
      {
        run: 'enter-joint v3 l1 v1',
        want: ['voters=(1 3)&&(1) learners=(4)', fresh(1, 1), fresh(3, 1), fresh(4, 5, true)],
      },
      {
        run: 'leave-joint',
        want: ['voters=(1 3) learners=(4)', fresh(1, 1), fresh(3, 1), fresh(4, 5, true)],
      },
    ]);
  });

  it('refuses to enter from an empty config, to remove all incoming voters, or to nest', () => {
    playScenario([
      { run: 'leave-joint', want: notJoint },
      { run: 'enter-joint', want: zeroVoterJoint },
      { run: 'enter-joint v1', want: zeroVoterJoint },
      { run: 'enter-joint autoleave v1 v2', want: zeroVoterJoint },
      { run: 'simple v1', at: 2, want: ['voters=(1)', fresh(1, 2)] },
      { run: 'leave-joint', want: notJoint },
      { run: 'enter-joint r1', want: removedAll },
      { run: 'enter-joint l1', want: removedAll },
      { run: 'enter-joint r1 l2', want: removedAll },
      // Every voter may change at once in a joint config.
      {
        run: 'enter-joint r1 v2 v3 v4',
        at: 4,
        want: ['voters=(2 3 4)&&(1)', fresh(1, 2), fresh(2, 4), fresh(3, 4), fresh(4, 4)],
      },
      { run: 'enter-joint', want: alreadyJoint },
      { run: 'simple l9', want: simpleInJoint },
      { run: 'leave-joint', want: ['voters=(2 3 4)', fresh(2, 4), fresh(3, 4), fresh(4, 4)] },
      { run: 'enter-joint', want: ['voters=(2 3 4)&&(2 3 4)', fresh(2, 4), fresh(3, 4), fresh(4, 4)] },
    ]);
  });

  it('treats repeated and pointless changes while entering as no-ops', () => {
    playScenario([
      { run: 'simple v1', want: ['voters=(1)', fresh(1, 1)] },
      { run: 'simple v2', want: ['voters=(1 2)', fresh(1, 1), fresh(2, 1)] },
      // Net effect: 3 becomes a voter; 4 comes and goes; 5 and 0 never existed; u changes nothing.
      {
        run: 'enter-joint r5 v3 v3 l4 l4 r4 r4 v3 u1 v0 u4',
        at: 2,
        want: ['voters=(1 2 3)&&(1 2)', fresh(1, 1), fresh(2, 1), fresh(3, 2)],
      },
      { run: 'leave-joint', want: ['voters=(1 2 3)', fresh(1, 1), fresh(2, 1), fresh(3, 2)] },
      // Demoting twice stages once.
      {
        run: 'enter-joint l2 l2 v0 r0',
        want: ['voters=(1 3)&&(1 2 3) learners_next=(2)', fresh(1, 1), fresh(2, 1), fresh(3, 2)],
      },
      {
        run: 'leave-joint',
        want: ['voters=(1 3) learners=(2)', fresh(1, 1), fresh(2, 1, true), fresh(3, 2)],
      },
    ]);
  });
});

describe('Changer results', () => {
  it('gives new members a fresh, active progress sized by the tracker', () => {
    const rig = new Rig();
    rig.tracker = new ProgressTracker(3, 100);
    rig.run('simple v1');
    const res = new Changer(rig.tracker, 0).simple({
      type: ConfChangeType.ConfChangeAddLearnerNode,
      nodeID: 2n,
    });
    if (res.err !== undefined) throw res.err;
    const pr = res.trk.get(2n);
    expect(pr?.recentActive).toBe(true);
    expect(pr?.isLearner).toBe(true);
    expect([pr?.match, pr?.next]).toEqual([0, 1]);
    expect([pr?.inflights.size, pr?.inflights.maxBytes]).toEqual([3, 100]);
  });

  it('returns an Error and no config on refusal', () => {
    const res = new Changer(new Rig().tracker, 0).leaveJoint();
    expect(res.err).toBeInstanceOf(Error);
    expect(res.cfg).toBeUndefined();
    expect(res.trk).toBeUndefined();
  });

  it('does not share progress objects or sets with the tracker it was given', () => {
    const rig = new Rig();
    rig.run('simple v1');
    rig.run('simple v2');
    const res = new Changer(rig.tracker, 0).simple({
      type: ConfChangeType.ConfChangeAddLearnerNode,
      nodeID: 2n,
    });
    if (res.err !== undefined) throw res.err;
    expect(res.trk.get(2n)).not.toBe(rig.tracker.progress.get(2n));
    expect(rig.tracker.progress.get(2n)?.isLearner).toBe(false);
    expect(res.cfg.voters[0]).not.toBe(rig.tracker.config.voters[0]);
    expect(res.cfg.learners).not.toBe(rig.tracker.config.learners);
  });
});
