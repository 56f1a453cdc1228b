/**
 * Leads a lesson on the page's session: opens its run (seed and scenario, no inputs), asks each
 * moment's prediction before the run moves, drives the LessonPlayer (src/session/lesson_player)
 * on the session's scheduler so the class watches the run reach the moment, and keeps the link
 * (`#/lesson/<name>?moment=K`) in step so a whole class can land on the same moment.
 *
 * The run must stay the lesson's: when the user changes it (an input, a reset, an imported
 * run), the lesson is left with a notice and the run stays as it is, now an ordinary session.
 */
import { LessonPlayer } from '../../session/lesson_player';
import { parseLesson } from '../../session/lesson';
import type { Lesson } from '../../session/lesson';
import { builtinLesson } from '../../session/lessons';
import { formatLessonHash, parseLessonHash } from '../../session/lesson_url';
import type { LessonLink } from '../../session/lesson_url';
import { formatScenarioError } from '../../cluster/scenario';
import { currentEngine, driveSession, loadSession, refreshSessionUrl, wakeSession } from '../session/boot';
import { useSession } from '../session/store';
import { useLesson, withEntry } from './store';
import type { LessonSource } from './store';

let player: LessonPlayer | null = null;
/** Counts lesson jobs: the end of a job that another one replaced is not news. */
let jobSeq = 0;
/** The hash this module wrote last (its own writes are not new links). */
let lastWritten = '';

function lessonState() {
  return useLesson.getState();
}

/** Refuses a lesson with the banner's usual what-and-where; the current run stays. */
function refuse(where: string, details: readonly string[]): void {
  useSession.getState().setNotice({ kind: 'bad-lesson', where, message: details.join('; '), details });
}

/**
 * Opens `lesson` at moment `at` (1-based; 0 = its start). A moment past the lesson's end opens
 * it at its start, with a notice saying so.
 */
export function openLesson(lesson: Lesson, source: LessonSource, at = 0): void {
  const previous = currentEngine();
  try {
    loadSession({ seed: lesson.seed, scenario: lesson.scenario }, 0);
  } catch (e) {
    refuse(source.kind === 'builtin' ? source.name : (source.file ?? 'doc'), [
      e instanceof Error ? e.message : String(e),
    ]);
    return;
  }
  const engine = currentEngine();
  if (engine === null || engine === previous) return;
  player = new LessonPlayer(lesson, engine);
  lessonState().reset();
  lessonState().set({ lesson, source });
  useSession.getState().setNotice(null);
  if (at > lesson.moments.length) {
    refuse('moment', [`moment: there is no moment ${at} (the lesson has ${lesson.moments.length})`]);
    at = 0;
  }
  if (at > 0) goToMoment(at - 1);
  else writeLink();
}

/** Opens what a lesson link names (`ok: false` when the link was refused, with its notice). */
export function openLessonLink(link: LessonLink): boolean {
  if (link.kind === 'builtin') {
    const r = builtinLesson(link.name);
    if (!r.ok) {
      refuse(
        'lesson',
        r.errors.map((e) => e.message),
      );
      return false;
    }
    openLesson(r.lesson, { kind: 'builtin', name: link.name }, link.moment);
    return true;
  }
  const r = parseLesson(link.doc);
  if (!r.ok) {
    refuse('doc', r.errors.map(formatScenarioError));
    return false;
  }
  openLesson(r.lesson, { kind: 'inline', doc: link.doc }, link.moment);
  return true;
}

/** Opens a teacher's lesson file (its text); refused with the file named, the run kept. */
export function openLessonText(file: string, text: string): boolean {
  let doc: unknown;
  try {
    doc = JSON.parse(text) as unknown;
  } catch (e) {
    refuse(file, [`not JSON: ${e instanceof Error ? e.message : String(e)}`]);
    return false;
  }
  const r = parseLesson(doc);
  if (!r.ok) {
    refuse(file, r.errors.map(formatScenarioError));
    return false;
  }
  openLesson(r.lesson, { kind: 'inline', doc, file });
  return true;
}

/** Leaves the lesson; the run stays where it is, as an ordinary session. */
export function closeLesson(): void {
  player?.cancel();
  player = null;
  lessonState().reset();
  lastWritten = '#/';
  window.history.replaceState(null, '', '#/');
  refreshSessionUrl();
}

/** The player of the open lesson, if its run is still the session's (else the lesson is left). */
function livePlayer(): LessonPlayer | null {
  if (player === null) return null;
  if (currentEngine() !== player.engine) {
    leaveBecause('the run was replaced');
    return null;
  }
  return player;
}

function leaveBecause(why: string): void {
  player = null;
  lessonState().reset();
  useSession.getState().setNotice({ kind: 'lesson-closed', where: 'lesson', message: why });
}

/** Next: asks the next moment's prediction first, if it has one the class has not answered. */
export function nextMoment(): void {
  const s = lessonState();
  if (s.lesson === null || s.phase === 'moving') return;
  const k = s.phase === 'predicting' && s.heading !== null ? s.heading : s.moment + 1;
  const m = s.lesson.moments[k];
  if (m === undefined) return;
  if (m.prediction !== undefined && s.chosen[k] === undefined && s.reached[k] !== true) {
    s.set({ phase: 'predicting', heading: k, error: null });
    return;
  }
  move(k, s.reached[k] !== true);
}

/** The class's answer to the prediction being asked (null = skipped); the run then moves. */
export function answerPrediction(answer: number | null): void {
  const s = lessonState();
  if (s.phase !== 'predicting' || s.heading === null) return;
  const k = s.heading;
  s.set({ chosen: withEntry(s.chosen, k, answer) });
  move(k, true);
}

/** Previous: back to the moment before (a seek), or to the lesson's start. */
export function previousMoment(): void {
  const s = lessonState();
  if (s.lesson === null) return;
  if (s.phase === 'predicting') return s.set({ phase: s.moment < 0 ? 'start' : 'at-moment', heading: null });
  goToMoment(s.moment - 1);
}

/** Jumps to moment k (0-based; -1 = the start) at once, predictions on the way unasked. */
export function goToMoment(k: number): void {
  const s = lessonState();
  if (s.lesson === null) return;
  if (k < 0) {
    const p = livePlayer();
    if (p === null) return;
    jobSeq++;
    p.cancel();
    useSession.getState().seek(0);
    s.set({ moment: -1, phase: 'start', heading: null, error: null, drifted: false });
    writeLink();
    return;
  }
  move(k, false);
}

/** Stops watching: the rest of the way to the moment runs at once. */
export function hurryMoment(): void {
  const p = livePlayer();
  if (p === null || lessonState().phase !== 'moving') return;
  p.hurry();
  lessonState().set({ watching: false });
  wakeSession();
}

function move(k: number, watch: boolean): void {
  const p = livePlayer();
  if (p === null) return;
  const refused = p.begin(k, { watch });
  if (refused !== null) {
    lessonState().set({ phase: 'failed', heading: k, error: refused.ok ? null : refused.reason });
    return;
  }
  const job = ++jobSeq;
  lessonState().set({ phase: 'moving', heading: k, watching: watch, error: null });
  driveSession(p, (r) => {
    const s = lessonState();
    if (player !== p || job !== jobSeq) return;
    if (r === 'cancelled') {
      // The user stepped or sought instead: the lesson stays at the moment it was at.
      s.set({ phase: s.moment < 0 ? 'start' : 'at-moment', heading: null, drifted: true, watching: false });
      return;
    }
    const o = p.outcome;
    if (o === null || !o.ok) {
      s.set({ phase: 'failed', heading: k, error: o === null ? `the run stopped (${r})` : o.reason });
      return;
    }
    s.set({
      moment: o.moment,
      phase: 'at-moment',
      heading: null,
      watching: false,
      drifted: false,
      revealed: withEntry(s.revealed, o.moment, o.revealed),
      reached: reachedUpTo(s.reached, o.moment),
    });
    writeLink();
  });
}

/** Moments up to k are reached once k is (the player ran through them). */
function reachedUpTo(reached: readonly boolean[], k: number): readonly boolean[] {
  const next = [...reached];
  for (let i = 0; i <= k; i++) next[i] = true;
  return next;
}

/** The link of the lesson at its current moment, or null when it is too long to share. */
export function currentLessonLink(): string | null {
  const s = lessonState();
  if (s.source === null) return null;
  return formatLessonHash(s.source, s.moment + 1);
}

function writeLink(): void {
  const h = currentLessonLink();
  // A teacher's long lesson has no link: the address bar keeps the route without the document.
  const next = h ?? '#/lesson';
  if (window.location.hash === next) return;
  lastWritten = next;
  window.history.replaceState(null, '', next);
}

/** The run changed under the lesson (an input, a reset, an import): leave it, keep the run. */
function watchRun(): () => void {
  return useSession.subscribe((st) => {
    if (player === null) return;
    if (currentEngine() !== player.engine) leaveBecause('the run was replaced (a reset or an imported file)');
    else if (st.inputs.length > 0) {
      leaveBecause('you changed the run (a request, a fault or a membership change)');
    }
  });
}

/**
 * Starts listening for lesson links: the page's own hash at boot, and links typed or pasted
 * into an open tab later. Returns a cleanup.
 */
export function bootLessons(): () => void {
  const fromHash = (): void => {
    const h = window.location.hash;
    if (h === lastWritten) return;
    const r = parseLessonHash(h);
    if (!r.ok) {
      refuse(
        r.errors.map((e) => e.where).join(', '),
        r.errors.map((e) => e.message),
      );
      return;
    }
    if (r.link !== null) openLessonLink(r.link);
  };
  fromHash();
  const stopWatching = watchRun();
  window.addEventListener('hashchange', fromHash);
  return () => {
    window.removeEventListener('hashchange', fromHash);
    stopWatching();
    player = null;
    lessonState().reset();
  };
}
