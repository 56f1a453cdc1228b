/**
 * The one interpreter of a scenario's timeline, for `npm run sim` and the page alike. It is a
 * RunScript: the Run asks it at every position (replays included) what is due, so the scenario's
 * actions are a function of the run, never part of the input log, and any caller stepping the
 * Run (headless to a duration or a step, the page one goroutine at a time) sees the same actions
 * at the same instants and so the same trace hash.
 *
 * Rules: the workload starts and stops at its times; timeline entries fire in order (an `at`
 * entry at its virtual time, or right after the previous entry if that fired later; a `when`
 * entry `after` its predicate first holds once the previous entry fired); each caption is
 * applied as an input right before its action. Member references (`leader`, `follower`,
 * `crashed`, names) are resolved when the entry fires; membership actions go to the current
 * leader, as etcdctl's (member add / promote, move-leader); a member added by `add-member` takes
 * the next index and its name from then on refers to it.
 */
import { clusterConfigParts } from './scenario_config';
import type { LatencyRange } from './scenario_config';
import type { Scenario, ScenarioAction, TimelineEntry } from './scenario';
import { defaultMemberNames } from './scenario';
import { formatPredicate } from './scenario_predicate';
import { formatDuration } from './duration';
import { ClusterProbe, claimedLeader } from './cluster_probe';
import type { Fault } from './faults';
import type { Run, RunInput, RunScript } from './run_record';
import type { ClientRequest, WorkloadSpec, WorkloadTarget } from './workload';

/** Where the timeline stands, for the page's caption bar and the CLI's closing report. */
export interface ScenarioProgress {
  /** Entries fired so far, of `total`. */
  readonly fired: number;
  readonly total: number;
  /** The entry the timeline waits on, or null when every entry has fired. */
  readonly waiting: {
    readonly entry: number;
    readonly action: ScenarioAction['action'];
    /** What it waits for: `leader-elected`, `t ≥ 1.5s`, `gap(infra2)>=5, then 200ms`. */
    readonly until: string;
    /** Since when it has waited (the previous entry fired then, or the run started). */
    readonly sinceUs: number;
    /**
     * The scenario's duration has passed and the wait still does not hold: it will not be met
     * within the scenario (a user's action may have made it impossible).
     */
    readonly overdue: boolean;
    /** The scenario's duration (where `npm run sim --scenario` stops). */
    readonly endUs: number;
  } | null;
}

/** The scenario as a Run of `size` members and `seed` (the page's and the CLI's overrides). */
export function scenarioWith(s: Scenario, o: { readonly seed?: number; readonly size?: number }): Scenario {
  const size = o.size ?? s.members.length;
  const members =
    size <= s.members.length
      ? s.members.slice(0, size)
      : [...s.members, ...defaultMemberNames(7).filter((n) => !s.members.includes(n))].slice(0, size);
  return { ...s, seed: o.seed ?? s.seed, members };
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

/** The script of one run of `s`; `probe` reads the run for `when` predicates. */
export class ScenarioScript implements RunScript {
  private next = 0;
  /** When the previous entry fired (entries fire in order). */
  private armedUs = 0;
  private armedElections = 0;
  /** A `when` entry whose predicate held: it fires at this time. */
  private dueUs: number | null = null;
  private readonly timed: { atUs: number; input: RunInput }[] = [];
  private readonly requestTimeoutUs: number | undefined;
  /** Member names by cluster index; add-member appends (the probe reads the same array). */
  readonly names: string[];
  readonly probe: ClusterProbe;

  constructor(
    private readonly s: Scenario,
    private readonly run: Run,
  ) {
    this.names = s.members.slice();
    this.probe = new ClusterProbe(s.expect.logContains ?? []);
    this.probe.bind(run, this.names);
    run.onLog(this.probe.onLog);
    this.requestTimeoutUs = clusterConfigParts(s.config).client.requestTimeoutUs;
    const w = s.workload;
    if (w !== undefined) {
      // The load starts at startUs if given; else a start-workload action starts it; else at 0.
      const byAction = s.timeline.some((e) => e.action === 'start-workload');
      if (w.startUs !== undefined || !byAction) {
        this.timed.push({
          atUs: w.startUs ?? 0,
          input: { kind: 'start-workload', workload: this.workloadSpec() },
        });
      }
      if (w.stopUs !== undefined) this.timed.push({ atUs: w.stopUs, input: { kind: 'stop-workload' } });
      this.timed.sort((a, b) => a.atUs - b.atUs);
    }
  }

  /** A script factory for Run's `script` option; `onScript` hears of each run's script. */
  static factory(s: Scenario, onScript?: (script: ScenarioScript) => void): (run: Run) => ScenarioScript {
    return (run) => {
      const script = new ScenarioScript(s, run);
      onScript?.(script);
      return script;
    };
  }

  get unfired(): number {
    return this.s.timeline.length - this.next;
  }

  progress(): ScenarioProgress {
    const total = this.s.timeline.length;
    const e = this.s.timeline[this.next];
    if (e === undefined) return { fired: this.next, total, waiting: null };
    const t = e.trigger;
    const until =
      t.kind === 'at'
        ? `t ≥ ${formatDuration(Math.max(t.atUs, this.armedUs))}`
        : `${formatPredicate(t.predicate)}${t.afterUs > 0 ? `, then ${formatDuration(t.afterUs)}` : ''}`;
    return {
      fired: this.next,
      total,
      waiting: {
        entry: this.next,
        action: e.action,
        until,
        sinceUs: this.armedUs,
        overdue: this.run.nowUs > this.s.durationUs,
        endUs: this.s.durationUs,
      },
    };
  }

  fireDue(run: Run): boolean {
    const now = run.nowUs;
    const t = this.timed[0];
    if (t !== undefined && t.atUs <= now) {
      this.timed.shift();
      run.applyScripted(t.input);
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

  nextDueUs(): number {
    const timedUs = this.timed[0]?.atUs ?? Infinity;
    const e = this.s.timeline[this.next];
    if (e === undefined) return timedUs;
    if (e.trigger.kind === 'at') return Math.min(timedUs, Math.max(e.trigger.atUs, this.armedUs));
    // An armed `when` entry is checked at every position; only its delay needs an instant.
    return Math.min(timedUs, this.dueUs ?? Infinity);
  }

  private fire(e: TimelineEntry): void {
    const run = this.run;
    this.next++;
    this.dueUs = null;
    this.armedUs = run.nowUs;
    if (e.caption !== undefined) run.applyScripted({ kind: 'caption', caption: e.caption });
    const input = this.resolve(e);
    if (typeof input === 'string') {
      // Nothing to apply (no leader to crash, …): say so in the event log and go on.
      run.applyScripted({ kind: 'caption', caption: { en: `${e.action}: ${input}` } });
    } else {
      const before = run.cluster.members.length;
      run.applyScripted(input);
      const after = run.cluster.members.length;
      if (e.action === 'add-member' && after > before) this.names[after - 1] = e.name;
    }
    this.armedElections = this.probe.elections.length;
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
    const fault = (f: Fault): RunInput => ({ kind: 'fault', fault: f });
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
  ): ClientRequest {
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
