import { useMemo, useState } from 'react';
import { useT } from '../../i18n/useT';
import { scaleLinear } from '../model/linear_scale';
import type { ScaleLinear } from '../model/linear_scale';
import { useLeaderTimeline, useMembers, useSession } from '../../session/store';
import type { LeaderChange } from '../../../session/types';
import { roleClass, roleOf } from '../model/roles';
import type { Role } from '../model/roles';
import {
  causeKey,
  defaultWindow,
  formatVirtualTime,
  packRows,
  textWidthPx,
  termBoundaries,
  visibleChanges,
  visibleSegments,
} from '../model/timeline';
import type { TermBoundary, VisibleSegment } from '../model/timeline';
import { usePreferences } from '../../store/preferences';
import { useElementSize } from './useElementSize';
import { useTimeZoom } from './useTimeZoom';
import '../cluster.css';

const markerRowsMax = 3;
const rightPad = 10;

/** Row heights in px: presenter mode's larger type needs taller rows. */
interface Rows {
  readonly gutterPx: number;
  readonly markerRowH: number;
  readonly termRowH: number;
  readonly axisH: number;
  readonly laneMinH: number;
  readonly laneMaxH: number;
}
const normalRows: Rows = {
  gutterPx: 64,
  markerRowH: 16,
  termRowH: 16,
  axisH: 20,
  laneMinH: 10,
  laneMaxH: 40,
};
const presenterRows: Rows = {
  gutterPx: 96,
  markerRowH: 22,
  termRowH: 22,
  axisH: 28,
  laneMinH: 22,
  laneMaxH: 48,
};

/**
 * Fits every member's lane into the canvas: lanes share the height left by the marker rows, the
 * term row and the axis, between a readable minimum and a maximum. When even minimum lanes do not
 * fit, fewer marker rows are kept (a marker without a row still draws, without its label).
 */
function fitLanes(
  heightPx: number,
  size: number,
  rows: Rows,
): { markerRows: number; laneH: number; lanesTop: number } {
  const n = Math.max(1, size);
  let markerRows = markerRowsMax;
  while (
    markerRows > 1 &&
    markerRows * rows.markerRowH + rows.termRowH + rows.axisH + n * rows.laneMinH > heightPx
  )
    markerRows--;
  const lanesTop = markerRows * rows.markerRowH + rows.termRowH;
  const laneH = Math.max(
    rows.laneMinH,
    Math.min(rows.laneMaxH, Math.floor((heightPx - lanesTop - rows.axisH) / n)),
  );
  return { markerRows, laneH, lanesTop };
}

interface Geometry {
  readonly x: ScaleLinear;
  readonly rows: Rows;
  readonly markerRows: number;
  readonly laneH: number;
  readonly laneY: (member: number) => number;
  readonly lanesBottom: number;
  readonly left: number;
  readonly right: number;
}

/**
 * The leader timeline: one lane per member over virtual time, coloured (and patterned) by role,
 * term boundaries as vertical rules, and a marker per leader change with its cause. A marker is
 * a button that seeks the run to that moment. The wheel, a drag or a pinch zooms and pans the time
 * axis (model/time_zoom.ts); + and − do the same from the keyboard, 0 resets.
 */
export function LeaderTimeline({ onSeek }: { onSeek?: (step: number) => void }) {
  const t = useT();
  const tl = useLeaderTimeline();
  const members = useMembers();
  const cursorStep = useSession((s) => s.snapshot.step);
  const storeSeek = useSession((s) => s.seek);
  const seek = onSeek ?? storeSeek;
  const presenter = usePreferences((p) => p.presenter);
  const [boxRef, box] = useElementSize<HTMLDivElement>({ width: 560, height: 0 });
  const [svg, setSvg] = useState<SVGSVGElement | null>(null);
  const rows = presenter ? presenterRows : normalRows;
  const gutterPx = rows.gutterPx;
  const width = Math.max(gutterPx + 80, box.width);
  const right = width - rightPad;
  // Every lane fits the canvas: lanes grow to fill a tall region (a projector) and shrink, down
  // to a readable minimum, so that the seventh member is as visible as the first.
  const { markerRows, laneH, lanesTop } = fitLanes(box.height, tl.size, rows);
  const height = lanesTop + tl.size * laneH + rows.axisH;
  const zoom = useTimeZoom(svg, gutterPx, right);
  const g: Geometry = useMemo(() => {
    const base = scaleLinear().domain(defaultWindow(tl.nowUs)).range([gutterPx, right]);
    const x = zoom.transform.rescaleX(base);
    return {
      x,
      rows,
      markerRows,
      laneH,
      laneY: (m) => lanesTop + m * laneH,
      lanesBottom: lanesTop + tl.size * laneH,
      left: gutterPx,
      right,
    };
  }, [tl.nowUs, tl.size, gutterPx, right, rows, markerRows, laneH, lanesTop, zoom.transform]);

  const segments = useMemo(
    () => visibleSegments(tl.segments, cursorStep, tl.nowUs),
    [tl.segments, cursorStep, tl.nowUs],
  );
  const terms = useMemo(() => termBoundaries(segments), [segments]);
  const changes = useMemo(() => visibleChanges(tl.changes, cursorStep), [tl.changes, cursorStep]);
  const changeText = useChangeText();

  return (
    <div className="lt">
      <div className="lt-toolbar">
        <TimelineLegend />
        <div className="lt-zoom" role="group" aria-label={t('cluster.leaderTimeline.zoomGroup')}>
          <button
            type="button"
            onClick={() => zoom.zoomBy(1.5)}
            aria-label={t('cluster.leaderTimeline.zoomIn')}
            title={t('cluster.leaderTimeline.zoomIn')}
          >
            +
          </button>
          <button
            type="button"
            onClick={() => zoom.zoomBy(1 / 1.5)}
            aria-label={t('cluster.leaderTimeline.zoomOut')}
            title={t('cluster.leaderTimeline.zoomOut')}
          >
            −
          </button>
          <button type="button" onClick={zoom.reset}>
            {t('cluster.leaderTimeline.zoomReset')}
          </button>
        </div>
      </div>
      <div className="lt-canvas" ref={boxRef}>
        <svg
          ref={setSvg}
          className="lt-svg"
          width={width}
          height={height}
          tabIndex={0}
          role="group"
          aria-label={t('cluster.leaderTimeline.svgLabel')}
          onKeyDown={zoom.onKeyDown}
        >
          <Defs left={gutterPx} width={Math.max(0, right - gutterPx)} height={height} />
          {members.map((m, i) => (
            <text
              key={m.index}
              className="lt-name"
              data-member={i}
              x={gutterPx - 6}
              y={g.laneY(i) + laneH / 2}
              dy="0.35em"
              textAnchor="end"
            >
              {m.name}
            </text>
          ))}
          <g clipPath="url(#lt-clip)">
            <Lanes g={g} size={tl.size} segments={segments} />
            <TermRules g={g} terms={terms} />
            <line className="lt-cursor" x1={g.x(tl.nowUs)} x2={g.x(tl.nowUs)} y1={0} y2={g.lanesBottom} />
            <Markers g={g} changes={changes} text={changeText} onSeek={seek} />
          </g>
          <TimeAxis g={g} />
        </svg>
      </div>
      <ol className="visually-hidden" aria-label={t('cluster.leaderTimeline.changesList')}>
        {changes.map((c, i) => (
          <li key={`${c.step}-${i}`}>{changeText(c)}</li>
        ))}
      </ol>
    </div>
  );
}

/** "infra2 became leader in term 3 at 1.2 s: election timeout (before: infra1)". */
function useChangeText(): (c: LeaderChange) => string {
  const t = useT();
  const members = useMembers();
  const nameOf = (i: number | null): string =>
    i === null ? t('cluster.leaderTimeline.nobody') : (members[i]?.name ?? String(i));
  return (c) =>
    t(c.member === null ? 'cluster.leaderTimeline.lost' : 'cluster.leaderTimeline.elected', {
      name: nameOf(c.member),
      previous: nameOf(c.previous),
      term: c.term,
      at: formatVirtualTime(c.timeUs),
      cause: t(causeKey(c.cause)),
    });
}

function Defs({ left, width, height }: { left: number; width: number; height: number }) {
  return (
    <defs>
      <clipPath id="lt-clip">
        <rect x={left} y={0} width={width} height={height} />
      </clipPath>
      <pattern id="lt-hatch" width={6} height={6} patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
        <line x1={0} y1={0} x2={0} y2={6} className="lt-hatch-line" />
      </pattern>
      <pattern id="lt-dots" width={5} height={5} patternUnits="userSpaceOnUse">
        <circle cx={2.5} cy={2.5} r={1.1} className="lt-dot" />
      </pattern>
      <pattern id="lt-cross" width={7} height={7} patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
        <line x1={0} y1={0} x2={0} y2={7} className="lt-hatch-line" />
        <line x1={0} y1={0} x2={7} y2={0} className="lt-hatch-line" />
      </pattern>
    </defs>
  );
}

function Lanes({ g, size, segments }: { g: Geometry; size: number; segments: readonly VisibleSegment[] }) {
  const t = useT();
  const h = g.laneH - 6;
  return (
    <>
      {Array.from({ length: size }, (_, i) => (
        <rect
          key={i}
          className="lt-lane-bg"
          data-member={i}
          x={g.left}
          y={g.laneY(i) + 2}
          width={Math.max(0, g.right - g.left)}
          height={g.laneH - 4}
        />
      ))}
      {segments.map((s) => {
        const x0 = g.x(s.startUs);
        const w = Math.max(1, g.x(s.endUs) - x0);
        const role = s.role === 'down' ? 'down' : roleOf(s.role);
        const y = g.laneY(s.member) + 3;
        const pattern = patternOf(role);
        return (
          <g key={`${s.member}-${s.startUs}-${s.role}`} className={`lt-seg ${roleClass(role)}`}>
            <rect x={x0} y={y} width={w} height={h} />
            {pattern !== null && (
              <rect className="lt-seg-hatch" x={x0} y={y} width={w} height={h} fill={`url(#${pattern})`} />
            )}
            {/* The term label stays at the visible start of the bar when zoomed past its start. */}
            {x0 + w - Math.max(x0, g.left) > 44 && role === 'Leader' && (
              <text x={Math.max(x0, g.left) + 4} y={y + h / 2} dy="0.35em" className="lt-seg-label">
                {t('cluster.leaderTimeline.termShort', { term: s.term })}
              </text>
            )}
          </g>
        );
      })}
    </>
  );
}

function TermRules({ g, terms }: { g: Geometry; terms: readonly TermBoundary[] }) {
  const t = useT();
  const labels = terms.map((b) => t('cluster.leaderTimeline.termShort', { term: b.term }));
  // One row: a label that would overlap the previous one is left out (the rule stays).
  const rows = packRows(
    terms.map((b, i) => ({ x: g.x(b.atUs), width: 6 + textWidthPx(labels[i] ?? '', 12) })),
    1,
  );
  const top = g.markerRows * g.rows.markerRowH;
  return (
    <>
      {terms.map((b, i) => (
        <g key={b.term} className="lt-term">
          <line x1={g.x(b.atUs)} x2={g.x(b.atUs)} y1={top} y2={g.lanesBottom} />
          {rows[i] === 0 && (
            <text x={g.x(b.atUs) + 3} y={top + g.rows.termRowH - 4}>
              {labels[i]}
            </text>
          )}
        </g>
      ))}
    </>
  );
}

function Markers({
  g,
  changes,
  text,
  onSeek,
}: {
  g: Geometry;
  changes: readonly LeaderChange[];
  text: (c: LeaderChange) => string;
  onSeek: (step: number) => void;
}) {
  const t = useT();
  const labels = changes.map((c) => t(`cluster.leaderTimeline.causeShort.${c.cause}`));
  // A label that would run off the right edge is written to the left of its marker instead.
  const boxes = changes.map((c, i) => {
    const x = g.x(c.timeUs);
    const w = 16 + textWidthPx(labels[i] ?? '', 12);
    const flip = x + w > g.right;
    return { x: flip ? x - w + 7 : x - 7, width: w, flip };
  });
  const rows = packRows(boxes, g.markerRows);
  const rowH = g.rows.markerRowH;
  return (
    <>
      {changes.map((c, i) => {
        const row = rows[i] ?? -1;
        const y = (row < 0 ? g.markerRows - 1 : row) * rowH + rowH / 2;
        return (
          <ChangeMarker
            key={`${c.step}-${i}`}
            x={g.x(c.timeUs)}
            y={y}
            lineTo={c.member === null ? g.lanesBottom : g.laneY(c.member) + g.laneH / 2}
            label={row < 0 ? '' : (labels[i] ?? '')}
            flip={boxes[i]?.flip ?? false}
            hitLeft={row < 0 ? g.x(c.timeUs) - 7 : (boxes[i]?.x ?? 0)}
            hitWidth={row < 0 ? 14 : (boxes[i]?.width ?? 14)}
            text={text(c)}
            lost={c.member === null}
            seekLabel={t('cluster.leaderTimeline.seek', { text: text(c) })}
            onSeek={() => onSeek(c.step)}
          />
        );
      })}
    </>
  );
}

function TimeAxis({ g }: { g: Geometry }) {
  const ticks = g.x.ticks(Math.max(2, Math.floor((g.right - g.left) / 90)));
  return (
    <g className="lt-axis" transform={`translate(0,${g.lanesBottom})`}>
      <line x1={g.left} x2={g.right} y1={0} y2={0} />
      {ticks.map((v) => (
        <g key={v} transform={`translate(${g.x(v)},0)`}>
          <line y1={0} y2={4} />
          <text y={16} textAnchor="middle">
            {formatVirtualTime(v)}
          </text>
        </g>
      ))}
    </g>
  );
}

interface MarkerProps {
  flip: boolean;
  hitLeft: number;
  hitWidth: number;
  x: number;
  y: number;
  lineTo: number;
  label: string;
  text: string;
  lost: boolean;
  seekLabel: string;
  onSeek: () => void;
}

function ChangeMarker({
  flip,
  hitLeft,
  hitWidth,
  x,
  y,
  lineTo,
  label,
  text,
  lost,
  seekLabel,
  onSeek,
}: MarkerProps) {
  return (
    <>
      <line className="lt-marker-stem" x1={x} x2={x} y1={y} y2={lineTo} />
      <g
        className={`lt-marker${lost ? ' lt-marker-lost' : ''}`}
        role="button"
        tabIndex={0}
        aria-label={seekLabel}
        onClick={onSeek}
        onKeyDown={(e) => {
          if (e.key === 'Enter' || e.key === ' ') {
            e.preventDefault();
            e.stopPropagation();
            onSeek();
          }
        }}
      >
        <title>{text}</title>
        {/* The whole diamond-and-label box takes the click, not just the painted pixels. */}
        <rect className="lt-marker-hit" x={hitLeft} y={y - 8} width={hitWidth} height={16} />
        <path d={`M${x},${y - 6}L${x + 6},${y}L${x},${y + 6}L${x - 6},${y}Z`} />
        <text x={flip ? x - 9 : x + 9} y={y} dy="0.35em" textAnchor={flip ? 'end' : 'start'}>
          {label}
        </text>
      </g>
    </>
  );
}

function TimelineLegend() {
  const t = useT();
  return (
    <ul className="lt-legend" aria-hidden="true">
      {(['Leader', 'Candidate', 'PreCandidate', 'Follower', 'down'] as const).map((r) => {
        const pattern = patternOf(r);
        return (
          <li key={r} className={`lt-seg ${roleClass(r)}`}>
            <svg width={18} height={12}>
              <rect x={1} y={1} width={16} height={10} />
              {pattern !== null && (
                <rect className="lt-seg-hatch" x={1} y={1} width={16} height={10} fill={`url(#${pattern})`} />
              )}
            </svg>
            {t(`cluster.role.${r}`)}
          </li>
        );
      })}
    </ul>
  );
}

/** Candidates are hatched, pre-candidates dotted, crashed members cross-hatched: lanes read without colour. */
function patternOf(role: Role | 'down'): string | null {
  switch (role) {
    case 'Candidate':
      return 'lt-hatch';
    case 'PreCandidate':
      return 'lt-dots';
    case 'down':
      return 'lt-cross';
    default:
      return null;
  }
}
