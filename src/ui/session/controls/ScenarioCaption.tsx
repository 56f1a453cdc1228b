import { useEffect, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useT } from '../../i18n/useT';
import { usePreferences } from '../../store/preferences';
import { useSession } from '../store';
import type { EventLine } from '../../../session/types';
import { currentEngine } from '../boot';

/** The latest scenario caption at or before `step` (events are in step order), or null. */
export function captionAt(events: readonly EventLine[], step: number): EventLine | null {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i];
    if (e !== undefined && e.caption !== undefined && e.step <= step) return e;
  }
  return null;
}

/**
 * The scenario's caption of the moment, in the page's language, above the regions (outside
 * lessons, which have their own bar): captions no longer scroll away in the event log. With
 * "Pause at captions", playing stops when a new caption is reached, so a class can read it.
 */
export function ScenarioCaption() {
  const t = useT();
  const language = usePreferences((p) => p.language);
  const { caption, playing } = useSession(
    useShallow((s) => ({ caption: captionAt(s.events, s.snapshot.step), playing: s.playing })),
  );
  // Before the first caption: what the scenario is about (its description, when it has one).
  const scenario = useSession((s) => s.snapshot.scenario);
  const live = useSession((s) => s.live);
  const doc = live ? currentEngine()?.scenarioDoc : undefined;
  const about = doc?.name === scenario ? doc.description : undefined;
  const [pauseAtCaptions, setPauseAtCaptions] = useState(false);
  /** The caption seen last (undefined before the first render, null for none). */
  const lastSeen = useRef<number | null | undefined>(undefined);
  useEffect(() => {
    const seq = caption?.seq ?? null;
    const before = lastSeen.current;
    lastSeen.current = seq;
    const fresh = seq !== null && before !== undefined && (before === null || seq > before);
    if (fresh && playing && pauseAtCaptions) useSession.getState().pause();
  }, [caption, playing, pauseAtCaptions]);
  const hasCaptions = doc?.timeline.some((e) => e.caption !== undefined) === true;
  if (caption?.caption === undefined && (about === undefined || !hasCaptions)) return null;
  return (
    <div className="session-caption" data-testid="scenario-caption">
      {caption?.caption === undefined ? (
        <p data-testid="scenario-about">
          <span className="session-caption-label">{t('cluster.caption.label')}</span>{' '}
          {about?.[language] ?? about?.en}
        </p>
      ) : (
        <p aria-live="polite" data-testid="scenario-caption-text">
          <span className="session-caption-label">{t('cluster.caption.label')}</span> “
          {caption.caption[language]}”
        </p>
      )}
      <label className="session-toggle">
        <input
          type="checkbox"
          checked={pauseAtCaptions}
          onChange={(e) => setPauseAtCaptions(e.target.checked)}
        />
        {t('cluster.caption.pause')}
      </label>
    </div>
  );
}
