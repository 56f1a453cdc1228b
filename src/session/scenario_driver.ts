/**
 * Plays a built-in scenario's timeline on a Run: after every kernel step it checks each entry's
 * trigger (an instant, or a predicate plus a delay) and performs the action once, directly on
 * the run's faults and clients. It runs on every step of every replay too, so the scenario's
 * actions are a deterministic function of the run and need no place in the input log (only the
 * user's actions go there). Actions the classroom engine cannot perform yet are reported, not
 * faked.
 */
import type { Run } from '../cluster/run_record';
import type { Scenario, TimelineEntry, Workload } from '../cluster/scenario';
import type { Predicate } from '../cluster/scenario_predicate';
import { holds } from '../cluster/scenario_predicate';
import type { Fault } from '../cluster/faults';
import { claimedLeader } from '../cluster/cluster_probe';
import type { WorkloadSpec } from '../cluster/workload';

export interface DriverReport {
  readonly member: number | null;
  readonly text: string;
  readonly caption: string | null;
  readonly fault: Fault | null;
}

export class ScenarioDriver {
  private readonly fired: boolean[];
  /** When a 'when' trigger first held (µs), waiting for its delay. */
  private readonly armedAtUs: (number | null)[];
  private workloadStarted = false;
  private firstLeader: number | null = null;
  private leaderChanges = 0;
  private lastLeader: number | undefined = undefined;
  /** Names by cluster index: the scenario's, then each added member's (as the headless runner). */
  private readonly names: string[];

  constructor(
    private readonly scenario: Scenario,
    private readonly report: (r: DriverReport) => void,
  ) {
    this.names = scenario.members.slice();
    this.fired = scenario.timeline.map(() => false);
    this.armedAtUs = scenario.timeline.map(() => null);
  }

  /** The step observer: call after every kernel step of the run. */
  afterStep(run: Run): void {
    const c = run.cluster;
    const l = c.leader();
    if (l !== undefined && l !== this.lastLeader) {
      if (this.firstLeader === null) this.firstLeader = l;
      else this.leaderChanges++;
      this.lastLeader = l;
    }
    const w = this.scenario.workload;
    if (w !== undefined && !this.workloadStarted && this.workloadDue(w, run.nowUs))
      this.startWorkload(run, w);
    const tl = this.scenario.timeline;
    for (let i = 0; i < tl.length; i++) {
      const e = tl[i];
      if (e === undefined || this.fired[i] === true || !this.due(i, e, run)) continue;
      this.fired[i] = true;
      this.perform(run, e);
    }
  }

  /** At startUs if given; else on a start-workload action if the timeline has one; else at once. */
  private workloadDue(w: Workload, nowUs: number): boolean {
    if (w.startUs !== undefined) return nowUs >= w.startUs;
    return !this.scenario.timeline.some((e) => e.action === 'start-workload');
  }

  private due(i: number, e: TimelineEntry, run: Run): boolean {
    const t = e.trigger;
    if (t.kind === 'at') return run.nowUs >= t.atUs;
    const armed = this.armedAtUs[i] ?? null;
    if (armed === null) {
      if (!this.holds(t.predicate, run)) return false;
      this.armedAtUs[i] = run.nowUs;
      return t.afterUs === 0;
    }
    return run.nowUs >= armed + t.afterUs;
  }

  private holds(p: Predicate, run: Run): boolean {
    const c = run.cluster;
    switch (p.kind) {
      case 'leader-elected':
        return c.leader() !== undefined;
      case 'no-leader':
        return c.leader() === undefined;
      case 'leader-changed':
        return this.leaderChanges > 0;
      case 'compare':
        return holds({ op: p.op, value: p.value }, this.metric(run, p.metric, p.member));
    }
  }

  /** A metric of the timeline's predicates, read straight from the servers (cheap: every step). */
  private metric(run: Run, metric: string, member: string | undefined): number {
    const c = run.cluster;
    const idx = member === undefined ? null : this.memberIndex(run, member);
    // A named member that is not in the cluster (yet) has no value: nothing holds for it.
    if (member !== undefined && idx === null) return metric === 'step' ? run.step : 0;
    let best = 0;
    for (let i = 0; i < c.members.length; i++) {
      const s = c.server(i);
      if ((idx !== null && i !== idx) || s === null) continue;
      const raft = s.r.node.rn.raft;
      const v =
        metric === 'commit'
          ? s.committedIndex
          : metric === 'applied'
            ? s.appliedIndex
            : metric === 'term'
              ? raft.term
              : metric === 'gap'
                ? s.committedIndex - s.appliedIndex
                : metric === 'lastIndex'
                  ? raft.raftLog.lastIndex()
                  : 0;
      best = Math.max(best, v);
    }
    switch (metric) {
      case 'leader-changes':
        return this.leaderChanges;
      case 'client-ok':
        return c.calls.filter((x) => x.result?.ok === true).length;
      case 'client-errors':
        return c.calls.filter((x) => x.result !== null && !x.result.ok).length;
      case 'step':
        return run.step;
      default:
        return best;
    }
  }

  /** A member reference: a name, or a role (leader, follower, crashed) resolved now. */
  private memberIndex(run: Run, ref: string): number | null {
    const c = run.cluster;
    if (ref === 'leader') return c.leader() ?? null;
    if (ref === 'follower') {
      const l = c.leader();
      return c.members.find((m) => m.up && m.index !== l)?.index ?? null;
    }
    if (ref === 'crashed') return c.members.find((m) => !m.up)?.index ?? null;
    const i = this.names.indexOf(ref);
    return i >= 0 && i < c.members.length ? i : null;
  }

  private startWorkload(run: Run, w: Workload): void {
    this.workloadStarted = true;
    const target =
      w.target === 'leader' || w.target === 'round-robin'
        ? w.target
        : (this.memberIndex(run, w.target) ?? 'leader');
    const spec: WorkloadSpec = {
      opsPerSecond: w.opsPerSecond,
      readRatio: w.readRatio,
      keySpace: w.keySpace,
      valueBytes: w.valueBytes,
      reads: w.reads,
      target,
      clients: w.clients,
    };
    run.clients.startWorkload(spec);
    this.report({ member: null, text: `workload: ${w.opsPerSecond} requests/s`, caption: null, fault: null });
  }

  private perform(run: Run, e: TimelineEntry): void {
    const caption = e.caption?.en ?? null;
    const fault = this.faultOf(run, e);
    if (fault !== undefined) {
      if (fault === null) {
        this.report({
          member: null,
          text: `scenario: ${e.action}: no such member now`,
          caption,
          fault: null,
        });
        return;
      }
      const before = run.cluster.members.length;
      const out = run.faults.apply(fault);
      const after = run.cluster.members.length;
      if (e.action === 'add-member' && after > before) this.names[after - 1] = e.name;
      const member = 'member' in fault ? fault.member : null;
      this.report({ member, text: out.text, caption, fault });
      return;
    }
    this.performOther(run, e, caption);
  }

  /** The fault an entry stands for; null = its member cannot be resolved; undefined = not a fault. */
  private faultOf(run: Run, e: TimelineEntry): Fault | null | undefined {
    const m = (ref: string): number | null => this.memberIndex(run, ref);
    switch (e.action) {
      case 'crash':
      case 'restart': {
        const i = m(e.member);
        return i === null ? null : { kind: e.action, member: i };
      }
      case 'partition': {
        const groups = e.groups.map((g) => g.map(m));
        return groups.some((g) => g.includes(null))
          ? null
          : { kind: 'partition', groups: groups as number[][] };
      }
      case 'cut-link': {
        const [f, t] = [m(e.from), m(e.to)];
        return f === null || t === null ? null : { kind: 'cut-link', from: f, to: t };
      }
      case 'heal':
        return { kind: 'heal' };
      case 'drop-next': {
        const [f, t] = [
          e.from === undefined ? undefined : m(e.from),
          e.to === undefined ? undefined : m(e.to),
        ];
        if (f === null || t === null) return null;
        return {
          kind: 'drop-next',
          count: e.count,
          ...(f === undefined ? {} : { from: f }),
          ...(t === undefined ? {} : { to: t }),
          ...(e.messageType === undefined ? {} : { messageType: e.messageType }),
        };
      }
      case 'delay-link': {
        const [f, t] = [m(e.from), m(e.to)];
        if (f === null || t === null) return null;
        return { kind: 'link-latency', from: f, to: t, latency: e.latency, symmetric: e.symmetric };
      }
      case 'slow-apply': {
        const i = m(e.member);
        return i === null ? null : { kind: 'slow-apply', member: i, applyUsPerEntry: e.applyLatencyUs };
      }
      case 'slow-disk': {
        const i = m(e.member);
        return i === null ? null : { kind: 'slow-disk', member: i, fsync: e.fsyncLatency };
      }
      case 'add-member':
      case 'promote-member':
      case 'transfer-leadership':
        return this.membershipFault(run, e);
      default:
        return undefined;
    }
  }

  /**
   * etcdctl's membership requests go to the member in StateLeader with the highest term, and a
   * `leader` reference means that member too, exactly as src/cluster/scenario_runner.ts resolves
   * them (claimedLeader), so the UI and the headless run send the same requests.
   */
  private membershipFault(
    run: Run,
    e: Extract<TimelineEntry, { action: 'add-member' | 'promote-member' | 'transfer-leadership' }>,
  ): Fault | null {
    const via = claimedLeader(run.cluster);
    if (via === undefined) return null;
    if (e.action === 'add-member') return { kind: 'add-member', via, learner: e.learner };
    const target = this.membershipTarget(run, e.action === 'promote-member' ? e.member : e.to);
    if (target === null) return null;
    return e.action === 'promote-member'
      ? { kind: 'promote-member', via, member: target }
      : { kind: 'transfer-leadership', via, to: target };
  }

  /** A member reference as the headless runner resolves it for membership actions. */
  private membershipTarget(run: Run, ref: string): number | null {
    if (ref === 'leader') return claimedLeader(run.cluster) ?? null;
    return this.memberIndex(run, ref);
  }

  /** etcdctl member remove through the claimed leader: a run input of its own, not a fault. */
  private removeMember(run: Run, ref: string): string {
    const via = claimedLeader(run.cluster);
    const target = this.membershipTarget(run, ref);
    if (via === undefined) return 'scenario: remove-member: there is no leader to send it to';
    if (target === null) return 'scenario: remove-member: no such member now';
    return run.apply({ kind: 'remove-member', via, target }).text;
  }

  private performOther(run: Run, e: TimelineEntry, caption: string | null): void {
    const m = (ref: string): number | null => this.memberIndex(run, ref);
    let text: string;
    switch (e.action) {
      case 'put':
      case 'get':
      case 'delete': {
        const i = m(e.member);
        if (i === null) {
          text = `scenario: ${e.action} ${e.key}: no such member now`;
          break;
        }
        const value = e.action === 'put' ? e.value : undefined;
        const bytes = e.action === 'put' ? e.valueBytes : undefined;
        run.clients.request({
          op: e.action,
          member: i,
          key: e.key,
          ...(value === undefined ? {} : { value }),
          ...(bytes === undefined ? {} : { valueBytes: bytes }),
          ...(e.action === 'get' ? { serializable: e.consistency === 'serializable' } : {}),
        });
        text = `scenario: ${e.action} ${e.key} → infra${i + 1}`;
        break;
      }
      case 'start-workload':
        if (this.scenario.workload !== undefined) this.startWorkload(run, this.scenario.workload);
        return void (caption === null
          ? undefined
          : this.report({ member: null, text: caption, caption, fault: null }));
      case 'stop-workload':
        run.clients.stopWorkload();
        text = 'workload stopped';
        break;
      case 'remove-member':
        text = this.removeMember(run, e.member);
        break;
      default:
        text = `scenario: ${e.action} is not available in the classroom view yet`;
    }
    this.report({ member: null, text, caption, fault: null });
  }
}
