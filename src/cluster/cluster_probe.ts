/**
 * Reading a running cluster the way scenarios talk about it: the metrics of `when` predicates
 * (commit, applied, term, gap, lastIndex — per member or the maximum over live members —,
 * leader changes, client outcomes, the step) and the facts an `expect` block checks at the end.
 * Leader elections are counted from the members' typed role changes ('election-won'), which
 * bind() subscribes to; onLog (the cluster's logSink) serves only the logContains texts.
 */
import type { LogRecord } from '../etcd/zap';
import type { EtcdServer } from '../etcd/server';
import { commitOf, lastIndexOf, roleOf, termOf, votersOf } from '../etcd/member_view';
import { StateType } from '../raft/state_type';
import type { Cluster } from './cluster';
import type { AnyObservation } from './observation';
import type { Run } from './run_record';
import type { Predicate, PredicateMetric } from './scenario_predicate';
import { holds } from './scenario_predicate';

/**
 * The leader as a client or a teacher means it: the live member in StateLeader with the highest
 * term that a majority of the cluster (itself included) follows. Unlike Cluster.leader(), a
 * partitioned minority that still believes in an old leader does not hide the new one.
 */
export function quorumLeader(c: Cluster): number | undefined {
  const l = claimedLeader(c);
  if (l === undefined) return undefined;
  const id = c.server(l)?.memberId;
  let followers = 0;
  for (const m of c.members) if (m.up && m.server !== null && m.server.lead === id) followers++;
  return followers > c.members.length / 2 ? l : undefined;
}

/** The live member in StateLeader with the highest term (what `leader` names in an action). */
export function claimedLeader(c: Cluster): number | undefined {
  let best: { index: number; term: number } | undefined;
  for (const m of c.members) {
    const s = m.server;
    if (!m.up || s === null) continue;
    if (roleOf(s) !== StateType.StateLeader) continue;
    const term = termOf(s);
    if (best === undefined || term > best.term) best = { index: m.index, term };
  }
  return best?.index;
}

export interface LeaderElection {
  readonly timeUs: number;
  readonly member: string;
  readonly term: number;
}

export class ClusterProbe {
  readonly elections: LeaderElection[] = [];
  /** Log texts asked for (expect.logContains), and whether a line contained each. */
  private readonly wanted = new Map<string, boolean>();
  private run: Run | null = null;
  /** Member names as the scenario calls them, by cluster index. */
  private names: readonly string[] = [];

  constructor(wantedLogTexts: readonly string[] = []) {
    for (const t of wantedLogTexts) this.wanted.set(t, false);
  }

  /** Binds the probe to a run and subscribes to its cluster's observations (before its first step). */
  bind(run: Run, names: readonly string[]): void {
    this.run = run;
    this.names = names;
    run.cluster.addObserver(this);
  }

  /** A ClusterObserver: records each election won, with the member's name and the time. */
  observe(member: number | null, o: AnyObservation): void {
    if (o.kind !== 'role' || o.change.reason !== 'election-won' || member === null) return;
    const c = this.r.cluster;
    const name = c.members[member]?.name ?? String(member);
    this.elections.push({ timeUs: c.kernel.nowUs, member: name, term: o.change.term });
  }

  /** A logSink for the cluster (for the logContains texts). */
  readonly onLog = (_member: string, line: string, _rec: LogRecord): void => {
    if (this.wanted.size === 0) return;
    for (const [t, seen] of this.wanted) if (!seen && line.includes(t)) this.wanted.set(t, true);
  };

  logSeen(text: string): boolean {
    return this.wanted.get(text) === true;
  }

  private get r(): Run {
    if (this.run === null) throw new Error('ClusterProbe used before bind()');
    return this.run;
  }

  /** Leaders elected after the first one. */
  leaderChanges(): number {
    return Math.max(0, this.elections.length - 1);
  }

  /** Index of the member a scenario name (or `leader`) refers to, if any. */
  memberIndex(name: string): number | undefined {
    if (name === 'leader') return claimedLeader(this.r.cluster);
    const i = this.names.indexOf(name);
    return i < 0 ? undefined : i;
  }

  /** The value of a metric, for one member or (max) over the live members; undefined if unknowable. */
  metric(metric: PredicateMetric, member?: string): number | undefined {
    const c = this.r.cluster;
    switch (metric) {
      case 'leader-changes':
        return this.leaderChanges();
      case 'client-ok':
        return c.calls.filter((x) => x.result?.ok === true).length;
      case 'client-errors':
        return c.calls.filter((x) => x.result !== null && !x.result.ok).length;
      case 'step':
        return this.r.step;
      default:
        break;
    }
    if (member !== undefined) {
      const i = this.memberIndex(member);
      const s = i === undefined ? null : c.server(i);
      return s === null || i === undefined || !c.isUp(i) ? undefined : memberMetric(s, metric);
    }
    let best: number | undefined;
    for (const m of c.members) {
      if (!m.up || m.server === null) continue;
      const v = memberMetric(m.server, metric);
      best = best === undefined ? v : Math.max(best, v);
    }
    return best;
  }

  /** Whether a `when` predicate holds now; `armedElections` = elections seen when it was armed. */
  holds(p: Predicate, armedElections: number): boolean {
    const c = this.r.cluster;
    switch (p.kind) {
      case 'leader-elected':
        return quorumLeader(c) !== undefined;
      case 'no-leader':
        return quorumLeader(c) === undefined;
      case 'leader-changed':
        return this.elections.length > armedElections && quorumLeader(c) !== undefined;
      case 'compare': {
        const v = this.metric(p.metric, p.member);
        return v !== undefined && holds(p, v);
      }
    }
  }

  /** Voting members in the configuration of the leader (or of any live member if none). */
  votingMembers(): number {
    const c = this.r.cluster;
    const l = quorumLeader(c);
    const s =
      (l === undefined ? undefined : c.server(l)) ?? c.members.find((m) => m.up && m.server !== null)?.server;
    if (s === undefined || s === null) return 0;
    return votersOf(s).length;
  }

  /** Client errors by message. */
  clientErrors(): Map<string, number> {
    const out = new Map<string, number>();
    for (const x of this.r.cluster.calls) {
      if (x.result === null || x.result.ok) continue;
      out.set(x.result.err.message, (out.get(x.result.err.message) ?? 0) + 1);
    }
    return out;
  }
}

function memberMetric(s: EtcdServer, metric: PredicateMetric): number {
  switch (metric) {
    case 'commit':
      return commitOf(s);
    case 'applied':
      return s.appliedIndex;
    case 'term':
      return termOf(s);
    case 'gap':
      return s.committedIndex - s.appliedIndex;
    case 'lastIndex':
      return lastIndexOf(s);
    default:
      throw new Error(`metric ${metric} is not per member`);
  }
}
