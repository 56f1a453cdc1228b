import { memo, useMemo } from 'react';
import { useT } from '../../i18n/useT';
import { useMembers } from '../../session/store';
import { buildLogGrid, cellWidth, termColour } from '../model/log_grid';
import type { LogGrid as LogGridModel, LogGridRow } from '../model/log_grid';
import { useElementSize } from './useElementSize';
import '../log_grid.css';

/** Height of one member row and of the index ruler, in px (7 members fit in ~150 px). */
const rowH = 16;
const rulerH = 12;
const labelW = 52;
/** Room right of the last column for the marks. */
const padRight = 6;

/**
 * The log grid: one row per member, one column per log index (the latest indexes, aligned
 * across members), each entry coloured by its term with the term number in it, a bar after the
 * committed index and a triangle under the applied index (EtcdServer.committedIndex /
 * appliedIndex), and a dashed outline on entries not yet in the WAL. Same column, same colour
 * is log matching; bar ahead of triangle is the apply gap. A list says the same in words.
 */
export function LogGrid() {
  const t = useT();
  const members = useMembers();
  const grid = useMemo(() => buildLogGrid(members), [members]);
  const [boxRef, size] = useElementSize<HTMLDivElement>({ width: 480, height: 100 });
  const columns = Math.max(0, grid.toIndex - grid.fromIndex + 1);
  const cw = cellWidth(size.width - labelW - padRight, columns);
  const height = rulerH + grid.rows.length * rowH + 2;
  return (
    <section className="lg" aria-label={t('cluster.logGrid.title')}>
      <div className="lg-toolbar">
        <h3 className="lg-title">{t('cluster.logGrid.title')}</h3>
        <LogGridLegend />
      </div>
      <div className="lg-canvas" ref={boxRef} style={{ height }}>
        <svg width={size.width} height={height} aria-hidden="true" className="lg-svg">
          <Ruler grid={grid} cw={cw} />
          {grid.rows.map((row, i) => (
            <GridRow key={row.member} row={row} y={rulerH + i * rowH} cw={cw} />
          ))}
        </svg>
      </div>
      <ul className="visually-hidden">
        {grid.rows.map((row) => (
          <li key={row.member}>{rowText(t, row)}</li>
        ))}
      </ul>
    </section>
  );
}

function Ruler({ grid, cw }: { grid: LogGridModel; cw: number }) {
  if (grid.toIndex < grid.fromIndex) return null;
  const every = cw >= 14 ? 5 : 10;
  const marks: number[] = [];
  for (let i = grid.fromIndex; i <= grid.toIndex; i++) {
    if (i === grid.fromIndex || i % every === 0) marks.push(i);
  }
  return (
    <g className="lg-ruler">
      {marks.map((i) => (
        <text key={i} x={labelW + (i - grid.fromIndex + 0.5) * cw} y={rulerH - 2} textAnchor="middle">
          {i}
        </text>
      ))}
    </g>
  );
}

const GridRow = memo(function GridRow({ row, y, cw }: { row: LogGridRow; y: number; cw: number }) {
  const t = useT();
  const h = rowH - 3;
  const showTerm = cw >= 12;
  return (
    <g
      className={`lg-row${row.up ? '' : ' lg-row-down'}`}
      data-member={row.member}
      transform={`translate(0,${y})`}
    >
      <text className="lg-name" x={0} y={h - 2}>
        {row.name}
      </text>
      {!row.up && (
        <text className="lg-down" x={labelW} y={h - 2}>
          {t('cluster.role.down')}
        </text>
      )}
      {row.cells.map((c, col) =>
        c.kind === 'entry' && c.term !== null ? (
          <g key={c.index} transform={`translate(${labelW + col * cw},0)`}>
            <rect
              className={`lg-cell${c.unstable ? ' lg-unstable' : ''}${c.committed ? '' : ' lg-uncommitted'}`}
              width={cw - 1}
              height={h}
              fill={termColour(c.term)}
              data-term={c.term}
            >
              <title>{t('cluster.logGrid.cell', { index: c.index, term: c.term })}</title>
            </rect>
            {showTerm && (
              <text className="lg-term" x={(cw - 1) / 2} y={h - 3} textAnchor="middle">
                {c.term}
              </text>
            )}
          </g>
        ) : null,
      )}
      {row.committedColumn !== null && (
        <line
          className="lg-commit-mark"
          x1={labelW + (row.committedColumn + 1) * cw - 0.5}
          x2={labelW + (row.committedColumn + 1) * cw - 0.5}
          y1={-1}
          y2={h + 1}
        />
      )}
      {row.appliedColumn !== null && (
        <path className="lg-applied-mark" d={triangle(labelW + (row.appliedColumn + 1) * cw - 0.5, h + 2)} />
      )}
    </g>
  );
});

/** A small triangle pointing up at (x, y), its base on the row's bottom edge. */
function triangle(x: number, y: number): string {
  return `M${x},${y - 5}L${x + 3.5},${y + 1}L${x - 3.5},${y + 1}Z`;
}

function LogGridLegend() {
  const t = useT();
  return (
    <ul className="lg-legend">
      <li>
        <svg width={10} height={12} aria-hidden="true">
          <line className="lg-commit-mark" x1={5} x2={5} y1={0} y2={12} />
        </svg>
        {t('cluster.logGrid.committed')}
      </li>
      <li>
        <svg width={10} height={12} aria-hidden="true">
          <path className="lg-applied-mark" d={triangle(5, 10)} />
        </svg>
        {t('cluster.logGrid.applied')}
      </li>
      <li>
        <svg width={12} height={12} aria-hidden="true">
          <rect className="lg-cell lg-unstable" x={1} y={1} width={10} height={10} fill="none" />
        </svg>
        {t('cluster.logGrid.unstable')}
      </li>
    </ul>
  );
}

function rowText(t: ReturnType<typeof useT>, row: LogGridRow): string {
  if (!row.up) return t('cluster.logGrid.rowDown', { name: row.name });
  const runs = row.runs
    .map((r) =>
      r.from === r.to
        ? t('cluster.logGrid.runOne', { index: r.from, term: r.term })
        : t('cluster.logGrid.run', { from: r.from, to: r.to, term: r.term }),
    )
    .join(t('cluster.logGrid.runJoin'));
  return t('cluster.logGrid.row', {
    name: row.name,
    runs: runs === '' ? t('cluster.logGrid.empty') : runs,
    committed: row.committedIndex,
    applied: row.appliedIndex,
  });
}
