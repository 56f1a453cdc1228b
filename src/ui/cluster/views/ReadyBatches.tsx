import { memo, useMemo, useState } from 'react';
import { useT } from '../../i18n/useT';
import { useShallow } from 'zustand/react/shallow';
import { readyLaneAt, useMembers, useSession } from '../../session/store';
import type { MemberSnapshot, ReadyCard as ReadyCardData } from '../../../session/types';
import {
  cardPhase,
  currentCardIndex,
  laneCardLimit,
  laneCardLimitPlaying,
  laneWindow,
} from '../model/ready_lane';
import type { CardPhase } from '../model/ready_lane';
import { roleClass, roleOf } from '../model/roles';
import { ReadyCard } from './ReadyCard';
import { useExpertView } from '../../store/view_level';
import { useElementSize } from './useElementSize';
import '../cluster.css';

/**
 * The Ready batches region: per member, a lane of the Ready batches its Ready loop received,
 * oldest left, newest right (and newest first for screen readers and the Tab key). Cards show compact tables or, toggled, raft's own DescribeReady
 * text; the card in progress shows the Ready-loop step the member stands at.
 */
export function ReadyBatches() {
  const t = useT();
  const members = useMembers();
  const [asText, setAsText] = useState(false);
  // raft's DescribeReady text is for experts; the beginner view keeps the tables.
  const expert = useExpertView();
  const [only, setOnly] = useState<number | 'all'>('all');
  const shown = only === 'all' ? members : members.filter((m) => m.index === only);
  const [lanesRef, lanesBox] = useElementSize<HTMLDivElement>({ width: 400, height: 0 });
  // Lanes share the region's height; a short lane puts its name and role on one line.
  const compact =
    lanesBox.height > 0 && lanesBox.height / Math.max(1, shown.length) < compactLaneRem * remPx();
  return (
    <div className="rb">
      <div className="rb-toolbar">
        {expert && (
          <button type="button" aria-pressed={asText} onClick={() => setAsText(!asText)}>
            {t('cluster.readyLane.showText')}
          </button>
        )}
        <label className="control">
          <span>{t('cluster.readyLane.show')}</span>
          <select
            value={String(only)}
            onChange={(e) => setOnly(e.target.value === 'all' ? 'all' : Number(e.target.value))}
          >
            <option value="all">{t('cluster.readyLane.allMembers')}</option>
            {members.map((m) => (
              <option key={m.index} value={m.index}>
                {m.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div ref={lanesRef} className={`rb-lanes${compact ? ' rb-compact' : ''}`}>
        {shown.map((m) => (
          <ReadyLane key={m.index} member={m} asText={asText && expert} />
        ))}
      </div>
    </div>
  );
}

/** Below this lane height (in rem) the lane's heading is one line. */
const compactLaneRem = 4.5;

function remPx(): number {
  return typeof document === 'undefined'
    ? 16
    : parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
}

const ReadyLane = memo(function ReadyLane({ member, asText }: { member: MemberSnapshot; asText: boolean }) {
  const t = useT();
  const lane = useSession(useShallow((s) => readyLaneAt(s.readyLanes, member.index, s.snapshot.step)));
  const cursor = useSession((s) => s.snapshot.step);
  const playing = useSession((s) => s.playing);
  const nameOf = useNameOf();
  const win = laneWindow(lane, playing ? laneCardLimitPlaying : laneCardLimit);
  const currentAt = currentCardIndex(win.cards, member);
  const headingId = `rb-lane-${member.index}`;
  const role = member.up ? roleOf(member.role) : 'down';
  return (
    <section className="rb-lane" aria-labelledby={headingId} data-member={member.index}>
      <h3 id={headingId} className="rb-lane-head">
        <span className={`rb-role-dot ${roleClass(role)}`} aria-hidden="true" />
        {member.name}
        <span className="rb-lane-meta">
          {member.removed ? t('cluster.role.removed') : t(`cluster.role.${role}`)}
          {member.learner && member.up ? ` · ${t('cluster.role.learner')}` : ''} ·{' '}
          {/* Every Ready of this member up to the cursor, across restarts (the history keeps them all). */}
          {t('cluster.readyLane.count', { count: lane.length })}
          {member.readyStep !== 'idle' && <> · {t('cluster.readyLane.atStep', { step: member.readyStep })}</>}
        </span>
      </h3>
      {win.cards.length === 0 && <p className="rb-empty">{t('cluster.readyLane.none')}</p>}
      {/*
        Newest first in the DOM, laid out right to left (row-reverse): the browser then keeps the
        newest card in view by itself as cards arrive or the region resizes, with no scroll
        bookkeeping (reading scroll sizes forces a layout of the whole page on every step).
      */}
      <ol className="rb-cards" aria-label={t('cluster.readyLane.laneLabel', { name: member.name })}>
        {win.cards
          .map((c, i) => (
            <LaneCard
              key={`${c.startStep}-${c.seq}`}
              card={c}
              member={member}
              phase={cardPhase(c, { isCurrent: i === currentAt, readyStep: member.readyStep }, cursor)}
              asText={asText}
              nameOf={nameOf}
            />
          ))
          .reverse()}
        {win.hidden > 0 && (
          <li className="rb-hidden-note">{t('cluster.readyLane.hidden', { count: win.hidden })}</li>
        )}
      </ol>
    </section>
  );
});

/** Member IDs (hex) to names, for cards that list votes, leads and recipients. */
function useNameOf(): (id: string) => string {
  // A stable function while IDs and names stay the same, so memoised cards skip re-rendering.
  const key = useSession((s) => s.snapshot.members.map((m) => `${m.id}=${m.name}`).join(' '));
  return useMemo(() => {
    const names = new Map(key.split(' ').map((kv) => kv.split('=') as [string, string]));
    return (id: string) => (id === '0' || id === '' ? '—' : (names.get(id) ?? id));
  }, [key]);
}

function LaneCard(props: {
  card: ReadyCardData;
  member: MemberSnapshot;
  phase: CardPhase;
  asText: boolean;
  nameOf: (id: string) => string;
}) {
  const { card, member, phase, asText, nameOf } = props;
  return (
    <ReadyCard
      card={card}
      memberName={member.name}
      leaderNow={member.role === 'StateLeader'}
      phaseKind={phase.kind}
      phaseStep={phase.kind === 'current' ? phase.step : 'idle'}
      asText={asText}
      nameOf={nameOf}
    />
  );
}
