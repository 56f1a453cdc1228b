import { useEffect } from 'react';
import { Region } from './shell/Region';
import { ErrorBoundary } from './shell/ErrorBoundary';
import { ClusterView } from './cluster/views/ClusterView';
import { IndexesView } from './cluster/views/IndexesView';
import { LeaderTimeline } from './cluster/views/LeaderTimeline';
import { ReadyBatches } from './cluster/views/ReadyBatches';
import { usePreferences } from './store/preferences';
import { bootSession } from './session/boot';
import { ControlsBar } from './session/controls/ControlsBar';
import { NoticeBanner } from './session/controls/NoticeBanner';
import { ScenarioCaption } from './session/controls/ScenarioCaption';
import { useSession } from './session/store';
import { CodeView } from './session/views/CodeView';
import { EventLog } from './session/views/EventLog';
import { bootLessons } from './lesson/controller';
import { LessonBar } from './lesson/views/LessonBar';
import { LessonPicker } from './lesson/views/LessonPicker';
import { useLesson, useLessonIsOpen } from './lesson/store';
import type { RegionId } from './shell/Region';

/**
 * The classroom cluster mode: the session's controls above the six regions. The session boots
 * when this mounts (and stops when the page switches to the lab).
 */
export function ClusterWorkspace() {
  useEffect(() => {
    const stopSession = bootSession();
    const stopLessons = bootLessons();
    return () => {
      stopLessons();
      stopSession();
    };
  }, []);
  const lit = useHighlightedRegions();
  const inLesson = useLessonIsOpen();
  const memberCount = useSession((s) => s.snapshot.members.length);
  return (
    <>
      <ErrorBoundary>
        <ControlsBar leading={<LessonPicker />} compact={inLesson} />
        <NoticeBanner />
        {!inLesson && <ScenarioCaption />}
      </ErrorBoundary>
      <ErrorBoundary>
        <LessonBar />
      </ErrorBoundary>
      <main
        id="workspace"
        className="workspace cluster-workspace"
        data-lesson-highlight={lit === null ? undefined : lit.join(' ')}
        style={{ '--member-count': memberCount } as React.CSSProperties}
      >
        <Region id="cluster">
          <ClusterView />
        </Region>
        <Region id="ready">
          <ReadyBatches />
        </Region>
        <Region id="gauges">
          <IndexesView />
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

/**
 * The regions the lesson's current moment asks the class to look at (null when no lesson is
 * open or the moment names none); the CSS outlines them and dims the rest.
 */
function useHighlightedRegions(): readonly RegionId[] | null {
  return useLesson((s) => {
    if (s.lesson === null || s.phase !== 'at-moment') return null;
    const h = s.lesson.moments[s.moment]?.highlight ?? [];
    return h.length === 0 ? null : h;
  });
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
