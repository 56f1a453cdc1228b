import { describe, expect, it } from 'vitest';
import { buildNodeCluster, proposer } from '../../src/cli/bench/node-cluster';
import { DeadlineExceeded, background, withTimeout } from '../../src/sim/context';
import { GState } from '../../src/sim/goroutine';
import { Kernel } from '../../src/sim/kernel';
import { step } from '../../src/sim/op';
import type { Proc } from '../../src/sim/op';
import { SinkLogger } from '../../src/raft/logger';
import { ErrStopped, restartNode, startNode } from '../../src/raft/node';
import type { Node } from '../../src/raft/node';
import { confChangeFromEntry } from '../../src/raft/raftpb/confchange';
import { EntryType, isEmptyHardState } from '../../src/raft/raftpb/types';
import { MemoryStorage } from '../../src/raft/storage';
import { StateType } from '../../src/raft/state_type';
import type { Status } from '../../src/raft/status';

describe('raft Node on the kernel: a 3-member cluster', () => {
  it('elects one leader and every member logs it', () => {
    const c = buildNodeCluster(1);
    const r = c.kernel.runUntil(
      () => c.leaders().length === 1 && c.members.every((m) => m.node.rn.raft.lead !== 0n),
      {
        maxSteps: 200_000,
      },
    );
    expect(r.kind).toBe('predicate');
    const [leader] = c.leaders();
    const term = c.members[0]?.node.rn.raft.term;
    for (const m of c.members) {
      expect(m.node.rn.raft.lead).toBe(leader);
      expect(c.logs).toContain(`${m.id} INFO raft.node: ${m.id} elected leader ${leader} at term ${term}`);
    }
    expect(c.kernel.nowUs).toBeGreaterThanOrEqual(10 * 100_000); // at least one election timeout
  });

  it('commits proposals in the same order on every member', () => {
    const c = buildNodeCluster(2);
    const results: string[] = [];
    const via = c.members[1];
    if (via === undefined) throw new Error('no member');
    c.kernel.go('proposer', proposer(c.kernel, via, 20, 50_000, results));
    const r = c.kernel.runUntil(() => c.members.every((m) => m.applied.length === 20), { maxSteps: 500_000 });
    expect(r.kind).toBe('predicate');
    expect(results).toEqual(new Array(20).fill('ok'));
    const expected = Array.from({ length: 20 }, (_, i) => `v${i}`);
    for (const m of c.members) expect(m.applied).toEqual(expected);
  });

  it('is deterministic: same seed, same trace hash; another seed, another run', () => {
    const run = (seed: number): string => {
      const c = buildNodeCluster(seed);
      const results: string[] = [];
      c.kernel.go('proposer', proposer(c.kernel, c.members[0]!, 5, 100_000, results));
      c.kernel.runFor(5_000_000);
      return `${c.kernel.stepCount}:${c.kernel.traceHash()}`;
    };
    expect(run(3)).toBe(run(3));
    expect(run(3)).not.toBe(run(4));
  });

  it('after the leader stops, the others log the change and elect a new leader', () => {
    const c = buildNodeCluster(11);
    const k = c.kernel;
    expect(k.runUntil(() => c.leaders().length === 1, { maxSteps: 200_000 }).kind).toBe('predicate');
    const old = c.members.find((m) => m.id === c.leaders()[0])!;
    let stopped = false;
    k.go(
      'killer',
      (function* (): Proc {
        yield* old.node.stop();
        stopped = true;
      })(),
    );
    const others = c.members.filter((m) => m !== old);
    const r = k.runUntil(
      () =>
        stopped &&
        others.some((m) => m.node.rn.raft.state === StateType.StateLeader && m.node.rn.raft.lead !== old.id),
      { maxSteps: 500_000 },
    );
    expect(r.kind).toBe('predicate');
    const changes = c.logs.filter((l) => / lost leader | changed leader from /.test(l));
    expect(changes.length).toBeGreaterThan(0);
    for (const l of changes)
      expect(l).toMatch(/raft\.node: \d+ (lost leader \d+|changed leader from \d+ to \d+) at term \d+$/);
  });

  it('stops: Stop waits for the goroutine, later calls return ErrStopped', () => {
    const c = buildNodeCluster(5);
    const k = c.kernel;
    k.runFor(3_000_000);
    const m = c.members[0]!;
    const out: unknown[] = [];
    k.go(
      'stopper',
      (function* (): Proc {
        yield* m.node.stop();
        out.push(m.node.done.closed);
        out.push(yield* m.node.propose(background(), new Uint8Array([1])));
        out.push(yield* m.node.campaign(background()));
        out.push(yield* m.node.status());
      })(),
    );
    k.runUntil(() => out.length === 4, { maxSteps: 100_000 });
    expect(out).toEqual([true, ErrStopped, ErrStopped, undefined]);
    expect(m.node.goroutine?.state).toBe(GState.Done);
  });
});

/** Handles one Ready the way an application must: persist, apply conf changes, Advance. */
function* handleReady(node: Node, storage: MemoryStorage): Proc {
  const rd = yield* node.ready().recv('app/ready');
  if (!isEmptyHardState(rd.hardState)) storage.setHardState(rd.hardState);
  storage.append(rd.entries);
  for (const e of rd.committedEntries) {
    if (e.type !== EntryType.EntryNormal) yield* node.applyConfChange(confChangeFromEntry(e));
  }
  yield* node.advance();
  yield* step('app/advanced');
}

/** Applies the bootstrap Ready (raft will not campaign before), campaigns, drains. */
function* electSelf(node: Node, storage: MemoryStorage): Proc {
  yield* handleReady(node, storage);
  yield* node.campaign(background());
  while (node.rn.raft.state !== StateType.StateLeader || node.rn.hasReady())
    yield* handleReady(node, storage);
}

describe('raft Node API on a single node', () => {
  function single(): {
    k: Kernel;
    logs: string[];
    node: ReturnType<typeof startNode>;
    storage: MemoryStorage;
  } {
    const k = new Kernel({ seed: 9 });
    const logs: string[] = [];
    const storage = new MemoryStorage();
    const logger = new SinkLogger((level, message) => logs.push(`${level} ${message}`));
    const node = startNode(
      k,
      {
        id: 1n,
        electionTick: 10,
        heartbeatTick: 1,
        storage,
        maxSizePerMsg: 1 << 20,
        maxInflightMsgs: 256,
        logger,
      },
      [{ id: 1n, context: undefined }],
    );
    return { k, logs, node, storage };
  }

  it('warns when tickc (128) is full and drops the tick', () => {
    const { logs, node } = single();
    for (let i = 0; i < 129; i++) node.tick();
    expect(node.tickc.len()).toBe(128);
    expect(logs.filter((l) => l.includes('A tick missed to fire'))).toEqual([
      'WARN 1 A tick missed to fire. Node blocks too long!',
    ]);
  });

  it('a proposal without a leader waits until its context expires', () => {
    const { k, node } = single();
    const out: unknown[] = [];
    k.go(
      'client',
      (function* (): Proc {
        const [ctx] = withTimeout(k, background(), 7_000_000);
        out.push(yield* node.propose(ctx, new Uint8Array([1])));
        out.push(k.nowUs);
      })(),
    );
    k.runUntil(() => out.length === 2, { maxSteps: 10_000 });
    expect(out).toEqual([DeadlineExceeded, 7_000_000]);
  });

  it('campaign makes a single node leader; Status reports it; Ready/Advance hand out its work', () => {
    const { k, node, storage, logs } = single();
    const out: (Status | undefined)[] = [];
    k.go(
      'app',
      (function* (): Proc {
        yield* electSelf(node, storage);
        out.push(yield* node.status());
      })(),
    );
    expect(k.runUntil(() => out.length === 1, { maxSteps: 10_000 }).kind).toBe('predicate');
    expect(out[0]?.softState.raftState).toBe(StateType.StateLeader);
    expect(out[0]?.softState.lead).toBe(1n);
    expect(logs).toContain('INFO raft.node: 1 elected leader 1 at term 2');
  });

  it('RestartNode resumes from storage', () => {
    const { k, node, storage } = single();
    const done: boolean[] = [];
    k.go(
      'app',
      (function* (): Proc {
        yield* electSelf(node, storage);
        yield* node.stop();
        done.push(true);
      })(),
    );
    expect(k.runUntil(() => done.length === 1, { maxSteps: 10_000 }).kind).toBe('predicate');
    const restarted = restartNode(k, {
      id: 1n,
      electionTick: 10,
      heartbeatTick: 1,
      storage,
      maxInflightMsgs: 256,
    });
    expect(restarted.rn.raft.term).toBe(storage.initialState().hardState.term);
    expect(restarted.rn.raft.term).toBeGreaterThan(1);
  });
});
