/**
 * Derives the ClusterSnapshot (./types) from a live Cluster at the cursor. Called at most once a
 * frame, so it may walk goroutines and progress maps; it only reads public state.
 */
import type { Cluster } from '../cluster/cluster';
import type { GoroutineInfo } from '../sim/kernel';
import { stateTypeName } from '../raft/state_type';
import { logTermsTail, memberView } from '../etcd/member_view';
import type { PeerProgressView } from '../etcd/member_view';
import type { ActiveFault } from './active_faults';
import type { RequestPathView } from './request_path';
import { hardStateView, hexId, readyCard, roleOf } from './views_of_raft';
import type {
  ClusterSnapshot,
  GoroutineView,
  InFlightMessage,
  LinkView,
  MemberSnapshot,
  ProgressView,
} from './types';

/** How many of a member's latest log entries the snapshot carries terms of (the log grid's window). */
export const logTailLimit = 40;

export interface SnapshotContext {
  readonly cluster: Cluster;
  readonly memberIds: readonly string[];
  /** Messages on the wire now (./in_flight). */
  readonly messages: readonly InFlightMessage[];
  /** Faults in force now (./active_faults). */
  readonly faults: readonly ActiveFault[];
  /** The user's latest request on its way (./request_path). */
  readonly requestPath: RequestPathView | null;
  readonly seed: number;
  readonly scenario: string;
  readonly halted: string | null;
  /** Members the run started with. */
  readonly initialSize: number;
}

/** The membership as the most up-to-date live member has applied it (removed IDs, learners). */
interface MembershipView {
  readonly removed: (id: bigint) => boolean;
  readonly learner: (id: bigint) => boolean;
}

function membershipView(c: Cluster): MembershipView {
  let best: ReturnType<Cluster['server']> = null;
  for (let i = 0; i < c.members.length; i++) {
    const s = c.server(i);
    if (s === null || !c.isUp(i)) continue;
    if (best === null || s.appliedIndex > best.appliedIndex) best = s;
  }
  const servers = c.members.map((_, i) => c.server(i)).filter((s) => s !== null);
  return {
    // A removal is final: any member that applied it knows, even one that has stopped since.
    removed: (id) => id !== 0n && servers.some((s) => s.cluster.isIDRemoved(id)),
    learner: (id) => best?.cluster.member(id)?.isLearner === true,
  };
}

export function deriveSnapshot(x: SnapshotContext): ClusterSnapshot {
  const c = x.cluster;
  const k = c.kernel;
  const all = k.goroutines();
  const view = membershipView(c);
  const members = c.members.map((_, i) => memberSnapshot(x, i, all, view));
  return {
    step: k.stepCount,
    nowUs: k.nowUs,
    traceHash: c.traceHash(),
    seed: x.seed,
    scenario: x.scenario,
    size: c.members.length,
    initialSize: x.initialSize,
    members,
    leader: c.leader() ?? null,
    messages: x.messages,
    faults: x.faults,
    requestPath: x.requestPath,
    links: linkViews(x),
    halted: x.halted,
  };
}

/**
 * Links between members. Only read what the network already has (linkStats): asking it about a
 * pair creates the link, and derivation must never change engine state. A link counts as cut
 * only when both ends are attached and the link is down (a partition or one-way cut); a member
 * that is down or still booting is drawn as such, not as a partition.
 */
function linkViews(x: SnapshotContext): LinkView[] {
  const net = x.cluster.network;
  const n = x.memberIds.length;
  const ids = x.memberIds.map((h) => (h === '' ? 0n : BigInt(`0x${h}`)));
  const stats = new Map<string, { cut: boolean; inFlight: number }>();
  for (const l of net.linkStats()) stats.set(`${l.from}>${l.to}`, l);
  const out: LinkView[] = [];
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) {
      if (a === b) continue;
      const from = ids[a] ?? 0n;
      const to = ids[b] ?? 0n;
      const st = stats.get(`${from}>${to}`);
      // A cut link stays cut while an end is down or restarting (the partition holds for it
      // when it comes back); a down end itself is drawn from the member's own state.
      out.push({
        fromMember: a,
        toMember: b,
        up: st?.cut !== true,
        inFlight: st?.inFlight ?? 0,
      });
    }
  }
  return out;
}

/** Whether goroutine g belongs to member `name` with ID `id`. */
export function goroutineBelongs(g: { readonly name: string }, name: string, id: string): boolean {
  return (
    g.name.startsWith(`${name} `) ||
    (id !== '' && (g.name.startsWith(`raft.node ${id}`) || g.name.startsWith(`rafthttp ${id}`))) ||
    g.name.endsWith(`→ ${name}`)
  );
}

export function goroutineView(g: GoroutineInfo): GoroutineView {
  return {
    id: g.id,
    name: g.name,
    state: g.state,
    label: g.label,
    waitingOn: g.waitingOn.map((w) => `${w.dir} ${w.chan.name}`),
    sleepUntilUs: g.sleepUntilUs ?? null,
  };
}

function memberSnapshot(
  x: SnapshotContext,
  i: number,
  all: readonly GoroutineInfo[],
  view: MembershipView,
): MemberSnapshot {
  const c = x.cluster;
  const bid = c.memberId(i);
  const ms = c.memberState(i);
  const s = c.server(i);
  const id = x.memberIds[i] ?? '';
  const goroutines = all.filter((g) => goroutineBelongs(g, ms.name, id)).map(goroutineView);
  const up = ms.up && s !== null;
  const base = {
    index: i,
    name: ms.name,
    id,
    up: ms.up,
    removed: view.removed(bid),
    learner: view.learner(bid),
    appliedIndex: ms.appliedIndex,
    committedIndex: ms.committedIndex,
    gap: ms.gap,
    gapLimit: c.members[i]?.cfg.maxGapBetweenApplyAndCommitIndex ?? 5000,
    readyStep: ms.readyStep,
    readyCount: ms.readyCount,
    waitRegistrySize: ms.waitRegistrySize,
    fifoQueueLength: ms.fifoQueueLength,
    walRecords: ms.walRecords,
    walUnsynced: ms.walUnsynced,
    goroutines,
  };
  if (s === null) {
    return {
      ...base,
      role: 'down',
      term: 0,
      lead: '0',
      leadMember: null,
      hardState: { term: 0, vote: '0', commit: 0 },
      raftApplied: 0,
      firstIndex: 0,
      lastIndex: 0,
      stableIndex: 0,
      electionElapsed: 0,
      electionTimeout: 0,
      heartbeatElapsed: 0,
      heartbeatTimeout: 0,
      leadTransferee: '0',
      progress: null,
      currentReady: null,
      logTail: { fromIndex: 0, terms: [] },
    };
  }
  const v = memberView(s);
  const lead = hexId(v.lead);
  const cur = v.currentReady;
  return {
    ...base,
    role: roleOf(stateTypeName(v.role), up),
    term: v.term,
    lead,
    leadMember: indexOf(x.memberIds, lead),
    hardState: hardStateView({ term: v.term, vote: v.vote, commit: v.commit }),
    raftApplied: v.raftApplied,
    firstIndex: v.firstIndex,
    lastIndex: v.lastIndex,
    stableIndex: v.stableIndex,
    electionElapsed: v.electionElapsed,
    electionTimeout: v.randomizedElectionTimeout,
    heartbeatElapsed: v.heartbeatElapsed,
    heartbeatTimeout: v.heartbeatTimeout,
    leadTransferee: hexId(v.leadTransferee),
    progress: v.progress === null ? null : progressViews(v.progress, x.memberIds),
    logTail: logTermsTail(s, logTailLimit),
    currentReady:
      cur === null ? null : readyCard(cur, i, ms.readyCount, k0(x), x.cluster.kernel.nowUs, ms.readyStep),
  };
}

function k0(x: SnapshotContext): number {
  return x.cluster.kernel.stepCount;
}

function indexOf(ids: readonly string[], hex: string): number | null {
  const i = ids.indexOf(hex);
  return i < 0 ? null : i;
}

function progressViews(progress: readonly PeerProgressView[], ids: readonly string[]): ProgressView[] {
  return progress.map((p) => {
    const id = hexId(p.id);
    return {
      id,
      member: indexOf(ids, id),
      match: p.match,
      next: p.next,
      state: progressStateName(p.state),
      recentActive: p.recentActive,
    };
  });
}

function progressStateName(s: number): string {
  return ['StateProbe', 'StateReplicate', 'StateSnapshot'][s] ?? String(s);
}
