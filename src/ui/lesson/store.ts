/**
 * The lesson the page is leading, if any: which moment the class is at, whether a prediction is
 * being asked or the run is on its way to the next moment, and what the class answered. The
 * controller (./controller.ts) is the only writer; the views read it.
 */
import { create } from 'zustand';
import type { Lesson } from '../../session/lesson';
import { useLessonOpen } from '../store/lesson_flag';

/** Where the lesson came from: a link can name a built-in one, a teacher's is carried whole. */
export type LessonSource =
  | { readonly kind: 'builtin'; readonly name: string }
  | { readonly kind: 'inline'; readonly doc: unknown; readonly file?: string };

export type LessonPhase =
  /** At the lesson's start (moment 0: its title and summary), before the first moment. */
  | 'start'
  /** The next moment's prediction is asked; the run waits for the class's answer. */
  | 'predicting'
  /** The run is on its way to `heading` (played at the page's speed, or at once). */
  | 'moving'
  /** At `moment`: its caption is shown, and its revealed answer if it had a prediction. */
  | 'at-moment'
  /** Going to `heading` failed (`error` says why); the run is where it stopped. */
  | 'failed';

export interface LessonState {
  readonly lesson: Lesson | null;
  readonly source: LessonSource | null;
  /** The moment the class is at, 0-based; -1 = the lesson's start. */
  readonly moment: number;
  readonly phase: LessonPhase;
  /** The moment being asked about or gone to (predicting, moving, failed), else null. */
  readonly heading: number | null;
  /** Whether the run moves to `heading` at the page's speed (watched) or at once. */
  readonly watching: boolean;
  /** The class's answer per moment (an index, or null when the prediction was skipped). */
  readonly chosen: readonly (number | null | undefined)[];
  /** The answer each reached moment revealed (an index; null when it has no prediction). */
  readonly revealed: readonly (number | null | undefined)[];
  /** Moments reached at least once (the outline marks them). */
  readonly reached: readonly boolean[];
  readonly error: string | null;
  /** The user moved the run away from the moment (a step, a seek): the caption says so. */
  readonly drifted: boolean;
}

export interface LessonStore extends LessonState {
  set(patch: Partial<LessonState>): void;
  reset(): void;
}

const closed: LessonState = {
  lesson: null,
  source: null,
  moment: -1,
  phase: 'start',
  heading: null,
  watching: false,
  chosen: [],
  revealed: [],
  reached: [],
  error: null,
  drifted: false,
};

export const useLesson = create<LessonStore>()((set) => ({
  ...closed,
  set: (patch) => set(patch),
  reset: () => set(closed),
}));

// The view level (src/ui/store/view_level.ts) opens lessons in the beginner view: it reads
// the flag, which follows this store.
useLesson.subscribe((s, prev) => {
  if ((s.lesson === null) !== (prev.lesson === null)) useLessonOpen.getState().setOpen(s.lesson !== null);
});

/** Whether a lesson is open (the view level and the controls read it). */
export const useLessonIsOpen = (): boolean => useLesson((s) => s.lesson !== null);

/** The replacement of entry `i` of a list (lists in the store are never mutated). */
export function withEntry<T>(list: readonly T[], i: number, value: T): readonly T[] {
  const next = [...list];
  next[i] = value;
  return next;
}
