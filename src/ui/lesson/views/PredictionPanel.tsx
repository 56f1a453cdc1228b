import { useEffect, useRef } from 'react';
import { useT } from '../../i18n/useT';
import type { LessonPrediction } from '../../../session/lesson';
import { answerPrediction } from '../controller';
import { useLessonText } from './LessonBar';

/** The question of the next moment, asked before the run moves; an answer starts the run. */
export function PredictionPanel({ prediction, moment }: { prediction: LessonPrediction; moment: number }) {
  const t = useT();
  const say = useLessonText();
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => first.current?.focus({ preventScroll: true }), [moment]);
  return (
    <div
      className="lesson-predict"
      role="group"
      aria-labelledby="lesson-question"
      data-testid="lesson-predict"
    >
      <p className="lesson-predict-title">
        <strong>{t('lesson.predictTitle')}</strong> <span>{t('lesson.predictHint')}</span>
      </p>
      <p id="lesson-question" className="lesson-question">
        {say(prediction.question)}
      </p>
      <div className="lesson-answers">
        {prediction.answers.map((a, i) => (
          <button
            key={i}
            type="button"
            ref={i === 0 ? first : undefined}
            className="lesson-answer"
            data-answer={i}
            onClick={() => answerPrediction(i)}
          >
            <span className="lesson-answer-key" aria-hidden="true">
              {String.fromCharCode(65 + i)}
            </span>{' '}
            {say(a.text)}
          </button>
        ))}
        <button type="button" className="lesson-skip" onClick={() => answerPrediction(null)}>
          {t('lesson.skip')}
        </button>
      </div>
    </div>
  );
}

/** What the run did, against what the class predicted, and why. */
export function RevealPanel({
  prediction,
  revealed,
  chosen,
}: {
  prediction: LessonPrediction;
  revealed: number | null;
  chosen: number | null | undefined;
}) {
  const t = useT();
  const say = useLessonText();
  const happened = revealed === null ? undefined : prediction.answers[revealed];
  const picked = chosen === null || chosen === undefined ? undefined : prediction.answers[chosen];
  return (
    <div className="lesson-reveal" data-testid="lesson-reveal" data-revealed={revealed ?? ''}>
      {happened !== undefined && (
        <p className="lesson-happened">
          <strong>{t('lesson.happened', { answer: say(happened.text) })}</strong>{' '}
          {chosen === undefined ? null : picked === undefined ? (
            <span>{t('lesson.classSkipped')}</span>
          ) : chosen === revealed ? (
            <span className="lesson-right">{t('lesson.classRight')}</span>
          ) : (
            <span className="lesson-wrong">{t('lesson.classWrong', { answer: say(picked.text) })}</span>
          )}
        </p>
      )}
      <p className="lesson-why">
        <strong>{t('lesson.why')}:</strong> {say(prediction.why)}
      </p>
    </div>
  );
}
