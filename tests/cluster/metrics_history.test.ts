import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  CheckpointIndex,
  MetricsHistory,
  downSample,
  memberStateDown,
} from '../../src/cluster/metrics_history';
import type { MemberSample } from '../../src/cluster/metrics_history';
import { StateType } from '../../src/raft/state_type';

function sample(
  term: number,
  committed: number,
  applied = committed,
  lead = 0,
  state: MemberSample['state'] = StateType.StateFollower,
): MemberSample {
  return { term, lead, state, committed, applied, gap: committed - applied };
}

describe('MetricsHistory', () => {
  it('stores rows and reads them back by row and by step', () => {
    const h = new MetricsHistory(3);
    expect(h.record(0, 0, [downSample, downSample, downSample])).toBe(true);
    expect(h.record(5, 100, [sample(2, 1, 0, 0, StateType.StateLeader), sample(2, 1), sample(2, 0)])).toBe(
      true,
    );
    expect(h.record(6, 100, [sample(2, 1, 0, 0, StateType.StateLeader), sample(2, 1), sample(2, 0)])).toBe(
      false,
    );
    expect(h.record(9, 250, [sample(2, 1, 1, 0, StateType.StateLeader), sample(2, 1), sample(2, 1)])).toBe(
      true,
    );
    expect(h.length).toBe(3);
    expect(h.stepOfRow(1)).toBe(5);
    expect(h.timeUsOfRow(2)).toBe(250);
    expect(h.sample(1, 0)).toEqual(sample(2, 1, 0, 0, StateType.StateLeader));
    expect(h.sample(0, 2).state).toBe(memberStateDown);
    expect(h.rowAtStep(-1)).toBe(-1);
    expect(h.rowAtStep(0)).toBe(0);
    expect(h.rowAtStep(4)).toBe(0);
    expect(h.rowAtStep(7)).toBe(1);
    expect(h.rowAtStep(1000)).toBe(2);
    expect(h.valuesAt(8)?.[0]?.gap).toBe(1);
    expect(h.series('applied', 2)).toEqual([0, 0, 1]);
    expect(() => h.record(8, 0, [])).toThrow(/after step 9/);
    expect(() => h.sample(3, 0)).toThrow();
  });

  it('keeps the last write of a step', () => {
    const h = new MetricsHistory(1);
    h.record(1, 0, [sample(1, 1)]);
    h.record(2, 0, [sample(1, 2)]);
    h.record(2, 0, [sample(1, 3)]);
    expect(h.length).toBe(2);
    expect(h.sample(1, 0).committed).toBe(3);
  });

  it('grows by doubling and agrees with a plain array model', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(3), fc.nat(2), fc.nat(2)), { maxLength: 2000 }),
        fc.array(fc.nat(5000), { maxLength: 50 }),
        (deltas, probes) => {
          const h = new MetricsHistory(2);
          const model: { step: number; s: MemberSample[] }[] = [];
          let step = 0;
          let commit = 0;
          for (const [dStep, dCommit, lag] of deltas) {
            step += dStep;
            commit += dCommit;
            const s = [sample(1, commit, Math.max(0, commit - lag)), sample(1, commit)];
            const last = model[model.length - 1];
            if (last !== undefined && JSON.stringify(last.s) === JSON.stringify(s)) {
              h.record(step, step * 10, s);
              continue;
            }
            if (last !== undefined && last.step === step) model.pop();
            model.push({ step, s });
            h.record(step, step * 10, s);
          }
          expect(h.length).toBe(model.length);
          for (const p of probes) {
            let want = -1;
            for (let i = 0; i < model.length; i++) if ((model[i] as { step: number }).step <= p) want = i;
            const row = h.rowAtStep(p);
            expect(row).toBe(want);
            if (row >= 0) expect([h.sample(row, 0), h.sample(row, 1)]).toEqual(model[want]?.s);
          }
        },
      ),
      { seed: 11, numRuns: 100 },
    );
  });

  it('uses memory linear in rows: bytes per stored row within 2x of the payload', () => {
    const slots = 5;
    const h = new MetricsHistory(slots);
    const rows = 100_000;
    for (let i = 0; i < rows; i++) {
      h.record(
        i * 3,
        i * 1000,
        Array.from({ length: slots }, (_, s) => sample(2, i + s, i)),
      );
    }
    expect(h.length).toBe(rows);
    const payload = 16 + 18 * slots;
    expect(h.bytesPerRow).toBe(payload);
    const perRow = h.byteLength / rows;
    // Doubling leaves at most half the capacity unused.
    expect(perRow).toBeGreaterThanOrEqual(payload);
    expect(perRow).toBeLessThanOrEqual(2 * payload + 1);
    // Steps that change nothing cost nothing.
    const before = h.byteLength;
    for (let i = 0; i < 100_000; i++)
      h.record(
        rows * 3 + i,
        0,
        Array.from({ length: slots }, (_, s) => sample(2, rows - 1 + s, rows - 1)),
      );
    expect(h.byteLength).toBe(before);
    expect(h.length).toBe(rows);
  });

  it('answers rowAtStep fast for sequential and random cursors', () => {
    const h = new MetricsHistory(3);
    for (let i = 0; i < 50_000; i++) h.record(i * 2, i, [sample(1, i), sample(1, i), sample(1, i)]);
    let sum = 0;
    for (let s = 0; s < 100_000; s++) sum += h.rowAtStep(s);
    expect(sum).toBeGreaterThan(0);
    expect(h.rowAtStep(99_999)).toBe(49_999);
    expect(h.rowAtStep(10)).toBe(5);
  });

  it('truncates the future when a run diverges', () => {
    const h = new MetricsHistory(1);
    for (let i = 0; i < 10; i++) h.record(i * 10, i, [sample(1, i)]);
    h.addCheckpoint(0);
    h.addCheckpoint(40);
    h.addCheckpoint(80);
    h.truncateAfter(45);
    expect(h.length).toBe(5);
    expect(h.checkpointSteps).toEqual([0, 40]);
    expect(h.lastRecordedStep).toBe(45);
    h.record(46, 46, [sample(2, 100)]);
    expect(h.rowAtStep(1000)).toBe(5);
  });
});

describe('checkpoints', () => {
  it('finds the nearest checkpoint at or before a step', () => {
    const c = new CheckpointIndex();
    expect(c.nearest(5)).toBeUndefined();
    for (const s of [0, 100, 200, 1000]) c.add(s);
    expect(c.nearest(0)).toBe(0);
    expect(c.nearest(99)).toBe(0);
    expect(c.nearest(100)).toBe(100);
    expect(c.nearest(999)).toBe(200);
    expect(c.nearest(10 ** 9)).toBe(1000);
    expect(() => c.add(1000)).toThrow();
  });

  it('matches a linear scan', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.nat(100_000), { maxLength: 300 }),
        fc.array(fc.integer({ min: -5, max: 100_005 }), { maxLength: 50 }),
        (steps, probes) => {
          const sorted = steps.slice().sort((a, b) => a - b);
          const c = new CheckpointIndex();
          for (const s of sorted) c.add(s);
          for (const p of probes) {
            const want = sorted.filter((s) => s <= p).pop();
            expect(c.nearest(p)).toBe(want);
          }
        },
      ),
      { seed: 12 },
    );
  });
});
