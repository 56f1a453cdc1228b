import { useEffect, useRef, useState } from 'react';
import { useT } from '../../i18n/useT';
import { useSession } from '../store';
import type { RunUntilGoal } from '../../../session/types';

const goals: readonly RunUntilGoal[] = ['leader-elected', 'next-commit', 'proposal-answered'];

/** The `Run until` button and its menu of goals (a WAI-ARIA menu button). */
export function RunUntilMenu({ disabled }: { disabled: boolean }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const items = useRef<(HTMLButtonElement | null)[]>([]);

  useEffect(() => {
    if (open) items.current[0]?.focus();
  }, [open]);

  const close = (focusButton: boolean): void => {
    setOpen(false);
    if (focusButton) button.current?.focus();
  };

  const choose = (goal: RunUntilGoal): void => {
    close(true);
    useSession.getState().runUntil(goal);
  };

  const onKey = (e: React.KeyboardEvent, i: number): void => {
    const n = goals.length;
    if (e.key === 'Escape') {
      e.preventDefault();
      close(true);
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      items.current[(i + (e.key === 'ArrowDown' ? 1 : n - 1)) % n]?.focus();
    } else if (e.key === 'Tab') close(false);
  };

  return (
    <div className="session-menu">
      <button
        type="button"
        ref={button}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls="run-until-menu"
        disabled={disabled}
        onClick={() => setOpen((o) => !o)}
      >
        {t('cluster.controls.runUntil')}
      </button>
      {open && (
        <ul
          id="run-until-menu"
          role="menu"
          aria-label={t('cluster.controls.runUntilMenu')}
          className="session-menu-list"
        >
          {goals.map((g, i) => (
            <li role="none" key={g}>
              <button
                type="button"
                role="menuitem"
                ref={(el) => {
                  items.current[i] = el;
                }}
                onKeyDown={(e) => onKey(e, i)}
                onClick={() => choose(g)}
              >
                {t(`cluster.controls.goal.${g}`)}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
