import { usePreferences } from '../../store/preferences';
import { memo, useEffect, useMemo, useRef, useState } from 'react';
import { useT } from '../../i18n/useT';
import { useShallow } from 'zustand/react/shallow';
import { useSession } from '../store';
import { filterEvents } from '../../../session/event_filter';
import type { MemberFilter } from '../../../session/event_filter';
import { formatVirtualTime } from '../../../session/format';
import type { EventLine, LogLevel } from '../../../session/types';
import '../session.css';

const levels: readonly (LogLevel | 'all')[] = ['all', 'debug', 'info', 'warn', 'error'];
const maxLines = 200;
/** While playing, lines scroll past faster than anyone reads: fewer in the DOM per publish. */
const maxLinesPlaying = 40;

/**
 * etcd's log lines and cluster events as text, filterable by member and level, bounded to the
 * newest lines. A polite live region announces leader changes and client errors as they happen.
 */
export function EventLog() {
  const t = useT();
  const { events, step, members, playing } = useSession(
    useShallow((s) => ({
      events: s.events,
      step: s.snapshot.step,
      members: s.snapshot.members,
      playing: s.playing,
    })),
  );
  const names = members.map((m) => m.name);
  const [member, setMember] = useState<MemberFilter>('all');
  const [minLevel, setMinLevel] = useState<LogLevel | 'all'>('all');
  const [upToCursor, setUpToCursor] = useState(true);
  const { lines, total } = useMemo(
    () =>
      filterEvents(events, {
        member,
        minLevel,
        upToStep: upToCursor ? step : null,
        limit: playing ? maxLinesPlaying : maxLines,
      }),
    [events, member, minLevel, upToCursor, step, playing],
  );
  // Newest first in the DOM inside a column-reverse box: the browser keeps the view at the
  // newest line by itself, with no scroll code reading layout on every update.
  const newestFirst = useMemo(() => [...lines].reverse(), [lines]);

  const memberName = (m: number | null): string =>
    m === null ? t('cluster.events.cluster') : (names[m] ?? `#${m}`);
  return (
    <div className="session-events">
      <div className="session-row">
        <label className="session-field">
          <span>{t('cluster.events.member')}</span>
          <select
            value={String(member)}
            onChange={(e) => {
              const v = e.target.value;
              setMember(v === 'all' || v === 'cluster' ? v : Number(v));
            }}
          >
            <option value="all">{t('cluster.events.all')}</option>
            <option value="cluster">{t('cluster.events.cluster')}</option>
            {names.map((n, i) => (
              <option key={n} value={i}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <label className="session-field">
          <span>{t('cluster.events.level')}</span>
          <select value={minLevel} onChange={(e) => setMinLevel(e.target.value as LogLevel | 'all')}>
            {levels.map((l) => (
              <option key={l} value={l}>
                {l === 'all' ? t('cluster.events.all') : `${l}+`}
              </option>
            ))}
          </select>
        </label>
        <label className="session-toggle">
          <input type="checkbox" checked={upToCursor} onChange={(e) => setUpToCursor(e.target.checked)} />
          {t('cluster.events.upToCursor')}
        </label>
        <span className="session-muted">{t('cluster.events.count', { shown: lines.length, total })}</span>
      </div>
      {lines.length === 0 ? (
        <p className="session-muted">{t('cluster.events.empty')}</p>
      ) : (
        <ol className="session-log" tabIndex={0} aria-label={t('regions.events.title')}>
          {newestFirst.map((e) => (
            <LogLine key={e.seq} e={e} member={memberName(e.member)} />
          ))}
        </ol>
      )}
      <Announcer />
    </div>
  );
}

/** One line; lines never change once recorded, so a memo makes a publish render only new ones. */
const LogLine = memo(function LogLine({ e, member }: { e: EventLine; member: string }) {
  const language = usePreferences((p) => p.language);
  const text = e.caption === undefined ? e.text : `“${e.caption[language]}”`;
  return (
    <li
      className={`session-log-line session-level-${e.level} session-kind-${e.kind}`}
      title={e.json ?? undefined}
    >
      <span className="session-log-time">{formatVirtualTime(e.timeUs)}</span>{' '}
      <span className="session-log-member">{member}</span>{' '}
      <span className="session-log-level">{e.level.toUpperCase()}</span>{' '}
      <span className="session-log-text">{text}</span>
    </li>
  );
});

/** Announces each new leader change and client error once (not on replays or seeks backward). */
function Announcer() {
  const t = useT();
  const { changes, calls } = useSession(
    useShallow((s) => ({ changes: s.history.leaderChanges, calls: s.history.calls })),
  );
  const namesKey = useSession((s) => s.snapshot.members.map((m) => m.name).join('\u0000'));
  const seen = useRef({ changes: -1, errors: -1 });
  const [text, setText] = useState('');
  useEffect(() => {
    const errors = calls.filter((c) => c.outcome === 'error');
    const first = seen.current.changes < 0;
    const parts: string[] = [];
    if (!first) {
      for (const c of changes.slice(seen.current.changes)) {
        const name = c.member === null ? '' : (namesKey.split('\u0000')[c.member] ?? '');
        parts.push(
          t('cluster.events.leaderElected', {
            name,
            term: c.term,
            cause: t(`cluster.leaderTimeline.cause.${c.cause}`),
          }),
        );
      }
      const newErrors = errors.slice(seen.current.errors);
      const last = newErrors[newErrors.length - 1];
      if (last !== undefined) parts.push(t('cluster.events.clientError', { error: last.error ?? '' }));
    }
    seen.current = { changes: changes.length, errors: errors.length };
    if (parts.length > 0) setText(parts.join('. '));
  }, [changes, calls, namesKey, t]);
  return (
    <div className="visually-hidden" aria-live="polite" aria-atomic="true" data-testid="event-announcer">
      {text}
    </div>
  );
}
