import { useId, useState, type ChangeEvent } from 'react';
import { useT } from '../../i18n/useT';
import { samples } from '../samples';
import { useLab, type LabNotice } from '../store';
import type { TFunction } from 'i18next';

/** Largest file the import reads, in bytes (the parser has its own character bound too). */
const maxImportBytes = 4_000_000;

function downloadName(sessionName: string): string {
  const base = sessionName.replace(/\.txt$/i, '').replace(/[^A-Za-z0-9_.-]+/g, '_') || 'raft-lab';
  return `${base}.txt`;
}

function download(text: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Revoke on the next turn of the event loop, once the browser has started the download.
  window.setTimeout(() => URL.revokeObjectURL(url), 0);
}

function noticeText(t: TFunction, notice: LabNotice): string {
  switch (notice.kind) {
    case 'new-session':
      return t('lab.script.newSessionNotice');
    case 'loaded-sample':
      return t('lab.script.loadedSample', {
        title: t(`lab.samples.${notice.id}.title`),
        steps: notice.steps,
      });
    case 'imported':
      return t('lab.script.imported', { file: notice.file, steps: notice.steps });
    case 'script-error': {
      const e = notice.error;
      if (e.kind === 'parse-error')
        return t('lab.script.parseError', { file: e.file, line: e.line, message: e.message });
      if (e.kind === 'too-large') return t('lab.script.tooLarge', { file: e.file, max: e.maxChars });
      return t('lab.script.noDirectives', { file: e.file });
    }
  }
}

function StepControls() {
  const t = useT();
  const cursor = useLab((s) => s.cursor);
  const total = useLab((s) => s.steps.length);
  const crashed = useLab((s) => s.crashed);
  const { seek, back, forward, runToEnd } = useLab.getState();
  const canForward = cursor < total && !crashed;
  return (
    <div className="lab-step-controls" role="group" aria-label={t('lab.script.stepping')}>
      <button type="button" onClick={() => seek(0)} disabled={cursor === 0}>
        {t('lab.script.start')}
      </button>
      <button type="button" onClick={back} disabled={cursor === 0}>
        {t('lab.script.back')}
      </button>
      <button type="button" className="lab-primary" onClick={forward} disabled={!canForward}>
        {t('lab.script.forward')}
      </button>
      <button type="button" onClick={runToEnd} disabled={!canForward}>
        {t('lab.script.runAll')}
      </button>
      <span className="lab-position" aria-live="polite">
        {t('lab.script.position', { cursor, total })}
      </span>
    </div>
  );
}

function Summary() {
  const t = useT();
  const differences = useLab((s) => s.differences);
  const crashed = useLab((s) => s.crashed);
  const checked = useLab((s) => s.steps.some((x) => x.expected !== undefined && x.output !== undefined));
  const notice = useLab((s) => s.notice);
  const first = differences[0];
  return (
    <div className="lab-summary" role="status">
      {notice !== undefined && (
        <p className={notice.kind === 'script-error' ? 'lab-notice lab-error' : 'lab-notice'}>
          {noticeText(t, notice)}
        </p>
      )}
      {checked && differences.length === 0 && <p className="lab-ok">{t('lab.script.noDifferences')}</p>}
      {differences.length > 0 && (
        <p className="lab-error">
          {t('lab.script.differences', { count: differences.length })}
          {first?.fileLine !== undefined && ` (${t('lab.script.firstDifference', { line: first.fileLine })})`}
        </p>
      )}
      {crashed && <p className="lab-error">{t('lab.script.crashed')}</p>}
    </div>
  );
}

export function ScriptBar() {
  const t = useT();
  const [sampleId, setSampleId] = useState(samples[0]?.id ?? '');
  const sessionName = useLab((s) => s.sessionName);
  const cursor = useLab((s) => s.cursor);
  const sampleSelect = useId();
  const fileId = useId();

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (file === undefined) return;
    if (file.size > maxImportBytes) {
      useLab.setState({
        notice: {
          kind: 'script-error',
          error: { kind: 'too-large', file: file.name, maxChars: maxImportBytes },
        },
      });
      return;
    }
    useLab.getState().importText(file.name, await file.text());
  };

  return (
    <div className="lab-script">
      <p className="lab-intro">{t('lab.script.intro')}</p>
      <div className="lab-toolbar">
        <label htmlFor={sampleSelect}>{t('lab.script.sample')}</label>
        <select id={sampleSelect} value={sampleId} onChange={(e) => setSampleId(e.target.value)}>
          {samples.map((s) => (
            <option key={s.id} value={s.id}>
              {t(`lab.samples.${s.id}.title`)}
            </option>
          ))}
        </select>
        <button type="button" onClick={() => useLab.getState().loadSample(sampleId)}>
          {t('lab.script.load')}
        </button>
        <span className="lab-toolbar-gap" />
        {/* The native input is hidden behind its label, which looks like a button: the browser's
            own "Choose file" text would otherwise ignore the page's language. */}
        <input
          id={fileId}
          type="file"
          accept=".txt,text/plain"
          className="lab-file-input visually-hidden"
          onChange={(e) => void onFile(e)}
        />
        <label htmlFor={fileId} className="lab-file-label">
          {t('lab.script.import')}
        </label>
        <button
          type="button"
          onClick={() => download(useLab.getState().exportText(), downloadName(sessionName))}
          disabled={cursor === 0}
        >
          {t('lab.script.export')}
        </button>
        <button type="button" onClick={() => useLab.getState().newSession()}>
          {t('lab.script.newSession')}
        </button>
      </div>
      <p className="lab-sample-summary">{t(`lab.samples.${sampleId}.summary`)}</p>
      <StepControls />
      <p className="lab-hint">{t('lab.script.keys')}</p>
      <Summary />
    </div>
  );
}
