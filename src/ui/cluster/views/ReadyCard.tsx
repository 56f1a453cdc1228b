import { memo } from 'react';
import type { ReactNode } from 'react';
import { useT } from '../../i18n/useT';
import type { EntryView, ReadyCard as ReadyCardData, ReadyLoopStep } from '../../../session/types';
import { entryText, firstFew, groupMessages } from '../model/ready_lane';
import type { CardPhase } from '../model/ready_lane';
import type { GlossaryId } from '../../i18n/glossary.en';
import { stripStates, stripSteps } from '../model/ready_steps';
import { formatVirtualTime } from '../model/timeline';
import { Term } from '../../shell/Term';
import { useExpertView } from '../../store/view_level';

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
  const expert = useExpertView();
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
        {/* The beginner view names MustSync only when it is set: the WAL must be fsynced. */}
        {(expert || card.mustSync) && (
          <span className={`rb-badge${card.mustSync ? ' rb-badge-sync' : ''}`}>
            <Term id="mustSync">MustSync</Term>
            {expert && `=${String(card.mustSync)}`}
          </span>
        )}
        {phaseKind === 'interrupted' && (
          <span className="rb-badge rb-badge-warn">{t('cluster.readyLane.interrupted')}</span>
        )}
      </div>
      {current && <StepStrip card={card} leaderNow={leaderNow} step={phaseStep} />}
      {asText && expert ? (
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
        k={<Term id="softState">SoftState</Term>}
        v={`Lead ${nameOf(card.softState.lead)} · ${card.softState.raftState.replace(/^State/, '')}`}
      />,
    );
  }
  if (card.hardState !== null) {
    const hs = card.hardState;
    rows.push(
      <Row
        key="hs"
        k={<Term id="hardState">HardState</Term>}
        v={`Term ${hs.term} · Vote ${nameOf(hs.vote)} · Commit ${hs.commit}`}
      />,
    );
  }
  if (card.readStates.length > 0) {
    rows.push(
      <Row
        key="rs"
        k={<Term id="readStates">ReadStates</Term>}
        v={card.readStates.map((r) => `{${r.index} ${r.requestCtx}}`).join(' ')}
      />,
    );
  }
  if (card.entries.length > 0)
    rows.push(
      <Row
        key="e"
        k={<TermCount id="entries" label="Entries" count={card.entries.length} />}
        v={<EntryList entries={card.entries} />}
      />,
    );
  if (card.snapshot !== null)
    rows.push(
      <Row
        key="sn"
        k={<Term id="snapshot">Snapshot</Term>}
        v={`Index ${card.snapshot.index} · Term ${card.snapshot.term}`}
      />,
    );
  if (card.committedEntries.length > 0) {
    rows.push(
      <Row
        key="ce"
        k={<TermCount id="committedEntries" label="CommittedEntries" count={card.committedEntries.length} />}
        v={<EntryList entries={card.committedEntries} />}
      />,
    );
  }
  if (card.messages.length > 0) {
    const groups = firstFew(groupMessages(card.messages, nameOf), 4);
    rows.push(
      <Row
        key="m"
        k={<TermCount id="messages" label="Messages" count={card.messages.length} />}
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

/** A field label that is a glossary term, with its count: "Entries (3)". */
function TermCount({ id, label, count }: { id: GlossaryId; label: string; count: number }) {
  return (
    <>
      <Term id={id}>{label}</Term> ({count})
    </>
  );
}

function Row({ k, v }: { k: ReactNode; v: ReactNode }) {
  return (
    <tr>
      <th scope="row">{k}</th>
      <td>{v}</td>
    </tr>
  );
}
