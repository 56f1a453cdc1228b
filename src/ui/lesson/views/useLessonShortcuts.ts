import { useEffect } from 'react';
import { nextMoment, previousMoment } from '../controller';
import { useLesson } from '../store';

/** Keys typed into a field, or inside an open dialog or menu, are not shortcuts. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.closest('dialog[open], [role="menu"]') !== null) return true;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable;
}

/**
 * While a lesson is open: Page Down / N go to the next moment and Page Up / B to the previous
 * one, which is what a presentation clicker sends, so a teacher can lead from the back of a room.
 */
export function useLessonShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.altKey || e.ctrlKey || e.metaKey || isTyping(e.target)) return;
      if (useLesson.getState().lesson === null) return;
      if (e.key === 'PageDown' || e.key === 'n' || e.key === 'N') nextMoment();
      else if (e.key === 'PageUp' || e.key === 'b' || e.key === 'B') previousMoment();
      else return;
      e.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
}
