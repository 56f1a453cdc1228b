import { describe, expect, it } from 'vitest';
import { SessionEngine } from '../../src/session/engine';
import { logTailLimit } from '../../src/session/snapshot';

describe('snapshot log tail (the log grid’s data)', () => {
  it('carries each member’s latest entry terms, matching its indexes, without changing the run', () => {
    const e = new SessionEngine({ seed: 1, scenario: 'normal-startup' });
    const plain = new SessionEngine({ seed: 1, scenario: 'normal-startup' });
    e.runUntil('leader-elected');
    expect(e.finish()).toBe('done');
    e.runUntil('next-commit');
    expect(e.finish()).toBe('done');
    // Reading the tail many times must not change the trace.
    for (let i = 0; i < 5; i++) e.snapshot();
    const snap = e.snapshot();
    plain.seekTo(e.cursor);
    plain.finish();
    expect(plain.snapshot().traceHash).toBe(snap.traceHash);
    for (const m of snap.members) {
      if (!m.up) continue;
      const { fromIndex, terms } = m.logTail;
      expect(terms.length).toBeLessThanOrEqual(logTailLimit);
      expect(fromIndex + terms.length - 1).toBe(m.lastIndex);
      expect(terms.length).toBeGreaterThan(0);
      // Terms never decrease along a log, and none is newer than the member's term.
      for (let i = 1; i < terms.length; i++) expect(terms[i]).toBeGreaterThanOrEqual(terms[i - 1] ?? 0);
      expect(terms[terms.length - 1]).toBeLessThanOrEqual(m.term);
    }
  });
});
