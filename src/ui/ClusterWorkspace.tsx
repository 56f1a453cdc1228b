import { useEffect } from 'react';
import { Region } from './shell/Region';
import { ErrorBoundary } from './shell/ErrorBoundary';
import { ClusterView } from './cluster/views/ClusterView';
import { IndexGauges } from './cluster/views/IndexGauges';
import { LeaderTimeline } from './cluster/views/LeaderTimeline';
import { ReadyBatches } from './cluster/views/ReadyBatches';
import { usePreferences } from './store/preferences';
import { bootSession } from './session/boot';
import { ControlsBar } from './session/controls/ControlsBar';
import { NoticeBanner } from './session/controls/NoticeBanner';
import { useSession } from './session/store';
import { CodeView } from './session/views/CodeView';
import { EventLog } from './session/views/EventLog';

/**
 * The classroom cluster mode: the session's controls above the six regions. The session boots
 * when this mounts (and stops when the page switches to the lab).
 */
export function ClusterWorkspace() {
  useEffect(() => bootSession(), []);
  return (
    <>
      <ErrorBoundary>
        <ControlsBar />
        <NoticeBanner />
      </ErrorBoundary>
      <main id="workspace" className="workspace cluster-workspace">
        <Region id="cluster">
          <ClusterView />
        </Region>
        <Region id="ready">
          <ReadyBatches />
        </Region>
        <Region id="gauges">
          <IndexGauges />
        </Region>
        <Region id="timeline">
          <LeaderTimeline onSeek={(step) => useSession.getState().seek(step)} />
        </Region>
        <Region id="code">
          <CodeView />
        </Region>
        <Region id="events">
          <EventLog />
        </Region>
      </main>
    </>
  );
}

/** Presenter mode and reduced motion as attributes on <html>, for every mode's CSS. */
export function usePresentationAttributes(): void {
  const presenter = usePreferences((p) => p.presenter);
  const reduced = usePreferences((p) => p.reducedMotion);
  useEffect(() => {
    document.documentElement.dataset.presenter = presenter ? 'on' : 'off';
    document.documentElement.dataset.reducedMotion = reduced ? 'on' : 'off';
  }, [presenter, reduced]);
}
