import { describe, expect, it } from 'vitest';
import { msText, placeFaultBadges } from '../../../src/ui/cluster/model/fault_badges';
import { circleLayout } from '../../../src/ui/cluster/model/layout';

describe('placeFaultBadges', () => {
  const layout = circleLayout(3, 480, 300);
  it('puts member faults on their member, stacked, and link faults at the link’s middle', () => {
    const placed = placeFaultBadges(
      [
        { kind: 'slow-disk', member: 1, fsyncUs: 50_000 },
        { kind: 'slow-apply', member: 1, applyUs: 5000 },
        { kind: 'link-latency', from: 0, to: 2, latencyUs: 1e5, symmetric: true },
        { kind: 'drop-next', from: null, to: null, messageType: 'MsgApp', remaining: 2, delayUs: 0 },
      ],
      layout,
    );
    expect(placed.map((p) => p.on)).toEqual([{ member: 1 }, { member: 1 }, { link: [0, 2] }, null]);
    const [a, b, link] = placed;
    const p1 = layout.positions[1];
    expect(a?.at.x).toBe(p1?.x);
    expect(Math.abs((a?.at.y ?? 0) - (b?.at.y ?? 0))).toBe(15);
    const p0 = layout.positions[0];
    const p2 = layout.positions[2];
    expect(link?.at.x).toBeCloseTo(((p0?.x ?? 0) + (p2?.x ?? 0)) / 2);
  });
  it('formats µs as ms', () => {
    expect(msText(50_000)).toBe('50');
    expect(msText(500)).toBe('0.5');
    expect(msText(1250)).toBe('1.25');
  });
});
