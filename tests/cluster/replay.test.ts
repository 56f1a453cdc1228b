import { describe, expect, it } from 'vitest';
import { performance } from 'node:perf_hooks';
import { ReplayDivergence, Run } from '../../src/cluster/run_record';
import { Seeker } from '../../src/cluster/seeker';
import type { RunSpec } from '../../src/cluster/run_record';
import type { MemberState } from '../../src/cluster/cluster';

const spec: RunSpec = { size: 3, seed: 21, checkpointEverySteps: 2_000 };

/** A run with a workload, a crash and restart, a partition and a few single requests. */
function recorded(): Run {
  const run = new Run(spec);
  run.apply({
    kind: 'start-workload',
    workload: {
      opsPerSecond: 20,
      readRatio: 0.3,
      keySpace: 4,
      valueBytes: 8,
      reads: 'linearizable',
      target: 'leader',
      clients: 2,
    },
  });
  run.runFor(2_000_000);
  const l = run.cluster.leader() ?? 0;
  run.apply({ kind: 'fault', fault: { kind: 'crash', member: l } });
  run.apply({ kind: 'caption', caption: { en: 'the leader crashed' } });
  run.runUntil((r) => r.cluster.leader() !== undefined, 3_000_000);
  run.apply({
    kind: 'request',
    request: { op: 'put', member: run.cluster.leader() ?? 0, key: 'k', value: 'after-crash' },
  });
  run.runFor(700_000);
  run.apply({ kind: 'fault', fault: { kind: 'restart', member: l } });
  run.apply({ kind: 'fault', fault: { kind: 'partition', groups: [[0]] } });
  run.runFor(1_300_000);
  run.apply({ kind: 'fault', fault: { kind: 'heal' } });
  run.apply({ kind: 'fault', fault: { kind: 'drop-next', count: 2, messageType: 'MsgApp' } });
  run.runFor(2_000_000);
  return run;
}

/** What must be equal between two runs at the same step. */
function state(run: Run): { step: number; nowUs: number; hash: string; members: MemberState[] } {
  const c = run.cluster;
  return {
    step: run.step,
    nowUs: run.nowUs,
    hash: c.traceHash(),
    members: c.members.map((m) => ({ ...c.memberState(m.index), status: null })),
  };
}

describe('run record: a run is its seed plus its input log', () => {
  it('replaying the log gives the same trace hash and member states at the end', () => {
    const run = recorded();
    const copy = run.replica();
    copy.runToStep(run.step);
    expect(state(copy)).toEqual(state(run));
    expect(copy.events.map((e) => [e.step, e.atUs, e.text])).toEqual(
      run.events.map((e) => [e.step, e.atUs, e.text]),
    );
    expect(copy.clients.history()).toEqual(run.clients.history());
  });

  it('seek(step) back equals running straight to that step; seeking forward again returns to the end', () => {
    const run = recorded();
    const end = state(run);
    for (const target of [1, 1234, Math.floor(run.step / 2), run.step - 1]) {
      const back = run.seek(target);
      expect(back).not.toBe(run);
      const straight = new Run(spec, { log: run.inputs() });
      straight.runToStep(target);
      expect(state(back)).toEqual(state(straight));
      expect(back.step).toBe(target);
    }
    const back = run.seek(100);
    const forward = back.seek(run.step);
    expect(forward).toBe(back);
    // Forward ends on the step; the recorded run may have moved its clock on after its last step.
    forward.runFor(end.nowUs - forward.nowUs);
    expect(state(forward)).toEqual(end);
    expect(forward.events.length).toBe(run.events.length);
  });

  it('an input after a seek back starts a new branch: the rest of the log is dropped', () => {
    const run = recorded();
    const back = run.seek(3_000);
    const kept = back.inputs().filter((x) => x.step <= 3_000).length;
    back.apply({ kind: 'fault', fault: { kind: 'crash', member: 2 } });
    expect(back.inputs().length).toBe(kept + 1);
    back.runFor(1_000_000); // checkpoints recorded on the old branch are no longer compared
    expect(back.cluster.isUp(2)).toBe(false);
  });

  it('a replay that takes another path is detected at the next checkpoint', () => {
    const run = recorded();
    const forged = new Run({ ...spec, seed: 22 }, { log: run.inputs() });
    (forged as unknown as { expected: unknown }).expected = run.checkpoints.slice();
    expect(() => forged.runToStep(run.step)).toThrow(ReplayDivergence);
  });

  it('checkpoints are sparse and memory grows with inputs, not with steps', () => {
    const run = recorded();
    expect(run.checkpoints.length).toBe(Math.floor(run.step / 2_000));
    expect(run.inputs().length).toBeLessThan(20);
  });

  it('replay is fast enough to seek (reported, not asserted)', () => {
    const run = recorded();
    const t0 = performance.now();
    const back = run.seek(run.step - 1);
    const ms = performance.now() - t0;
    console.log(
      `seek back over ${back.step} steps (${(back.nowUs / 1e6).toFixed(1)} virtual s): ${ms.toFixed(0)} ms`,
    );
    expect(back.step).toBe(run.step - 1);
  });

  it('a shadow replay kept behind the head makes a short seek back cheap, and gives the same state', () => {
    const run = recorded();
    const seeker = new Seeker(run, 3_000);
    seeker.catchUp();
    expect(seeker.shadowStep).toBe(run.step - 3_000);
    const target = run.step - 1_000;
    const { run: back, fromStep } = seeker.seek(target);
    expect(fromStep).toBe(run.step - 3_000);
    const straight = new Run(spec, { log: run.inputs() });
    straight.runToStep(target);
    expect(state(back)).toEqual(state(straight));
    // The used shadow is replaced by a fresh one from the start; a far seek replays from 0.
    expect(seeker.shadowStep).toBe(0);
    expect(seeker.seek(500).fromStep).toBe(0);
  });

  it('the shadow follows the head across a branch', () => {
    const run = recorded();
    const seeker = new Seeker(run, 2_000);
    const branchStep = run.step - 5_000;
    const head = seeker.seek(branchStep).run;
    head.apply({ kind: 'fault', fault: { kind: 'crash', member: 1 } });
    head.runFor(1_000_000);
    seeker.catchUp();
    const target = head.step - 1_000;
    const end = state(head);
    const { run: back, fromStep } = seeker.seek(target);
    expect(fromStep).toBeGreaterThan(0);
    const straight = new Run(spec, { log: head.inputs() });
    straight.runToStep(target);
    expect(state(back)).toEqual(state(straight));
    const again = seeker.seek(end.step).run;
    expect(again.cluster.traceHash()).toBe(end.hash);
  });
});
