import { useState } from 'react';
import { useT } from '../../i18n/useT';
import { IndexGauges } from './IndexGauges';
import { LogGrid } from './LogGrid';

export type IndexesShown = 'gauges' | 'log';

/**
 * The index region shows either the gauges (applied, committed, the gap over time) or the log
 * grid (each member's entries by term): both per member, and together they do not fit one
 * laptop screen with seven members, so a two-way switch picks one.
 */
export function IndexesView({ initial = 'gauges' }: { readonly initial?: IndexesShown }) {
  const t = useT();
  const [shown, setShown] = useState<IndexesShown>(initial);
  return (
    <div className="ix">
      <div className="ix-switch" role="group" aria-label={t('cluster.indexes.switch')}>
        {(['gauges', 'log'] as const).map((v) => (
          <button key={v} type="button" aria-pressed={shown === v} onClick={() => setShown(v)}>
            {t(`cluster.indexes.${v}`)}
          </button>
        ))}
      </div>
      {shown === 'gauges' ? <IndexGauges /> : <LogGrid />}
    </div>
  );
}
