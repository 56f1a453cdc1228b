import { useShallow } from 'zustand/react/shallow';
import { useT } from '../../i18n/useT';
import type { TFunction } from 'i18next';
import { useSession } from '../store';
import { formatVirtualTime } from '../../../session/format';
import type { StepReport } from '../../../session/step_report';
import type { ScenarioProgress } from '../../../cluster/scenario_script';

/** The last step's report in the page's language (null when there is nothing to say). */
export function reportText(t: TFunction, r: StepReport | null): string | null {
  if (r === null) return null;
  const member = (i: number | null): string => (i === null ? t('cluster.report.anyMember') : `infra${i + 1}`);
  const goal = (g: string): string =>
    g === 'step' || g === 'tick' || g === 'ready'
      ? t(`cluster.controls.${g === 'step' ? 'step' : g === 'tick' ? 'stepTick' : 'stepReady'}`)
      : t(`cluster.controls.goal.${g}`);
  switch (r.kind) {
    case 'step':
      return r.goroutine === ''
        ? t('cluster.report.timersOnly')
        : t('cluster.report.step', { goroutine: r.goroutine, label: r.label, state: r.state });
    case 'tick':
      return t('cluster.report.tick', { member: member(r.member), steps: r.steps });
    case 'ready':
      return r.loopStep === null || r.loopStep === 'idle'
        ? t('cluster.report.readyDone', { member: member(r.member), seq: r.seq, steps: r.steps })
        : t('cluster.report.readyGot', {
            member: member(r.member),
            seq: r.seq,
            loopStep: r.loopStep,
            steps: r.steps,
          });
    case 'until':
      return t('cluster.report.until', { goal: goal(r.goal), steps: r.steps });
    case 'unreached':
      if (r.reason === 'no-request') return t('cluster.report.noRequest');
      return r.reason === 'time-bound'
        ? t('cluster.report.unreachedTime', { goal: goal(r.goal), seconds: r.boundUs / 1e6, steps: r.steps })
        : t('cluster.report.unreachedSteps', { goal: goal(r.goal), steps: r.steps });
  }
}

function progressText(t: TFunction, p: ScenarioProgress | null): string | null {
  if (p === null || p.total === 0) return null;
  const w = p.waiting;
  if (w === null) return t('cluster.scenarioProgress.done', { total: p.total });
  const args = {
    fired: p.fired,
    total: p.total,
    action: w.action,
    until: w.until,
    since: formatVirtualTime(w.sinceUs),
    end: formatVirtualTime(w.endUs),
  };
  return w.overdue
    ? t('cluster.scenarioProgress.overdue', args)
    : t('cluster.scenarioProgress.waiting', args);
}

/**
 * One line under the buttons: what the last step did (which goroutine ran and where it stands,
 * which member ticked or moved its Ready loop, a goal not reached), and what the scenario waits
 * for next. Announced politely to screen readers.
 */
export function StepStatus() {
  const t = useT();
  const s = useSession(useShallow((x) => ({ report: x.report, progress: x.scenarioProgress })));
  const report = reportText(t, s.report);
  const progress = progressText(t, s.progress);
  const overdue = s.progress?.waiting?.overdue === true;
  return (
    <div className="session-status">
      <p aria-live="polite" aria-label={t('cluster.report.label')} data-testid="step-report">
        {report ?? ''}
      </p>
      {progress !== null && (
        <p
          className={overdue ? 'session-status-overdue' : undefined}
          aria-label={t('cluster.scenarioProgress.label')}
          data-testid="scenario-progress"
        >
          {progress}
        </p>
      )}
    </div>
  );
}
