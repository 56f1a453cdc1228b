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
 * While a lesson is open: Page Down / N go to the next moment and Page Up / Shift+N to the
 * previous one; a presentation clicker sends Page Down and Page Up, so a teacher can lead from
 * the back of a room. (B is the view level's key.)
 */
export function useLessonShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.altKey || e.ctrlKey || e.metaKey || isTyping(e.target)) return;
      if (useLesson.getState().lesson === null) return;
      if (e.key === 'PageDown' || (e.key === 'n' && !e.shiftKey)) nextMoment();
      else if (e.key === 'PageUp' || (e.key === 'N' && e.shiftKey)) previousMoment();
      else return;
      e.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
}
