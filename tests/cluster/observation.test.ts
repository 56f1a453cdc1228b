/** The cluster's observation port: typed events for elections, crashes, client calls, messages. */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../../src/cluster/cluster';
import { Faults } from '../../src/cluster/faults';
import type { AnyObservation } from '../../src/cluster/observation';
import { MessageType } from '../../src/raft/raftpb/types';

interface Seen {
  readonly member: number | null;
  readonly o: AnyObservation;
  readonly timeUs: number;
}

function observed(seed = 1): {
  c: Cluster;
  faults: Faults;
  seen: Seen[];
  leaderLines: { member: string; msg: string; timeUs: number }[];
} {
  const seen: Seen[] = [];
  const leaderLines: { member: string; msg: string; timeUs: number }[] = [];
  const c: Cluster = new Cluster({
    size: 3,
    seed,
    logSink: (member, _line, rec) => {
      if (rec.logger === 'raft' && rec.msg.includes('became leader at term')) {
        leaderLines.push({ member, msg: rec.msg, timeUs: rec.timeUs });
      }
    },
    observer: {
      observe: (member, o) => {
        // Ticks and ready steps are many: keep the rest.
        if (o.kind !== 'tick' && o.kind !== 'ready-step' && o.kind !== 'ready') {
          seen.push({ member, o, timeUs: c.kernel.nowUs });
        }
      },
    },
  });
  const faults = new Faults(c);
  c.start();
  return { c, faults, seen, leaderLines };
}

const wins = (seen: readonly Seen[]): Seen[] =>
  seen.filter((s) => s.o.kind === 'role' && s.o.change.reason === 'election-won');

function termOfWin(s: Seen | undefined): number {
  if (s === undefined || s.o.kind !== 'role') throw new Error('not a role change');
  return s.o.change.term;
}

function runUntilLeader(c: Cluster): number {
  const r = c.runUntil(() => c.leader() !== undefined && c.allReady(), 3_000_000);
  expect(r.kind).toBe('predicate');
  return c.leader() as number;
}

describe('cluster observations', () => {
  it('the first election-won names the member and term the log line does, at the same time', () => {
    const { c, seen, leaderLines } = observed();
    const leader = runUntilLeader(c);
    const first = wins(seen)[0];
    const line = leaderLines[0];
    expect(first).toBeDefined();
    expect(line).toBeDefined();
    expect(first?.member).toBe(leader);
    expect(c.members[first?.member ?? -1]?.name).toBe(line?.member);
    expect(line?.msg).toBe(`${c.memberId(leader).toString(16)} became leader at term ${termOfWin(first)}`);
    expect(first?.timeUs).toBe(line?.timeUs);
    expect(wins(seen).length).toBe(leaderLines.length);
  });

  it('every member reports its start and its boot role change', () => {
    const { c, seen } = observed();
    c.runFor(300_000);
    for (const m of c.members) {
      const mine = seen.filter((s) => s.member === m.index);
      expect(mine[0]?.o).toEqual({ kind: 'member', phase: 'started', incarnation: 1 });
      expect(mine.some((s) => s.o.kind === 'role' && s.o.change.reason === 'boot')).toBe(true);
    }
  });

  it('a crashed leader is reported, then a new leader wins a higher term', () => {
    const { c, seen } = observed();
    const leader = runUntilLeader(c);
    const firstTerm = termOfWin(wins(seen)[0]);
    const at = seen.length;
    c.crash(leader);
    expect(seen[at]).toMatchObject({
      member: leader,
      o: { kind: 'member', phase: 'crashed', incarnation: 1 },
    });
    const r = c.runUntil(() => wins(seen.slice(at)).length > 0, 3_000_000);
    expect(r.kind).toBe('predicate');
    const next = wins(seen.slice(at))[0];
    expect(next?.member).not.toBe(leader);
    expect(termOfWin(next)).toBeGreaterThan(firstTerm);
  });

  it('a put: client started, proposal received on the member, proposal answered, client answered ok', () => {
    const { c, seen } = observed();
    const leader = runUntilLeader(c);
    const at = seen.length;
    const call = c.put(leader, 'k', 'v');
    c.runUntil(() => call.result !== null, 2_000_000);
    expect(call.result?.ok).toBe(true);
    const mine = seen.slice(at).filter((s) => s.member === leader);
    const started = mine.findIndex((s) => s.o.kind === 'client' && s.o.phase === 'started');
    const received = mine.findIndex((s) => s.o.kind === 'proposal' && s.o.phase === 'received');
    const rec = mine[received]?.o;
    if (rec?.kind !== 'proposal') throw new Error('no proposal received');
    expect(rec.id).toMatch(/^[0-9a-f]+$/);
    const answered = mine.findIndex(
      (s) => s.o.kind === 'proposal' && s.o.phase === 'answered' && s.o.id === rec.id,
    );
    const done = mine.findIndex((s) => s.o.kind === 'client' && s.o.phase === 'answered');
    expect(mine[started]?.o).toEqual({
      kind: 'client',
      phase: 'started',
      call: call.id,
      op: 'put',
      key: 'k',
    });
    expect(mine[answered]?.o).toEqual({ kind: 'proposal', phase: 'answered', id: rec.id, error: null });
    expect(mine[done]?.o).toEqual({
      kind: 'client',
      phase: 'answered',
      call: call.id,
      op: 'put',
      ok: true,
      error: null,
    });
    expect(0 <= started && started < received && received < answered && answered < done).toBe(true);
    // The proposal's entry is applied on every member (followers learn the commit a bit later).
    c.runFor(300_000);
    for (const m of c.members) {
      expect(seen.slice(at).some((s) => s.member === m.index && s.o.kind === 'applied')).toBe(true);
    }
  });

  it('a partition reports the fault and drops the isolated leader’s messages with the reason', () => {
    const { c, faults, seen } = observed();
    const leader = runUntilLeader(c);
    const at = seen.length;
    faults.apply({ kind: 'partition', groups: [[leader]] });
    expect(seen.slice(at).some((s) => s.o.kind === 'fault' && s.o.fault === 'partition' && s.o.ok)).toBe(
      true,
    );
    c.runFor(500_000);
    const dropped = seen
      .slice(at)
      .filter((s) => s.o.kind === 'message' && s.o.phase === 'dropped' && s.member === leader);
    expect(dropped.length).toBeGreaterThan(0);
    const heartbeat = dropped.find(
      (s) => s.o.kind === 'message' && s.o.message.type === MessageType.MsgHeartbeat,
    );
    expect(heartbeat?.o).toMatchObject({
      kind: 'message',
      phase: 'dropped',
      from: leader,
      reason: 'link-down',
    });
  });

  it('the Ready loop reports each Ready, then its steps, back to idle', () => {
    const events: AnyObservation[] = [];
    const c = new Cluster({
      size: 3,
      seed: 1,
      observer: { observe: (m, o) => (m === 0 ? events.push(o) : 0) },
    });
    c.start();
    c.runFor(2_000_000);
    const ticks = events.filter((o) => o.kind === 'tick').length;
    expect(ticks).toBeGreaterThan(10);
    const loop = events.filter((o) => o.kind === 'ready' || o.kind === 'ready-step');
    expect(loop.length).toBeGreaterThan(10);
    let seq = 0;
    let step = 'idle';
    for (const o of loop) {
      if (o.kind === 'ready') {
        // A Ready only arrives at an idle loop, and is counted once.
        expect(step).toBe('idle');
        expect(o.seq).toBe(seq + 1);
        seq = o.seq;
      } else if (o.kind === 'ready-step') {
        expect(o.seq).toBe(seq);
        expect(o.step).not.toBe(step);
        step = o.step;
      }
    }
    expect(c.server(0)?.r.readyCount).toBe(seq);
  });

  it('observing changes nothing: the trace hash is the same without an observer', () => {
    const { c } = observed(3);
    c.runFor(2_000_000);
    const plain = new Cluster({ size: 3, seed: 3 });
    new Faults(plain);
    plain.start();
    plain.runFor(2_000_000);
    expect(c.traceHash()).toBe(plain.traceHash());
  });

  it('addObserver after start() but before the first step sees every member', () => {
    const c = new Cluster({ size: 3, seed: 1 });
    c.start();
    const roles: number[] = [];
    c.addObserver({ observe: (m, o) => (o.kind === 'role' && m !== null ? roles.push(m) : undefined) });
    c.runFor(300_000);
    expect(new Set(roles)).toEqual(new Set([0, 1, 2]));
  });
});
