import { describe, expect, it } from 'vitest';
import { SessionEngine } from '../../src/session/engine';
import { parseSessionHash } from '../../src/session/url';
import { runScenario } from '../../src/cluster/scenario_runner';
import { scenarioWith } from '../../src/cluster/scenario_script';
import { builtinScenario } from '../../src/cluster/scenarios';
import type { Granularity } from '../../src/session/types';

function engine(seed = 1, scenario = 'normal-startup'): SessionEngine {
  return new SessionEngine({ seed, scenario });
}

function stepN(e: SessionEngine, g: Granularity, n: number): void {
  for (let i = 0; i < n; i++) {
    e.step(g);
    expect(e.finish()).toBe('done');
  }
}

function seekTo(e: SessionEngine, step: number): void {
  e.seekTo(step);
  e.finish();
}

const json = (e: SessionEngine): string => JSON.stringify(e.snapshot());
/** The member that considers itself leader (right after an election the others do not know yet). */
const leaderOf = (e: SessionEngine): number =>
  e.snapshot().members.findIndex((m) => m.role === 'StateLeader');

describe('session engine', () => {
  it('Step moves one kernel step; Step back returns the exact previous snapshot', () => {
    const e = engine();
    stepN(e, 'step', 50);
    expect(e.cursor).toBe(50);
    const before = json(e);
    e.step('step');
    e.finish();
    expect(e.cursor).toBe(51);
    e.stepBack();
    e.finish();
    expect(e.cursor).toBe(50);
    expect(json(e)).toBe(before);
  });

  it.each(['tick', 'ready'] as const)('Step back undoes a whole %s step exactly', (g) => {
    const e = engine();
    stepN(e, 'ready', 10);
    const before = json(e);
    const step = e.cursor;
    stepN(e, g, 1);
    expect(e.cursor).toBeGreaterThan(step);
    e.stepBack();
    expect(e.finish()).toBe('done');
    expect(e.cursor).toBe(step);
    expect(json(e)).toBe(before);
  });

  it('Step back with nothing to undo goes back one kernel step', () => {
    const e = engine();
    e.seekTo(120);
    e.finish();
    e.stepBack();
    e.finish();
    expect(e.cursor).toBe(119);
  });

  it('a Ready step ends when a Ready is handed out or finished', () => {
    const e = engine();
    stepN(e, 'ready', 4);
    const lanes = e.recorder.readyLanes();
    expect(lanes.flat().length).toBeGreaterThan(0);
    const snap = e.snapshot();
    const busy = snap.members.filter((m) => m.currentReady !== null);
    const idle = snap.members.filter((m) => m.readyStep === 'idle');
    expect(busy.length + idle.length).toBe(snap.size);
  });

  it('same seed, same trace hash; another seed, another', () => {
    const a = engine(3);
    const b = engine(3);
    const c = engine(4);
    for (const e of [a, b, c]) {
      e.seekTo(3000);
      e.finish();
    }
    expect(a.snapshot().traceHash).toBe(b.snapshot().traceHash);
    expect(a.snapshot().traceHash).not.toBe(c.snapshot().traceHash);
    expect(json(a)).toBe(json(b));
  });

  it.each(['slow-apply', 'leader-crash', 'minority-partition'])(
    '%s: seeking back and forth lands on the same state',
    (scenario) => {
      const a = engine(1, scenario);
      a.seekTo(6000);
      a.finish();
      const b = engine(1, scenario);
      for (const target of [3000, 6500, 2000, 6000]) {
        b.seekTo(target);
        b.finish();
      }
      expect(b.cursor).toBe(6000);
      expect(json(b)).toBe(json(a));
      expect(b.recorder.history().leaderChanges).toEqual(a.recorder.history().leaderChanges);
    },
  );

  it('history hands out the same objects for items that did not change', () => {
    const e = engine();
    e.seekTo(3000);
    e.finish();
    const h1 = e.recorder.history();
    e.seekTo(6000);
    e.finish();
    const h2 = e.recorder.history();
    expect(h2).not.toBe(h1);
    const closed = h1.roleSegments.filter((x) => x.endStep !== null);
    expect(closed.length).toBeGreaterThan(0);
    for (const seg of closed) expect(h2.roleSegments).toContain(seg);
  });

  it("observes without changing the run: the trace hash equals the headless scenario runner's", () => {
    const e = engine(2);
    e.seekTo(4000);
    e.finish();
    const sc = builtinScenario('normal-startup');
    if (!sc.ok) throw new Error('scenario');
    const { run } = runScenario(scenarioWith(sc.scenario, { seed: 2 }), { stopAtStep: 4000 });
    expect(run.cluster.traceHash()).toBe(e.snapshot().traceHash);
  });

  it('Run until leader elected stops at the first leader, recorded with cause startup', () => {
    const e = engine();
    e.runUntil('leader-elected');
    expect(e.finish()).toBe('done');
    expect(leaderOf(e)).toBeGreaterThanOrEqual(0);
    const h = e.recorder.history();
    expect(h.leaderChanges).toHaveLength(1);
    expect(h.leaderChanges[0]?.cause).toBe('startup');
    expect(h.markers.some((m) => m.kind === 'leader')).toBe(true);
  });

  it('Run until is bounded', () => {
    const e = engine();
    e.runUntil('leader-elected');
    e.finish();
    const at = e.cursor;
    // Nobody will be elected in 300 steps with a healthy leader: the step bound stops the run.
    e.runUntil('leader-elected', 300);
    expect(e.finish()).toBe('bounded');
    expect(e.cursor).toBe(at + 300);
    expect(e.lastReport?.kind).toBe('unreached');
    // And within two simulated seconds neither: the time bound says so.
    const t0 = e.snapshot().nowUs;
    e.runUntil('leader-elected', 10_000_000, 2_000_000);
    expect(e.finish()).toBe('unreached');
    expect(e.snapshot().nowUs).toBeGreaterThan(t0 + 2_000_000);
    expect(e.lastReportText).toMatch(/^leader elected: not reached within 2 s of simulated time/);
  });

  it("proposal answered waits for the user's own request, and says so when there is none", () => {
    const e = engine();
    e.runUntil('leader-elected');
    e.finish();
    const at = e.cursor;
    e.runUntil('proposal-answered');
    expect(e.finish()).toBe('unreached');
    expect(e.cursor).toBe(at);
    expect(e.lastReportText).toBe('proposal answered: none of your requests is waiting for an answer');
    seekTo(e, e.cursor + 20_000);
    const leader = leaderOf(e);
    e.issue({ kind: 'put', member: leader, key: 'mine', value: 'v' });
    e.runUntil('proposal-answered');
    expect(e.finish()).toBe('done');
    const mine = e.recorder.history().calls.find((c) => c.key === 'mine');
    expect(mine?.outcome).toBe('ok');
    expect(mine?.endStep).toBe(e.cursor);
  });

  it('Step names the goroutine it ran; Step tick and Step Ready name the member', () => {
    const e = engine();
    e.step('step');
    e.finish();
    expect(e.lastReport?.kind).toBe('step');
    expect(e.lastReportText).toMatch(/^ran \S+.*; now at \S+/);
    e.runUntil('leader-elected');
    e.finish();
    e.selectedMember = 1;
    e.step('tick');
    e.finish();
    expect(e.lastReport).toMatchObject({ kind: 'tick', member: 1 });
    e.step('ready');
    e.finish();
    expect(e.lastReport?.kind).toBe('ready');
    expect(e.lastReportText).toMatch(/^infra\d (got|finished) Ready \d+/);
  });

  it('Run until next commit stops right after a commit index grows', () => {
    const e = engine();
    e.runUntil('leader-elected');
    e.finish();
    const before = Math.max(...e.snapshot().members.map((m) => m.committedIndex));
    e.runUntil('next-commit');
    expect(e.finish()).toBe('done');
    expect(Math.max(...e.snapshot().members.map((m) => m.committedIndex))).toBeGreaterThan(before);
  });

  it('crashing the leader: the next leader change has cause crash', () => {
    const e = engine();
    e.runUntil('leader-elected');
    e.finish();
    const leader = leaderOf(e);
    e.issue({ kind: 'crash', member: leader });
    e.runUntil('leader-elected');
    expect(e.finish()).toBe('done');
    const changes = e.recorder.history().leaderChanges;
    // The crash itself is a change to nobody; the next election names the crash as its cause.
    expect(changes.map((c) => [c.member === null ? null : 'leader', c.cause])).toEqual([
      ['leader', 'startup'],
      [null, 'crash'],
      ['leader', 'crash'],
    ]);
    expect(changes[1]?.previous).toBe(leader);
    expect(changes[2]?.member).not.toBe(leader);
  });

  it('isolating the leader: the next leader change has cause partition; heal reconnects', () => {
    const e = engine();
    e.runUntil('leader-elected');
    e.finish();
    const leader = leaderOf(e);
    e.issue({ kind: 'isolate', member: leader });
    expect(e.snapshot().links.filter((l) => !l.up)).toHaveLength(4);
    e.runUntil('leader-elected');
    expect(e.finish()).toBe('done');
    const elections = e.recorder.history().leaderChanges.filter((c) => c.member !== null);
    expect(elections[1]?.cause).toBe('partition');
    e.issue({ kind: 'heal', member: leader });
    expect(e.snapshot().links.every((l) => l.up)).toBe(true);
    expect(e.recorder.history().markers.filter((m) => m.kind === 'fault')).toHaveLength(2);
  });

  it('a CheckQuorum step-down with no successor is a leader change of its own (no-quorum)', () => {
    const e = engine(7, 'no-quorum');
    e.seekTo(2700);
    e.finish();
    const lost = e.recorder.history().leaderChanges.filter((c) => c.member === null);
    expect(lost.map((c) => c.cause)).toContain('check-quorum');
    expect(lost.find((c) => c.cause === 'check-quorum')?.evidence).toMatch(
      /quorum not active \(CheckQuorum\)$/,
    );
    expect(
      e.recorder.history().markers.some((m) => m.kind === 'leader' && m.text.includes('no longer leads')),
    ).toBe(true);
  });

  it('removing the leader is labelled a removal (membership-change)', () => {
    const e = engine(9, 'membership-change');
    e.seekTo(21_000);
    e.finish();
    const changes = e.recorder.history().leaderChanges;
    const causes = changes.map((c) => c.cause);
    expect(causes).toContain('removal');
    expect(causes).not.toContain('pre-vote');
  });

  it('an early isolation does not silently stop the scenario (the link from the issue)', () => {
    const parsed = parseSessionHash(
      '#/?seed=1&scenario=normal-startup&size=3&cursor=8099&in=a6%2C4k2z%2Ci%2C2',
    );
    if (!parsed.ok || parsed.state === null) throw new Error('url');
    const st = parsed.state;
    const e = new SessionEngine({
      seed: st.seed,
      scenario: st.scenario,
      ...(st.size === undefined ? {} : { size: st.size }),
      inputs: st.inputs,
    });
    e.seekTo(st.cursor);
    expect(e.finish()).toBe('done');
    // The workload started once a quorum elected a leader, and its requests were answered.
    expect(e.scenarioProgress.waiting).toBeNull();
    expect(e.recorder.history().calls.filter((c) => c.outcome === 'ok').length).toBeGreaterThan(0);
  });

  it('replaying the input log (a shared URL) reproduces the state', () => {
    const e = engine(5);
    e.runUntil('leader-elected');
    e.finish();
    e.seekTo(e.cursor + 800);
    e.finish();
    e.issue({ kind: 'put', member: 1, key: 'k', value: 'v' });
    e.runUntil('proposal-answered');
    e.finish();
    e.issue({ kind: 'crash', member: 2 });
    stepN(e, 'tick', 2);
    const copy = new SessionEngine({ seed: 5, scenario: 'normal-startup', inputs: e.inputs });
    copy.seekTo(e.cursor);
    copy.finish();
    expect(json(copy)).toBe(json(e));
    expect(copy.recorder.history().calls.map((c) => [c.key, c.outcome])).toEqual(
      e.recorder.history().calls.map((c) => [c.key, c.outcome]),
    );
  });

  it('an input before the frontier rewrites the future (and the history)', () => {
    const e = engine();
    e.seekTo(2000);
    e.finish();
    e.seekTo(500);
    e.finish();
    expect(e.recorder.frontierStep).toBe(2000);
    e.issue({ kind: 'crash', member: 0 });
    expect(e.recorder.frontierStep).toBe(500);
    expect(e.inputs).toEqual([{ step: 500, atUs: e.snapshot().nowUs, input: { kind: 'crash', member: 0 } }]);
    expect(e.snapshot().members[0]?.up).toBe(false);
  });

  it('history is linear: gap samples only when indexes move', () => {
    const e = engine();
    e.seekTo(20_000);
    e.finish();
    const g = e.recorder.gapSeries(0);
    expect(g.steps.length).toBeGreaterThan(2);
    expect(g.steps.length).toBeLessThan(2000);
    for (let i = 0; i < g.gap.length; i++) expect(g.gap[i]).toBe((g.committed[i] ?? 0) - (g.applied[i] ?? 0));
  });
});
