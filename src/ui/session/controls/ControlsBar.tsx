import { useLayoutEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { useT } from '../../i18n/useT';
import { useShallow } from 'zustand/react/shallow';
import { useSession } from '../store';
import { usePreferences } from '../../store/preferences';
import { formatVirtualTime, positionOfSpeed, speedOfPosition } from '../../../session/format';
import { HelpDialog } from './HelpDialog';
import { RunUntilMenu } from './RunUntilMenu';
import { SetupFields } from './SetupFields';
import { Scrubber } from './Scrubber';
import { ClientPanel } from './ClientPanel';
import { FaultPanel } from './FaultPanel';
import { MembershipPanel } from './MembershipPanel';
import { RunFileControls } from './RunFileControls';
import { useShortcuts } from './useShortcuts';
import { StepStatus } from './StepStatus';
import { useExpertView } from '../../store/view_level';
import '../session.css';

/**
 * The controls above the workspace, in one static, predictable place (ux-research §3): play,
 * the three step granularities, step back, run until, speed, reset, seed and scenario, the
 * scrubber, and the shortcuts help. Buttons keep their accessible names whatever the language
 * so the keyboard help and the tests can name them.
 */
export function ControlsBar({
  leading,
  compact = false,
}: {
  /** Put before Play (the Lessons button). */
  readonly leading?: ReactNode;
  /** A lesson is open: the run is the lesson's, so the controls that would change it are hidden. */
  readonly compact?: boolean;
} = {}) {
  const t = useT();
  const s = useSession(
    useShallow((x) => ({
      playing: x.playing,
      speed: x.speed,
      activity: x.activity,
      step: x.snapshot.step,
      nowUs: x.snapshot.nowUs,
      hash: x.snapshot.traceHash,
      live: x.live,
    })),
  );
  const act = useSession.getState();
  const presenter = usePreferences((p) => p.presenter);
  const setPresenter = usePreferences((p) => p.setPresenter);
  const expert = useExpertView();
  const [helpOpen, setHelpOpen] = useState(false);
  const helpButton = useRef<HTMLButtonElement>(null);
  useShortcuts({ openHelp: () => setHelpOpen(true), helpOpen });
  const bar = useRef<HTMLDivElement>(null);
  useControlsHeight(bar);

  const busy = s.activity.kind === 'seeking' || s.activity.kind === 'running-until';
  return (
    <div className="session-controls" role="group" aria-label={t('cluster.controls.toolbar')} ref={bar}>
      <div className="session-row">
        {leading}
        <button
          type="button"
          className="session-primary"
          onClick={() => act.togglePlay()}
          disabled={!s.live}
          aria-keyshortcuts="Space"
        >
          {s.playing ? t('cluster.controls.pause') : t('cluster.controls.play')}
        </button>
        <button
          type="button"
          onClick={() => act.step('step')}
          disabled={!s.live || busy}
          aria-keyshortcuts="ArrowRight"
        >
          {t('cluster.controls.step')}
        </button>
        <button
          type="button"
          onClick={() => act.step('tick')}
          disabled={!s.live || busy}
          aria-keyshortcuts="Shift+ArrowRight"
        >
          {t('cluster.controls.stepTick')}
        </button>
        <button
          type="button"
          onClick={() => act.step('ready')}
          disabled={!s.live || busy}
          aria-keyshortcuts="R"
        >
          {t('cluster.controls.stepReady')}
        </button>
        <button
          type="button"
          onClick={() => act.stepBack()}
          disabled={!s.live || busy || s.step === 0}
          aria-keyshortcuts="ArrowLeft"
        >
          {t('cluster.controls.stepBack')}
        </button>
        <RunUntilMenu disabled={!s.live || busy} />
        <label className="session-speed">
          <span>{t('cluster.controls.speed')}</span>
          <input
            type="range"
            min={0}
            max={100}
            value={positionOfSpeed(s.speed)}
            aria-valuetext={t('cluster.controls.speedValue', { value: s.speed })}
            onChange={(e) => act.setSpeed(speedOfPosition(Number(e.target.value)))}
          />
          <output>{t('cluster.controls.speedValue', { value: s.speed })}</output>
        </label>
        <span className="session-position" aria-live="off">
          {busy ? (
            <BusyText />
          ) : (
            t('cluster.controls.position', { step: s.step, time: formatVirtualTime(s.nowUs) })
          )}
        </span>
        {expert && (
          <span
            className="session-hash"
            title={t('cluster.controls.traceHash', { hash: s.hash })}
            data-testid="trace-hash"
          >
            {t('cluster.controls.traceHash', { hash: s.hash })}
          </span>
        )}
      </div>
      <StepStatus />
      <div className="session-row">
        {!compact && (
          <>
            <SetupFields />
            <button type="button" onClick={() => act.reset()} disabled={!s.live}>
              {t('cluster.controls.reset')}
            </button>
            <RunFileControls />
          </>
        )}
        <label className="session-toggle">
          <input type="checkbox" checked={presenter} onChange={(e) => setPresenter(e.target.checked)} />
          {t('cluster.controls.presenter')}
        </label>
        <button
          type="button"
          ref={helpButton}
          onClick={() => setHelpOpen(true)}
          aria-keyshortcuts="?"
          aria-label={t('cluster.controls.help')}
        >
          ?
        </button>
      </div>
      <Scrubber />
      {!compact && (
        <>
          <ClientPanel />
          <FaultPanel />
          <MembershipPanel />
        </>
      )}
      <HelpDialog
        open={helpOpen}
        onClose={() => {
          setHelpOpen(false);
          helpButton.current?.focus();
        }}
      />
    </div>
  );
}

/** Publishes the bar's height as a CSS variable, so the workspace fits the rest of the screen. */
function useControlsHeight(bar: React.RefObject<HTMLDivElement | null>): void {
  useLayoutEffect(() => {
    const el = bar.current;
    if (el === null || typeof ResizeObserver === 'undefined') return;
    const root = document.documentElement;
    const o = new ResizeObserver(() =>
      root.style.setProperty('--session-controls-height', `${el.offsetHeight}px`),
    );
    o.observe(el);
    return () => {
      o.disconnect();
      root.style.removeProperty('--session-controls-height');
    };
  }, [bar]);
}

function BusyText() {
  const t = useT();
  const a = useSession((x) => x.activity);
  if (a.kind === 'seeking') return <>{t('cluster.controls.busySeeking', { target: a.target })}</>;
  if (a.kind === 'running-until') {
    return (
      <>{t('cluster.controls.busyRunning', { goal: t(`cluster.controls.goal.${a.goal}`), steps: a.steps })}</>
    );
  }
  return null;
}
