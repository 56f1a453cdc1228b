import { useEffect } from 'react';
import { useLessonOpen } from './lesson_flag';
import { usePreferences, type ViewLevel } from './preferences';

export type { ViewLevel } from './preferences';

/** The user's explicit choice wins; without one, a lesson opens in beginner view, the rest in expert. */
export function effectiveViewLevel(chosen: ViewLevel | null, lessonOpen: boolean): ViewLevel {
  if (chosen !== null) return chosen;
  return lessonOpen ? 'beginner' : 'expert';
}

/** The view level in effect, re-rendering when the choice or the lesson flag changes. */
export function useViewLevel(): ViewLevel {
  const chosen = usePreferences((p) => p.viewLevel);
  const lessonOpen = useLessonOpen((l) => l.open);
  return effectiveViewLevel(chosen, lessonOpen);
}

/** Whether expert-only details should render. */
export function useExpertView(): boolean {
  return useViewLevel() === 'expert';
}

/** The view level as `data-view-level` on <html>, so CSS can hide things too. */
export function useViewLevelAttribute(): void {
  const level = useViewLevel();
  useEffect(() => {
    document.documentElement.dataset.viewLevel = level;
  }, [level]);
}
