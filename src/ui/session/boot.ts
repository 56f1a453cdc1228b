/**
 * Starts the classroom session in the page: reads the URL (falling back to defaults with a
 * banner when it is bad), creates the scheduler, binds it to the store, seeks to the URL's
 * cursor, and keeps the URL in step with the session so that copying it shares the moment.
 */
import { SessionScheduler } from './scheduler';
import type { EngineDriver } from './scheduler';
import type { EngineSetup, JobResult, SessionEngine } from '../../session/engine';
import { isLessonHash } from '../../session/lesson_url';
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
    // Only the cluster route carries a session; the lab and lessons keep their own hashes.
    const h = window.location.hash;
    if (h.startsWith('#/lab') || isLessonHash(h)) return;
    const next = inlineScenario ? '#/' : formatSessionHash(urlStateOf(s.engine));
    if (next === h) return;
    lastWrittenHash = next;
    window.history.replaceState(null, '', next);
  }, 250);
  void e;
}

function setupFromHash(hash: string): { state: UrlState | null; bad?: true } {
  const r = parseSessionHash(hash);
  const st = useSession.getState();
  if (r.ok) return { state: r.state };
  st.setNotice({
    kind: 'bad-url',
    message: r.errors.map((e) => e.message).join('; '),
    where: r.errors.map((e) => e.where).join(', '),
    errors: r.errors,
  });
  return { state: null, bad: true };
}

/** Starts the session of a link; a link the engine refuses keeps the current run (or starts the default one). */
function start(state: UrlState | null): void {
  try {
    startFromLink(state);
  } catch (e) {
    useSession.getState().setNotice({
      kind: 'engine',
      where: 'replay',
      message: `this link's run cannot be started: ${e instanceof Error ? e.message : String(e)}`,
    });
    if (scheduler === null) startWith({ seed: defaultSeed, scenario: defaultScenarioName }, 0);
  }
}

function startFromLink(state: UrlState | null): void {
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

/**
 * The run that was on screen before the one being replayed to its cursor: kept until the new
 * one settles, so a replay that fails gives the class back the run it had.
 */
let parked: { readonly scheduler: SessionScheduler; readonly inline: boolean } | null = null;

function dropParked(): void {
  parked?.scheduler.dispose();
  parked = null;
}

/** The new session settled: the parked one is no longer needed. */
function settled(e: SessionEngine): void {
  if (parked !== null && scheduler?.engine === e && !e.busy && e.failure === null) dropParked();
  scheduleUrlWrite(e);
}

/** The replay of a new session failed: bring back the previous run, and say why. */
function replayFailed(message: string): void {
  const st = useSession.getState();
  const back = parked;
  parked = null;
  if (back !== null && scheduler !== null) {
    scheduler.dispose();
    scheduler = back.scheduler;
    inlineScenario = back.inline;
    st.bind(scheduler);
    scheduler.publishNow();
  }
  st.setNotice({
    kind: 'engine',
    where: 'replay',
    message:
      back === null
        ? `the run could not be replayed: ${message}`
        : `the run could not be replayed, so the previous run is kept: ${message}`,
  });
}

function startWith(setup: EngineSetup, cursor: number): void {
  const st = useSession.getState();
  // Built before the old one goes, so a setup the engine refuses leaves the current run alone.
  const s = new SessionScheduler(setup, {
    publish: (patch) => useSession.getState().publish(patch),
    notice: (n) => useSession.getState().setNotice(n),
    onSettled: (e) => settled(e),
    onFailed: (message) => replayFailed(message),
  });
  const previous = scheduler === null ? null : { scheduler, inline: inlineScenario };
  dropParked();
  inlineScenario = setup.scenarioDoc !== undefined;
  scheduler = s;
  st.bind(s);
  s.setSpeed(st.speed);
  if (cursor > 0) {
    parked = previous;
    s.seek(cursor);
  } else previous?.scheduler.dispose();
}

/**
 * Replaces the session with a new one (an imported scenario or run file) and seeks to `cursor`;
 * throws what the engine throws for a setup it cannot run, before anything is replaced. A
 * replay that fails on the way brings the previous run back, with a notice.
 */
export function loadSession(setup: EngineSetup, cursor: number): void {
  if (scheduler === null) throw new Error('loadSession: the session has not booted');
  startWith(setup, cursor);
}

/**
 * Slices a job of engine jobs (a lesson going to a moment) on the session's scheduler; any
 * other action of the user cancels it, and `done` hears 'cancelled'.
 */
export function driveSession(job: EngineDriver, done: (r: JobResult | 'cancelled') => void): void {
  if (scheduler === null) throw new Error('driveSession: the session has not booted');
  scheduler.drive(job, done);
}

/** The driver's job changed pace on its own (it was told to hurry): let the scheduler see it. */
export function wakeSession(): void {
  scheduler?.wake();
}

/** Writes the session's own link into the URL again (after leaving a lesson). */
export function refreshSessionUrl(): void {
  if (scheduler !== null) scheduleUrlWrite(scheduler.engine);
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
    // A bad link typed into an open tab is refused with its notice; the current run stays.
    if (next.bad === true) return;
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
