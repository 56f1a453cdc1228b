import { describe, expect, it } from 'vitest';
import { SessionEngine } from '../../src/session/engine';
import { requestPhaseOrder } from '../../src/session/request_path';
import type { RequestPhase } from '../../src/session/types';

function ready(): SessionEngine {
  const e = new SessionEngine({ seed: 1, scenario: 'normal-startup' });
  e.runUntil('leader-elected');
  e.finish();
  for (let i = 0; i < 5; i++) {
    e.runUntil('next-commit');
    e.finish();
  }
  return e;
}

/** Steps one kernel step at a time until the request is answered, collecting phases in order. */
function phases(e: SessionEngine): { seen: RequestPhase[]; last: ReturnType<SessionEngine['snapshot']> } {
  const seen: RequestPhase[] = [];
  for (let i = 0; i < 20_000; i++) {
    const p = e.snapshot().requestPath;
    if (p !== null && seen[seen.length - 1] !== p.phase) seen.push(p.phase);
    if (p?.phase === 'answered') break;
    e.step('step');
    e.finish();
  }
  return { seen, last: e.snapshot() };
}

describe('request path', () => {
  it('a put through a follower is sent, forwarded, replicated, committed, applied and answered', () => {
    const e = ready();
    const plain = ready();
    const leader = e.snapshot().leader ?? 0;
    const follower = (leader + 1) % 3;
    e.issue({ kind: 'put', member: follower, key: 'lesson', value: 'one' });
    const { seen, last } = phases(e);
    expect(seen[0]).toBe('sent');
    expect(seen).toContain('forwarded');
    expect(seen).toContain('replicating');
    expect(seen).toContain('committed');
    expect(seen).toContain('applied');
    expect(seen[seen.length - 1]).toBe('answered');
    // Phases never go back.
    const idx = seen.map((p) => requestPhaseOrder.indexOf(p));
    expect([...idx].sort((a, b) => a - b)).toEqual(idx);
    const p = last.requestPath;
    expect(p).toMatchObject({ member: follower, leader, ok: true, error: null, op: 'put', key: 'lesson' });
    expect(p?.index).toBeGreaterThan(0);
    // Observing only: the same input on a plain engine gives the same trace.
    plain.issue({ kind: 'put', member: follower, key: 'lesson', value: 'one' });
    plain.seekTo(e.cursor);
    plain.finish();
    expect(plain.snapshot().traceHash).toBe(last.traceHash);
  });

  it('a put to the leader needs no forwarding; an error answer keeps etcd’s exact text', () => {
    const e = ready();
    const leader = e.snapshot().leader ?? 0;
    e.issue({ kind: 'put', member: leader, key: 'k', value: 'v' });
    const { seen } = phases(e);
    expect(seen).not.toContain('forwarded');
    expect(seen).toContain('appended');
    expect(seen[seen.length - 1]).toBe('answered');
    e.issue({ kind: 'crash', member: 2 });
    e.issue({ kind: 'put', member: 2, key: 'k', value: 'v' });
    const p = e.snapshot().requestPath;
    expect(p).toMatchObject({ phase: 'answered', ok: false, member: 2 });
    expect(p?.error).toBe('rpc error: code = Unavailable desc = connection refused');
  });
});
