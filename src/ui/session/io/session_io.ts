/**
 * Import and export of the classroom session: reading a picked file into a new session (or a
 * banner naming the file, the field and the problem, with the current run kept), checking a
 * replayed run against the trace hash it was exported with, and writing the run or scenario file
 * of the current session for download.
 */
import { formatScenarioError } from '../../../cluster/scenario';
import { currentEngine, loadSession } from '../boot';
import type { SessionEngine } from '../../../session/engine';
import { useSession } from '../store';
import { parseImportText, serializeRunFile, serializeScenarioOfRun } from '../../../session/run_file';

/** What the controls show after an import (errors go to the notice banner). */
export type ImportOutcome =
  | { readonly kind: 'refused'; readonly file: string }
  | { readonly kind: 'scenario'; readonly file: string; readonly name: string }
  | { readonly kind: 'replaying'; readonly file: string; readonly cursor: number }
  | { readonly kind: 'matched'; readonly file: string; readonly cursor: number; readonly hash: string }
  | { readonly kind: 'diverged'; readonly file: string; readonly cursor: number };

/** Files larger than this are refused unread (a run file of the maximum input count is far smaller). */
export const maxImportBytes = 5 * 1024 * 1024;

/**
 * Imports a scenario or run file's text. `onSettled` hears how a run file's replay ended (after
 * the seek to its cursor, which takes a few frames).
 */
export function importText(file: string, text: string, onSettled: (o: ImportOutcome) => void): ImportOutcome {
  const st = useSession.getState();
  const r = parseImportText(text);
  if (!r.ok) {
    const details = r.errors.map(formatScenarioError);
    st.setNotice({ kind: 'bad-file', where: file, message: details.join('; '), details });
    return { kind: 'refused', file };
  }
  const f = r.file;
  const previous = currentEngine();
  st.setNotice(null);
  try {
    loadSession(f.setup, f.kind === 'run' ? f.cursor : 0);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    st.setNotice({ kind: 'bad-file', where: file, message, details: [message] });
    return { kind: 'refused', file };
  }
  // A replay that failed at once has already brought the previous run back, with its notice.
  if (currentEngine() === previous) return { kind: 'refused', file };
  if (f.kind === 'scenario') return { kind: 'scenario', file, name: f.setup.scenario };
  watchReplay(file, f.cursor, f.traceHash, onSettled);
  return { kind: 'replaying', file, cursor: f.cursor };
}

/** Reads a picked File (size-checked) and imports it. */
export async function importFile(file: File, onSettled: (o: ImportOutcome) => void): Promise<ImportOutcome> {
  if (file.size > maxImportBytes) {
    const message = `the file is ${file.size} bytes; at most ${maxImportBytes} are read`;
    useSession.getState().setNotice({ kind: 'bad-file', where: file.name, message, details: [message] });
    return { kind: 'refused', file: file.name };
  }
  return importText(file.name, await file.text(), onSettled);
}

/** Waits for the new session to finish seeking, then compares its trace hash with the file's. */
function watchReplay(
  file: string,
  cursor: number,
  want: string,
  onSettled: (o: ImportOutcome) => void,
): void {
  const engine = currentEngine();
  let unsubscribe: (() => void) | null = null;
  // The notice below updates the store, which calls the subscriber again at once: answer once.
  let done = false;
  const check = (): boolean => {
    if (done) return true;
    const e = currentEngine();
    if (e !== engine) return (done = true); // replaced by another session before it settled
    if (e === null || e.busy) return false;
    done = true;
    unsubscribe?.();
    const got = e.run.cluster.traceHash();
    if (e.cursor === cursor && got === want) {
      onSettled({ kind: 'matched', file, cursor, hash: got });
    } else {
      useSession.getState().setNotice({
        kind: 'diverged',
        where: file,
        message: `step ${e.cursor}, trace hash ${got}; the file recorded step ${cursor}, trace hash ${want}`,
      });
      onSettled({ kind: 'diverged', file, cursor });
    }
    return true;
  };
  if (check()) return;
  unsubscribe = useSession.subscribe(() => {
    if (check()) unsubscribe?.();
  });
}

/** The run file of the current session, or null before it boots or while it is busy. */
export function currentRunFile(): { name: string; text: string } | null {
  const e = currentEngine();
  if (e === null || e.busy) return null;
  const text = serializeRunFile({
    seed: e.setup.seed,
    scenario: e.scenarioDoc,
    size: e.setup.size,
    inputs: e.inputs,
    cursor: e.cursor,
    traceHash: e.run.cluster.traceHash(),
  });
  return { name: `${baseName(e)}-step${e.cursor}.run.json`, text };
}

/** The scenario file of the current session (with the run's seed). */
export function currentScenarioFile(): { name: string; text: string } | null {
  const e = currentEngine();
  if (e === null) return null;
  return {
    name: `${e.setup.scenario}.scenario.json`,
    text: serializeScenarioOfRun(e.scenarioDoc, e.setup.seed),
  };
}

function baseName(e: SessionEngine): string {
  return `${e.setup.scenario}-seed${e.setup.seed}`;
}

/** Saves text as a file through a temporary Blob URL and download link (works from file:// too). */
export function downloadText(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // The browser has taken the data once click() returns; later is only for slow engines.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
