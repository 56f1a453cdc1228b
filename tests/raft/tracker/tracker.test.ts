import { describe, expect, it } from 'vitest';
import { RaftPanic } from '../../../src/raft/logger';
import { MajorityConfig } from '../../../src/raft/quorum/majority';
import { JointConfig } from '../../../src/raft/quorum/joint';
import { VoteResult } from '../../../src/raft/quorum/quorum';
import { Inflights } from '../../../src/raft/tracker/inflights';
import { Progress, ProgressMap } from '../../../src/raft/tracker/progress';
import { StateType } from '../../../src/raft/tracker/state';
import { Config, ProgressTracker } from '../../../src/raft/tracker/tracker';

describe('Inflights', () => {
  it('fills up to its size, frees in order and wraps around', () => {
    const in_ = new Inflights(10, 0);
    for (let i = 0; i < 5; i++) in_.add(i, 100 + i);
    expect(in_.count()).toBe(5);
    expect(in_.bytesInFlight()).toBe(510);
    in_.freeLE(2);
    expect(in_.count()).toBe(2);
    expect(in_.bytesInFlight()).toBe(207);
    for (let i = 5; i < 13; i++) in_.add(i, 1);
    expect(in_.count()).toBe(10);
    expect(in_.full()).toBe(true);
    expect(() => in_.add(13, 1)).toThrow(RaftPanic);
    in_.freeLE(1); // stale: nothing below the oldest
    expect(in_.count()).toBe(10);
    in_.freeLE(10);
    expect(in_.count()).toBe(2);
    in_.freeLE(12);
    expect(in_.count()).toBe(0);
    expect(in_.bytesInFlight()).toBe(0);
  });

  it('is full when the byte budget is used up', () => {
    const in_ = new Inflights(10, 100);
    in_.add(1, 60);
    expect(in_.full()).toBe(false);
    in_.add(2, 40);
    expect(in_.full()).toBe(true);
    in_.freeLE(1);
    expect(in_.full()).toBe(false);
  });

  it('clones independently and resets', () => {
    const a = new Inflights(3, 0);
    a.add(1, 1);
    const b = a.clone();
    b.add(2, 1);
    expect(a.count()).toBe(1);
    expect(b.count()).toBe(2);
    b.reset();
    expect(b.count()).toBe(0);
  });
});

function progress(fields: Partial<Progress> & { next: number }): Progress {
  const pr = new Progress({ next: fields.next, inflights: fields.inflights ?? new Inflights(256, 0) });
  Object.assign(pr, fields);
  return pr;
}

describe('Progress', () => {
  it('prints like upstream', () => {
    const ins = new Inflights(1, 0);
    ins.add(123, 1);
    const pr = progress({
      match: 1,
      next: 2,
      state: StateType.StateSnapshot,
      pendingSnapshot: 123,
      recentActive: false,
      msgAppFlowPaused: true,
      isLearner: true,
      inflights: ins,
    });
    expect(pr.toString()).toBe(
      'StateSnapshot match=1 next=2 learner paused pendingSnap=123 inactive inflight=1[full]',
    );
    expect(
      progress({ match: 11, next: 12, state: StateType.StateReplicate, recentActive: true }).toString(),
    ).toBe('StateReplicate match=11 next=12');
  });

  it('isPaused', () => {
    const cases: [StateType, boolean, boolean][] = [
      [StateType.StateProbe, false, false],
      [StateType.StateProbe, true, true],
      [StateType.StateReplicate, false, false],
      [StateType.StateReplicate, true, true],
      [StateType.StateSnapshot, false, true],
      [StateType.StateSnapshot, true, true],
    ];
    for (const [state, paused, want] of cases) {
      expect(progress({ next: 1, state, msgAppFlowPaused: paused }).isPaused()).toBe(want);
    }
  });

  it('resumes on maybeDecrTo and maybeUpdate', () => {
    const p = progress({ next: 2, msgAppFlowPaused: true });
    p.maybeDecrTo(1, 1);
    expect(p.msgAppFlowPaused).toBe(false);
    p.msgAppFlowPaused = true;
    p.maybeUpdate(2);
    expect(p.msgAppFlowPaused).toBe(false);
  });

  it('becomeProbe from each state', () => {
    const cases: [Progress, number][] = [
      [progress({ state: StateType.StateReplicate, match: 1, next: 5 }), 2],
      [progress({ state: StateType.StateSnapshot, match: 1, next: 5, pendingSnapshot: 10 }), 11],
      [progress({ state: StateType.StateSnapshot, match: 1, next: 5, pendingSnapshot: 0 }), 2],
    ];
    for (const [p, wnext] of cases) {
      p.becomeProbe();
      expect(p.state).toBe(StateType.StateProbe);
      expect(p.match).toBe(1);
      expect(p.next).toBe(wnext);
    }
  });

  it('becomeReplicate and becomeSnapshot', () => {
    const p = progress({ state: StateType.StateProbe, match: 1, next: 5 });
    p.becomeReplicate();
    expect([p.state, p.match, p.next]).toEqual([StateType.StateReplicate, 1, 2]);
    p.becomeSnapshot(10);
    expect([p.state, p.match, p.pendingSnapshot, p.next, p.sentCommitIndex]).toEqual([
      StateType.StateSnapshot,
      1,
      10,
      11,
      10,
    ]);
  });

  it('maybeUpdate', () => {
    const prevM = 3;
    const prevN = 5;
    const cases: [number, number, number, boolean][] = [
      [prevM - 1, prevM, prevN, false],
      [prevM, prevM, prevN, false],
      [prevM + 1, prevM + 1, prevN, true],
      [prevN - 1, prevN - 1, prevN, true], // just below next
      [prevN, prevN, prevN + 1, true],
      [prevN + 1, prevN + 1, prevN + 2, true],
    ];
    for (const [update, wm, wn, wok] of cases) {
      const p = progress({ match: prevM, next: prevN });
      expect(p.maybeUpdate(update)).toBe(wok);
      expect(p.match).toBe(wm);
      expect(p.next).toBe(wn);
    }
  });

  it('maybeDecrTo', () => {
    // [state, match, next, rejected, hint, ok, next after]
    const cases: [StateType, number, number, number, number, boolean, number][] = [
      [StateType.StateReplicate, 5, 10, 5, 5, false, 10], // stale
      [StateType.StateReplicate, 5, 10, 4, 4, false, 10], // stale
      [StateType.StateReplicate, 5, 10, 9, 9, true, 6], // non-stale
      [StateType.StateProbe, 0, 0, 0, 0, false, 0], // next-1 != rejected
      [StateType.StateProbe, 0, 10, 5, 5, false, 10],
      [StateType.StateProbe, 0, 10, 9, 9, true, 9],
      [StateType.StateProbe, 0, 2, 1, 1, true, 1],
      [StateType.StateProbe, 0, 1, 0, 0, true, 1], // never below match+1
      [StateType.StateProbe, 0, 10, 9, 2, true, 3], // hint
      [StateType.StateProbe, 0, 10, 9, 0, true, 1],
    ];
    for (const [state, match, next, rejected, hint, wok, wnext] of cases) {
      const p = progress({ state, match, next });
      expect(p.maybeDecrTo(rejected, hint)).toBe(wok);
      expect(p.match).toBe(match);
      expect(p.next).toBe(wnext);
    }
  });

  it('sentEntries pauses a probe and fills inflights in replicate', () => {
    const probe = progress({ next: 5, match: 4 });
    probe.sentEntries(0, 0);
    expect(probe.isPaused()).toBe(false);
    probe.sentEntries(2, 10);
    expect(probe.isPaused()).toBe(true);
    expect(probe.next).toBe(5);
    const rep = progress({
      state: StateType.StateReplicate,
      match: 4,
      next: 5,
      inflights: new Inflights(2, 0),
    });
    rep.sentEntries(2, 10);
    expect([rep.next, rep.inflights.count(), rep.isPaused()]).toEqual([7, 1, false]);
    rep.sentEntries(1, 10);
    expect([rep.next, rep.inflights.count(), rep.isPaused()]).toEqual([8, 2, true]);
    expect(rep.toString()).toBe('StateReplicate match=4 next=8 paused inactive inflight=2[full]');
    expect(() => progress({ state: StateType.StateSnapshot, next: 1 }).sentEntries(1, 1)).toThrow(
      'sending append in unhandled state StateSnapshot',
    );
  });

  it('canBumpCommit / sentCommit', () => {
    const p = progress({ match: 4, next: 7 });
    expect(p.canBumpCommit(5)).toBe(true);
    p.sentCommit(5);
    expect(p.canBumpCommit(5)).toBe(false);
    expect(p.canBumpCommit(6)).toBe(true);
    p.sentCommit(6);
    expect(p.canBumpCommit(9)).toBe(false); // sentCommit already at next-1
  });

  it('ProgressMap prints ascending', () => {
    const m = new ProgressMap();
    m.set(3n, progress({ next: 1, recentActive: true }));
    m.set(1n, progress({ next: 2, match: 1, recentActive: true }));
    expect(m.toString()).toBe('1: StateProbe match=1 next=2\n3: StateProbe match=0 next=1\n');
  });
});

describe('ProgressTracker', () => {
  function tracker(voters: bigint[], outgoing: bigint[] = [], learners: bigint[] = []): ProgressTracker {
    const t = new ProgressTracker(10, 0);
    t.config = new Config(
      new JointConfig(new MajorityConfig(voters), new MajorityConfig(outgoing)),
      false,
      new MajorityConfig(learners),
    );
    for (const id of [...voters, ...outgoing, ...learners]) {
      t.progress.set(id, progress({ next: 1, isLearner: learners.includes(id) }));
    }
    return t;
  }

  it('prints configs', () => {
    expect(new Config().toString()).toBe('voters=()');
    const c = new Config(new JointConfig(new MajorityConfig([1n, 2n, 3n]), new MajorityConfig([1n])), true);
    expect(c.toString()).toBe('voters=(1 2 3)&&(1) autoleave');
    const d = new Config(
      new JointConfig(new MajorityConfig([1n]), new MajorityConfig([1n])),
      false,
      new MajorityConfig([2n, 3n]),
    );
    expect(d.toString()).toBe('voters=(1)&&(1) learners=(2 3)');
    d.learnersNext.add(4n);
    expect(d.toString()).toBe('voters=(1)&&(1) learners=(2 3) learners_next=(4)');
  });

  it('visits in ascending ID order and reports the configuration', () => {
    const t = tracker([3n, 1n, 2n], [], [5n, 4n]);
    const seen: bigint[] = [];
    t.visit((id) => seen.push(id));
    expect(seen).toEqual([1n, 2n, 3n, 4n, 5n]);
    expect(t.voterNodes()).toEqual([1n, 2n, 3n]);
    expect(t.learnerNodes()).toEqual([4n, 5n]);
    expect(t.confState()).toEqual({
      voters: [1n, 2n, 3n],
      votersOutgoing: [],
      learners: [4n, 5n],
      learnersNext: [],
      autoLeave: false,
    });
    expect(t.isSingleton()).toBe(false);
    expect(tracker([1n]).isSingleton()).toBe(true);
    expect(tracker([1n], [1n]).isSingleton()).toBe(false);
  });

  it('committed uses voters match', () => {
    const t = tracker([1n, 2n, 3n]);
    (t.progress.get(1n) as Progress).match = 6;
    (t.progress.get(2n) as Progress).match = 4;
    expect(t.committed()).toBe(4);
    const j = tracker([1n, 2n, 3n], [4n]);
    (j.progress.get(1n) as Progress).match = 6;
    (j.progress.get(2n) as Progress).match = 4;
    expect(j.committed()).toBe(0);
  });

  it('records the first vote only, and tallies voters', () => {
    const t = tracker([1n, 2n, 3n], [], [4n]);
    t.recordVote(1n, true);
    t.recordVote(1n, false);
    t.recordVote(4n, true);
    expect(t.tallyVotes()).toEqual({ granted: 1, rejected: 0, result: VoteResult.VotePending });
    t.recordVote(2n, false);
    t.recordVote(3n, false);
    expect(t.tallyVotes()).toEqual({ granted: 1, rejected: 2, result: VoteResult.VoteLost });
    t.resetVotes();
    expect(t.tallyVotes().result).toBe(VoteResult.VotePending);
  });

  it('quorumActive ignores learners', () => {
    const t = tracker([1n, 2n, 3n], [], [4n]);
    (t.progress.get(1n) as Progress).recentActive = true;
    (t.progress.get(4n) as Progress).recentActive = true;
    expect(t.quorumActive()).toBe(false);
    (t.progress.get(2n) as Progress).recentActive = true;
    expect(t.quorumActive()).toBe(true);
  });
});
