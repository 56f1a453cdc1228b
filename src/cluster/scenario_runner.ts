/**
 * Runs a validated Scenario headless: its timeline is the Run's script (./scenario_script.ts,
 * the same interpreter the page uses), invariants are checked during the whole run and
 * linearizability at its end, and the `expect` block is evaluated. The run ends at the
 * scenario's duration, or after exactly `stopAtStep` kernel steps when that is given (what the
 * page shows at `cursor=N` for the same scenario and seed).
 */
import { evaluateExpectations } from './expectations';
import type { ExpectationResult } from './expectations';
import { RunChecker } from './run_checks';
import type { RunViolation } from './run_checks';
import { Run } from './run_record';
import type { RunEvent, RunStop } from './run_record';
import type { LinearizabilityResult } from './linearizability';
import type { ClusterOptions } from './cluster';
import type { ClusterProbe } from './cluster_probe';
import type { Scenario } from './scenario';
import { ScenarioScript, scenarioRunSpec } from './scenario_script';
import type { ScenarioProgress } from './scenario_script';

export { scenarioRunSpec } from './scenario_script';

export interface ScenarioRunOptions {
  /** Kernel steps between two invariant checks (default 100). */
  readonly checkEverySteps?: number;
  /** Every log line of every member. */
  readonly logSink?: ClusterOptions['logSink'];
  /** Told about every applied input (captions, faults, requests) as it happens. */
  readonly onEvent?: (ev: RunEvent) => void;
  /** A bound on kernel steps for the whole run (default 50,000,000). */
  readonly maxSteps?: number;
  /** Stop after exactly this many kernel steps instead of at the scenario's duration. */
  readonly stopAtStep?: number;
}

export interface ScenarioOutcome {
  readonly scenario: Scenario;
  readonly run: Run;
  readonly stop: RunStop;
  readonly violation: RunViolation | undefined;
  readonly linearizability: LinearizabilityResult | undefined;
  readonly expectations: readonly ExpectationResult[];
  /** Every expectation holds and no invariant was violated. */
  readonly ok: boolean;
  readonly probe: ClusterProbe;
  /** Timeline entries that never fired (their predicate never held in time). */
  readonly unfired: number;
  /** Where the timeline stood at the end (what it still waited for). */
  readonly progress: ScenarioProgress;
}

export function runScenario(s: Scenario, opts: ScenarioRunOptions = {}): ScenarioOutcome {
  let script: ScenarioScript | null = null;
  const run = new Run(scenarioRunSpec(s), {
    ...(opts.logSink === undefined ? {} : { logSink: opts.logSink }),
    script: ScenarioScript.factory(s, (made) => (script ??= made)),
  });
  if (script === null) throw new Error('runScenario: the Run made no script');
  const made: ScenarioScript = script;
  const onEvent = opts.onEvent;
  if (onEvent !== undefined) run.onInput(onEvent);
  const checker = new RunChecker(run, {
    ...(opts.checkEverySteps === undefined ? {} : { everySteps: opts.checkEverySteps }),
  });
  const maxSteps = opts.maxSteps ?? 50_000_000;
  const stop =
    opts.stopAtStep === undefined
      ? run.runFor(Math.max(0, s.durationUs - run.nowUs), maxSteps)
      : run.runToStep(opts.stopAtStep, maxSteps);
  if (stop.kind === 'panic') checker.reportPanic(stop.message);
  const { violation, linearizability } = checker.finish();
  const probe: ClusterProbe = made.probe;
  const expectations = evaluateExpectations(s.expect, { run, probe, violation, linearizability });
  return {
    scenario: s,
    run,
    stop,
    violation,
    linearizability,
    expectations,
    ok: violation === undefined && expectations.every((e) => e.ok),
    probe,
    unfired: made.unfired,
    progress: made.progress(),
  };
}
