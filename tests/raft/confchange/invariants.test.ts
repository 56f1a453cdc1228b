/**
 * The Changer checks the configuration it is given (and the one it returns) for consistency
 * with the progress map; a corrupt input is reported by every operation, before anything else.
 */
import { describe, expect, it } from 'vitest';
import { Changer, checkInvariants } from '../../../src/raft/confchange/confchange';
import { JointConfig } from '../../../src/raft/quorum/joint';
import { MajorityConfig } from '../../../src/raft/quorum/majority';
import { ConfChangeType, type NodeID } from '../../../src/raft/raftpb/types';
import { newInflights } from '../../../src/raft/tracker/inflights';
import { Progress, ProgressMap } from '../../../src/raft/tracker/progress';
import { Config, ProgressTracker } from '../../../src/raft/tracker/tracker';

interface Shape {
  incoming: NodeID[];
  outgoing?: NodeID[];
  learners?: NodeID[];
  learnersNext?: NodeID[];
  autoLeave?: boolean;
  /** Members with a progress, and whether it is marked as a learner. */
  progress: [NodeID, boolean][];
}

function build(s: Shape): { cfg: Config; trk: ProgressMap } {
  const cfg = new Config(
    new JointConfig(new MajorityConfig(s.incoming), new MajorityConfig(s.outgoing ?? [])),
    s.autoLeave ?? false,
    new MajorityConfig(s.learners ?? []),
    new MajorityConfig(s.learnersNext ?? []),
  );
  const trk = new ProgressMap();
  for (const [id, isLearner] of s.progress) {
    trk.set(id, new Progress({ next: 1, inflights: newInflights(10, 0), isLearner }));
  }
  return { cfg, trk };
}

function trackerOf(s: Shape): ProgressTracker {
  const t = new ProgressTracker(10, 0);
  const { cfg, trk } = build(s);
  t.config = cfg;
  t.progress = trk;
  return t;
}

const corrupt: [string, Shape, string][] = [
  ['a voter without progress', { incoming: [1n, 2n], progress: [[1n, false]] }, 'no progress for 2'],
  [
    'an outgoing voter without progress',
    { incoming: [1n], outgoing: [1n, 3n], progress: [[1n, false]] },
    'no progress for 3',
  ],
  [
    'a learner without progress',
    { incoming: [1n], learners: [4n], progress: [[1n, false]] },
    'no progress for 4',
  ],
  [
    'a staged learner that is not an outgoing voter',
    {
      incoming: [1n],
      outgoing: [1n],
      learnersNext: [3n],
      progress: [
        [1n, false],
        [3n, false],
      ],
    },
    '3 is in LearnersNext, but not Voters[1]',
  ],
  [
    'a staged learner already marked as learner',
    {
      incoming: [1n],
      outgoing: [1n, 3n],
      learnersNext: [3n],
      progress: [
        [1n, false],
        [3n, true],
      ],
    },
    '3 is in LearnersNext, but is already marked as learner',
  ],
  [
    'a learner that is an outgoing voter',
    {
      incoming: [1n],
      outgoing: [1n, 2n],
      learners: [2n],
      progress: [
        [1n, false],
        [2n, true],
      ],
    },
    '2 is in Learners and Voters[1]',
  ],
  [
    'a learner that is an incoming voter',
    {
      incoming: [1n, 2n],
      learners: [2n],
      progress: [
        [1n, false],
        [2n, true],
      ],
    },
    '2 is in Learners and Voters[0]',
  ],
  [
    'a learner whose progress is not marked as learner',
    {
      incoming: [1n],
      learners: [2n],
      progress: [
        [1n, false],
        [2n, false],
      ],
    },
    '2 is in Learners, but is not marked as learner',
  ],
];

describe('Changer on a corrupt tracker', () => {
  it.each(corrupt)('reports %s from every operation', (_name, shape, message) => {
    const t = trackerOf(shape);
    const add = { type: ConfChangeType.ConfChangeAddNode, nodeID: 9n };
    expect(new Changer(t, 0).simple(add).err?.message).toBe(message);
    expect(new Changer(t, 0).enterJoint(true, add).err?.message).toBe(message);
    expect(new Changer(t, 0).leaveJoint().err?.message).toBe(message);
    const { cfg, trk } = build(shape);
    expect(checkInvariants(cfg, trk)).toBe(message);
  });
});

describe('checkInvariants', () => {
  it('accepts the empty config, and consistent simple and joint configs', () => {
    const ok: Shape[] = [
      { incoming: [], progress: [] },
      {
        incoming: [1n],
        learners: [2n],
        progress: [
          [1n, false],
          [2n, true],
        ],
      },
      {
        incoming: [1n, 4n],
        outgoing: [1n, 2n, 3n],
        learners: [5n],
        learnersNext: [3n],
        autoLeave: true,
        progress: [
          [1n, false],
          [2n, false],
          [3n, false],
          [4n, false],
          [5n, true],
        ],
      },
    ];
    for (const shape of ok) {
      const { cfg, trk } = build(shape);
      expect(checkInvariants(cfg, trk)).toBeUndefined();
    }
  });

  it('refuses autoLeave outside a joint config', () => {
    const { cfg, trk } = build({ incoming: [1n], autoLeave: true, progress: [[1n, false]] });
    expect(checkInvariants(cfg, trk)).toBe('AutoLeave must be false when not joint');
  });

  it('does not mind progress for members outside the config', () => {
    // Upstream checks config -> progress only; stray progress is the caller's business.
    const { cfg, trk } = build({
      incoming: [1n],
      progress: [
        [1n, false],
        [7n, false],
      ],
    });
    expect(checkInvariants(cfg, trk)).toBeUndefined();
  });
});
