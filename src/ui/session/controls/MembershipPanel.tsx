import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useT } from '../../i18n/useT';
import { maxClusterSize } from '../../../cluster/cluster';
import { useSession } from '../store';
import type { ClientCallView, MemberSnapshot } from '../../../session/types';
import { CallItem } from './ClientPanel';
import type { MemberInput } from '../../../session/inputs/member_inputs';

/**
 * etcdctl's membership commands: member add (voter or learner), member promote, member remove
 * and move-leader. Each is a user input sent to the leader (the member in StateLeader with the
 * highest term, as etcdctl would find it; with none, the first live member, which answers with
 * etcd's error). The answer shows in the client panel's list of recent calls.
 */
export function MembershipPanel() {
  const t = useT();
  const { members, live, busy, last, step } = useSession(
    useShallow((s) => ({
      members: s.snapshot.members,
      live: s.live,
      busy: s.activity.kind === 'seeking' || s.activity.kind === 'running-until',
      last: lastMemberCall(s.history.calls, s.snapshot.step),
      step: s.snapshot.step,
    })),
  );
  const via = viaOf(members);
  const learners = members.filter((m) => m.up && m.learner);
  const present = members.filter((m) => !m.removed);
  const others = members.filter((m) => m.up && !m.removed && m.index !== via);
  const [promote, setPromote] = useState<number | null>(null);
  const [remove, setRemove] = useState<number | null>(null);
  const [to, setTo] = useState<number | null>(null);
  const off = !live || busy;
  const full = members.length >= maxClusterSize;
  const issue = (i: MemberInput): void => useSession.getState().issue(i);
  const viaName = members[via]?.name ?? 'infra1';
  const leads = members[via]?.role === 'StateLeader';

  return (
    <details className="session-more-faults session-membership">
      <summary>{t('cluster.membership.title')}</summary>
      <div className="session-row" role="group" aria-label={t('cluster.membership.title')}>
        <span className="session-muted">
          {leads
            ? t('cluster.membership.via', { name: viaName })
            : t('cluster.membership.noLeader', { name: viaName })}
        </span>
        <button
          type="button"
          disabled={off || full}
          onClick={() => issue({ kind: 'member-add', member: via, learner: false })}
        >
          {t('cluster.membership.add')}
        </button>
        <button
          type="button"
          disabled={off || full}
          onClick={() => issue({ kind: 'member-add', member: via, learner: true })}
        >
          {t('cluster.membership.addLearner')}
        </button>
        {full && (
          <span className="session-muted">{t('cluster.membership.full', { max: maxClusterSize })}</span>
        )}
      </div>
      <ol className="session-calls" aria-label={t('cluster.membership.last')}>
        {last === null ? (
          <li className="session-muted">{t('cluster.client.none')}</li>
        ) : (
          <CallItem c={last} step={step} />
        )}
      </ol>
      <div className="session-row">
        <Pick
          label={t('cluster.membership.promote')}
          options={learners}
          value={promote}
          set={setPromote}
          none={t('cluster.membership.none')}
        />
        <Action
          off={off}
          target={pickOf(promote, learners)}
          text={(name) => t('cluster.membership.promoteButton', { name })}
          run={(member) => issue({ kind: 'member-promote', member, via })}
        />
        <Pick
          label={t('cluster.membership.remove')}
          options={present}
          value={remove}
          set={setRemove}
          none={t('cluster.membership.none')}
        />
        <Action
          off={off}
          target={pickOf(remove, present)}
          text={(name) => t('cluster.membership.removeButton', { name })}
          run={(member) => issue({ kind: 'member-remove', member, via })}
        />
        <Pick
          label={t('cluster.membership.transfer')}
          options={others}
          value={to}
          set={setTo}
          none={t('cluster.membership.none')}
        />
        <Action
          off={off}
          target={pickOf(to, others)}
          text={(name) => t('cluster.membership.transferButton', { name })}
          run={(member) => issue({ kind: 'move-leader', member, via })}
        />
      </div>
    </details>
  );
}

const memberOps: ReadonlySet<string> = new Set([
  'member-add',
  'member-promote',
  'member-remove',
  'move-leader',
]);

/** The newest membership request issued at or before the cursor. */
function lastMemberCall(calls: readonly ClientCallView[], step: number): ClientCallView | null {
  for (let i = calls.length - 1; i >= 0; i--) {
    const c = calls[i];
    if (c !== undefined && c.startStep <= step && memberOps.has(c.op)) return c;
  }
  return null;
}

/** The member etcdctl would reach: the one in StateLeader with the highest term, else the first live one. */
function viaOf(members: readonly MemberSnapshot[]): number {
  let best: MemberSnapshot | undefined;
  for (const m of members) {
    if (m.up && m.role === 'StateLeader' && (best === undefined || m.term > best.term)) best = m;
  }
  return best?.index ?? members.find((m) => m.up)?.index ?? 0;
}

/** The picked member if it is still a choice, else the first choice. */
function pickOf(value: number | null, options: readonly MemberSnapshot[]): MemberSnapshot | undefined {
  return options.find((m) => m.index === value) ?? options[0];
}

interface PickProps {
  readonly label: string;
  readonly options: readonly MemberSnapshot[];
  readonly value: number | null;
  readonly set: (i: number) => void;
  readonly none: string;
}

function Pick({ label, options, value, set, none }: PickProps) {
  const shown = pickOf(value, options);
  return (
    <label className="session-field">
      <span>{label}</span>
      <select
        value={shown?.index ?? ''}
        disabled={options.length === 0}
        onChange={(e) => set(Number(e.target.value))}
      >
        {options.length === 0 && <option value="">{none}</option>}
        {options.map((m) => (
          <option key={m.index} value={m.index}>
            {m.name}
          </option>
        ))}
      </select>
    </label>
  );
}

interface ActionProps {
  readonly off: boolean;
  readonly target: MemberSnapshot | undefined;
  readonly text: (name: string) => string;
  readonly run: (member: number) => void;
}

function Action({ off, target, text, run }: ActionProps) {
  return (
    <button type="button" disabled={off || target === undefined} onClick={() => target && run(target.index)}>
      {text(target?.name ?? '…')}
    </button>
  );
}
