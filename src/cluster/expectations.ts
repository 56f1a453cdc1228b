/**
 * Evaluates a scenario's `expect` block at the end of its run: each stated expectation becomes
 * one result with what was wanted, what was seen and whether it holds, so a test (or the UI) can
 * say precisely which effect a scenario failed to show.
 */
import { formatComparison, holds } from './scenario_predicate';
import type { Comparison } from './scenario_predicate';
import type { ScenarioExpect } from './scenario';
import { quorumLeader } from './cluster_probe';
import type { ClusterProbe } from './cluster_probe';
import type { LinearizabilityResult } from './linearizability';
import type { RunViolation } from './run_checks';
import type { Run } from './run_record';

export interface ExpectationResult {
  /** The expect field: leaderChanges, clientError, messages.MsgSnap, … */
  readonly name: string;
  readonly ok: boolean;
  readonly wanted: string;
  readonly seen: string;
}

export interface RunFacts {
  readonly run: Run;
  readonly probe: ClusterProbe;
  readonly violation: RunViolation | undefined;
  readonly linearizability: LinearizabilityResult | undefined;
}

function compare(name: string, c: Comparison, seen: number | undefined): ExpectationResult {
  return {
    name,
    ok: seen !== undefined && holds(c, seen),
    wanted: formatComparison(c),
    seen: seen === undefined ? 'nothing' : String(seen),
  };
}

export function evaluateExpectations(e: ScenarioExpect, f: RunFacts): ExpectationResult[] {
  const out: ExpectationResult[] = [];
  const { probe, run } = f;
  if (e.leaderChanges !== undefined)
    out.push(compare('leaderChanges', e.leaderChanges, probe.leaderChanges()));
  if (e.term !== undefined) out.push(compare('term', e.term, probe.metric('term')));
  if (e.commit !== undefined) out.push(compare('commit', e.commit, probe.metric('commit')));
  if (e.clientOk !== undefined) out.push(compare('clientOk', e.clientOk, probe.metric('client-ok')));
  const errors = probe.clientErrors();
  const errorText = Array.from(errors, ([m, n]) => `${m} ×${n}`).join('; ') || 'no errors';
  if (e.clientError !== undefined) {
    const want = e.clientError;
    const ok = Array.from(errors.keys()).some((m) => m === want || m.startsWith(want));
    out.push({ name: 'clientError', ok, wanted: want, seen: errorText });
  }
  if (e.noClientErrors === true)
    out.push({ name: 'noClientErrors', ok: errors.size === 0, wanted: 'no errors', seen: errorText });
  if (e.messages !== undefined) {
    const delivered = run.faults.deliveredByType();
    for (const [type, c] of Object.entries(e.messages))
      out.push(compare(`messages.${type}`, c, delivered.get(type) ?? 0));
  }
  if (e.votingMembers !== undefined)
    out.push(compare('votingMembers', e.votingMembers, probe.votingMembers()));
  if (e.leaderIsNot !== undefined) {
    const l = quorumLeader(run.cluster);
    const name = l === undefined ? 'no leader' : (run.cluster.members[l]?.name ?? String(l));
    out.push({
      name: 'leaderIsNot',
      ok: l !== probe.memberIndex(e.leaderIsNot),
      wanted: `not ${e.leaderIsNot}`,
      seen: name,
    });
  }
  for (const text of e.logContains ?? []) {
    out.push({
      name: 'logContains',
      ok: probe.logSeen(text),
      wanted: text,
      seen: probe.logSeen(text) ? 'found' : 'not found',
    });
  }
  if (e.leaderElectedWithinUs !== undefined) {
    const first = probe.elections[0]?.timeUs;
    out.push({
      name: 'leaderElectedWithin',
      ok: first !== undefined && first <= e.leaderElectedWithinUs,
      wanted: `≤ ${e.leaderElectedWithinUs}µs`,
      seen: first === undefined ? 'no leader' : `${first}µs`,
    });
  }
  if (e.linearizable) {
    const l = f.linearizability;
    const seen =
      l === undefined
        ? 'not checked'
        : l.ok === true
          ? 'linearizable'
          : l.ok === false
            ? l.explanation
            : 'search bound exceeded';
    out.push({ name: 'linearizable', ok: l === undefined || l.ok !== false, wanted: 'linearizable', seen });
  }
  if (e.invariantsHold) {
    const v = f.violation;
    const seen = v === undefined ? 'all hold' : `${v.invariant} at step ${v.step}: ${v.message}`;
    out.push({
      name: 'invariantsHold',
      ok: v === undefined || v.kind === 'linearizability',
      wanted: 'all hold',
      seen,
    });
  }
  return out;
}
