import { useEffect, useRef } from 'react';
import { useT } from '../../i18n/useT';
import { lineOfLabel } from '../../../etcd/listings';
import { useMember, useSession } from '../store';
import type { GoroutineView, MemberSnapshot } from '../../../session/types';
import { useExpertView } from '../../store/view_level';
import { TermIn } from '../../shell/Term';
import '../session.css';

/** The goroutine shown by default: the Ready loop if the member has one, else the first with a listed line. */
export function defaultGoroutine(m: MemberSnapshot): GoroutineView | undefined {
  return (
    m.goroutines.find((g) => g.name.endsWith('raftNode.start')) ??
    m.goroutines.find((g) => lineOfLabel(g.label) !== undefined) ??
    m.goroutines[0]
  );
}

/**
 * Our pseudo-Go listing of the function the selected goroutine is in, with its current line
 * highlighted, and the member's goroutines (state, line label, what each waits on) to pick from.
 */
export function CodeView() {
  const t = useT();
  const selected = useSession((s) => s.selectedMember);
  const names = useSession((s) => s.snapshot.members.map((m) => m.name).join('\u0000'));
  const member = useMember(selected);
  const gid = useSession((s) => s.selectedGoroutine);
  const expert = useExpertView();
  if (member === undefined) return null;
  const g = member.goroutines.find((x) => x.id === gid) ?? defaultGoroutine(member);
  return (
    <div className="session-code">
      <div className="session-row">
        <label className="session-field">
          <span>{t('cluster.code.member')}</span>
          <select
            value={selected}
            onChange={(e) => useSession.getState().selectMember(Number(e.target.value))}
          >
            {names.split('\u0000').map((n, i) => (
              <option key={n} value={i}>
                {n}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="session-code-body">
        <Listing label={g?.label ?? null} />
        {expert && <GoroutineTable member={member} current={g?.id ?? null} />}
      </div>
    </div>
  );
}

function Listing({ label }: { label: string | null }) {
  const t = useT();
  const current = useRef<HTMLLIElement>(null);
  const box = useRef<HTMLElement>(null);
  const at = label === null ? undefined : lineOfLabel(label);
  const playing = useSession((x) => x.playing);
  useEffect(() => {
    // While playing the line jumps faster than anyone reads: skip the layout reads.
    if (playing) return;
    // Scroll only the listing (scrollIntoView would also scroll the region and the page).
    const li = current.current;
    const b = box.current;
    if (li === null || b === null) return;
    const top = li.offsetTop - b.offsetTop;
    if (top < b.scrollTop || top + li.offsetHeight > b.scrollTop + b.clientHeight) {
      b.scrollTop = Math.max(0, top - b.clientHeight / 3);
    }
  }, [label, playing]);
  if (label === null) return <p className="session-muted">{t('cluster.code.noGoroutine')}</p>;
  if (at === undefined) return <p className="session-muted">{t('cluster.code.noLine', { label })}</p>;
  return (
    <figure className="session-listing" ref={box}>
      <figcaption>
        <code>{at.listing.name}</code> <span className="session-muted">{at.listing.source}</span>
      </figcaption>
      <ol aria-label={t('cluster.code.listing')}>
        {at.listing.lines.map((l, i) => (
          <li
            key={i}
            ref={i === at.line ? current : undefined}
            className={i === at.line ? 'session-line-current' : undefined}
            aria-current={i === at.line ? 'step' : undefined}
          >
            <code>{l.text === '' ? ' ' : l.text}</code>
            {i === at.line && <span className="visually-hidden"> ({t('cluster.code.current')})</span>}
          </li>
        ))}
      </ol>
    </figure>
  );
}

function GoroutineTable({ member, current }: { member: MemberSnapshot; current: number | null }) {
  const t = useT();
  if (!member.up) return <p className="session-muted">{t('cluster.code.down', { name: member.name })}</p>;
  return (
    <div className="session-goroutines-box">
      <table className="session-goroutines" aria-label={t('cluster.code.goroutines', { name: member.name })}>
        <caption>
          <TermIn id="goroutine" text={t('cluster.code.goroutines', { name: member.name })} />
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('cluster.code.goroutine')}</th>
            <th scope="col">{t('cluster.code.state')}</th>
            <th scope="col">{t('cluster.code.label')}</th>
            <th scope="col">{t('cluster.code.waiting')}</th>
          </tr>
        </thead>
        <tbody>
          {member.goroutines.map((g) => (
            <tr key={g.id} className={g.id === current ? 'session-row-selected' : undefined}>
              <td title={g.name}>
                <button
                  type="button"
                  className="session-link"
                  aria-pressed={g.id === current}
                  onClick={() => useSession.getState().selectGoroutine(g.id)}
                >
                  {g.name}
                </button>
              </td>
              <td>{g.state}</td>
              <td title={g.label}>
                <code>{g.label}</code>
              </td>
              <td title={g.waitingOn.join(', ')}>{g.waitingOn.join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
