import { useT } from '../../i18n/useT';
import { modeHashes, useAppMode, type AppMode } from '../route';

const modes: readonly AppMode[] = ['cluster', 'lab'];

/** The header's segmented control between the etcd cluster and the Raft lab (hash links). */
export function ModeSwitch() {
  const t = useT();
  const mode = useAppMode();
  return (
    <nav className="mode-switch" aria-label={t('mode.label')}>
      {modes.map((m) => (
        <a
          key={m}
          href={modeHashes[m]}
          className="mode-option"
          aria-current={mode === m ? 'page' : undefined}
        >
          {t(`mode.${m}`)}
        </a>
      ))}
    </nav>
  );
}
