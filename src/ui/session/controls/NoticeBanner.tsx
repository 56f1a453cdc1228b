import { useT } from '../../i18n/useT';
import { useSession } from '../store';
import { maxSeed } from '../../../session/url';
import { stepBoundDefault } from '../../../session/engine';
import { reportText } from './StepStatus';

/** A bad URL, a bounded run-until or an engine stop, in words; the run itself is kept. */
export function NoticeBanner() {
  const t = useT();
  const notice = useSession((s) => s.notice);
  // Subscribed, not read once: the notice can arrive before the report it words is published.
  const report = useSession((s) => s.report);
  if (notice === null) return null;
  let title: string;
  let details: string[] = [];
  if (notice.kind === 'bad-url') {
    title = t('cluster.notice.badUrl');
    details = (notice.errors ?? []).map((e) =>
      t(`cluster.notice.url.${e.code}`, { where: e.where, value: e.value, max: maxSeed }),
    );
  } else if (notice.kind === 'bad-file') {
    title = t('cluster.io.badFile', { file: notice.where });
    details = [...(notice.details ?? [notice.message])];
  } else if (notice.kind === 'bad-lesson') {
    title = t('lesson.badLesson', { where: notice.where });
    details = [...(notice.details ?? [notice.message])];
  } else if (notice.kind === 'lesson-closed') {
    title = t('lesson.closedNotice', { message: notice.message });
  } else if (notice.kind === 'diverged') {
    title = t('cluster.io.diverged', { file: notice.where, message: notice.message });
  } else if (notice.where === 'replay') {
    title = t('cluster.notice.replay', { message: notice.message });
  } else if (notice.where === 'run-until') {
    title = reportText(t, report) ?? t('cluster.notice.bounded', { bound: stepBoundDefault });
  } else {
    title = t('cluster.notice.engine', { message: notice.message });
  }
  return (
    <div className="session-notice" role="alert">
      <p>
        <strong>{title}</strong>
      </p>
      {details.length > 0 && (
        <ul>
          {details.map((d) => (
            <li key={d}>{d}</li>
          ))}
        </ul>
      )}
      <button type="button" onClick={() => useSession.getState().setNotice(null)}>
        {t('cluster.notice.dismiss')}
      </button>
    </div>
  );
}
