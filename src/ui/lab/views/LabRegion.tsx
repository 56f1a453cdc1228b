import type { ReactNode } from 'react';
import { useT } from '../../i18n/useT';
import { ErrorBoundary } from '../../shell/ErrorBoundary';

export type LabRegionId = 'script' | 'commands' | 'transcript' | 'members' | 'messages' | 'nodes';

/** A named landmark of the lab page with its own error boundary (like the cluster's Region). */
export function LabRegion({ id, children }: { id: LabRegionId; children: ReactNode }) {
  const t = useT();
  const headingId = `lab-${id}-title`;
  return (
    <section
      className={`region lab-region lab-region-${id}`}
      aria-labelledby={headingId}
      data-lab-region={id}
    >
      <h2 id={headingId}>{t(`lab.regions.${id}`)}</h2>
      <ErrorBoundary>{children}</ErrorBoundary>
    </section>
  );
}
