/**
 * Runs a validated Scenario on a Run: the workload starts and stops at its times, timeline
 * entries fire in order (an `at` entry at its virtual time, or right after the previous entry
 * if that fired later; a `when` entry `after` its predicate first holds once the previous entry
 * fired), each caption is logged as an input right before its action, invariants are checked
 * during the whole run and linearizability at its end, and the `expect` block is evaluated.
 *
 * Member references (`leader`, `follower`, `crashed`, names) are resolved when the entry fires,
 * and the action is logged as a concrete input (member indexes), so replaying the run's input log
 * needs no scenario logic at all. Membership actions go to the current leader, as etcdctl's
 * (member add / promote, move-leader); a member added by `add-member` takes the next index and
 * its name from then on refers to it.
 */
import { clusterConfigParts } from './scenario_config';
import type { Scenario, ScenarioAction, TimelineEntry } from './scenario';
import type { LatencyRange } from './scenario_config';
import { ClusterProbe, claimedLeader } from './cluster_probe';
import { evaluateExpectations } from './expectations';
import type { ExpectationResult } from './expectations';
import { RunChecker } from './run_checks';
import type { RunViolation } from './run_checks';
import { Run } from './run_record';
import type { RunEvent, RunInput, RunStop } from './run_record';
import type { LinearizabilityResult } from './linearizability';
import type { ClusterOptions } from './cluster';
import type { WorkloadSpec, WorkloadTarget } from './workload';

export interface ScenarioRunOptions {
  /** Kernel steps between two invariant checks (default 100). */
  readonly checkEverySteps?: number;
  /** Every log line of every member. */
  readonly logSink?: ClusterOptions['logSink'];
  /** Told about every applied input (captions, faults, requests) as it happens. */
  readonly onEvent?: (ev: RunEvent) => void;
  /** A bound on kernel steps for the whole run (default 50,000,000). */
  readonly maxSteps?: number;
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
}

/** The Run a scenario starts: its size, seed and server config (raft's HeartbeatTick included). */
export function scenarioRunSpec(s: Scenario): Run['spec'] {
  const parts = clusterConfigParts(s.config);
  const hb = parts.raft.heartbeatTick;
  return {
    size: s.members.length,
    seed: s.seed,
    config: hb === undefined ? parts.server : { ...parts.server, heartbeatTick: hb },
  };
}

export function runScenario(s: Scenario, opts: ScenarioRunOptions = {}): ScenarioOutcome {
  const probe = new ClusterProbe(s.expect.logContains ?? []);
  const sink = opts.logSink;
  const run = new Run(scenarioRunSpec(s), {
    logSink: (member, line, rec) => {
      probe.onLog(member, line, rec);
      sink?.(member, line, rec);
    },
  });
  // Names by cluster index; add-member appends (the probe reads the same array).
  const names = s.members.slice();
  probe.bind(run, names);
  const checker = new RunChecker(run, {
    ...(opts.checkEverySteps === undefined ? {} : { everySteps: opts.checkEverySteps }),
  });
  const driver = new TimelineDriver(s, run, probe, opts.onEvent, names);
  const stop = driver.drive(opts.maxSteps ?? 50_000_000);
  if (stop.kind === 'panic') checker.reportPanic(stop.message);
  const { violation, linearizability } = checker.finish();
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
    unfired: driver.unfired,
  };
}

/** Steps through the timeline; one instance per run. */
class TimelineDriver {
  private next = 0;
  /** When the previous entry fired (entries fire in order). */
  private armedUs = 0;
  private armedElections = 0;
  /** A `when` entry whose predicate held: it fires at this time. */
  private dueUs: number | null = null;
  private readonly timed: { atUs: number; input: RunInput }[] = [];
  private readonly requestTimeoutUs: number | undefined;

  constructor(
    private readonly s: Scenario,
    private readonly run: Run,
    private readonly probe: ClusterProbe,
    private readonly onEvent: ((ev: RunEvent) => void) | undefined,
    private readonly names: string[],
  ) {
    this.requestTimeoutUs = clusterConfigParts(s.config).client.requestTimeoutUs;
    const w = s.workload;
    if (w !== undefined) {
      this.timed.push({
        atUs: w.startUs ?? 0,
        input: { kind: 'start-workload', workload: this.workloadSpec() },
      });
      if (w.stopUs !== undefined) this.timed.push({ atUs: w.stopUs, input: { kind: 'stop-workload' } });
      this.timed.sort((a, b) => a.atUs - b.atUs);
    }
  }

  get unfired(): number {
    return this.s.timeline.length - this.next;
  }

  drive(maxSteps: number): RunStop {
    const endUs = this.s.durationUs;
    let steps = 0;
    for (let guard = 0; guard < 1_000_000; guard++) {
      if (this.run.stopRequested !== null) return { kind: 'stopped', steps, reason: this.run.stopRequested };
      if (this.fireDue()) continue;
      const now = this.run.nowUs;
      if (now >= endUs) return { kind: 'time-reached', steps };
      const { untilUs, pred } = this.nextStop(endUs);
      const budget = maxSteps - steps;
      const r =
        pred === null ? this.run.runFor(untilUs - now, budget) : this.run.runUntil(pred, budget, untilUs);
      steps += r.steps;
      if (r.kind !== 'time-reached' && r.kind !== 'predicate') return { ...r, steps };
    }
    throw new Error('scenario driver: too many timeline rounds');
  }

  /** Applies whatever is due now; true if something fired (look again). */
  private fireDue(): boolean {
    const now = this.run.nowUs;
    const t = this.timed[0];
    if (t !== undefined && t.atUs <= now) {
      this.timed.shift();
      this.emit(this.run.apply(t.input));
      return true;
    }
    const e = this.s.timeline[this.next];
    if (e === undefined) return false;
    if (e.trigger.kind === 'at') {
      if (Math.max(e.trigger.atUs, this.armedUs) > now) return false;
    } else if (this.dueUs === null) {
      if (!this.probe.holds(e.trigger.predicate, this.armedElections)) return false;
      this.dueUs = now + e.trigger.afterUs;
      return true;
    } else if (this.dueUs > now) return false;
    this.fire(e);
    return true;
  }

  /** Where to run to next: the next timed event, and the predicate of an armed `when` entry. */
  private nextStop(endUs: number): { untilUs: number; pred: ((r: Run) => boolean) | null } {
    let untilUs = Math.min(endUs, this.timed[0]?.atUs ?? Infinity);
    const e = this.s.timeline[this.next];
    if (e === undefined) return { untilUs, pred: null };
    if (e.trigger.kind === 'at')
      return { untilUs: Math.min(untilUs, Math.max(e.trigger.atUs, this.armedUs)), pred: null };
    if (this.dueUs !== null) return { untilUs: Math.min(untilUs, this.dueUs), pred: null };
    const p = e.trigger.predicate;
    const armed = this.armedElections;
    untilUs = Math.min(untilUs, endUs);
    return { untilUs, pred: () => this.probe.holds(p, armed) };
  }

  private fire(e: TimelineEntry): void {
    this.next++;
    this.dueUs = null;
    this.armedUs = this.run.nowUs;
    if (e.caption !== undefined) this.emit(this.run.apply({ kind: 'caption', caption: e.caption }));
    const input = this.resolve(e);
    if (typeof input === 'string') {
      // Nothing to apply (no leader to crash, …): say so in the event log and go on.
      this.emit(this.run.apply({ kind: 'caption', caption: { en: `${e.action}: ${input}` } }));
    } else {
      const before = this.run.cluster.members.length;
      this.emit(this.run.apply(input));
      const after = this.run.cluster.members.length;
      if (e.action === 'add-member' && after > before) this.names[after - 1] = e.name;
    }
    this.armedElections = this.probe.elections.length;
  }

  private emit(ev: RunEvent): void {
    this.onEvent?.(ev);
  }

  private member(ref: string): number | string {
    const c = this.run.cluster;
    if (ref === 'leader') return claimedLeader(c) ?? 'there is no leader';
    if (ref === 'follower') {
      const l = claimedLeader(c);
      const order = this.names
        .map((name, i) => ({ name, i }))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      return order.find((m) => m.i !== l && c.isUp(m.i))?.i ?? 'there is no live follower';
    }
    if (ref === 'crashed') {
      const down = this.run.faults.crashedMembers();
      return down[down.length - 1] ?? 'no member is down';
    }
    const i = this.names.indexOf(ref);
    return i < 0 || i >= c.members.length ? `member ${ref} is not in this cluster` : i;
  }

  /** The concrete input for an entry, or why there is none. */
  private resolve(a: ScenarioAction): RunInput | string {
    const refs: Record<string, number> = {};
    for (const f of ['member', 'from', 'to'] as const) {
      const v = (a as Partial<Record<typeof f, string>>)[f];
      if (v === undefined) continue;
      const i = this.member(v);
      if (typeof i === 'string') return i;
      refs[f] = i;
    }
    const m = refs.member ?? -1;
    const from = refs.from ?? -1;
    const to = refs.to ?? -1;
    const fault = (f: import('./faults').Fault): RunInput => ({ kind: 'fault', fault: f });
    switch (a.action) {
      case 'crash':
        return fault({ kind: 'crash', member: m });
      case 'restart':
        return fault({ kind: 'restart', member: m });
      case 'partition': {
        const groups: number[][] = [];
        for (const g of a.groups) {
          const ids = g.map((r) => this.member(r));
          const bad = ids.find((x) => typeof x === 'string');
          if (bad !== undefined) return bad as string;
          groups.push(ids as number[]);
        }
        return fault({ kind: 'partition', groups });
      }
      case 'cut-link':
        return fault({ kind: 'cut-link', from, to });
      case 'heal':
        return fault({ kind: 'heal' });
      case 'drop-next':
        return fault({
          kind: 'drop-next',
          count: a.count,
          ...(refs.from === undefined ? {} : { from }),
          ...(refs.to === undefined ? {} : { to }),
          ...(a.messageType === undefined ? {} : { messageType: a.messageType }),
        });
      case 'delay-next':
        return fault({
          kind: 'delay-next',
          count: a.count,
          delayUs: a.delayUs,
          ...(refs.from === undefined ? {} : { from }),
          ...(refs.to === undefined ? {} : { to }),
          ...(a.messageType === undefined ? {} : { messageType: a.messageType }),
        });
      case 'delay-link':
        return fault({ kind: 'link-latency', from, to, latency: us(a.latency), symmetric: a.symmetric });
      case 'slow-disk':
        return fault({ kind: 'slow-disk', member: m, fsync: us(a.fsyncLatency) });
      case 'slow-apply':
        return fault({ kind: 'slow-apply', member: m, applyUsPerEntry: a.applyLatencyUs });
      case 'put':
      case 'get':
      case 'delete':
        return { kind: 'request', request: this.request(a, m) };
      case 'start-workload':
        return { kind: 'start-workload', workload: this.workloadSpec() };
      case 'stop-workload':
        return { kind: 'stop-workload' };
      case 'remove-member': {
        const via = claimedLeader(this.run.cluster);
        return via === undefined
          ? 'there is no leader to send it to'
          : { kind: 'remove-member', via, target: m };
      }
      case 'add-member':
      case 'promote-member':
      case 'transfer-leadership': {
        const via = claimedLeader(this.run.cluster);
        if (via === undefined) return 'there is no leader to send it to';
        if (a.action === 'add-member') return fault({ kind: 'add-member', via, learner: a.learner });
        if (a.action === 'promote-member') return fault({ kind: 'promote-member', via, member: m });
        return fault({ kind: 'transfer-leadership', via, to });
      }
      default: {
        const never: never = a;
        throw new Error(`unknown action ${(never as { action: string }).action}`);
      }
    }
  }

  private request(
    a: Extract<ScenarioAction, { action: 'put' | 'get' | 'delete' }>,
    member: number,
  ): import('./workload').ClientRequest {
    const t = this.requestTimeoutUs === undefined ? {} : { timeoutUs: this.requestTimeoutUs };
    if (a.action === 'put') {
      return {
        op: 'put',
        member,
        key: a.key,
        ...(a.value === undefined ? {} : { value: a.value }),
        ...(a.valueBytes === undefined ? {} : { valueBytes: a.valueBytes }),
        ...t,
      };
    }
    if (a.action === 'get')
      return { op: 'get', member, key: a.key, serializable: a.consistency === 'serializable', ...t };
    return { op: 'delete', member, key: a.key, ...t };
  }

  private workloadSpec(): WorkloadSpec {
    const w = this.s.workload ?? {
      opsPerSecond: 10,
      readRatio: 0,
      keySpace: 16,
      valueBytes: 8,
      reads: 'linearizable' as const,
      target: 'leader',
      clients: 1,
    };
    let target: WorkloadTarget = 'leader';
    if (w.target === 'round-robin') target = 'round-robin';
    else if (w.target !== 'leader') target = Math.max(0, this.s.members.indexOf(w.target));
    return {
      opsPerSecond: w.opsPerSecond,
      readRatio: w.readRatio,
      keySpace: w.keySpace,
      valueBytes: w.valueBytes,
      reads: w.reads,
      target,
      clients: w.clients,
      ...(this.requestTimeoutUs === undefined ? {} : { timeoutUs: this.requestTimeoutUs }),
    };
  }
}

function us(r: LatencyRange): { minUs: number; maxUs: number } {
  return { minUs: r.minUs, maxUs: r.maxUs };
}
