import { describe, expect, it } from 'vitest';
import { SessionEngine } from '../../src/session/engine';
import { runScenario } from '../../src/cluster/scenario_runner';
import { scenarioWith } from '../../src/cluster/scenario_script';
import { builtinScenario } from '../../src/cluster/scenarios';
import { formatSessionHash, parseSessionHash } from '../../src/session/url';
import { parseImportText, serializeRunFile } from '../../src/session/run_file';
import type { TimedInput, UserInput } from '../../src/session/types';

const leaderOf = (e: SessionEngine): number =>
  e.snapshot().members.findIndex((m) => m.role === 'StateLeader');

function seek(e: SessionEngine, step: number): void {
  e.seekTo(step);
  e.finish();
}

const memberCalls = (e: SessionEngine) =>
  e.recorder.history().calls.filter((c) => c.op.startsWith('member') || c.op === 'move-leader');

/** Issues a membership input and runs until its call is answered; returns the call's view. */
function answered(e: SessionEngine, input: UserInput) {
  const before = memberCalls(e).length;
  e.issue(input);
  for (let i = 0; i < 200; i++) {
    const calls = memberCalls(e);
    const last = calls.at(-1);
    if (calls.length > before && last !== undefined && last.outcome !== 'pending') return last;
    seek(e, e.cursor + 200);
  }
  throw new Error('no answer');
}

describe('membership in the classroom engine', () => {
  it('membership-change: the UI engine and the headless scenario runner agree (trace hash)', () => {
    const e = new SessionEngine({ seed: 9, scenario: 'membership-change' });
    seek(e, 22_000);
    const sc = builtinScenario('membership-change');
    if (!sc.ok) throw new Error('scenario');
    const { run } = runScenario(scenarioWith(sc.scenario, { seed: 9 }), { stopAtStep: 22_000 });
    const snap = e.snapshot();
    expect(snap.traceHash).toBe(run.cluster.traceHash());
    // infra4 joined and caught up; the old leader was removed (not merely crashed).
    expect(snap.size).toBe(4);
    expect(snap.initialSize).toBe(3);
    const infra4 = snap.members[3];
    expect(infra4?.name).toBe('infra4');
    expect(infra4?.up).toBe(true);
    expect(infra4?.appliedIndex).toBeGreaterThan(10);
    const removed = snap.members.filter((m) => m.removed);
    expect(removed).toHaveLength(1);
    expect(removed[0]?.up).toBe(false);
    // Its history grew with it: a timeline lane, gap samples, Ready cards.
    const h = e.recorder.history();
    expect(h.memberCount).toBe(4);
    expect(h.roleSegments.some((s) => s.member === 3)).toBe(true);
    expect(e.recorder.gapSeries(3).steps.length).toBeGreaterThan(0);
    expect(e.recorder.readyLanes()[3]?.length).toBeGreaterThan(0);
    expect(
      h.calls.filter((c) => c.op === 'member-add' || c.op === 'member-remove').map((c) => c.outcome),
    ).toEqual(['ok', 'ok']);
  });

  it('a user adds a learner, promotes it and moves the leadership to it; step back replays it', () => {
    const e = new SessionEngine({ seed: 1, scenario: 'normal-startup' });
    seek(e, 12_000);
    const l = leaderOf(e);
    expect(l).toBeGreaterThanOrEqual(0);
    expect(answered(e, { kind: 'member-add', member: l, learner: true }).outcome).toBe('ok');
    seek(e, e.cursor + 3000);
    expect(e.snapshot().members[3]?.learner).toBe(true);
    // A learner cannot take the leadership: etcd's exact error reaches the client.
    const refused = answered(e, { kind: 'move-leader', member: 3, via: leaderOf(e) });
    expect(refused.outcome).toBe('error');
    expect(refused.error).toMatch(/etcdserver: /);
    expect(answered(e, { kind: 'member-promote', member: 3, via: leaderOf(e) }).outcome).toBe('ok');
    seek(e, e.cursor + 2000);
    expect(e.snapshot().members[3]?.learner).toBe(false);
    expect(answered(e, { kind: 'move-leader', member: 3, via: leaderOf(e) }).outcome).toBe('ok');
    seek(e, e.cursor + 2000);
    expect(leaderOf(e)).toBe(3);
    const change = e.recorder.history().leaderChanges.at(-1);
    expect(change?.member).toBe(3);
    expect(change?.cause).toBe('transfer');

    // The inputs replay from the URL and by stepping back.
    const hash = e.snapshot().traceHash;
    const url = parseSessionHash(
      formatSessionHash({ seed: 1, scenario: 'normal-startup', cursor: e.cursor, inputs: e.inputs }),
    );
    if (!url.ok || url.state === null) throw new Error('url');
    expect(url.state.inputs).toEqual(e.inputs);
    const copy = new SessionEngine({ seed: 1, scenario: 'normal-startup', inputs: url.state.inputs });
    seek(copy, e.cursor);
    expect(copy.snapshot().traceHash).toBe(hash);
    // … and from an exported run file (its inputs name infra4, beyond the initial size).
    const file = parseImportText(
      serializeRunFile({
        seed: 1,
        scenario: e.scenarioDoc,
        size: 3,
        inputs: e.inputs,
        cursor: e.cursor,
        traceHash: hash,
      }),
    );
    if (!file.ok || file.file.kind !== 'run') throw new Error('run file');
    const imported = new SessionEngine(file.file.setup);
    seek(imported, file.file.cursor);
    expect(imported.snapshot().traceHash).toBe(hash);
    const at = e.cursor;
    seek(e, 100);
    seek(e, at);
    expect(e.snapshot().traceHash).toBe(hash);
  });

  it('URL codes of the membership inputs round-trip', () => {
    const inputs: TimedInput[] = [
      { step: 1, atUs: 2, input: { kind: 'member-add', member: 0, learner: false } },
      { step: 3, atUs: 4, input: { kind: 'member-add', member: 1, learner: true } },
      { step: 5, atUs: 6, input: { kind: 'member-promote', member: 3, via: 1 } },
      { step: 7, atUs: 8, input: { kind: 'move-leader', member: 3, via: 1 } },
      { step: 9, atUs: 10, input: { kind: 'member-remove', member: 0, via: 3 } },
    ];
    const p = parseSessionHash(formatSessionHash({ seed: 1, scenario: 'normal-startup', cursor: 0, inputs }));
    expect(p.ok && p.state?.inputs).toEqual(inputs);
  });
});
