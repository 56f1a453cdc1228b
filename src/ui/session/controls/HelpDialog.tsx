import { useEffect, useRef } from 'react';
import { useT } from '../../i18n/useT';
import { glossaryEn, glossaryIds } from '../../i18n/glossary.en';
import '../../shell/term.css';

const keys: readonly (readonly [string, string])[] = [
  ['Space', 'space'],
  ['→', 'right'],
  ['Shift + →', 'shiftRight'],
  ['R', 'r'],
  ['←', 'left'],
  ['L', 'l'],
  ['C', 'c'],
  ['P', 'p'],
  ['B', 'b'],
  ['Page Down · N', 'lessonNext'],
  ['Page Up · Shift + N', 'lessonPrevious'],
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
      <GlossaryList />
      <button type="button" ref={closeButton} onClick={onClose}>
        {t('cluster.help.close')}
      </button>
    </dialog>
  );
}

/**
 * Every glossary entry, in the page's language; where the headword is translated, etcd's
 * English name follows it so the class can match it with etcd's code and logs.
 */
function GlossaryList() {
  const t = useT();
  return (
    <section aria-labelledby="session-help-glossary">
      <h3 id="session-help-glossary">{t('glossaryHelp.title')}</h3>
      <p>{t('glossaryHelp.intro')}</p>
      {/* Scrolls on its own, so it is a focusable, named region a keyboard can scroll. */}
      <div className="glossary-list" role="region" tabIndex={0} aria-labelledby="session-help-glossary">
        <dl>
          {glossaryIds.map((id) => {
            const headword = t(`glossary.${id}.term`);
            const english = glossaryEn[id].term;
            return (
              <div key={id} data-glossary={id}>
                <dt>
                  {headword}
                  {english !== headword && <span className="glossary-alias"> ({english})</span>}
                </dt>
                <dd>{t(`glossary.${id}.definition`)}</dd>
              </div>
            );
          })}
        </dl>
      </div>
    </section>
  );
}
