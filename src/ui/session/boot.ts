/**
 * Starts the classroom session in the page: reads the URL (falling back to defaults with a
 * banner when it is bad), creates the scheduler, binds it to the store, seeks to the URL's
 * cursor, and keeps the URL in step with the session so that copying it shares the moment.
 */
import { SessionScheduler } from './scheduler';
import type { EngineSetup, SessionEngine } from '../../session/engine';
import { defaultScenarioName } from '../../session/engine';
import { useSession } from './store';
import { formatSessionHash, parseSessionHash, sessionQuery } from '../../session/url';
import type { UrlState } from '../../session/url';

export const defaultSeed = 1;

/** What tests and the UI bench read from the page (never used by the app itself). */
export interface SessionProbe {
  readonly step: () => number;
  readonly traceHash: () => string;
  readonly busy: () => boolean;
  readonly sliceDurations: () => readonly number[];
  readonly publishDurations: () => readonly number[];
}

declare global {
  interface Window {
    etcdSession?: SessionProbe;
  }
}

let scheduler: SessionScheduler | null = null;
/** The session runs an imported scenario document that no URL can name. */
let inlineScenario = false;
let lastWrittenHash = '';
let urlTimer: ReturnType<typeof setTimeout> | null = null;

function urlStateOf(e: SessionEngine): UrlState {
  return {
    seed: e.setup.seed,
    scenario: e.setup.scenario,
    size: e.setup.size,
    cursor: e.cursor,
    inputs: e.inputs,
  };
}

/** Writes the URL when the session has settled (not while playing or seeking). */
function scheduleUrlWrite(e: SessionEngine): void {
  if (urlTimer !== null) clearTimeout(urlTimer);
  urlTimer = setTimeout(() => {
    urlTimer = null;
    const s = scheduler;
    if (s === null || s.engine.busy) return;
    // Only the cluster route carries a session; the lab route keeps its own hash.
    const h = window.location.hash;
    if (h.startsWith('#/lab')) return;
    const next = inlineScenario ? '#/' : formatSessionHash(urlStateOf(s.engine));
    if (next === h) return;
    lastWrittenHash = next;
    window.history.replaceState(null, '', next);
  }, 250);
  void e;
}

function setupFromHash(hash: string): { state: UrlState | null } {
  const r = parseSessionHash(hash);
  const st = useSession.getState();
  if (r.ok) return { state: r.state };
  st.setNotice({
    kind: 'bad-url',
    message: r.errors.map((e) => e.message).join('; '),
    where: r.errors.map((e) => e.where).join(', '),
    errors: r.errors,
  });
  return { state: null };
}

function start(state: UrlState | null): void {
  const setup =
    state === null
      ? { seed: defaultSeed, scenario: defaultScenarioName }
      : {
          seed: state.seed,
          scenario: state.scenario,
          inputs: state.inputs,
          ...(state.size === undefined ? {} : { size: state.size }),
        };
  startWith(setup, state?.cursor ?? 0);
}

function startWith(setup: EngineSetup, cursor: number): void {
  const st = useSession.getState();
  // Built before the old one goes, so a setup the engine refuses leaves the current run alone.
  const s = new SessionScheduler(setup, {
    publish: (patch) => useSession.getState().publish(patch),
    notice: (n) => useSession.getState().setNotice(n),
    onSettled: (e) => scheduleUrlWrite(e),
  });
  scheduler?.dispose();
  inlineScenario = setup.scenarioDoc !== undefined;
  scheduler = s;
  st.bind(s);
  s.setSpeed(st.speed);
  if (cursor > 0) s.seek(cursor);
}

/**
 * Replaces the session with a new one (an imported scenario or run file) and seeks to `cursor`;
 * throws what the engine throws for a setup it cannot run, before anything is replaced.
 */
export function loadSession(setup: EngineSetup, cursor: number): void {
  if (scheduler === null) throw new Error('loadSession: the session has not booted');
  startWith(setup, cursor);
}

/** The engine of the session (exporting reads its setup, scenario and input log). */
export function currentEngine(): SessionEngine | null {
  return scheduler?.engine ?? null;
}

/** Boots once per page; returns a cleanup for tests and hot reload. */
export function bootSession(): () => void {
  if (scheduler !== null) return () => undefined;
  const { state } = setupFromHash(window.location.hash);
  start(state);
  window.etcdSession = {
    step: () => scheduler?.engine.cursor ?? 0,
    traceHash: () => scheduler?.engine.run.cluster.traceHash() ?? '',
    busy: () => scheduler?.engine.busy ?? false,
    sliceDurations: () => scheduler?.sliceDurations ?? [],
    publishDurations: () => scheduler?.publishDurations ?? [],
  };
  const onHash = (): void => {
    const h = window.location.hash;
    // Our own writes, routes without a session, and the lab are not new sessions.
    if (h === lastWrittenHash || sessionQuery(h) === null) return;
    const next = setupFromHash(h);
    if (next.state !== null) useSession.getState().setNotice(null);
    start(next.state);
  };
  window.addEventListener('hashchange', onHash);
  return () => {
    window.removeEventListener('hashchange', onHash);
    scheduler?.dispose();
    scheduler = null;
    useSession.getState().bind(null);
  };
}
