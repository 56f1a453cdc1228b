/**
 * A lesson in the URL: `#/lesson/<name>?moment=K` opens a built-in lesson at moment K (1-based;
 * 0 or absent = its start), `#/lesson?doc=<base64url JSON>&moment=K` a teacher's own lesson
 * carried whole in the link. `&moment=K` is read like `?moment=K` after a name, so a link typed
 * either way works. A class opening the same link lands on the same step with the same hash.
 *
 * Parsing never throws: a bad link is a list of errors naming the parameter, in the style of
 * the session URL (./url.ts), and the caller keeps the current run.
 */
import { maxLessonMoments } from './lesson';
import { maxUrlChars } from './url';

export type LessonLink =
  | { readonly kind: 'builtin'; readonly name: string; readonly moment: number }
  /** `doc` is the parsed JSON; it still has to pass parseLesson. */
  | { readonly kind: 'inline'; readonly doc: unknown; readonly moment: number };

export interface BadLessonLink {
  readonly where: string;
  readonly message: string;
}

export type LessonLinkParse =
  | { readonly ok: true; readonly link: LessonLink | null }
  | { readonly ok: false; readonly errors: readonly BadLessonLink[] };

const lessonRoute = /^#\/lesson(?:\/([^?&]*))?(?:[?&](.*))?$/s;

/** Whether a hash is a lesson route (valid or not). */
export function isLessonHash(hash: string): boolean {
  return hash === '#/lesson' || hash.startsWith('#/lesson/') || hash.startsWith('#/lesson?');
}

/** Parses a lesson route; `ok` with null link for a hash that is not one. */
export function parseLessonHash(hash: string): LessonLinkParse {
  if (!isLessonHash(hash)) return { ok: true, link: null };
  if (hash.length > maxUrlChars) {
    return {
      ok: false,
      errors: [
        { where: 'url', message: `the link is longer than ${maxUrlChars} characters (${hash.length})` },
      ],
    };
  }
  const m = lessonRoute.exec(hash);
  if (m === null)
    return { ok: false, errors: [{ where: 'url', message: `cannot read the lesson link "${hash}"` }] };
  const name = decodeURIComponent(m[1] ?? '');
  const params = new URLSearchParams(m[2] ?? '');
  const errors: BadLessonLink[] = [];
  let moment = 0;
  let doc: unknown = undefined;
  for (const [k, v] of params) {
    if (k === 'moment') {
      if (!/^\d{1,3}$/.test(v) || Number(v) > maxLessonMoments) {
        errors.push({
          where: 'moment',
          message: `moment: must be a whole number from 0 to ${maxLessonMoments} (got "${v}")`,
        });
      } else moment = Number(v);
    } else if (k === 'doc') {
      const d = decodeLessonDoc(v);
      if (typeof d === 'string') errors.push({ where: 'doc', message: `doc: ${d}` });
      else doc = d.doc;
    } else errors.push({ where: k, message: `unknown parameter "${k}"` });
  }
  if (name !== '' && params.has('doc')) {
    errors.push({ where: 'doc', message: 'doc: a link names a built-in lesson or carries one, not both' });
  }
  if (name === '' && !params.has('doc')) {
    errors.push({ where: 'lesson', message: 'lesson: the link names no lesson (#/lesson/<name>)' });
  } else if (name !== '' && !/^[a-z0-9][a-z0-9-]{0,63}$/.test(name)) {
    errors.push({ where: 'lesson', message: `lesson: "${name}" is not a lesson name` });
  }
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    link: name === '' ? { kind: 'inline', doc, moment } : { kind: 'builtin', name, moment },
  };
}

/**
 * The link of a lesson at moment K (1-based, 0 = its start): by name for a built-in one, else
 * with the document in it; null when that document makes the link too long to share.
 */
export function formatLessonHash(
  lesson:
    { readonly kind: 'builtin'; readonly name: string } | { readonly kind: 'inline'; readonly doc: unknown },
  moment: number,
): string | null {
  const at = moment > 0 ? `moment=${moment}` : '';
  if (lesson.kind === 'builtin') return `#/lesson/${lesson.name}${at === '' ? '' : `?${at}`}`;
  const hash = `#/lesson?doc=${encodeLessonDoc(lesson.doc)}${at === '' ? '' : `&${at}`}`;
  return hash.length > maxUrlChars ? null : hash;
}

/** JSON as base64url of its UTF-8 bytes (URL-safe, no padding). */
export function encodeLessonDoc(doc: unknown): string {
  const bytes = new TextEncoder().encode(JSON.stringify(doc));
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The JSON of a base64url text, or why it cannot be read. */
export function decodeLessonDoc(text: string): { readonly doc: unknown } | string {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return 'is not base64url text';
  try {
    const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
    return { doc: JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as unknown };
  } catch (e) {
    return `cannot be read as a lesson (${e instanceof Error ? e.message : String(e)})`;
  }
}
