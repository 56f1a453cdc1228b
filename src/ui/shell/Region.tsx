import type { ReactNode } from 'react';
import { useT } from '../i18n/useT';
import { ErrorBoundary } from './ErrorBoundary';

export type RegionId = 'cluster' | 'ready' | 'gauges' | 'timeline' | 'code' | 'events';

/**
 * One named area of the page. It is a landmark (`<section>` labelled by its heading) so that
 * screen readers and end-to-end tests find it by name, and it carries its own error boundary so
 * that one broken view never takes the others down with it.
 */
export function Region({ id, children }: { id: RegionId; children?: ReactNode }) {
  const t = useT();
  const headingId = `region-${id}-title`;
  return (
    <section className={`region region-${id}`} aria-labelledby={headingId} data-region={id}>
      <h2 id={headingId}>{t(`regions.${id}.title`)}</h2>
      <ErrorBoundary>{children ?? <p className="region-empty">{t(`regions.${id}.empty`)}</p>}</ErrorBoundary>
    </section>
  );
}
