import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';
import { useT } from '../../i18n/useT';
import { useMember, useMembers } from '../../session/store';
import type { GoroutineView, MemberSnapshot, ProgressView } from '../../../session/types';
import { roleOf } from '../model/roles';
import { formatVirtualTime } from '../model/timeline';
import { Term, TermIn } from '../../shell/Term';
import { useExpertView } from '../../store/view_level';

/**
 * Everything about one member as tables: identity and role, HardState and SoftState, raft's
 * applied index against the server's applied and committed, timers, the Ready loop, the
 * leader's view of each follower's progress, and every goroutine with what it waits on.
 */
export function MemberInspector({ member, onClose }: { member: number; onClose: () => void }) {
  const t = useT();
  const m = useMember(member);
  const members = useMembers();
  const closeRef = useRef<HTMLButtonElement | null>(null);
  const expert = useExpertView();
  // Focus moves into the panel when it opens, not each time another member is picked.
  useEffect(() => closeRef.current?.focus(), []);
  if (m === undefined) return null;
  const nameOf = (id: string): string =>
    id === '0' || id === '' ? t('cluster.inspector.none') : (members.find((x) => x.id === id)?.name ?? id);
  const headingId = `cv-inspector-${member}`;
  return (
    <aside
      className="cv-inspector"
      aria-labelledby={headingId}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onClose();
        }
      }}
    >
      <header className="cv-inspector-head">
        <h3 id={headingId}>{t('cluster.inspector.title', { name: m.name })}</h3>
        <button
          type="button"
          ref={closeRef}
          onClick={onClose}
          aria-label={t('cluster.inspector.close', { name: m.name })}
        >
          ✕
        </button>
      </header>
      <Table caption={t('cluster.inspector.overview')}>
        <Row k={t('cluster.inspector.id')} v={m.id || '—'} mono />
        <Row
          k={t('cluster.inspector.state')}
          v={
            m.up
              ? `${t(`cluster.role.${roleOf(m.role)}`)}${m.learner ? ` · ${t('cluster.role.learner')}` : ''}`
              : t(m.removed ? 'cluster.role.removed' : 'cluster.role.down')
          }
        />
        <Row k={<TermIn id="term" text={t('cluster.inspector.term')} />} v={m.term} />
        <Row k={<Term id="lead">{t('cluster.inspector.lead')}</Term>} v={nameOf(m.lead)} />
        {m.leadTransferee !== '0' && m.leadTransferee !== '' && (
          <Row k={t('cluster.inspector.transferee')} v={nameOf(m.leadTransferee)} />
        )}
      </Table>
      <Table label="HardState" caption={<Term id="hardState">HardState</Term>}>
        <Row k={<Term id="term">Term</Term>} v={m.hardState.term} />
        <Row k={<Term id="vote">Vote</Term>} v={nameOf(m.hardState.vote)} />
        <Row k={<Term id="commitIndex">Commit</Term>} v={m.hardState.commit} />
      </Table>
      <Table label="SoftState" caption={<Term id="softState">SoftState</Term>}>
        <Row k={<Term id="lead">Lead</Term>} v={nameOf(m.lead)} />
        <Row k={<Term id="raftState">RaftState</Term>} v={m.up ? m.role : '—'} mono />
      </Table>
      <IndexTable m={m} />
      <Table caption={t('cluster.inspector.timers')}>
        <Row
          k={<Term id="electionTimeout">{t('cluster.inspector.election')}</Term>}
          v={t('cluster.inspector.ticksOf', { elapsed: m.electionElapsed, timeout: m.electionTimeout })}
        />
        <Row
          k={<Term id="heartbeat">{t('cluster.inspector.heartbeat')}</Term>}
          v={t('cluster.inspector.ticksOf', { elapsed: m.heartbeatElapsed, timeout: m.heartbeatTimeout })}
        />
      </Table>
      <Table caption={t('cluster.inspector.readyLoop')}>
        {expert && <Row k={t('cluster.inspector.readyStep')} v={m.readyStep} mono />}
        <Row k={<TermIn id="ready" text={t('cluster.inspector.readyCount')} />} v={m.readyCount} />
        {expert && (
          <>
            <Row
              k={<TermIn id="waitRegistry" text={t('cluster.inspector.waitRegistry')} />}
              v={m.waitRegistrySize}
            />
            <Row k={t('cluster.inspector.fifo')} v={m.fifoQueueLength} />
            <Row
              k={<TermIn id="wal" text={t('cluster.inspector.wal')} />}
              v={t('cluster.inspector.walValue', { records: m.walRecords, unsynced: m.walUnsynced })}
            />
          </>
        )}
      </Table>
      {expert && m.progress !== null && <ProgressTable progress={m.progress} names={members} />}
      {expert && <GoroutineTable goroutines={m.goroutines} />}
    </aside>
  );
}

function IndexTable({ m }: { m: MemberSnapshot }) {
  const t = useT();
  return (
    <Table caption={t('cluster.inspector.indexes')}>
      <Row k={<Term id="firstIndex">{t('cluster.inspector.first')}</Term>} v={m.firstIndex} />
      <Row k={<Term id="stableIndex">{t('cluster.inspector.stable')}</Term>} v={m.stableIndex} />
      <Row k={<Term id="lastIndex">{t('cluster.inspector.last')}</Term>} v={m.lastIndex} />
      <Row k={<Term id="appliedIndex">{t('cluster.inspector.raftApplied')}</Term>} v={m.raftApplied} />
      <Row k={<Term id="appliedIndex">{t('cluster.inspector.serverApplied')}</Term>} v={m.appliedIndex} />
      <Row k={<Term id="commitIndex">{t('cluster.inspector.serverCommitted')}</Term>} v={m.committedIndex} />
      <Row
        k={<Term id="gap">{t('cluster.inspector.gap')}</Term>}
        v={t('cluster.inspector.gapValue', { gap: m.gap, limit: m.gapLimit })}
      />
    </Table>
  );
}

function ProgressTable({
  progress,
  names,
}: {
  progress: readonly ProgressView[];
  names: readonly MemberSnapshot[];
}) {
  const t = useT();
  return (
    <table className="cv-table cv-table-wide" aria-label={t('cluster.inspector.progress')}>
      <caption>
        <TermIn id="progress" text={t('cluster.inspector.progress')} />
      </caption>
      <thead>
        <tr>
          <th scope="col">{t('cluster.inspector.peer')}</th>
          <th scope="col">Match</th>
          <th scope="col">Next</th>
          <th scope="col">State</th>
          <th scope="col">RecentActive</th>
        </tr>
      </thead>
      <tbody>
        {progress.map((p) => (
          <tr key={p.id}>
            <th scope="row">{p.member === null ? p.id : (names[p.member]?.name ?? p.id)}</th>
            <td>{p.match}</td>
            <td>{p.next}</td>
            <td className="cv-mono">{p.state}</td>
            <td>{String(p.recentActive)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function GoroutineTable({ goroutines }: { goroutines: readonly GoroutineView[] }) {
  const t = useT();
  return (
    <table
      className="cv-table cv-table-wide"
      aria-label={t('cluster.inspector.goroutines', { count: goroutines.length })}
    >
      <caption>
        <TermIn id="goroutine" text={t('cluster.inspector.goroutines', { count: goroutines.length })} />
      </caption>
      <thead>
        <tr>
          <th scope="col">{t('cluster.inspector.goroutine')}</th>
          <th scope="col">{t('cluster.inspector.gState')}</th>
          <th scope="col">{t('cluster.inspector.gAt')}</th>
          <th scope="col">{t('cluster.inspector.gWaits')}</th>
        </tr>
      </thead>
      <tbody>
        {goroutines.map((g) => (
          <tr key={g.id}>
            <th scope="row" className="cv-mono">
              {g.name}
            </th>
            <td>{g.state}</td>
            <td className="cv-mono">{g.label}</td>
            <td className="cv-mono">
              {g.waitingOn.join(', ')}
              {g.sleepUntilUs !== null &&
                t('cluster.inspector.sleepsUntil', { at: formatVirtualTime(g.sleepUntilUs) })}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * A table whose caption may hold glossary terms; `label` then names it as plain text, since a
 * term's button adds spaces to a name computed from the caption.
 */
function Table({ caption, label, children }: { caption: ReactNode; label?: string; children: ReactNode }) {
  return (
    <table className="cv-table" aria-label={label}>
      <caption>{caption}</caption>
      <tbody>{children}</tbody>
    </table>
  );
}

function Row({ k, v, mono = false }: { k: ReactNode; v: string | number; mono?: boolean }) {
  return (
    <tr>
      <th scope="row">{k}</th>
      <td className={mono ? 'cv-mono' : undefined}>{v}</td>
    </tr>
  );
}
