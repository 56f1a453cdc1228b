import { memo } from 'react';
import { useT } from '../../i18n/useT';
import type { NodeView } from '../model/env_view';
import { useLab } from '../store';

function quick(line: string) {
  useLab.getState().issue([{ line, input: '' }]);
}

const NodeCard = memo(function NodeCard({ node }: { node: NodeView }) {
  const t = useT();
  const headingId = `lab-node-${node.id}`;
  return (
    <article className="lab-node-card" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {t('lab.nodes.node', { id: node.id })}{' '}
        <span className="lab-muted">{node.state.replace(/^State/, '')}</span>
      </h3>
      <h4>{t('lab.nodes.pendingReady')}</h4>
      {node.pendingReady === undefined ? (
        <p className="lab-muted">{t('lab.nodes.noReady')}</p>
      ) : (
        <>
          <pre className="lab-output">{node.pendingReady}</pre>
          <button
            type="button"
            onClick={() => quick(`process-ready ${node.id}`)}
            aria-label={t('lab.nodes.processReady', { id: node.id })}
          >
            process-ready {node.id}
          </button>
        </>
      )}
      {node.asyncStorageWrites && (
        <p className="lab-muted">
          {t('lab.members.work', { append: node.appendWork, apply: node.applyWork })}
        </p>
      )}
      <h4>{t('lab.nodes.log')}</h4>
      {node.logOmitted > 0 && (
        <p className="lab-muted">{t('lab.nodes.omitted', { count: node.logOmitted })}</p>
      )}
      {node.log.length === 0 ? (
        <p className="lab-muted">
          {t('lab.nodes.logEmpty', { first: node.firstIndex, last: node.lastIndex })}
        </p>
      ) : (
        <ul className="lab-log">
          {node.log.map((e) => {
            const status = e.applied
              ? 'applied'
              : e.committed
                ? 'committed'
                : e.stable
                  ? 'stable'
                  : 'unstable';
            return (
              <li key={e.index} className={`lab-entry lab-entry-${status}`}>
                <code>{e.text}</code>{' '}
                <span className="lab-entry-status">{t(`lab.nodes.entry.${status}`)}</span>
              </li>
            );
          })}
        </ul>
      )}
    </article>
  );
});

/** Per node: the Ready it would hand out next, and its log (storage, then unstable). */
export function NodeCards() {
  const t = useT();
  const nodes = useLab((s) => s.view.nodes);
  if (nodes.length === 0) return <p className="region-empty">{t('lab.members.empty')}</p>;
  return (
    <div className="lab-node-cards">
      {nodes.map((n) => (
        <NodeCard key={n.id} node={n} />
      ))}
    </div>
  );
}
