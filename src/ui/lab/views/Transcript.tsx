import { memo, useEffect, useRef } from 'react';
import { useT } from '../../i18n/useT';
import { stepDifference, type LabStep } from '../model/lab_session';
import { useLab } from '../store';

/** Room left above a revealed step for the region's sticky heading, in pixels. */
const headingRoomPx = 40;

// Scrolls only the transcript's own region: scrollIntoView would also scroll the page, and
// pressing "Step forward" must not move the page away from the button.
function revealInRegion(el: HTMLElement): void {
  const box = el.closest<HTMLElement>('.lab-region');
  if (box === null) return;
  const item = el.getBoundingClientRect();
  const view = box.getBoundingClientRect();
  if (item.top < view.top + headingRoomPx) {
    box.scrollTop += item.top - view.top - headingRoomPx;
  } else if (item.bottom > view.bottom) {
    box.scrollTop += Math.min(item.bottom - view.bottom, item.top - view.top - headingRoomPx);
  }
}

interface EntryProps {
  step: LabStep;
  index: number;
  run: boolean;
  current: boolean;
}

const TranscriptEntry = memo(function TranscriptEntry({ step, index, run, current }: EntryProps) {
  const t = useT();
  const ref = useRef<HTMLLIElement>(null);
  const diff = run ? stepDifference(step, index) : undefined;
  const n = index + 1;

  useEffect(() => {
    if (current && ref.current !== null) revealInRegion(ref.current);
  }, [current]);

  const classes = ['lab-step', run ? 'lab-step-run' : 'lab-step-pending'];
  if (diff !== undefined) classes.push('lab-step-differs');
  if (step.crashed) classes.push('lab-step-crashed');
  if (current) classes.push('lab-step-current');

  return (
    <li ref={ref} className={classes.join(' ')} aria-current={current ? 'step' : undefined} data-step={n}>
      <div className="lab-step-head">
        <span className="lab-step-no">{t('lab.transcript.step', { n })}</span>
        {step.origin === 'user' && <span className="lab-badge">{t('lab.transcript.typed')}</span>}
        {run && step.expected !== undefined && diff === undefined && (
          <span className="lab-badge lab-badge-ok">{t('lab.transcript.matches')}</span>
        )}
        {diff !== undefined && (
          <span className="lab-badge lab-badge-error">{t('lab.transcript.differsBadge')}</span>
        )}
        {!run && <span className="lab-badge">{t('lab.transcript.notRun')}</span>}
        <button
          type="button"
          className="lab-link-button"
          onClick={() => useLab.getState().seek(n)}
          aria-label={t('lab.transcript.goTo', { n })}
        >
          {t('lab.transcript.goToShort')}
        </button>
      </div>
      {step.comment !== '' && <p className="lab-comment">{step.comment}</p>}
      <pre className="lab-directive" data-step-directive>
        {step.text}
      </pre>
      {run && (
        <pre className="lab-output" data-step-output aria-label={t('lab.transcript.output', { n })}>
          {step.output}
        </pre>
      )}
      {!run && step.expected !== undefined && (
        <pre
          className="lab-output lab-output-expected"
          aria-label={t('lab.transcript.expectedOutput', { n })}
        >
          {step.expected}
        </pre>
      )}
      {step.crashed && <p className="lab-error">{t('lab.transcript.crashed')}</p>}
      {diff !== undefined && (
        <div
          className="lab-diff"
          role="group"
          aria-label={t('lab.transcript.diffLabel', { n })}
          data-diff-line={diff.fileLine}
        >
          <p className="lab-error">
            {diff.fileLine !== undefined
              ? t('lab.transcript.differs', { line: diff.fileLine })
              : t('lab.transcript.differsNoLine')}
          </p>
          <pre className="lab-diff-lines">
            {diff.ops.map((op, i) => (
              <span key={i} className={`lab-diff-${op.op}`}>
                {op.op === 'same' ? '  ' : op.op === 'expected' ? '- ' : '+ '}
                {op.text}
                {'\n'}
              </span>
            ))}
          </pre>
          <p className="lab-hint">{t('lab.transcript.legend')}</p>
        </div>
      )}
    </li>
  );
});

/** Every directive with the output our harness printed, and what the file expected. */
export function Transcript() {
  const t = useT();
  const steps = useLab((s) => s.steps);
  const cursor = useLab((s) => s.cursor);
  if (steps.length === 0) return <p className="region-empty">{t('lab.transcript.empty')}</p>;
  return (
    <ol className="lab-transcript" aria-label={t('lab.transcript.label')}>
      {steps.map((step, i) => (
        <TranscriptEntry key={step.key} step={step} index={i} run={i < cursor} current={i === cursor - 1} />
      ))}
    </ol>
  );
}
