import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useT } from '../../i18n/useT';
import { useSession } from '../store';
import { maxDropCount, maxFaultUs, messageTypeNames } from '../../../session/inputs/fault_inputs';
import type { ExtraFaultInput } from '../../../session/inputs/fault_inputs';

const maxFaultMs = maxFaultUs / 1000;

/**
 * The faults beyond crash/isolate/heal, folded away by default: drop the next messages on a link
 * (optionally of one raft type), a link's latency, a slow disk and a slow apply on a member. Each
 * is a user input, so it lands in the input log (step back, the URL and the run file replay it).
 */
export function FaultPanel() {
  const t = useT();
  const { members, live, busy } = useSession(
    useShallow((s) => ({
      members: s.snapshot.members,
      live: s.live,
      busy: s.activity.kind === 'seeking' || s.activity.kind === 'running-until',
    })),
  );
  const names = members.map((m) => m.name);
  const [from, setFrom] = useState(0);
  const [to, setTo] = useState(1);
  const [member, setMember] = useState(0);
  const [count, setCount] = useState(5);
  const [type, setType] = useState('');
  const [latencyMs, setLatencyMs] = useState(50);
  const [fsyncMs, setFsyncMs] = useState(100);
  const [applyMs, setApplyMs] = useState(100);
  const issue = (i: ExtraFaultInput): void => useSession.getState().issue(i);
  const off = !live || busy;
  const sameLink = from === to;
  const name = (i: number): string => names[i] ?? `#${i}`;
  const pick = (label: string, value: number, set: (n: number) => void) => (
    <label className="session-field">
      <span>{label}</span>
      <select value={value} onChange={(e) => set(Number(e.target.value))}>
        {names.map((n, i) => (
          <option key={n} value={i}>
            {n}
          </option>
        ))}
      </select>
    </label>
  );
  const num = (label: string, value: number, set: (n: number) => void, min: number, max: number) => (
    <label className="session-field">
      <span>{label}</span>
      <input
        type="number"
        min={min}
        max={max}
        step={1}
        value={value}
        size={5}
        onChange={(e) => set(clamp(Number(e.target.value), min, max))}
      />
    </label>
  );

  return (
    <details className="session-more-faults">
      <summary>{t('cluster.moreFaults.title')}</summary>
      <div className="session-row" role="group" aria-label={t('cluster.moreFaults.drop')}>
        <strong>{t('cluster.moreFaults.drop')}</strong>
        {pick(t('cluster.moreFaults.from'), from, setFrom)}
        {pick(t('cluster.moreFaults.to'), to, setTo)}
        {num(t('cluster.moreFaults.dropCount'), count, setCount, 1, maxDropCount)}
        <label className="session-field">
          <span>{t('cluster.moreFaults.dropType')}</span>
          <select value={type} onChange={(e) => setType(e.target.value)}>
            <option value="">{t('cluster.moreFaults.anyType')}</option>
            {messageTypeNames.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          disabled={off || sameLink}
          onClick={() =>
            issue({ kind: 'drop', member: from, to, count, messageType: type === '' ? null : type })
          }
        >
          {t('cluster.moreFaults.dropButton', { count, from: name(from), to: name(to) })}
        </button>
        {num(t('cluster.moreFaults.latencyMs'), latencyMs, setLatencyMs, 0, maxFaultMs)}
        <button
          type="button"
          disabled={off || sameLink}
          onClick={() => issue({ kind: 'link-latency', member: from, to, latencyUs: latencyMs * 1000 })}
        >
          {t('cluster.moreFaults.latencyButton', { from: name(from), to: name(to) })}
        </button>
        {sameLink && <span className="session-field-error">{t('cluster.moreFaults.sameMember')}</span>}
      </div>
      <div className="session-row" role="group" aria-label={t('cluster.moreFaults.slowDisk')}>
        {pick(t('cluster.moreFaults.member'), member, setMember)}
        {num(t('cluster.moreFaults.fsyncMs'), fsyncMs, setFsyncMs, 0, maxFaultMs)}
        <button
          type="button"
          disabled={off}
          onClick={() => issue({ kind: 'slow-disk', member, fsyncUs: fsyncMs * 1000 })}
        >
          {t('cluster.moreFaults.slowDiskButton', { name: name(member) })}
        </button>
        {num(t('cluster.moreFaults.applyMs'), applyMs, setApplyMs, 0, maxFaultMs)}
        <button
          type="button"
          disabled={off}
          onClick={() => issue({ kind: 'slow-apply', member, applyUs: applyMs * 1000 })}
        >
          {t('cluster.moreFaults.slowApplyButton', { name: name(member) })}
        </button>
      </div>
    </details>
  );
}

function clamp(n: number, min: number, max: number): number {
  return Number.isFinite(n) ? Math.min(max, Math.max(min, Math.round(n))) : min;
}
