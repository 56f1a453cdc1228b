import { useEffect, useRef, useState } from 'react';
import { useT } from '../../i18n/useT';
import { builtinLesson, builtinLessonNames } from '../../../session/lessons';
import type { Lesson } from '../../../session/lesson';
import { maxImportBytes } from '../../session/io/session_io';
import { useSession } from '../../session/store';
import { openLesson, openLessonText } from '../controller';
import { useLessonText } from './LessonBar';

/** The built-in lessons, parsed once (they are validated like a teacher's file). */
function builtinLessons(): readonly Lesson[] {
  return builtinLessonNames.flatMap((n) => {
    const r = builtinLesson(n);
    return r.ok ? [r.lesson] : [];
  });
}

/**
 * The Lessons button and its dialog: the built-in lessons in teaching order, each with its
 * summary, and a file input for a teacher's own lesson (refused with the usual banner).
 */
export function LessonPicker() {
  const t = useT();
  const say = useLessonText();
  const live = useSession((s) => s.live);
  const [open, setOpen] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const [lessons] = useState(builtinLessons);

  useEffect(() => {
    const d = dialog.current;
    if (d === null) return;
    if (open && !d.open) {
      if (typeof d.showModal === 'function') d.showModal();
      else d.setAttribute('open', '');
    } else if (!open && d.open) d.close();
  }, [open]);
  const close = (): void => {
    setOpen(false);
    opener.current?.focus();
  };
  const onFile = async (e: React.ChangeEvent<HTMLInputElement>): Promise<void> => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (file === undefined) return;
    close();
    if (file.size > maxImportBytes) {
      const message = `the file is ${file.size} bytes; at most ${maxImportBytes} are read`;
      useSession.getState().setNotice({ kind: 'bad-lesson', where: file.name, message, details: [message] });
      return;
    }
    openLessonText(file.name, await file.text());
  };

  return (
    <>
      <button
        type="button"
        ref={opener}
        className="lesson-open"
        disabled={!live}
        title={t('lesson.openHint')}
        onClick={() => setOpen(true)}
      >
        {t('lesson.open')}
      </button>
      <dialog
        ref={dialog}
        className="lesson-picker"
        aria-labelledby="lesson-picker-title"
        onClose={() => setOpen(false)}
        onCancel={(e) => {
          e.preventDefault();
          close();
        }}
      >
        <h2 id="lesson-picker-title">{t('lesson.pickerTitle')}</h2>
        <p>{t('lesson.pickerIntro')}</p>
        <ol className="lesson-picker-list">
          {lessons.map((l) => (
            <li key={l.name} data-lesson={l.name}>
              <div>
                <strong>{say(l.title)}</strong>{' '}
                <span className="lesson-picker-count">
                  {t('lesson.pickerMoments', { count: l.moments.length })}
                </span>
                <p>{say(l.summary)}</p>
              </div>
              <button
                type="button"
                aria-label={`${t('lesson.pickerOpen')}: ${say(l.title)}`}
                onClick={() => {
                  close();
                  openLesson(l, { kind: 'builtin', name: l.name });
                }}
              >
                {t('lesson.pickerOpen')}
              </button>
            </li>
          ))}
        </ol>
        <label className="lesson-picker-file">
          <span>{t('lesson.pickerFile')}</span>
          <input type="file" accept=".json,application/json" onChange={(e) => void onFile(e)} />
          <small>{t('lesson.pickerFileHint')}</small>
        </label>
        <button type="button" onClick={close}>
          {t('lesson.close')}
        </button>
      </dialog>
    </>
  );
}
