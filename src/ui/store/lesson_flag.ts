import { create } from 'zustand';

export interface LessonFlagState {
  /** Whether a lesson is open on the page (set by the lesson mode). */
  open: boolean;
  setOpen(open: boolean): void;
}

/**
 * Whether a lesson is open. The lesson mode sets it; the view level reads it, because a lesson
 * opens in the beginner view unless the user chose a level.
 */
export const useLessonOpen = create<LessonFlagState>()((set) => ({
  open: false,
  setOpen(open) {
    set({ open });
  },
}));
