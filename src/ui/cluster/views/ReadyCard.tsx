import { memo } from 'react';
import type { ReactNode } from 'react';
import { useT } from '../../i18n/useT';
import type { EntryView, ReadyCard as ReadyCardData, ReadyLoopStep } from '../../../session/types';
import { entryText, firstFew, groupMessages } from '../model/ready_lane';
import type { CardPhase } from '../model/ready_lane';
import { stripStates, stripSteps } from '../model/ready_steps';
import { formatVirtualTime } from '../model/timeline';

/** Props are primitives or stable references, so that a publish re-renders only changed cards. */
interface Props {
  card: ReadyCardData;
  memberName: string;
  /** Whether the member leads now; only used when the Ready itself carries no SoftState. */
  leaderNow: boolean;
  phaseKind: CardPhase['kind'];
  /** The loop step of the card in progress ('idle' otherwise). */
  phaseStep: ReadyLoopStep;
  asText: boolean;
  nameOf: (id: string) => string;
}

/** One Ready batch: a list item labelled "infra1 Ready #12". */
export const ReadyCard = memo(function ReadyCard(props: Props) {
  const { card, memberName, leaderNow, phaseKind, phaseStep, asText, nameOf } = props;
  const t = useT();
  const current = phaseKind === 'current';
  return (
    <li
      className={`rb-card rb-card-${phaseKind}`}
      aria-label={t('cluster.readyLane.cardLabel', { name: memberName, seq: card.seq })}
      aria-current={current ? 'step' : undefined}
    >
      <div className="rb-card-head">
        <strong>#{card.seq}</strong>
        <span className="rb-time">{formatVirtualTime(card.startUs)}</span>
        <span className={`rb-badge${card.mustSync ? ' rb-badge-sync' : ''}`}>
          MustSync={String(card.mustSync)}
        </span>
        {phaseKind === 'interrupted' && (
          <span className="rb-badge rb-badge-warn">{t('cluster.readyLane.interrupted')}</span>
        )}
      </div>
      {current && <StepStrip card={card} leaderNow={leaderNow} step={phaseStep} />}
      {asText ? (
        <pre className="rb-text">{card.description}</pre>
      ) : (
        <CardTables card={card} nameOf={nameOf} />
      )}
    </li>
  );
}, sameCard);

/**
 * The session republishes a lane as fresh copies of its cards whenever one card changes, so
 * cards are compared by identity (member incarnation start step and number) and by the fields a
 * card can still change (it ends; its loop step moves). Everything else is fixed at creation.
 */
function sameCard(a: Props, b: Props): boolean {
  const x = a.card;
  const y = b.card;
  return (
    x.seq === y.seq &&
    x.startStep === y.startStep &&
    x.endStep === y.endStep &&
    x.loopStep === y.loopStep &&
    a.memberName === b.memberName &&
    a.leaderNow === b.leaderNow &&
    a.phaseKind === b.phaseKind &&
    a.phaseStep === b.phaseStep &&
    a.asText === b.asText &&
    a.nameOf === b.nameOf
  );
}

function StepStrip({
  card,
  leaderNow,
  step,
}: {
  card: ReadyCardData;
  leaderNow: boolean;
  step: ReadyLoopStep;
}) {
  const t = useT();
  // The loop decides leader-or-follower from this Ready's SoftState when it has one.
  const asLeader = card.softState !== null ? card.softState.raftState === 'StateLeader' : leaderNow;
  const states = stripStates({ ...card, loopStep: step }, asLeader, false);
  return (
    <ol className="rb-strip" aria-label={t('cluster.readyLane.stripLabel')}>
      {stripSteps.map((s) => (
        <li
          key={s}
          className={`rb-strip-${states[s]}`}
          aria-current={states[s] === 'current' ? 'step' : undefined}
        >
          {t(`cluster.readyLane.step.${s}`)}
        </li>
      ))}
    </ol>
  );
}

function CardTables({ card, nameOf }: { card: ReadyCardData; nameOf: (id: string) => string }) {
  const t = useT();
  const rows: ReactNode[] = [];
  if (card.softState !== null) {
    rows.push(
      <Row
        key="ss"
        k="SoftState"
        v={`Lead ${nameOf(card.softState.lead)} · ${card.softState.raftState.replace(/^State/, '')}`}
      />,
    );
  }
  if (card.hardState !== null) {
    const hs = card.hardState;
    rows.push(
      <Row key="hs" k="HardState" v={`Term ${hs.term} · Vote ${nameOf(hs.vote)} · Commit ${hs.commit}`} />,
    );
  }
  if (card.readStates.length > 0) {
    rows.push(
      <Row
        key="rs"
        k="ReadStates"
        v={card.readStates.map((r) => `{${r.index} ${r.requestCtx}}`).join(' ')}
      />,
    );
  }
  if (card.entries.length > 0)
    rows.push(
      <Row key="e" k={`Entries (${card.entries.length})`} v={<EntryList entries={card.entries} />} />,
    );
  if (card.snapshot !== null)
    rows.push(<Row key="sn" k="Snapshot" v={`Index ${card.snapshot.index} · Term ${card.snapshot.term}`} />);
  if (card.committedEntries.length > 0) {
    rows.push(
      <Row
        key="ce"
        k={`CommittedEntries (${card.committedEntries.length})`}
        v={<EntryList entries={card.committedEntries} />}
      />,
    );
  }
  if (card.messages.length > 0) {
    const groups = firstFew(groupMessages(card.messages, nameOf), 4);
    rows.push(
      <Row
        key="m"
        k={`Messages (${card.messages.length})`}
        v={
          <>
            {groups.shown.map((g) => (
              <div key={g}>{g}</div>
            ))}
            {groups.more > 0 && (
              <div className="rb-more">{t('cluster.readyLane.more', { count: groups.more })}</div>
            )}
          </>
        }
      />,
    );
  }
  if (rows.length === 0) return <p className="rb-text">{'<empty Ready>'}</p>;
  return (
    <table className="rb-table">
      <tbody>{rows}</tbody>
    </table>
  );
}

function EntryList({ entries }: { entries: readonly EntryView[] }) {
  const t = useT();
  const few = firstFew(entries, 3);
  return (
    <>
      {few.shown.map((e) => (
        <div key={e.index}>{entryText(e)}</div>
      ))}
      {few.more > 0 && <div className="rb-more">{t('cluster.readyLane.more', { count: few.more })}</div>}
    </>
  );
}

function Row({ k, v }: { k: string; v: ReactNode }) {
  return (
    <tr>
      <th scope="row">{k}</th>
      <td>{v}</td>
    </tr>
  );
}
