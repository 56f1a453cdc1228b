/**
 * A cut link is drawn cut while one of its ends is down or restarting: the partition holds for
 * that member when it comes back (the network keeps the cut), so the drawing must say so.
 */
import { describe, expect, it } from 'vitest';
import { SessionEngine } from '../../src/session/engine';

describe('link views', () => {
  it('keep a partition drawn across a member that is down, and after it restarts', () => {
    const e = new SessionEngine({ seed: 1, scenario: 'normal-startup' });
    e.runUntil('leader-elected');
    e.finish();
    e.issue({ kind: 'crash', member: 2 });
    e.issue({ kind: 'isolate', member: 1 });
    const link = (a: number, b: number) =>
      e.snapshot().links.find((l) => l.fromMember === a && l.toMember === b);
    expect(link(1, 2)?.up).toBe(false);
    expect(link(2, 1)?.up).toBe(false);
    expect(link(0, 2)?.up).toBe(true);
    e.issue({ kind: 'restart', member: 2 });
    e.step('tick');
    e.finish();
    expect(link(1, 2)?.up).toBe(false);
    expect(link(0, 1)?.up).toBe(false);
    expect(link(0, 2)?.up).toBe(true);
  });
});
