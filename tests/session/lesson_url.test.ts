/**
 * Lesson links: a built-in lesson by name, a teacher's carried whole; `moment=K` after `?` or
 * `&`; every bad part named; format and parse are inverses.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  decodeLessonDoc,
  encodeLessonDoc,
  formatLessonHash,
  isLessonHash,
  parseLessonHash,
} from '../../src/session/lesson_url';
import { builtinLessonDocuments } from '../../src/session/lessons';
import { maxUrlChars } from '../../src/session/url';

describe('lesson links', () => {
  it('name a built-in lesson, at a moment written either way', () => {
    expect(parseLessonHash('#/lesson/first-election')).toEqual({
      ok: true,
      link: { kind: 'builtin', name: 'first-election', moment: 0 },
    });
    for (const h of ['#/lesson/leader-crash?moment=3', '#/lesson/leader-crash&moment=3']) {
      expect(parseLessonHash(h)).toEqual({
        ok: true,
        link: { kind: 'builtin', name: 'leader-crash', moment: 3 },
      });
    }
    expect(parseLessonHash('#/?seed=1&scenario=normal-startup')).toEqual({ ok: true, link: null });
    expect(isLessonHash('#/lessons')).toBe(false);
    expect(isLessonHash('#/lesson?doc=e30')).toBe(true);
  });

  it('say what is wrong and where', () => {
    const r = parseLessonHash('#/lesson/Bad_Name?moment=x&speed=3');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.where)).toEqual(['moment', 'speed', 'lesson']);
    expect(r.errors[0]?.message).toBe('moment: must be a whole number from 0 to 40 (got "x")');
    expect(r.errors[1]?.message).toBe('unknown parameter "speed"');
    const none = parseLessonHash('#/lesson');
    expect(none.ok ? null : none.errors[0]?.message).toBe(
      'lesson: the link names no lesson (#/lesson/<name>)',
    );
    const garbled = parseLessonHash('#/lesson?doc=%%%');
    expect(garbled.ok ? null : garbled.errors[0]?.where).toBe('doc');
    const notJson = parseLessonHash(`#/lesson?doc=${btoa('{not json').replace(/=+$/, '')}`);
    expect(notJson.ok ? null : notJson.errors[0]?.message).toMatch(/^doc: cannot be read as a lesson/);
    const long = parseLessonHash(`#/lesson/x?moment=1${'&'.repeat(maxUrlChars)}`);
    expect(long.ok ? null : long.errors[0]?.where).toBe('url');
  });

  it('carry a teacher’s lesson whole, in any language, and parse back what they format', () => {
    const doc = builtinLessonDocuments[0];
    const h = formatLessonHash({ kind: 'inline', doc }, 2);
    expect(h).not.toBeNull();
    const r = parseLessonHash(h ?? '');
    expect(r).toEqual({
      ok: true,
      link: { kind: 'inline', doc: JSON.parse(JSON.stringify(doc)), moment: 2 },
    });
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 0, max: 40 }), (value, moment) => {
        const doc = JSON.parse(JSON.stringify(value)) as unknown;
        const hash = formatLessonHash({ kind: 'inline', doc }, moment);
        if (hash === null) return;
        expect(parseLessonHash(hash)).toEqual({ ok: true, link: { kind: 'inline', doc, moment } });
      }),
    );
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        expect(decodeLessonDoc(encodeLessonDoc(text))).toEqual({ doc: text });
      }),
    );
    expect(formatLessonHash({ kind: 'builtin', name: 'partition' }, 0)).toBe('#/lesson/partition');
    expect(formatLessonHash({ kind: 'inline', doc: 'x'.repeat(maxUrlChars) }, 1)).toBeNull();
  });
});
