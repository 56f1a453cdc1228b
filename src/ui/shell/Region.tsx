import type { ReactNode } from 'react';
import { useT } from '../i18n/useT';
import { ErrorBoundary } from './ErrorBoundary';
import { TermIn } from './Term';
import type { GlossaryId } from '../i18n/glossary.en';

export type RegionId = 'cluster' | 'ready' | 'gauges' | 'timeline' | 'code' | 'events';

/** The glossary term a region's title names, marked in the heading. */
const titleTerms: Partial<Record<RegionId, GlossaryId>> = { ready: 'ready', timeline: 'leader' };

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
      {/* A term's button would add spaces to the computed name ("领导者 时间线"): name it as text. */}
      <h2 id={headingId} aria-label={titleTerms[id] === undefined ? undefined : t(`regions.${id}.title`)}>
        <RegionTitle id={id} text={t(`regions.${id}.title`)} />
      </h2>
      <ErrorBoundary>{children ?? <p className="region-empty">{t(`regions.${id}.empty`)}</p>}</ErrorBoundary>
    </section>
  );
}

function RegionTitle({ id, text }: { id: RegionId; text: string }) {
  const term = titleTerms[id];
  return term === undefined ? <>{text}</> : <TermIn id={term} text={text} />;
}
