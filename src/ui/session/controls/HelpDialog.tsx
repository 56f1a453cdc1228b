import { useEffect, useRef } from 'react';
import { useT } from '../../i18n/useT';

const keys: readonly (readonly [string, string])[] = [
  ['Space', 'space'],
  ['→', 'right'],
  ['Shift + →', 'shiftRight'],
  ['R', 'r'],
  ['←', 'left'],
  ['L', 'l'],
  ['C', 'c'],
  ['P', 'p'],
  ['?', 'help'],
];

/**
 * The keyboard shortcuts, in a real modal <dialog>: the browser traps focus inside it and
 * Escape closes it; we focus the close button on open and the caller returns focus to the
 * button that opened it.
 */
export function HelpDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT();
  const ref = useRef<HTMLDialogElement>(null);
  const closeButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const d = ref.current;
    if (d === null) return;
    if (open && !d.open) {
      if (typeof d.showModal === 'function') d.showModal();
      else d.setAttribute('open', '');
      closeButton.current?.focus();
    } else if (!open && d.open) d.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      className="session-help"
      aria-labelledby="session-help-title"
      onClose={onClose}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <h2 id="session-help-title">{t('cluster.help.title')}</h2>
      <table>
        <tbody>
          {keys.map(([k, id]) => (
            <tr key={id}>
              <th scope="row">
                <kbd>{k}</kbd>
              </th>
              <td>{t(`cluster.help.keys.${id}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" ref={closeButton} onClick={onClose}>
        {t('cluster.help.close')}
      </button>
    </dialog>
  );
}
