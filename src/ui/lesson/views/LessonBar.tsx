import { useEffect, useRef, useState } from 'react';
import { useT } from '../../i18n/useT';
import { usePreferences } from '../../store/preferences';
import { useSession } from '../../session/store';
import type { BilingualText, LessonMoment } from '../../../session/lesson';
import { builtinLessonNames } from '../../../session/lessons';
import { useLesson } from '../store';
import {
  closeLesson,
  currentLessonLink,
  goToMoment,
  hurryMoment,
  nextMoment,
  previousMoment,
} from '../controller';
import { PredictionPanel, RevealPanel } from './PredictionPanel';
import { LessonOutline } from './LessonOutline';
import { useLessonShortcuts } from './useLessonShortcuts';
import '../lesson.css';

/** A lesson's words in the page's language. */
export function useLessonText(): (text: BilingualText) => string {
  const language = usePreferences((p) => p.language);
  return (text) => text[language];
}

/**
 * The caption bar above the regions while a lesson is open: where the class is ("moment 4 of
 * 9"), the moment's caption, the prediction to answer before the run moves or the answer the
 * run revealed, and Previous / Next, the outline, Copy link and Leave.
 */
export function LessonBar() {
  const t = useT();
  const say = useLessonText();
  const s = useLesson();
  const playing = useSession((x) => x.playing);
  const [outlineOpen, setOutlineOpen] = useState(false);
  useLessonShortcuts();
  const caption = useRef<HTMLParagraphElement>(null);
  // The caption is where a screen reader (and the eye) should go when a moment is reached.
  useEffect(() => {
    if (s.phase === 'at-moment') caption.current?.focus({ preventScroll: true });
  }, [s.phase, s.moment]);
  const lesson = s.lesson;
  if (lesson === null) return null;
  const count = lesson.moments.length;
  const builtinIndex = s.source?.kind === 'builtin' ? builtinLessonNames.indexOf(s.source.name) : -1;
  const moment: LessonMoment | undefined = lesson.moments[s.moment];
  const heading = s.heading === null ? undefined : lesson.moments[s.heading];
  const atEnd = s.moment === count - 1 && s.phase === 'at-moment';
  const moving = s.phase === 'moving';

  return (
    <section
      className="lesson-bar"
      aria-label={t('lesson.bar')}
      data-phase={s.phase}
      data-moment={s.moment + 1}
    >
      <div className="lesson-head">
        <p className="lesson-title">
          <span className="lesson-which">
            {builtinIndex >= 0
              ? t('lesson.lessonOf', { n: builtinIndex + 1, count: builtinLessonNames.length })
              : t('lesson.teacherLesson')}
          </span>
          <strong>{say(lesson.title)}</strong>
        </p>
        <p className="lesson-progress" data-testid="lesson-progress">
          {s.moment < 0
            ? t('lesson.progressStart', { count })
            : t('lesson.progress', { n: s.moment + 1, count })}
        </p>
        <div className="lesson-nav">
          <button
            type="button"
            onClick={() => previousMoment()}
            disabled={s.moment < 0 && s.phase !== 'predicting'}
            aria-keyshortcuts="PageUp Shift+N"
          >
            {t('lesson.previous')}
          </button>
          <button
            type="button"
            className="session-primary"
            onClick={() => nextMoment()}
            disabled={moving || atEnd || s.phase === 'predicting'}
            aria-keyshortcuts="PageDown N"
          >
            {s.moment < 0 ? t('lesson.start') : t('lesson.next')}
          </button>
          <button
            type="button"
            aria-expanded={outlineOpen}
            aria-controls="lesson-outline"
            onClick={() => setOutlineOpen((o) => !o)}
          >
            {t('lesson.outline')}
          </button>
          <CopyLinkButton />
          <button type="button" onClick={() => closeLesson()}>
            {t('lesson.leave')}
          </button>
        </div>
      </div>
      {outlineOpen && (
        <LessonOutline
          onPick={(k) => {
            setOutlineOpen(false);
            goToMoment(k);
          }}
        />
      )}
      <div className="lesson-body" aria-live="polite">
        {s.phase === 'start' && (
          <p className="lesson-caption" ref={caption} tabIndex={-1} data-testid="lesson-caption">
            {say(lesson.summary)}
          </p>
        )}
        {s.phase === 'predicting' && heading?.prediction !== undefined && s.heading !== null && (
          <PredictionPanel prediction={heading.prediction} moment={s.heading} />
        )}
        {moving && s.heading !== null && (
          <p className="lesson-moving" data-testid="lesson-moving">
            {s.watching
              ? playing
                ? t('lesson.movingWatch', { n: s.heading + 1 })
                : t('lesson.paused', { n: s.heading + 1 })
              : t('lesson.moving', { n: s.heading + 1 })}{' '}
            {s.watching && (
              <button type="button" onClick={() => hurryMoment()}>
                {t('lesson.hurry')}
              </button>
            )}
          </p>
        )}
        {s.phase === 'failed' && (
          <p className="lesson-failed" role="alert">
            {t('lesson.failed', { n: (s.heading ?? 0) + 1, reason: s.error ?? '' })}
          </p>
        )}
        {s.phase === 'at-moment' && moment !== undefined && (
          <>
            <p className="lesson-caption" ref={caption} tabIndex={-1} data-testid="lesson-caption">
              {say(moment.caption)}
            </p>
            {moment.highlight.length > 0 && (
              <p className="lesson-look" data-testid="lesson-look">
                {t('lesson.highlighted', {
                  regions: moment.highlight.map((r) => t(`regions.${r}.title`)).join(' · '),
                })}
              </p>
            )}
            {moment.prediction !== undefined && (
              <RevealPanel
                prediction={moment.prediction}
                revealed={s.revealed[s.moment] ?? null}
                chosen={s.chosen[s.moment]}
              />
            )}
            {s.drifted && <p className="lesson-drifted">{t('lesson.drifted')}</p>}
            {atEnd && <p className="lesson-finished">{t('lesson.finished')}</p>}
          </>
        )}
      </div>
    </section>
  );
}

/** Copies the lesson's link at this moment (or shows it, when the clipboard is refused). */
function CopyLinkButton() {
  const t = useT();
  const [said, setSaid] = useState<string | null>(null);
  useLesson((x) => x.moment);
  const copy = async (): Promise<void> => {
    const hash = currentLessonLink();
    if (hash === null) return setSaid(t('lesson.tooLong'));
    const link = `${window.location.href.split('#')[0] ?? ''}${hash}`;
    try {
      await navigator.clipboard.writeText(link);
      setSaid(t('lesson.copied'));
    } catch {
      // file:// pages and some browsers refuse the clipboard: show the link to copy by hand.
      setSaid(t('lesson.copyFailed', { link }));
    }
  };
  return (
    <>
      <button type="button" onClick={() => void copy()}>
        {t('lesson.copyLink')}
      </button>
      <span className="lesson-copied" role="status">
        {said ?? ''}
      </span>
    </>
  );
}
