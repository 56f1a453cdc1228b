import { useT } from '../../i18n/useT';
import { useLab } from '../store';

const stateClass: Record<string, string> = {
  StateLeader: 'lab-state-leader',
  StateCandidate: 'lab-state-candidate',
  StatePreCandidate: 'lab-state-candidate',
  StateFollower: 'lab-state-follower',
};

function ProgressTables() {
  const t = useT();
  const nodes = useLab((s) => s.view.nodes);
  const leaders = nodes.filter((n) => n.progress.length > 0);
  if (leaders.length === 0) return <p className="region-empty">{t('lab.members.progressNone')}</p>;
  return (
    <>
      {leaders.map((leader) => (
        <table key={leader.id} className="lab-table">
          <caption>{t('lab.members.progressTitle', { id: leader.id })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('lab.members.peer')}</th>
              <th scope="col">{t('lab.members.progressState')}</th>
              <th scope="col">{t('lab.members.match')}</th>
              <th scope="col">{t('lab.members.next')}</th>
              <th scope="col">{t('lab.members.statusLine')}</th>
            </tr>
          </thead>
          <tbody>
            {leader.progress.map((p) => (
              <tr key={p.id}>
                <th scope="row">{p.id}</th>
                <td>{p.state}</td>
                <td>{p.match}</td>
                <td>{p.next}</td>
                <td className="lab-mono">{p.text}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </>
  );
}

/** One row per node: raft state, term, leader, commit/applied and log indexes; then Progress. */
export function MembersPanel() {
  const t = useT();
  const nodes = useLab((s) => s.view.nodes);
  if (nodes.length === 0) return <p className="region-empty">{t('lab.members.empty')}</p>;
  return (
    <div className="lab-members">
      <table className="lab-table">
        <caption className="visually-hidden">{t('lab.members.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('lab.members.id')}</th>
            <th scope="col">{t('lab.members.state')}</th>
            <th scope="col">{t('lab.members.term')}</th>
            <th scope="col">{t('lab.members.vote')}</th>
            <th scope="col">{t('lab.members.lead')}</th>
            <th scope="col">{t('lab.members.commit')}</th>
            <th scope="col">{t('lab.members.applied')}</th>
            <th scope="col" title={t('lab.members.logTitle')}>
              {t('lab.members.log')}
            </th>
            <th scope="col" title={t('lab.members.electionTitle')}>
              {t('lab.members.election')}
            </th>
            <th scope="col">{t('lab.members.ready')}</th>
            <th scope="col">{t('lab.members.config')}</th>
          </tr>
        </thead>
        <tbody>
          {nodes.map((n) => (
            <tr key={n.id}>
              <th scope="row">{n.id}</th>
              <td>
                <span className={`lab-state ${stateClass[n.state] ?? ''}`}>
                  {n.state.replace(/^State/, '')}
                </span>
              </td>
              <td>{n.term}</td>
              <td>{n.vote}</td>
              <td>{n.lead}</td>
              <td>{n.commit}</td>
              <td>{n.applied}</td>
              <td>
                {t('lab.members.logRange', { first: n.firstIndex, last: n.lastIndex })}
                {n.stableLastIndex !== n.lastIndex && (
                  <span className="lab-muted">
                    {' '}
                    ({t('lab.members.stableShort', { index: n.stableLastIndex })})
                  </span>
                )}
              </td>
              <td>
                {t('lab.members.electionValue', {
                  elapsed: n.electionElapsed,
                  timeout: n.randomizedElectionTimeout,
                })}
              </td>
              <td>
                {n.pendingReady !== undefined ? t('lab.members.readyPending') : t('lab.members.readyNone')}
                {n.asyncStorageWrites && (
                  <span className="lab-muted">
                    {' '}
                    {t('lab.members.work', { append: n.appendWork, apply: n.applyWork })}
                  </span>
                )}
              </td>
              <td className="lab-mono lab-config">{n.config}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <ProgressTables />
    </div>
  );
}
