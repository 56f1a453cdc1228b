import { useRef, useState } from 'react';
import { useT } from '../../i18n/useT';
import { useSession } from '../store';
import { currentRunFile, currentScenarioFile, downloadText, importFile } from '../io/session_io';
import type { ImportOutcome } from '../io/session_io';
import '../io/io.css';

type Status = ImportOutcome | { readonly kind: 'exported'; readonly file: string } | null;

/**
 * Import a scenario or run file (a native file input, so it is keyboard- and screen-reader-usable
 * as it is), and export the current run or scenario. Problems go to the notice banner; what
 * happened otherwise is announced politely next to the buttons.
 */
export function RunFileControls() {
  const t = useT();
  const live = useSession((s) => s.live);
  const busy = useSession((s) => s.activity.kind === 'seeking' || s.activity.kind === 'running-until');
  const [status, setStatus] = useState<Status>(null);
  const input = useRef<HTMLInputElement>(null);

  const onPick = async (e: React.ChangeEvent<HTMLInputElement>): Promise<void> => {
    const file = e.target.files?.[0];
    if (file === undefined) return;
    const box = { settled: false };
    const first = await importFile(file, (o) => {
      box.settled = true;
      setStatus(o);
    });
    // A replay to step 0 settles at once, before importFile returns.
    if (!box.settled) setStatus(first);
    // Picking the same file again must fire change again.
    if (input.current !== null) input.current.value = '';
  };
  const save = (f: { name: string; text: string } | null): void => {
    if (f === null) return;
    downloadText(f.name, f.text);
    setStatus({ kind: 'exported', file: f.name });
  };

  return (
    <span className="session-io">
      {/* A button opens the picker (a native file input is wide, and the bar must stay short);
          the input keeps the accessible name, so it can be found and given files directly. */}
      <input
        ref={input}
        className="visually-hidden"
        type="file"
        tabIndex={-1}
        aria-label={t('cluster.io.import')}
        accept=".json,application/json"
        disabled={!live}
        onChange={(e) => void onPick(e)}
      />
      <button type="button" disabled={!live} onClick={() => input.current?.click()}>
        {t('cluster.io.importButton')}
      </button>
      <button type="button" disabled={!live || busy} onClick={() => save(currentRunFile())}>
        {t('cluster.io.exportRun')}
      </button>
      <button type="button" disabled={!live} onClick={() => save(currentScenarioFile())}>
        {t('cluster.io.exportScenario')}
      </button>
      <span className="session-io-status" role="status" data-testid="io-status">
        {status === null ? '' : statusText(t, status)}
      </span>
    </span>
  );
}

function statusText(t: ReturnType<typeof useT>, s: NonNullable<Status>): string {
  switch (s.kind) {
    case 'refused':
      return t('cluster.io.badFile', { file: s.file });
    case 'scenario':
      return t('cluster.io.loadedScenario', { file: s.file, name: s.name });
    case 'replaying':
      return t('cluster.io.replaying', { file: s.file, cursor: s.cursor });
    case 'matched':
      return t('cluster.io.matched', { file: s.file, cursor: s.cursor, hash: s.hash });
    case 'diverged':
      return t('cluster.io.divergedShort', { file: s.file });
    case 'exported':
      return t('cluster.io.exported', { file: s.file });
  }
}
