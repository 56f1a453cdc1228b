import { useEffect } from 'react';
import { useSession } from '../store';
import { usePreferences } from '../../store/preferences';
import { effectiveViewLevel } from '../../store/view_level';
import { useLessonOpen } from '../../store/lesson_flag';

/** Keys typed into a field, or while a dialog or menu has focus, are not shortcuts. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.closest('dialog[open], [role="menu"]') !== null) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable) return true;
  if (tag !== 'INPUT') return false;
  const type = (target as HTMLInputElement).type;
  return type !== 'checkbox' && type !== 'radio' && type !== 'button';
}

/**
 * The classroom shortcuts (listed in the `?` dialog): Space play/pause, → step, Shift+→ step
 * tick, R step Ready, ← step back, L/C run until leader/commit, P presenter mode, B beginner/expert view, ? help.
 */
export function useShortcuts(o: { readonly openHelp: () => void; readonly helpOpen: boolean }): void {
  const { openHelp, helpOpen } = o;
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (helpOpen || e.altKey || e.ctrlKey || e.metaKey || isTyping(e.target)) return;
      // Space on a focused button activates the button: let it, rather than toggling twice.
      if (e.key === ' ' && e.target instanceof HTMLElement && e.target.tagName === 'BUTTON') return;
      const s = useSession.getState();
      const handled = dispatch(e, s, openHelp);
      if (handled) e.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [openHelp, helpOpen]);
}

function dispatch(
  e: KeyboardEvent,
  s: ReturnType<typeof useSession.getState>,
  openHelp: () => void,
): boolean {
  if (!s.live && e.key !== '?' && e.key !== 'b' && e.key !== 'B') return false;
  switch (e.key) {
    case ' ':
      s.togglePlay();
      return true;
    case 'ArrowRight':
      // Arrow keys on a range input move the input.
      if (e.target instanceof HTMLInputElement) return false;
      s.step(e.shiftKey ? 'tick' : 'step');
      return true;
    case 'ArrowLeft':
      if (e.target instanceof HTMLInputElement) return false;
      s.stepBack();
      return true;
    case 'r':
    case 'R':
      s.step('ready');
      return true;
    case 'l':
    case 'L':
      s.runUntil('leader-elected');
      return true;
    case 'c':
    case 'C':
      s.runUntil('next-commit');
      return true;
    case 'p':
    case 'P': {
      const p = usePreferences.getState();
      p.setPresenter(!p.presenter);
      return true;
    }
    case 'b':
    case 'B': {
      const p = usePreferences.getState();
      const now = effectiveViewLevel(p.viewLevel, useLessonOpen.getState().open);
      p.setViewLevel(now === 'beginner' ? 'expert' : 'beginner');
      return true;
    }
    case '?':
      openHelp();
      return true;
    default:
      return false;
  }
}
