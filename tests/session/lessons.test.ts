/**
 * Lessons say only what the run shows: every built-in lesson plays to its end, each moment's
 * goal held at the step it stopped at, each prediction reveals exactly one answer, and a second
 * player (another class's browser) lands on the same steps with the same hashes.
 */
import { describe, expect, it } from 'vitest';
import { parseLesson } from '../../src/session/lesson';
import { LessonPlayer } from '../../src/session/lesson_player';
import { builtinLesson, builtinLessonDocuments, builtinLessonNames } from '../../src/session/lessons';

function lesson(name: string) {
  const r = builtinLesson(name);
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('; '));
  return r.lesson;
}

describe('built-in lessons', () => {
  it.each(builtinLessonNames)('%s plays to its end; every prediction reveals exactly one answer', (name) => {
    const l = lesson(name);
    const p = new LessonPlayer(l);
    const last = p.goTo(l.moments.length - 1);
    expect(last.ok, last.ok ? '' : last.reason).toBe(true);
    let prev = 0;
    l.moments.forEach((m, k) => {
      const step = p.stepOf(k);
      expect(step).toBeDefined();
      expect(step ?? 0).toBeGreaterThanOrEqual(prev);
      prev = step ?? 0;
      const r = p.goTo(k);
      expect(r.ok).toBe(true);
      if (r.ok && m.prediction !== undefined) expect(r.revealed, `moment ${k + 1}`).not.toBeNull();
      if (r.ok && m.prediction === undefined) expect(r.revealed).toBeNull();
    });
  });

  it.each(builtinLessonNames)('%s: another player lands on the same steps and hashes', (name) => {
    const l = lesson(name);
    const a = new LessonPlayer(l);
    const b = new LessonPlayer(l);
    a.goTo(l.moments.length - 1);
    // b jumps straight to the middle moment, as a class opening a link with moment=K would.
    const k = Math.floor((l.moments.length - 1) / 2);
    const rb = b.goTo(k);
    const ra = a.goTo(k);
    expect(rb).toEqual(ra);
    expect(b.engine.snapshot().traceHash).toBe(a.engine.snapshot().traceHash);
  });

  it('first-election reveals the member the run elected', () => {
    const p = new LessonPlayer(lesson('first-election'));
    const r = p.goTo(0);
    if (!r.ok || r.revealed === null) throw new Error('not revealed');
    const leader = p.engine.snapshot().members.find((m) => m.role === 'StateLeader');
    expect(lesson('first-election').moments[0]?.prediction?.answers[r.revealed]?.text.en).toBe(leader?.name);
    // The caption says term 2: members boot at term 1 and the pre-vote does not move the term.
    expect(leader?.term).toBe(2);
  });

  it('leader-crash reveals the crash as the cause of the second election', () => {
    const l = lesson('leader-crash');
    const p = new LessonPlayer(l);
    const r = p.goTo(2);
    if (!r.ok || r.revealed === null) throw new Error('not revealed');
    expect(l.moments[2]?.prediction?.answers[r.revealed]?.when).toEqual({
      check: 'last-cause',
      cause: 'crash',
    });
  });
});

describe('lesson files', () => {
  const doc = (): Record<string, unknown> =>
    JSON.parse(JSON.stringify(builtinLessonDocuments[0])) as Record<string, unknown>;

  it('say what is wrong and where', () => {
    const bad = doc();
    const moments = bad['moments'] as Record<string, unknown>[];
    (moments[0] as Record<string, unknown>)['until'] = { goal: 'leader-electd' };
    (moments[1] as Record<string, unknown>)['caption'] = { en: 'only English' };
    const r = parseLesson(bad);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const paths = r.errors.map((e) => e.path);
    expect(paths.some((p) => p.startsWith('moments[0].until'))).toBe(true);
    expect(paths).toContain('moments[1].caption.zh-CN');
  });

  it('refuse an unknown scenario, too few answers and an unknown field', () => {
    expect(parseLesson({ ...doc(), scenario: 'nope' })).toMatchObject({
      ok: false,
      errors: [{ path: 'scenario' }],
    });
    const few = doc();
    const m0 = (few['moments'] as Record<string, unknown>[])[0] as { prediction: { answers: unknown[] } };
    m0.prediction.answers = m0.prediction.answers.slice(0, 1);
    const r = parseLesson(few);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.path)).toContain('moments[0].prediction.answers');
    const extra = parseLesson({ ...doc(), colour: 'red' });
    expect(extra.ok).toBe(false);
    if (!extra.ok) expect(extra.errors.map((e) => e.path)).toContain('colour');
  });

  it('a goal that never holds ends with the reason, not a hang', () => {
    const l = lesson('first-election');
    const p = new LessonPlayer({
      ...l,
      moments: [{ until: { goal: 'gap-over-limit' }, caption: l.moments[0]!.caption, highlight: [] }],
    });
    const r = p.goTo(0);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/not reached within 30 s of simulated time/);
    expect(p.goTo(5)).toMatchObject({ ok: false, reason: 'there is no moment 6 (the lesson has 1)' });
  });
});
