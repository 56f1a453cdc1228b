import { useId, useMemo, useState } from 'react';
import { useT } from '../../i18n/useT';
import { selectGroups, selectionCommands, toggleGroup, type SelectionMode } from '../model/message_selection';
import { useLab } from '../store';
import { issueErrorText } from './commandErrorText';

/** The in-flight messages; select (recipient, type) groups, then deliver or drop them. */
export function MessageQueue() {
  const t = useT();
  const messages = useLab((s) => s.view.messages);
  const nodeCount = useLab((s) => s.view.nodes.length);
  const [filter, setFilter] = useState('');
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const [runError, setRunError] = useState<string | undefined>(undefined);
  const filterId = useId();

  // Selections are kept by message text + position so that they survive re-renders but not
  // changes of the queue (a new step gives new messages).
  const selected = useMemo(
    () => new Set(messages.filter((m) => picked.has(`${m.index}:${m.text}`)).map((m) => m.index)),
    [messages, picked],
  );
  const setSelected = (indexes: ReadonlySet<number>) =>
    setPicked(new Set(messages.filter((m) => indexes.has(m.index)).map((m) => `${m.index}:${m.text}`)));

  const types = useMemo(() => [...new Set(messages.map((m) => m.type))].sort(), [messages]);
  const shown = messages.filter((m) => filter === '' || m.type === filter);
  const deliverCommands = selectionCommands(messages, selected, 'deliver', nodeCount);
  const dropCommands = selectionCommands(messages, selected, 'drop', nodeCount);

  const run = (mode: SelectionMode) => {
    const commands = mode === 'deliver' ? deliverCommands : dropCommands;
    const outcome = useLab.getState().issue(commands.map((line) => ({ line, input: '' })));
    setRunError(issueErrorText(t, outcome));
    setPicked(new Set());
  };

  if (messages.length === 0) return <p className="region-empty">{t('lab.messages.empty')}</p>;
  return (
    <div className="lab-messages">
      <div className="lab-toolbar">
        <span>{t('lab.messages.count', { count: messages.length })}</span>
        <label htmlFor={filterId}>{t('lab.messages.filter')}</label>
        <select id={filterId} value={filter} onChange={(e) => setFilter(e.target.value)}>
          <option value="">{t('lab.messages.all')}</option>
          {types.map((ty) => (
            <option key={ty} value={ty}>
              {ty}
            </option>
          ))}
        </select>
        <button
          type="button"
          onClick={() =>
            setSelected(
              selectGroups(
                messages,
                shown.map((m) => m.index),
              ),
            )
          }
        >
          {t('lab.messages.selectShown')}
        </button>
        <button type="button" onClick={() => setPicked(new Set())} disabled={selected.size === 0}>
          {t('lab.messages.clear')}
        </button>
      </div>
      <p className="lab-hint">{t('lab.messages.groupNote')}</p>
      <table className="lab-table lab-message-table">
        <thead>
          <tr>
            <th scope="col">
              <span className="visually-hidden">{t('lab.messages.selected')}</span>
            </th>
            <th scope="col">#</th>
            <th scope="col">{t('lab.messages.from')}</th>
            <th scope="col">{t('lab.messages.to')}</th>
            <th scope="col">{t('lab.messages.type')}</th>
            <th scope="col">{t('lab.messages.message')}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((m) => (
            <tr
              key={`${m.index}:${m.text}`}
              className={selected.has(m.index) ? 'lab-row-selected' : undefined}
            >
              <td>
                <input
                  type="checkbox"
                  checked={selected.has(m.index)}
                  aria-label={t('lab.messages.select', { text: m.text.split('\n')[0] })}
                  onChange={() => setSelected(toggleGroup(messages, selected, m.index))}
                />
              </td>
              <td>{m.index + 1}</td>
              <td>{m.from}</td>
              <td>{m.to}</td>
              <td>{m.type}</td>
              <td>
                <pre className="lab-inline-pre">{m.text}</pre>
                {m.local && <span className="lab-muted">{t('lab.messages.local')}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="lab-toolbar">
        <button
          type="button"
          className="lab-primary"
          disabled={deliverCommands.length === 0}
          onClick={() => run('deliver')}
        >
          {t('lab.messages.deliver')}
        </button>
        <button type="button" disabled={dropCommands.length === 0} onClick={() => run('drop')}>
          {t('lab.messages.drop')}
        </button>
      </div>
      {selected.size > 0 && (
        <p className="lab-preview">
          {t('lab.messages.willDeliver')} <code>{deliverCommands.join('; ') || '—'}</code>
          <br />
          {t('lab.messages.willDrop')} <code>{dropCommands.join('; ') || '—'}</code>
        </p>
      )}
      {runError !== undefined && (
        <p className="lab-error" role="alert">
          {runError}
        </p>
      )}
    </div>
  );
}
