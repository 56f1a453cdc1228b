import { useMemo, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { useT } from '../../i18n/useT';
import { useSession, useSnapshot } from '../../session/store';
import { buildScene } from '../model/scene';
import type { SceneLink, SceneMember, SceneMessage } from '../model/scene';
import type { LabelSide } from '../model/layout';
import { roleClass, roleGlyphPath } from '../model/roles';
import { ringArcPath } from '../model/timer_ring';
import { msText, placeFaultBadges } from '../model/fault_badges';
import type { PlacedBadge } from '../model/fault_badges';
import type { ActiveFault, RequestPathView } from '../../../session/types';
import type { MemberTimer } from '../model/timer_ring';
import { MemberInspector } from './MemberInspector';
import { RoleLegend } from './RoleLegend';
import { useElementSize } from './useElementSize';
import { useGlidingMessages } from './useGlidingMessages';
import type { DrawnMessage } from '../model/message_glide';
import '../cluster.css';

/**
 * The cluster region: members on a circle (glyph and colour by role, crown on the leader, grey
 * and crossed when crashed), links (dashed red when partitioned), and messages in flight as
 * labelled dots whose position is a function of virtual time. A member is a button: clicking it
 * or pressing Enter opens the inspector with its full state.
 */
export function ClusterView() {
  const t = useT();
  const snap = useSnapshot();
  const selected = useSession((s) => s.selectedMember);
  const selectMember = useSession((s) => s.selectMember);
  const [inspecting, setInspecting] = useState(false);
  const [boxRef, size] = useElementSize<HTMLDivElement>({ width: 480, height: 300 });
  const buttons = useRef<(SVGGElement | null)[]>([]);
  const scene = useMemo(() => buildScene(snap, size.width, size.height), [snap, size.width, size.height]);
  const glide = useGlidingMessages(scene);

  const open = (i: number): void => {
    selectMember(i);
    setInspecting(true);
  };
  const close = (): void => {
    setInspecting(false);
    buttons.current[selected]?.focus();
  };
  const r = scene.layout.nodeRadius;
  const badges = useMemo(() => placeFaultBadges(snap.faults, scene.layout), [snap.faults, scene.layout]);
  const names = snap.members.map((m) => m.name);
  const clusterWide = badges.filter((b) => b.on === null);

  return (
    <div className="cv">
      <div className="cv-toolbar">
        <RoleLegend />
        <p className="cv-inflight" aria-live="off">
          {t('cluster.members.inFlight', { count: snap.messages.length })}
        </p>
        {snap.requestPath !== null && (
          <p className={`cv-path-label cv-path-${snap.requestPath.phase}`} data-testid="request-path">
            {pathText(t, snap.requestPath, names)}
          </p>
        )}
        {clusterWide.length > 0 && (
          <p className="cv-faults-wide">{clusterWide.map((b) => faultText(t, b.fault, names)).join(' · ')}</p>
        )}
      </div>
      <div className={`cv-stage${inspecting ? ' cv-stage-inspecting' : ''}`}>
        <div className="cv-canvas" ref={boxRef}>
          <svg className="cv-svg" width={size.width} height={size.height} aria-labelledby="cv-svg-title">
            <title id="cv-svg-title">
              {t('cluster.members.drawingTitle', { count: snap.members.length })}
            </title>
            <g aria-hidden="true">
              {scene.links.map((l) => (
                <LinkLine key={`${l.a}-${l.b}`} link={l} />
              ))}
            </g>
            {snap.requestPath !== null && (
              <RequestPathMarks path={snap.requestPath} positions={scene.layout.positions} r={r} />
            )}
            <g
              aria-hidden="true"
              className="cv-messages"
              style={{ '--cv-msg-glide': `${glide.glide || 160}ms` } as React.CSSProperties}
              data-glide={glide.glide}
            >
              {glide.messages.map((m) => (
                <MessageDot key={m.id} msg={m} />
              ))}
            </g>
            <g>
              {scene.members.map((m) => (
                <MemberButton
                  key={m.index}
                  m={m}
                  r={r}
                  selected={selected === m.index}
                  label={
                    m.up
                      ? t('cluster.members.label', {
                          name: m.learner ? t('cluster.members.learnerName', { name: m.name }) : m.name,
                          role: t(`cluster.role.${m.role}`),
                          term: m.term,
                        })
                      : t('cluster.members.labelDown', {
                          name: m.name,
                          role: t(m.removed ? 'cluster.role.removed' : 'cluster.role.down'),
                        })
                  }
                  timerText={timerText(t, m.timer)}
                  // A crashed member has no term until it restarts and reads its WAL.
                  termText={
                    m.up
                      ? m.learner
                        ? t('cluster.members.learnerTerm', { term: m.term })
                        : t('cluster.members.term', { term: m.term })
                      : t(m.removed ? 'cluster.role.removed' : 'cluster.role.down')
                  }
                  refCb={(el) => {
                    buttons.current[m.index] = el;
                  }}
                  onOpen={() => open(m.index)}
                />
              ))}
            </g>
            <g className="cv-fault-badges" aria-hidden="true">
              {badges.map((b, i) =>
                b.on === null ? null : <FaultBadge key={i} badge={b} text={faultText(t, b.fault, names)} />,
              )}
            </g>
          </svg>
        </div>
        {inspecting && <MemberInspector member={selected} onClose={close} />}
      </div>
      <InFlightList messages={scene.messages} names={names} />
      <ul className="visually-hidden" aria-label={t('cluster.faultBadge.list')}>
        {badges.map((b, i) => (
          <li key={i}>{faultText(t, b.fault, names)}</li>
        ))}
      </ul>
    </div>
  );
}

/** "put lesson → infra2: forwarded to the leader infra1" and so on, one sentence per phase. */
function pathText(t: ReturnType<typeof useT>, p: RequestPathView, names: readonly string[]): string {
  const head = t('cluster.requestPath.head', { op: p.op, key: p.key, member: names[p.member] ?? '' });
  const leader = p.leader === null ? '' : (names[p.leader] ?? '');
  const phase =
    p.phase === 'answered'
      ? p.ok === true
        ? t('cluster.requestPath.answeredOk')
        : t('cluster.requestPath.answeredError', { error: p.error ?? '' })
      : t(`cluster.requestPath.${p.phase}`, { leader, index: p.index ?? 0 });
  return `${head}${phase}`;
}

/** The request's member(s) ringed and the link(s) it travels on drawn thick. */
function RequestPathMarks({
  path,
  positions,
  r,
}: {
  path: RequestPathView;
  positions: readonly { x: number; y: number }[];
  r: number;
}) {
  const at = positions[path.member];
  const lead = path.leader === null ? undefined : positions[path.leader];
  return (
    <g className={`cv-path cv-path-${path.phase}`} aria-hidden="true">
      {path.links.map(([a, b]) => {
        const pa = positions[a];
        const pb = positions[b];
        return pa === undefined || pb === undefined ? null : (
          <line key={`${a}-${b}`} className="cv-path-link" x1={pa.x} y1={pa.y} x2={pb.x} y2={pb.y} />
        );
      })}
      {at !== undefined && <circle className="cv-path-member" cx={at.x} cy={at.y} r={r + 13} />}
      {lead !== undefined && path.leader !== path.member && (
        <circle className="cv-path-member cv-path-leader" cx={lead.x} cy={lead.y} r={r + 13} />
      )}
    </g>
  );
}

/** The words of a fault badge, e.g. "slow disk · fsync 50 ms", with member names for links. */
function faultText(t: ReturnType<typeof useT>, f: ActiveFault, names: readonly string[]): string {
  const name = (i: number | null): string => (i === null ? '*' : (names[i] ?? String(i)));
  switch (f.kind) {
    case 'crash':
      return t('cluster.faultBadge.crash');
    case 'partition':
      return f.alone
        ? t('cluster.faultBadge.isolated')
        : t('cluster.faultBadge.partition', { group: f.group });
    case 'slow-disk':
      return t('cluster.faultBadge.slowDisk', { ms: msText(f.fsyncUs) });
    case 'slow-apply':
      return t('cluster.faultBadge.slowApply', { ms: msText(f.applyUs) });
    case 'cut-link':
      return t('cluster.faultBadge.cutLink', { from: name(f.from), to: name(f.to) });
    case 'link-latency':
      return t('cluster.faultBadge.latency', { ms: msText(f.latencyUs) });
    case 'drop-next':
    case 'delay-next': {
      const type = f.messageType ?? t('cluster.faultBadge.anyMessage');
      const where = { from: name(f.from), to: name(f.to) };
      return f.kind === 'drop-next'
        ? t('cluster.faultBadge.dropNext', { count: f.remaining, type, ...where })
        : t('cluster.faultBadge.delayNext', { count: f.remaining, type, ms: msText(f.delayUs), ...where });
    }
  }
}

function FaultBadge({ badge, text }: { badge: PlacedBadge; text: string }) {
  // Width from the text length: SVG text cannot be measured before layout, and badges are short.
  const w = Math.max(40, text.length * 6.4 + 12);
  const on = badge.on !== null && 'member' in badge.on ? 'member' : 'link';
  return (
    <g
      className={`cv-fault cv-fault-${badge.fault.kind} cv-fault-on-${on}`}
      transform={`translate(${badge.at.x},${badge.at.y})`}
      data-fault={badge.fault.kind}
    >
      <rect x={-w / 2} y={-7} width={w} height={14} rx={7} />
      <text y={4} textAnchor="middle">
        {text}
      </text>
    </g>
  );
}

function LinkLine({ link }: { link: SceneLink }) {
  const mx = (link.from.x + link.to.x) / 2;
  const my = (link.from.y + link.to.y) / 2;
  return (
    <g className={`cv-link cv-link-${link.state}`}>
      <line x1={link.from.x} y1={link.from.y} x2={link.to.x} y2={link.to.y} />
      {(link.state === 'cut' || link.state === 'one-way') && (
        <path
          className="cv-cut-mark"
          d={`M${mx - 6},${my - 6}L${mx + 6},${my + 6}M${mx - 6},${my + 6}L${mx + 6},${my - 6}`}
        />
      )}
    </g>
  );
}

function MessageDot({ msg }: { msg: DrawnMessage }) {
  // Labels sit on the lane's outer side; stacked ones go a text line further up or down, which
  // separates them whatever the link's slope (sideways stacking would overlap wide labels).
  const lx = msg.normal.x * 10;
  const away = msg.normal.y < -0.2 ? -1 : 1;
  const ly = msg.normal.y * 10;
  // In em, so the stacking follows the font size (presenter mode enlarges it).
  const dy = `${(0.35 + away * msg.level * 1.15).toFixed(2)}em`;
  const anchor = Math.abs(msg.normal.x) < 0.3 ? 'middle' : msg.normal.x > 0 ? 'start' : 'end';
  return (
    <g
      className={`cv-msg cv-msg-${msg.family}${msg.arriving ? ' cv-msg-arriving' : ''}`}
      style={{ transform: `translate(${msg.at.x}px, ${msg.at.y}px)` }}
    >
      <circle r={5} />
      <text x={lx} y={ly} dy={dy} textAnchor={anchor}>
        {msg.type}
      </text>
    </g>
  );
}

interface MemberButtonProps {
  m: SceneMember;
  r: number;
  selected: boolean;
  label: string;
  termText: string;
  /** The timer's text (the accessible description), '' for none. */
  timerText: string;
  refCb: (el: SVGGElement | null) => void;
  onOpen: () => void;
}

function MemberButton({ m, r, selected, label, termText, timerText, refCb, onOpen }: MemberButtonProps) {
  const onKey = (e: KeyboardEvent<SVGGElement>): void => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onOpen();
    }
  };
  const cls = roleClass(m.up ? m.role : 'down');
  return (
    <g
      ref={refCb}
      className={`cv-member ${cls}${selected ? ' cv-member-selected' : ''}`}
      transform={`translate(${m.at.x},${m.at.y})`}
      role="button"
      tabIndex={0}
      aria-label={label}
      aria-describedby={timerText === '' ? undefined : `cv-timer-desc-${m.index}`}
      aria-pressed={selected}
      onClick={onOpen}
      onKeyDown={onKey}
    >
      <title>{timerText === '' ? label : `${label} · ${timerText}`}</title>
      {timerText !== '' && <desc id={`cv-timer-desc-${m.index}`}>{timerText}</desc>}
      <circle className="cv-focus-ring" r={r + 9} />
      {m.timer !== null && <TimerRing timer={m.timer} r={r + 4} />}
      <path className="cv-glyph" d={roleGlyphPath(m.up ? m.role : 'Follower', r)} />
      {m.leader && <path className="cv-crown" d={crownPath(r)} />}
      {!m.up && <path className="cv-crossed" d={`M${-r},${-r}L${r},${r}M${-r},${r}L${r},${-r}`} />}
      <MemberLabel side={m.labelSide} r={r} name={m.name} termText={termText} />
    </g>
  );
}

/**
 * "election timer 7 of 14 ticks": the member button's accessible description ('' without a
 * timer). A description, not part of the name, so the name stays "infra1, Leader, term 2".
 */
function timerText(t: ReturnType<typeof useT>, timer: MemberTimer | null): string {
  if (timer === null) return '';
  const key = timer.kind === 'election' ? 'cluster.members.electionTimer' : 'cluster.members.heartbeatTimer';
  return t(key, { elapsed: timer.elapsed, timeout: timer.timeout });
}

/** The timer ring (see ../model/timer_ring for what it shows and why the leader's differs). */
function TimerRing({ timer, r }: { timer: MemberTimer; r: number }) {
  return (
    <g
      className={`cv-timer cv-timer-${timer.kind}`}
      data-elapsed={timer.elapsed}
      data-timeout={timer.timeout}
    >
      <circle className="cv-timer-track" r={r} />
      <path className="cv-timer-arc" d={ringArcPath(r, timer.fraction)} />
    </g>
  );
}

/** Name and term below the glyph, or beside it for members at the far left and right. */
function MemberLabel({
  side,
  r,
  name,
  termText,
}: {
  side: LabelSide;
  r: number;
  name: string;
  termText: string;
}) {
  const w = 72;
  if (side === 'below') {
    return (
      <>
        <rect className="cv-label-bg" x={-w / 2} y={r + 3} width={w} height={34} rx={4} />
        <text className="cv-name" y={r + 16} textAnchor="middle">
          {name}
        </text>
        <text className="cv-term" y={r + 32} textAnchor="middle">
          {termText}
        </text>
      </>
    );
  }
  const dir = side === 'right' ? 1 : -1;
  const x = dir * (r + 6);
  const anchor = side === 'right' ? 'start' : 'end';
  return (
    <>
      <rect
        className="cv-label-bg"
        x={side === 'right' ? r + 3 : -r - 3 - w}
        y={-17}
        width={w}
        height={34}
        rx={4}
      />
      <text className="cv-name" x={x} y={-3} textAnchor={anchor}>
        {name}
      </text>
      <text className="cv-term" x={x} y={13} textAnchor={anchor}>
        {termText}
      </text>
    </>
  );
}

/** A three-pointed crown sitting on top of the glyph. */
function crownPath(r: number): string {
  const w = r * 0.9;
  const top = -r - 14;
  const base = -r - 3;
  return `M${-w / 2},${base}L${-w / 2},${top + 4}L${-w / 4},${top + 9}L0,${top}L${w / 4},${top + 9}L${w / 2},${top + 4}L${w / 2},${base}Z`;
}

function InFlightList({ messages, names }: { messages: readonly SceneMessage[]; names: readonly string[] }) {
  const t = useT();
  return (
    <ul className="visually-hidden" aria-label={t('cluster.members.inFlightList')}>
      {messages.map((m) => (
        <li key={m.id}>
          {t('cluster.members.messageText', {
            type: m.type,
            from: names[m.fromMember] ?? String(m.fromMember),
            to: names[m.toMember] ?? String(m.toMember),
          })}
        </li>
      ))}
    </ul>
  );
}
