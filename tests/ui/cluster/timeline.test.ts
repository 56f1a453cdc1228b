import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  causeKey,
  defaultWindow,
  formatVirtualTime,
  packRows,
  textWidthPx,
  termBoundaries,
  visibleChanges,
  visibleSegments,
} from '../../../src/ui/cluster/model/timeline';
import type { LeaderChange, RoleSegment } from '../../../src/session/types';
import { clusterEn } from '../../../src/ui/i18n/cluster.en';

const seg = (
  member: number,
  role: RoleSegment['role'],
  term: number,
  startStep: number,
  endStep: number | null,
): RoleSegment => ({
  member,
  role,
  term,
  startStep,
  startUs: startStep * 10,
  endStep,
  endUs: endStep === null ? null : endStep * 10,
});

describe('leader timeline model', () => {
  const segments = [
    seg(0, 'StateFollower', 1, 0, 50),
    seg(0, 'StateCandidate', 2, 50, 60),
    seg(0, 'StateLeader', 2, 60, null),
    seg(1, 'StateFollower', 2, 55, null),
  ];

  it('shows only what the cursor has reached, cut at the cursor', () => {
    const v = visibleSegments(segments, 55, 550);
    expect(v).toHaveLength(3);
    expect(v[1]).toMatchObject({ role: 'StateCandidate', endUs: 550, open: true });
    expect(v[0]).toMatchObject({ endUs: 500, open: false });
  });

  it('finds where each term began', () => {
    expect(termBoundaries(visibleSegments(segments, 100, 1000))).toEqual([
      { term: 1, atUs: 0 },
      { term: 2, atUs: 500 },
    ]);
  });

  it('hides leader changes after the cursor', () => {
    const c = (step: number): LeaderChange => ({
      step,
      timeUs: step,
      member: 0,
      previous: null,
      term: 2,
      cause: 'election-timeout',
      evidence: '',
    });
    expect(visibleChanges([c(5), c(10)], 7)).toHaveLength(1);
  });

  it('has a label for every cause', () => {
    const causes = [
      'startup',
      'election-timeout',
      'pre-vote',
      'check-quorum',
      'transfer',
      'crash',
      'partition',
      'unknown',
    ] as const;
    for (const cause of causes) {
      const key = causeKey(cause).replace('cluster.', '');
      const [, sub] = key.split('.cause.');
      expect(clusterEn.leaderTimeline.cause[sub as keyof typeof clusterEn.leaderTimeline.cause]).toBeTruthy();
      expect(clusterEn.leaderTimeline.causeShort[cause]).toBeTruthy();
    }
  });

  it('estimates label widths, wider for Chinese', () => {
    expect(textWidthPx('', 12)).toBe(0);
    expect(textWidthPx('timeout', 12)).toBeGreaterThan(40);
    expect(textWidthPx('超时', 12)).toBe(24);
  });

  it('formats virtual time', () => {
    expect(formatVirtualTime(999)).toBe('999 µs');
    expect(formatVirtualTime(1500)).toBe('1.5 ms');
    expect(formatVirtualTime(100_000)).toBe('100 ms');
    expect(formatVirtualTime(2_000_000)).toBe('2 s');
    expect(formatVirtualTime(1_234_567)).toBe('1.235 s');
    expect(defaultWindow(0)).toEqual([0, 50_000]);
    expect(defaultWindow(1_000_000)[1]).toBeCloseTo(1_080_000);
  });

  it('packs labels into rows without overlap while rows last', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ x: fc.integer({ min: 0, max: 1000 }), width: fc.integer({ min: 1, max: 80 }) }),
          { maxLength: 30 },
        ),
        (items) => {
          const rows = packRows(items, 50, 4);
          for (let i = 0; i < items.length; i++) {
            for (let j = 0; j < items.length; j++) {
              const a = items[i];
              const b = items[j];
              if (i === j || a === undefined || b === undefined || rows[i] !== rows[j] || rows[i] === -1)
                continue;
              const overlap = a.x < b.x + b.width + 4 && b.x < a.x + a.width + 4;
              expect(overlap).toBe(false);
            }
          }
        },
      ),
    );
    expect(
      packRows(
        [
          { x: 0, width: 50 },
          { x: 10, width: 50 },
          { x: 20, width: 5 },
        ],
        2,
      ),
    ).toEqual([0, 1, -1]);
  });
});
