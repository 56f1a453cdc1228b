/**
 * Property tests of Raft safety: random schedules of ticks, campaigns, proposals, Ready
 * handling and message delivery, drops, duplication and reordering over 3 to 5 RawNodes, with
 * the safety invariants checked after every step. Plus tests that the checker itself reports
 * each kind of broken state.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Entry, NodeID } from '../../src/raft/raftpb/types';
import { EntryType } from '../../src/raft/raftpb/types';
import { StateType } from '../../src/raft/state_type';
import { MemoryCluster } from '../../src/raft/testing/memory_cluster';
import { SafetyChecker, type NodeView, type SafetyViolation } from '../../src/raft/testing/safety';

type Action =
  | { kind: 'tick'; node: number }
  | { kind: 'campaign'; node: number }
  | { kind: 'propose'; node: number; value: number }
  | { kind: 'ready'; node: number }
  | { kind: 'deliver'; pick: number }
  | { kind: 'drop'; pick: number }
  | { kind: 'duplicate'; pick: number }
  | { kind: 'deliverAll' }
  | { kind: 'tickAll' }
  | { kind: 'readyAll' };

const actionArb: fc.Arbitrary<Action> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('tick' as const), node: fc.nat(4) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('campaign' as const), node: fc.nat(4) }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('propose' as const), node: fc.nat(4), value: fc.nat(1000) }),
  },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('ready' as const), node: fc.nat(4) }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('deliver' as const), pick: fc.nat(1000) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('drop' as const), pick: fc.nat(1000) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('duplicate' as const), pick: fc.nat(1000) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'deliverAll' as const }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'tickAll' as const }) },
  { weight: 3, arbitrary: fc.constant({ kind: 'readyAll' as const }) },
);

interface Run {
  violation: SafetyViolation | undefined;
  maxCommit: number;
  leaders: number;
}

/** Applies one action; node numbers and picks wrap around the current sizes. */
function perform(c: MemoryCluster, ids: NodeID[], a: Action): void {
  const id = 'node' in a ? (ids[a.node % ids.length] as NodeID) : undefined;
  switch (a.kind) {
    case 'tick':
      c.node(id as NodeID).rawNode.tick();
      return;
    case 'campaign':
      c.node(id as NodeID).rawNode.campaign();
      return;
    case 'propose':
      c.node(id as NodeID).rawNode.propose(new TextEncoder().encode(`v${a.value}`));
      return;
    case 'ready':
      c.processReady(id as NodeID);
      return;
    case 'deliver':
      if (c.inFlight.length > 0) c.deliverAt(a.pick % c.inFlight.length);
      return;
    case 'drop':
      if (c.inFlight.length > 0) c.inFlight.splice(a.pick % c.inFlight.length, 1);
      return;
    case 'duplicate': {
      const m = c.inFlight[a.pick % Math.max(1, c.inFlight.length)];
      if (m !== undefined) c.inFlight.push({ ...m });
      return;
    }
    case 'tickAll':
      for (const n of ids) c.node(n).rawNode.tick();
      return;
    case 'readyAll':
      for (const n of ids) c.processReady(n);
      return;
    case 'deliverAll': {
      const msgs = c.inFlight;
      c.inFlight = [];
      for (const m of msgs) c.deliverMessage(m);
      return;
    }
  }
}

function runSchedule(size: number, seed: number, preVote: boolean, actions: readonly Action[]): Run {
  const ids = Array.from({ length: size }, (_, i) => BigInt(i + 1));
  const c = new MemoryCluster(ids, {
    electionTick: 5,
    heartbeatTick: 1,
    preVote,
    checkQuorum: preVote,
    seed,
  });
  const checker = new SafetyChecker();
  let leaders = 0;
  for (const a of actions) {
    perform(c, ids, a);
    const violation = checker.checkRawNodes(c.rawNodes());
    if (violation !== undefined) {
      return { violation, maxCommit: 0, leaders };
    }
    if (c.leader() !== undefined) leaders++;
  }
  // Heal the network and let the cluster settle; safety must still hold.
  c.stabilize(200);
  const violation = checker.checkRawNodes(c.rawNodes());
  const maxCommit = Math.max(...c.rawNodes().map((rn) => rn.raft.raftLog.committed));
  return { violation, maxCommit, leaders };
}

describe('raft safety under random schedules', () => {
  const totals = { runs: 0, committedBeyondBootstrap: 0, withLeader: 0 };

  for (const size of [3, 4, 5]) {
    it(`holds for ${size} nodes`, () => {
      fc.assert(
        fc.property(
          fc.nat(0xffffffff),
          fc.boolean(),
          fc.array(actionArb, { minLength: 40, maxLength: 300 }),
          (seed, preVote, actions) => {
            const run = runSchedule(size, seed, preVote, actions);
            totals.runs++;
            if (run.maxCommit > 1) totals.committedBeyondBootstrap++;
            if (run.leaders > 0) totals.withLeader++;
            if (run.violation !== undefined) {
              throw new Error(`${run.violation.invariant}: ${run.violation.message}`);
            }
          },
        ),
        { numRuns: 300, seed: 0x5eed + size },
      );
    });
  }

  it('exercised elections and commits (the schedules are not vacuous)', () => {
    expect(totals.runs).toBeGreaterThanOrEqual(500);
    expect(totals.withLeader).toBeGreaterThan(totals.runs / 4);
    expect(totals.committedBeyondBootstrap).toBeGreaterThan(totals.runs / 4);
  });
});

describe('SafetyChecker reports broken states', () => {
  const e = (index: number, term: number, data = ''): Entry => ({
    index,
    term,
    type: EntryType.EntryNormal,
    data: new TextEncoder().encode(data),
  });
  const view = (id: bigint, term: number, state: StateType, committed: number, log: Entry[]): NodeView => ({
    id,
    term,
    state,
    committed,
    firstIndex: 1,
    log,
  });
  const F = StateType.StateFollower;
  const L = StateType.StateLeader;

  it('accepts a consistent cluster', () => {
    const log = [e(1, 1), e(2, 1, 'a')];
    const checker = new SafetyChecker();
    expect(
      checker.check([view(1n, 1, L, 2, log), view(2n, 1, F, 2, log), view(3n, 1, F, 1, log.slice(0, 1))]),
    ).toBe(undefined);
  });

  it('two leaders in one term', () => {
    const log = [e(1, 1)];
    const v = new SafetyChecker().check([view(1n, 2, L, 1, log), view(2n, 2, L, 1, log)]);
    expect(v?.invariant).toBe('election-safety');
  });

  it('two leaders in one term, seen at different steps', () => {
    const log = [e(1, 1)];
    const checker = new SafetyChecker();
    expect(checker.check([view(1n, 2, L, 1, log), view(2n, 2, F, 1, log)])).toBe(undefined);
    expect(checker.check([view(1n, 2, F, 1, log), view(2n, 2, L, 1, log)])?.invariant).toBe(
      'election-safety',
    );
  });

  it('divergent committed entries', () => {
    const checker = new SafetyChecker();
    const v = checker.check([
      view(1n, 2, F, 2, [e(1, 1), e(2, 1, 'x')]),
      view(2n, 2, F, 2, [e(1, 1), e(2, 2, 'y')]),
    ]);
    expect(v?.invariant).toBe('state-machine-safety');
  });

  it('decreasing commit index', () => {
    const log = [e(1, 1), e(2, 1)];
    const checker = new SafetyChecker();
    expect(checker.check([view(1n, 1, F, 2, log)])).toBe(undefined);
    expect(checker.check([view(1n, 1, F, 1, log)])?.invariant).toBe('commit-monotonic');
  });

  it('log matching: same index and term but different history below', () => {
    const v = new SafetyChecker().check([
      view(1n, 3, F, 0, [e(1, 1), e(2, 2), e(3, 3)]),
      view(2n, 3, F, 0, [e(1, 1), e(2, 1), e(3, 3)]),
    ]);
    expect(v?.invariant).toBe('log-matching');
  });

  it('log matching: same index and term with different data', () => {
    const v = new SafetyChecker().check([
      view(1n, 3, F, 0, [e(1, 1, 'a')]),
      view(2n, 3, F, 0, [e(1, 1, 'b')]),
    ]);
    expect(v?.invariant).toBe('log-matching');
  });

  it('leader of a later term missing a committed entry', () => {
    const checker = new SafetyChecker();
    expect(checker.check([view(1n, 1, F, 2, [e(1, 1), e(2, 1, 'c')])])).toBe(undefined);
    const v = checker.check([view(1n, 1, F, 2, [e(1, 1), e(2, 1, 'c')]), view(2n, 2, L, 1, [e(1, 1)])]);
    expect(v?.invariant).toBe('leader-completeness');
  });
});
