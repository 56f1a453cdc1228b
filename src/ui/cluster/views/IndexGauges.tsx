import { memo, useMemo, useState } from 'react';
import { useT } from '../../i18n/useT';
import { useGapSeries, useMembers, useRefusedProposals, useSession } from '../../session/store';
import type { MemberSnapshot } from '../../../session/types';
import { gapFill, gapLevel, gapSparkline, gaugeScale, sparkSamples } from '../model/gauges';
import type { GaugeScale } from '../model/gauges';
import { usePreferences } from '../../store/preferences';
import { useElementSize } from './useElementSize';
import { Term, TermIn } from '../../shell/Term';
import '../cluster.css';

const sparkW = 96;
const sparkH = 26;
const trackH = 30;
/** Height in px a member needs for its two-line row (name and numbers over the track). */
function twoLineRowPx(presenter: boolean): number {
  // A line of text (it grows with the root size) over a 20 px track; presenter names and
  // numbers at 20 px often wrap to two lines.
  const rem =
    typeof document === 'undefined'
      ? 16
      : parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
  return presenter ? 104 : 2 * rem + 10;
}
const axisRowPx = 22;
/** One-line rows draw the track and the sparkline squeezed to this height. */
const compactSvgPx = 14;
/** Two-line rows draw them a little squeezed too, so three members fit a laptop's region. */
const twoLineSvgPx = 20;

/**
 * The index gauges region: per member, first/applied/committed/last on one shared scale, the
 * applied/committed gap as a number and a bar against etcd's maxGapBetweenApplyAndCommitIndex,
 * the gap over time as a sparkline, and a flag when a proposal was refused with
 * "etcdserver: too many requests". The table below says the same in numbers.
 */
export function IndexGauges() {
  const t = useT();
  const members = useMembers();
  const [showTable, setShowTable] = useState(false);
  const [rulerRef, ruler] = useElementSize<HTMLDivElement>({ width: 240, height: 10 });
  const [rowsRef, rowsBox] = useElementSize<HTMLDivElement>({ width: 240, height: 0 });
  const presenter = usePreferences((p) => p.presenter);
  // Where two-line rows would not all fit, each member gets one line (name, track, gap,
  // sparkline): all members stay in view, and the numbers stay in the table.
  const perMemberPx = (rowsBox.height - axisRowPx) / Math.max(1, members.length);
  const compact = rowsBox.height > 0 && perMemberPx < twoLineRowPx(presenter);
  const quads = members.map((m) => ({
    first: m.firstIndex,
    applied: m.appliedIndex,
    committed: m.committedIndex,
    last: m.lastIndex,
  }));
  const scale = gaugeScale(quads, ruler.width - 16);
  const limit = members[0]?.gapLimit ?? 0;
  return (
    <div className="ig">
      <div className="ig-toolbar">
        <GaugeLegend />
        <span className="ig-limit">
          <TermIn id="gap" text={t('cluster.gauge.limit', { limit })} />
        </span>
        <button type="button" aria-pressed={showTable} onClick={() => setShowTable(!showTable)}>
          {t('cluster.gauge.showTable')}
        </button>
      </div>
      <div ref={rowsRef} className={`ig-rows${compact ? ' ig-compact' : ''}`} aria-hidden="true">
        {members.map((m) => (
          <GaugeRow key={m.index} m={m} scale={scale} trackWidth={ruler.width} compact={compact} />
        ))}
        <div className="ig-row ig-axis-row">
          <span />
          <div ref={rulerRef} className="ig-ruler">
            <svg width={ruler.width} height={20}>
              <g transform="translate(8,0)">
                <line x1={0} x2={ruler.width - 16} y1={1} y2={1} className="ig-axis" />
                {scale.ticks.map((v) => (
                  <g key={v} transform={`translate(${scale.x(v)},0)`}>
                    <line y1={1} y2={5} className="ig-axis" />
                    <text y={16} textAnchor="middle">
                      {v}
                    </text>
                  </g>
                ))}
              </g>
            </svg>
          </div>
          <span className="ig-axis-caption">{t('cluster.gauge.indexAxis')}</span>
        </div>
      </div>
      <GaugeTable members={members} visible={showTable} />
    </div>
  );
}

const GaugeRow = memo(function GaugeRow({
  m,
  scale,
  trackWidth,
  compact,
}: {
  m: MemberSnapshot;
  scale: GaugeScale;
  trackWidth: number;
  compact: boolean;
}) {
  const t = useT();
  const refused = useRefusedProposals(m.index);
  const refusedUs = useMemo(() => refused.map((r) => r.timeUs), [refused]);
  const level = gapLevel(m.gap, m.gapLimit);
  const { fill, limitAt } = gapFill(m.gap, m.gapLimit);
  return (
    <div className={`ig-row${m.up ? '' : ' ig-row-down'}`} data-member={m.index}>
      <div className="ig-who">
        <span className="ig-name">{m.name}</span>
        {m.up && (
          <span className="ig-numbers">
            {t('cluster.gauge.numbers', {
              first: m.firstIndex,
              applied: m.appliedIndex,
              committed: m.committedIndex,
              last: m.lastIndex,
            })}
          </span>
        )}
        {refused.length > 0 && (
          <span className="ig-flag" title={refused[refused.length - 1]?.error}>
            ⚑{' '}
            {t('cluster.gauge.refused', {
              count: refused.length,
              error: refused[refused.length - 1]?.error ?? '',
            })}
          </span>
        )}
      </div>
      {m.up ? (
        <IndexTrack m={m} scale={scale} width={trackWidth} compact={compact} />
      ) : (
        <span className="ig-down">{t(m.removed ? 'cluster.role.removed' : 'cluster.role.down')}</span>
      )}
      <div className={`ig-gap ig-gap-${level}`}>
        <span className="ig-gap-number">
          {t('cluster.gauge.gap', { gap: m.gap })}
          {refused.length > 0 && <span className="ig-gap-flag"> ⚑</span>}
        </span>
        <span className="ig-gap-bar">
          <span className="ig-gap-fill" style={{ width: `${fill * 100}%` }} />
          <span className="ig-gap-limit" style={{ left: `${limitAt * 100}%` }} />
        </span>
      </div>
      <GapSpark member={m.index} limit={m.gapLimit} refusedUs={refusedUs} compact={compact} />
    </div>
  );
});

function IndexTrack({
  m,
  scale,
  width,
  compact,
}: {
  m: MemberSnapshot;
  scale: GaugeScale;
  width: number;
  compact: boolean;
}) {
  const x = scale.x;
  const mid = trackH / 2;
  return (
    <svg
      className="ig-track"
      width={width}
      height={compact ? compactSvgPx : twoLineSvgPx}
      viewBox={`0 0 ${width} ${trackH}`}
      preserveAspectRatio="none"
    >
      <g transform="translate(8,0)">
        <rect
          className="ig-log"
          x={x(m.firstIndex)}
          y={mid - 4}
          width={Math.max(2, x(m.lastIndex) - x(m.firstIndex))}
          height={8}
        />
        <rect
          className="ig-applied-span"
          x={x(m.firstIndex)}
          y={mid - 4}
          width={Math.max(0, x(m.appliedIndex) - x(m.firstIndex))}
          height={8}
        />
        <line className="ig-first" x1={x(m.firstIndex)} x2={x(m.firstIndex)} y1={mid - 9} y2={mid + 9} />
        <line className="ig-last" x1={x(m.lastIndex)} x2={x(m.lastIndex)} y1={mid - 9} y2={mid + 9} />
        <path className="ig-committed" d={`M${x(m.committedIndex)},${mid - 5}l-6,-9h12z`} />
        <path className="ig-applied" d={`M${x(m.appliedIndex)},${mid + 5}l-6,9h12z`} />
      </g>
    </svg>
  );
}

function GapSpark({
  member,
  limit,
  refusedUs,
  compact,
}: {
  member: number;
  limit: number;
  refusedUs: readonly number[];
  compact: boolean;
}) {
  const series = useGapSeries(member);
  const cursor = useSession((s) => s.snapshot.step);
  const nowUs = useSession((s) => s.snapshot.nowUs);
  const spark = useMemo(
    () => gapSparkline(sparkSamples(series, cursor, 120), limit, sparkW, sparkH, refusedUs, nowUs),
    [series, cursor, limit, refusedUs, nowUs],
  );
  return (
    <svg
      className="ig-spark"
      width={sparkW}
      height={compact ? compactSvgPx : twoLineSvgPx}
      viewBox={`0 0 ${sparkW} ${sparkH}`}
      preserveAspectRatio="none"
    >
      <rect className="ig-spark-bg" width={sparkW} height={sparkH} />
      {spark.limitY !== null && (
        <line className="ig-spark-limit" x1={0} x2={sparkW} y1={spark.limitY} y2={spark.limitY} />
      )}
      <path className="ig-spark-line" d={spark.path} />
      {spark.markXs.map((x, i) => (
        <line key={i} className="ig-spark-refused" x1={x} x2={x} y1={0} y2={sparkH} />
      ))}
    </svg>
  );
}

function GaugeLegend() {
  const t = useT();
  return (
    <ul className="ig-legend">
      <li>
        <svg width={14} height={12} aria-hidden="true">
          <path className="ig-committed" d="M7,11l-6,-10h12z" />
        </svg>
        <Term id="commitIndex">{t('cluster.gauge.committed')}</Term>
      </li>
      <li>
        <svg width={14} height={12} aria-hidden="true">
          <path className="ig-applied" d="M7,1l-6,10h12z" />
        </svg>
        <Term id="appliedIndex">{t('cluster.gauge.applied')}</Term>
      </li>
      <li>
        <svg width={30} height={12} aria-hidden="true">
          <rect className="ig-log" x={2} y={2} width={26} height={8} />
        </svg>
        <Term id="log">{t('cluster.gauge.log')}</Term>
      </li>
    </ul>
  );
}

function GaugeTable({ members, visible }: { members: readonly MemberSnapshot[]; visible: boolean }) {
  const t = useT();
  const refused = useSession((s) => s.history.refused);
  const cursor = useSession((s) => s.snapshot.step);
  return (
    <table className={visible ? 'ig-table cv-table cv-table-wide' : 'visually-hidden'}>
      <caption>{t('cluster.gauge.tableCaption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('cluster.gauge.member')}</th>
          <th scope="col">{t('cluster.gauge.first')}</th>
          <th scope="col">{t('cluster.gauge.applied')}</th>
          <th scope="col">{t('cluster.gauge.committed')}</th>
          <th scope="col">{t('cluster.gauge.last')}</th>
          <th scope="col">{t('cluster.gauge.gapHeader')}</th>
          <th scope="col">{t('cluster.gauge.limitHeader')}</th>
          <th scope="col">{t('cluster.gauge.refusedHeader')}</th>
        </tr>
      </thead>
      <tbody>
        {members.map((m) => (
          <tr key={m.index}>
            <th scope="row">{m.name}</th>
            <td>{m.firstIndex}</td>
            <td>{m.appliedIndex}</td>
            <td>{m.committedIndex}</td>
            <td>{m.lastIndex}</td>
            <td>{m.gap}</td>
            <td>{m.gapLimit}</td>
            <td>{refused.filter((r) => r.member === m.index && r.step <= cursor).length}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
