/**
 * Random sequences of membership changes, checked step by step against the role model
 * (model.ts) and against the invariants every configuration must keep.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Changer, checkInvariants } from '../../../src/raft/confchange/confchange';
import { restore } from '../../../src/raft/confchange/restore';
import { ConfChangeType, type ConfChangeSingle, type NodeID } from '../../../src/raft/raftpb/types';
import { ProgressTracker } from '../../../src/raft/tracker/tracker';
import { RoleModel, type Op } from './model';
import { Rig } from './rig';

const changeArb: fc.Arbitrary<ConfChangeSingle> = fc.record({
  type: fc.oneof(
    {
      weight: 30,
      arbitrary: fc.constantFrom(ConfChangeType.ConfChangeAddNode, ConfChangeType.ConfChangeRemoveNode),
    },
    { weight: 15, arbitrary: fc.constant(ConfChangeType.ConfChangeAddLearnerNode) },
    { weight: 4, arbitrary: fc.constant(ConfChangeType.ConfChangeUpdateNode) },
    { weight: 1, arbitrary: fc.constant(42 as ConfChangeType) },
  ),
  nodeID: fc.oneof(
    { weight: 1, arbitrary: fc.constant(0n) },
    { weight: 12, arbitrary: fc.bigInt({ min: 1n, max: 6n }) },
  ),
});

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('simple' as const),
      changes: fc.array(changeArb, { maxLength: 3 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('enter-joint' as const),
      autoLeave: fc.boolean(),
      changes: fc.array(changeArb, { maxLength: 5 }),
    }),
  },
  { weight: 2, arbitrary: fc.constant({ kind: 'leave-joint' as const }) },
);

/** Operations, each with how far the log grew before it; most runs start from three voters. */
const runArb = fc.record({
  bootstrap: fc.oneof(
    { weight: 4, arbitrary: fc.constant(true) },
    { weight: 1, arbitrary: fc.constant(false) },
  ),
  steps: fc.array(fc.tuple(opArb, fc.nat({ max: 3 })), { minLength: 1, maxLength: 30 }),
});

/** Three voters, added one by one. */
const bootstrap: [Op, number][] = [1n, 2n, 3n].map((nodeID) => [
  { kind: 'simple', changes: [{ type: ConfChangeType.ConfChangeAddNode, nodeID }] },
  0,
]);

function runOp(rig: Rig, op: Op): string[] {
  if (op.kind === 'leave-joint') return rig.apply('leave-joint', false, []);
  return rig.apply(op.kind, op.kind === 'enter-joint' && op.autoLeave, op.changes);
}

const isSorted = (ids: readonly NodeID[]): boolean =>
  ids.every((id, i) => i === 0 || (ids[i - 1] as NodeID) < id);

/** The structural laws of a configuration and its progress map. */
function checkLaws(t: ProgressTracker, lastIndex: number): void {
  const { config: cfg, progress } = t;
  expect(checkInvariants(cfg, progress)).toBeUndefined();
  const voters = cfg.voters.ids();
  for (const id of cfg.learners) expect(voters.has(id), `learner ${id} is a voter`).toBe(false);
  for (const id of cfg.learnersNext) {
    expect(cfg.voters[1].has(id), `learner-next ${id} is not outgoing`).toBe(true);
    expect(cfg.voters[0].has(id) || cfg.learners.has(id), `learner-next ${id} has another role`).toBe(false);
  }
  if (cfg.voters[1].size === 0) {
    expect(cfg.learnersNext.size).toBe(0);
    expect(cfg.autoLeave).toBe(false);
  }
  // Exactly the members have progress, and it says learner exactly for the learners.
  const members = new Set([...voters, ...cfg.learners, ...cfg.learnersNext]);
  expect(new Set(progress.keys())).toEqual(members);
  for (const [id, pr] of progress) expect(pr.isLearner, `isLearner of ${id}`).toBe(cfg.learners.has(id));
  // Every list the config prints is in ascending order.
  for (const group of cfg.toString().matchAll(/\(([^)]*)\)/g)) {
    const ids = (group[1] ?? '')
      .split(' ')
      .filter((s) => s !== '')
      .map(BigInt);
    expect(isSorted(ids), cfg.toString()).toBe(true);
  }
  // The ConfState describes the config fully: restoring it rebuilds the same config.
  const cs = t.confState();
  const back = restore(new Changer(new ProgressTracker(10, 0), lastIndex), cs);
  if (back.err !== undefined) throw back.err;
  expect(back.cfg.toString()).toBe(cfg.toString());
  expect(back.cfg.autoLeave).toBe(cfg.autoLeave);
  expect(new Set(back.trk.keys())).toEqual(members);
  for (const [id, pr] of back.trk) expect(pr.isLearner).toBe(cfg.learners.has(id));
}

describe('Changer (property)', () => {
  it('agrees with the role model and keeps every invariant over random change sequences', () => {
    const outcomes = { ok: 0, refused: 0 };
    fc.assert(
      fc.property(runArb, ({ bootstrap: boot, steps }) => {
        const rig = new Rig();
        let model = new RoleModel();
        let lastIndex = 0;
        for (const [i, [op, grew]] of [...(boot ? bootstrap : []), ...steps].entries()) {
          const counted = !boot || i >= bootstrap.length;
          lastIndex += grew;
          rig.lastIndex = lastIndex;
          const got = runOp(rig, op);
          const want = model.apply(op, lastIndex);
          if ('error' in want) {
            if (counted) outcomes.refused++;
            expect(got).toEqual([want.error]);
          } else {
            if (counted) outcomes.ok++;
            expect(got).toEqual(want.lines);
            model = want.model;
          }
          checkLaws(rig.tracker, lastIndex);
        }
      }),
      { numRuns: 400, seed: 4242 },
    );
    // The generator must produce plenty of accepted changes, not just refusals.
    expect(outcomes.ok).toBeGreaterThan(outcomes.refused / 2);
  });

  it('keeps every invariant over long runs of single simple changes', () => {
    // One change at a time moves at most one voter, so only "removed all voters" can refuse.
    const single = fc.array(
      fc.tuple(
        changeArb.filter((cc) => cc.type !== (42 as ConfChangeType)),
        fc.nat({ max: 2 }),
      ),
      {
        minLength: 1,
        maxLength: 60,
      },
    );
    fc.assert(
      fc.property(single, (steps) => {
        const rig = new Rig();
        let lastIndex = 0;
        for (const [cc, grew] of steps) {
          lastIndex += grew;
          rig.lastIndex = lastIndex;
          const got = rig.apply('simple', false, [cc]);
          if (got.length === 1 && !got[0]?.startsWith('voters=')) expect(got).toEqual(['removed all voters']);
          checkLaws(rig.tracker, lastIndex);
        }
      }),
      { numRuns: 300, seed: 777 },
    );
  });
});
