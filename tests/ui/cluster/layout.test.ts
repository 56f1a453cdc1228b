import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  circleLayout,
  crownRoomPx,
  flightProgress,
  labelRoomPx,
  laneEnds,
  sideLabelPx,
  memberPairs,
  stackLevels,
} from '../../../src/ui/cluster/model/layout';

describe('circleLayout', () => {
  it('puts the first member at the top and goes clockwise', () => {
    const l = circleLayout(3, 400, 300);
    const [a, b, c] = l.positions;
    expect(a?.x).toBeCloseTo(200);
    expect(a?.y).toBeLessThan(150);
    expect(b?.x).toBeGreaterThan(200);
    expect(c?.x).toBeLessThan(200);
  });

  it('keeps every member and its label inside the box', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 160, max: 2000 }),
        fc.integer({ min: 160, max: 1200 }),
        (n, w, h) => {
          const l = circleLayout(n, w, h);
          expect(l.positions).toHaveLength(n);
          l.positions.forEach((p, i) => {
            const side = l.labelSides[i];
            const left = side === 'left' ? sideLabelPx : 0;
            const right = side === 'right' ? sideLabelPx : 0;
            expect(p.x - l.nodeRadius - left).toBeGreaterThanOrEqual(-1e-9);
            expect(p.x + l.nodeRadius + right).toBeLessThanOrEqual(w + 1e-9);
            expect(p.y - l.nodeRadius - crownRoomPx).toBeGreaterThanOrEqual(-1e-9);
            expect(p.y + l.nodeRadius + labelRoomPx).toBeLessThanOrEqual(h + 1e-9);
          });
        },
      ),
    );
  });

  it('is deterministic and seats one member in the centre, two side by side', () => {
    expect(circleLayout(5, 500, 400)).toEqual(circleLayout(5, 500, 400));
    expect(circleLayout(1, 200, 100).positions[0]).toEqual({ x: 100, y: 50 });
    const two = circleLayout(2, 400, 200).positions;
    expect(two[0]?.y).toBeCloseTo(two[1]?.y ?? NaN);
  });

  it('puts the labels of the far left and right members beside them', () => {
    expect(circleLayout(3, 600, 300).labelSides).toEqual(['below', 'right', 'left']);
    expect(circleLayout(2, 600, 300).labelSides).toEqual(['left', 'right']);
    expect(circleLayout(1, 600, 300).labelSides).toEqual(['below']);
  });

  it('rejects a bad member count', () => {
    expect(() => circleLayout(-1, 10, 10)).toThrow();
  });
});

describe('links and messages', () => {
  it('lists each pair once', () => {
    expect(memberPairs(3)).toEqual([
      [0, 1],
      [0, 2],
      [1, 2],
    ]);
    expect(memberPairs(7)).toHaveLength(21);
  });

  it('puts the two directions of a link on separate tracks trimmed to the rims', () => {
    const a = { x: 0, y: 0 };
    const b = { x: 100, y: 0 };
    const [s1, e1] = laneEnds(a, b, 10, 5);
    const [s2, e2] = laneEnds(b, a, 10, 5);
    expect(s1.x).toBeCloseTo(12);
    expect(e1.x).toBeCloseTo(88);
    expect(s1.y).toBeCloseTo(5);
    expect(s2.y).toBeCloseTo(-5);
    expect(e2.x).toBeCloseTo(12);
  });

  it('moves a message by virtual time only', () => {
    expect(flightProgress(100, 200, 50)).toBe(0);
    expect(flightProgress(100, 200, 150)).toBe(0.5);
    expect(flightProgress(100, 200, 999)).toBe(1);
    expect(flightProgress(100, 100, 100)).toBe(1);
  });

  it('stacks labels of messages at the same spot', () => {
    const levels = stackLevels(
      [
        { key: '0>1', progress: 0.5 },
        { key: '0>1', progress: 0.52 },
        { key: '0>2', progress: 0.5 },
        { key: '0>1', progress: 0.9 },
      ],
      0.1,
    );
    expect(levels).toEqual([0, 1, 0, 0]);
  });
});
