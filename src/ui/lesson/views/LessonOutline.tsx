import { useT } from '../../i18n/useT';
import { useLesson } from '../store';
import { useLessonText } from './LessonBar';

/** Longest caption start the outline shows for a moment. */
const outlineChars = 90;

/** Every moment of the lesson, to jump to any of them (later ones run forward at once). */
export function LessonOutline({ onPick }: { onPick: (k: number) => void }) {
  const t = useT();
  const say = useLessonText();
  const s = useLesson();
  if (s.lesson === null) return null;
  return (
    <nav id="lesson-outline" className="lesson-outline" aria-label={t('lesson.outlineTitle')}>
      <ol start={0}>
        <li>
          <button type="button" aria-current={s.moment < 0 ? 'step' : undefined} onClick={() => onPick(-1)}>
            {t('lesson.outlineStart', { title: say(s.lesson.title) })}
          </button>
        </li>
        {s.lesson.moments.map((m, k) => {
          const text = say(m.caption);
          return (
            <li key={k} data-reached={s.reached[k] === true ? 'yes' : 'no'}>
              <button
                type="button"
                aria-current={s.moment === k ? 'step' : undefined}
                onClick={() => onPick(k)}
              >
                <span className="lesson-outline-n">{k + 1}.</span>{' '}
                {text.length > outlineChars ? `${text.slice(0, outlineChars - 1)}…` : text}
              </button>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
