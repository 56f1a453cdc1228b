import { useState } from 'react';
import { useT } from '../../i18n/useT';
import { useShallow } from 'zustand/react/shallow';
import { useSession } from '../store';
import type { ClientCallView, ClientOp, UserInput } from '../../../session/types';

const shownCalls = 3;

/** put/get/delete to a chosen member, the latest answers with etcd's exact errors, and faults: crash/restart, isolate, heal. */
export function ClientPanel() {
  const t = useT();
  const { members, live, calls, links } = useSession(
    useShallow((s) => ({
      members: s.snapshot.members,
      live: s.live,
      calls: s.history.calls,
      links: s.snapshot.links,
    })),
  );
  const anyCut = links.some((l) => !l.up);
  const isolated = (i: number): boolean => {
    const mine = links.filter((l) => l.fromMember === i || l.toMember === i);
    return mine.length > 0 && mine.every((l) => !l.up);
  };
  const step = useSession((s) => s.snapshot.step);
  const [member, setMember] = useState(0);
  const [target, setTarget] = useState(0);
  const targetMember = members[target];
  const issue = (input: UserInput): void => useSession.getState().issue(input);
  const [op, setOp] = useState<ClientOp>('put');
  const [key, setKey] = useState('greeting');
  const [value, setValue] = useState('hello');
  const [serializable, setSerializable] = useState(false);

  const send = (e: React.FormEvent): void => {
    e.preventDefault();
    const s = useSession.getState();
    if (op === 'put') s.issue({ kind: 'put', member, key, value });
    else if (op === 'get') s.issue({ kind: 'get', member, key, serializable });
    else s.issue({ kind: 'delete', member, key });
  };
  const recent = calls
    .filter((c) => c.startStep <= step)
    .slice(-shownCalls)
    .reverse();

  return (
    <div className="session-client">
      <form className="session-row" onSubmit={send} aria-label={t('cluster.client.title')}>
        <strong>{t('cluster.client.title')}</strong>
        <label className="session-field">
          <span>{t('cluster.client.member')}</span>
          <select value={member} onChange={(e) => setMember(Number(e.target.value))}>
            {members.map((m, i) => (
              <option key={m.name} value={i}>
                {m.name}
              </option>
            ))}
          </select>
        </label>
        <label className="session-field">
          <span>{t('cluster.client.op')}</span>
          <select value={op} onChange={(e) => setOp(e.target.value as ClientOp)}>
            <option value="put">{t('cluster.client.put')}</option>
            <option value="get">{t('cluster.client.get')}</option>
            <option value="delete">{t('cluster.client.delete')}</option>
          </select>
        </label>
        <label className="session-field">
          <span>{t('cluster.client.key')}</span>
          <input type="text" value={key} size={10} onChange={(e) => setKey(e.target.value)} required />
        </label>
        {op === 'put' && (
          <label className="session-field">
            <span>{t('cluster.client.value')}</span>
            <input type="text" value={value} size={10} onChange={(e) => setValue(e.target.value)} />
          </label>
        )}
        {op === 'get' && (
          <label className="session-toggle">
            <input
              type="checkbox"
              checked={serializable}
              onChange={(e) => setSerializable(e.target.checked)}
            />
            {t('cluster.client.serializable')}
          </label>
        )}
        <button type="submit" disabled={!live || key === ''}>
          {t('cluster.client.send')}
        </button>
        <span className="session-sep" aria-hidden="true" />
        <strong>{t('cluster.faults.title')}</strong>
        <label className="session-field">
          <span>{t('cluster.faults.member')}</span>
          <select value={target} onChange={(e) => setTarget(Number(e.target.value))}>
            {members.map((m, i) => (
              <option key={m.name} value={i}>
                {m.name}
              </option>
            ))}
          </select>
        </label>
        {targetMember !== undefined && (
          <button
            type="button"
            disabled={!live}
            onClick={() => issue({ kind: targetMember.up ? 'crash' : 'restart', member: target })}
          >
            {targetMember.up
              ? t('cluster.faults.crash', { name: targetMember.name })
              : t('cluster.faults.restart', { name: targetMember.name })}
          </button>
        )}
        {targetMember !== undefined && (
          <button
            type="button"
            disabled={!live || isolated(target)}
            onClick={() => issue({ kind: 'isolate', member: target })}
          >
            {t('cluster.faults.isolate', { name: targetMember.name })}
          </button>
        )}
        <button
          type="button"
          disabled={!live || !anyCut}
          onClick={() => issue({ kind: 'heal', member: target })}
        >
          {t('cluster.faults.heal')}
        </button>
      </form>
      <ol className="session-calls" aria-label={t('cluster.client.recent')}>
        {recent.length === 0 ? (
          <li className="session-muted">{t('cluster.client.none')}</li>
        ) : (
          recent.map((c) => <CallItem key={c.id} c={c} step={step} />)
        )}
      </ol>
    </div>
  );
}

export function CallItem({ c, step }: { c: ClientCallView; step: number }) {
  const t = useT();
  const done = c.endStep !== null && c.endStep <= step;
  const outcome = !done ? 'pending' : c.outcome;
  const text = `#${c.id} ${c.op} ${c.key}${c.value === null ? '' : `=${c.value}`} → infra${c.member + 1}`;
  return (
    <li className={`session-call session-call-${outcome}`}>
      <span>{text}</span> {outcome === 'pending' && <em>{t('cluster.client.pending')}</em>}
      {outcome === 'ok' && (
        <span>
          {t('cluster.client.ok')} {c.result}
        </span>
      )}
      {outcome === 'error' && (
        <span className="session-error-text">
          {t('cluster.client.error')}: <code>{c.error}</code>
        </span>
      )}
    </li>
  );
}
