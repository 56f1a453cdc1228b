import { useId, useState, type KeyboardEvent } from 'react';
import { useT } from '../../i18n/useT';
import { commandNames } from '../../../interaction/handlers';
import { pinCommand, tickNeedsPin } from '../model/command_builder';
import { checkCommand } from '../model/command_line';
import { commandSpec } from '../model/commands';
import { useLab } from '../store';
import { commandErrorText, issueErrorText } from './commandErrorText';

/** The most commands the line remembers for the Up/Down keys. */
const maxHistory = 100;

/** A one-line command prompt with checking as you type; Enter runs, Up/Down recall. */
export function CommandLine() {
  const t = useT();
  const [line, setLine] = useState('');
  const [input, setInput] = useState('');
  const [shown, setShown] = useState(false);
  const [runError, setRunError] = useState<string | undefined>(undefined);
  const [history, setHistory] = useState<string[]>([]);
  const [recall, setRecall] = useState<number | undefined>(undefined);
  const nodes = useLab((s) => s.view.nodes);
  const cursor = useLab((s) => s.cursor);
  const total = useLab((s) => s.steps.length);
  const previousLine = useLab((s) => s.steps[s.cursor - 1]?.text);
  const lineId = useId();
  const inputId = useId();
  const errorId = useId();
  const listId = useId();

  const check = checkCommand(line, input, { nodeCount: nodes.length });
  const wantsInput = commandSpec(line.trim().split(' ')[0] ?? '')?.input !== undefined;
  const unpinned = check.ok
    ? tickNeedsPin(check.line, previousLine, (n) => nodes.find((x) => x.id === n)?.canElect === true)
    : undefined;
  const unpinnedNode = nodes.find((n) => n.id === unpinned);
  const error = shown && !check.ok && line.trim() !== '' ? commandErrorText(t, check.error) : runError;

  const run = (lines: { line: string; input: string }[]) => {
    const outcome = useLab.getState().issue(lines);
    const message = issueErrorText(t, outcome);
    setRunError(message);
    if (message === undefined) {
      setHistory((h) => [...h, line.trim()].slice(-maxHistory));
      setRecall(undefined);
      setLine('');
      setInput('');
      setShown(false);
    }
  };

  const submit = () => {
    setShown(true);
    if (check.ok) run([{ line: check.line, input: check.input }]);
  };

  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') return;
    if (history.length === 0) return;
    e.preventDefault();
    const last = history.length - 1;
    const next = e.key === 'ArrowUp' ? Math.max(0, (recall ?? history.length) - 1) : (recall ?? last) + 1;
    if (next > last) {
      setRecall(undefined);
      setLine('');
      return;
    }
    setRecall(next);
    setLine(history[next] ?? '');
  };

  return (
    <form
      className="lab-command-line"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <div className="lab-command-row">
        <label htmlFor={lineId}>{t('lab.commandLine.label')}</label>
        <input
          id={lineId}
          type="text"
          className="lab-mono"
          list={listId}
          spellCheck={false}
          autoComplete="off"
          placeholder={t('lab.commandLine.placeholder')}
          value={line}
          aria-invalid={error !== undefined}
          aria-describedby={error !== undefined ? errorId : undefined}
          onKeyDown={onKey}
          onChange={(e) => {
            setLine(e.target.value);
            setRunError(undefined);
          }}
        />
        <datalist id={listId}>
          {commandNames.map((n) => (
            <option key={n} value={n} />
          ))}
        </datalist>
        <button type="submit" className="lab-primary">
          {t('lab.commandLine.run')}
        </button>
      </div>
      {wantsInput && (
        <div className="lab-command-row">
          <label htmlFor={inputId}>{t('lab.commandLine.input')}</label>
          <input
            id={inputId}
            type="text"
            className="lab-mono"
            spellCheck={false}
            value={input}
            onChange={(e) => setInput(e.target.value)}
          />
        </div>
      )}
      {error !== undefined && (
        <p id={errorId} className="lab-error" role="alert">
          {error}
        </p>
      )}
      {cursor < total && (
        <p className="lab-hint">{t('lab.commandLine.truncate', { count: total - cursor, cursor })}</p>
      )}
      {unpinned !== undefined && unpinnedNode !== undefined && check.ok && (
        <div className="lab-warning">
          <p>{t('lab.commandLine.pinWarning', { node: unpinned })}</p>
          <button
            type="button"
            onClick={() =>
              run([
                { line: pinCommand(unpinned, unpinnedNode.electionTick), input: '' },
                { line: check.line, input: '' },
              ])
            }
          >
            {t('lab.commandLine.pinAndRun', { node: unpinned, timeout: unpinnedNode.electionTick })}
          </button>
        </div>
      )}
    </form>
  );
}
