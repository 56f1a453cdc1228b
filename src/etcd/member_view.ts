/**
 * A read-only view of one member for the layers above (cluster checks, probes, the UI): plain
 * data copied out of the server, its Ready loop and its raft state machine. This file is the one
 * place outside src/raft and the member's own code that reads the raft object behind
 * `s.r.node`; everything else goes through memberView or the small accessors below, which
 * allocate nothing and are cheap enough for code that runs after every kernel step.
 */
import type { Raft } from '../raft/raft';
import type { Entry, NodeID } from '../raft/raftpb/types';
import type { Ready } from '../raft/ready';
import { StateType } from '../raft/state_type';
import { getBasicStatus } from '../raft/status';
import type { BasicStatus } from '../raft/status';
import type { StateType as ProgressStateType } from '../raft/tracker/state';
import type { ReadyStep } from './raftnode';
import type { EtcdServer } from './server';

/** The replication state of one peer as the leader tracks it. */
export interface PeerProgressView {
  readonly id: NodeID;
  readonly match: number;
  readonly next: number;
  readonly state: ProgressStateType;
  readonly recentActive: boolean;
}

export interface MemberView {
  readonly role: StateType;
  readonly term: number;
  readonly lead: NodeID;
  readonly vote: NodeID;
  /** raft's commit index. */
  readonly commit: number;
  readonly firstIndex: number;
  readonly lastIndex: number;
  /** The last index raft knows to be durable (unstable offset - 1). */
  readonly stableIndex: number;
  /** raft's applied index (what the application acknowledged). */
  readonly raftApplied: number;
  /** EtcdServer.appliedIndex and committedIndex. */
  readonly appliedIndex: number;
  readonly committedIndex: number;
  readonly electionElapsed: number;
  readonly randomizedElectionTimeout: number;
  readonly heartbeatElapsed: number;
  readonly heartbeatTimeout: number;
  readonly leadTransferee: NodeID;
  readonly isLearner: boolean;
  /** Voters of the configuration (both halves of a joint one), ascending. */
  readonly voters: readonly NodeID[];
  readonly learners: readonly NodeID[];
  /** Per-peer progress, ascending by ID; null unless this member leads. */
  readonly progress: readonly PeerProgressView[] | null;
  readonly readyStep: ReadyStep;
  readonly readyCount: number;
  /** The Ready being handled (not a copy), or null between Readys. */
  readonly currentReady: Ready | null;
  readonly waitRegistrySize: number;
  readonly fifoQueueLength: number;
}

function raftOf(s: EtcdServer): Raft {
  return s.r.node.rn.raft;
}

const byID = (a: NodeID, b: NodeID): number => (a < b ? -1 : a > b ? 1 : 0);

/** A snapshot of everything a member shows about itself, as plain data. */
export function memberView(s: EtcdServer): MemberView {
  const r = raftOf(s);
  const log = r.raftLog;
  let progress: PeerProgressView[] | null = null;
  if (r.state === StateType.StateLeader) {
    const out: PeerProgressView[] = [];
    r.trk.visit((id, pr) => {
      out.push({ id, match: pr.match, next: pr.next, state: pr.state, recentActive: pr.recentActive });
    });
    progress = out;
  }
  return {
    role: r.state,
    term: r.term,
    lead: r.lead,
    vote: r.vote,
    commit: log.committed,
    firstIndex: log.firstIndex(),
    lastIndex: log.lastIndex(),
    stableIndex: log.unstable.offset - 1,
    raftApplied: log.applied,
    appliedIndex: s.appliedIndex,
    committedIndex: s.committedIndex,
    electionElapsed: r.electionElapsed,
    randomizedElectionTimeout: r.randomizedElectionTimeout,
    heartbeatElapsed: r.heartbeatElapsed,
    heartbeatTimeout: r.heartbeatTimeout,
    leadTransferee: r.leadTransferee,
    isLearner: r.isLearner,
    voters: votersOf(s),
    learners: r.trk.learners.slice(),
    progress,
    readyStep: s.r.readyStep,
    readyCount: s.r.readyCount,
    currentReady: s.r.currentReady,
    // w exists once start() ran.
    waitRegistrySize: (s.w as EtcdServer['w'] | undefined)?.size ?? 0,
    fifoQueueLength: s.sched?.pending() ?? 0,
  };
}

/** The member's raft role. */
export function roleOf(s: EtcdServer): StateType {
  return raftOf(s).state;
}

/** raft's term (EtcdServer.term is the term of the last applied entry). */
export function termOf(s: EtcdServer): number {
  return raftOf(s).term;
}

/** The leader raft knows of (None when none). */
export function raftLeadOf(s: EtcdServer): NodeID {
  return raftOf(s).lead;
}

export function commitOf(s: EtcdServer): number {
  return raftOf(s).raftLog.committed;
}

export function lastIndexOf(s: EtcdServer): number {
  return raftOf(s).raftLog.lastIndex();
}

export function firstIndexOf(s: EtcdServer): number {
  return raftOf(s).raftLog.firstIndex();
}

/** raft's applied index. */
export function raftAppliedOf(s: EtcdServer): number {
  return raftOf(s).raftLog.applied;
}

/** Voters of the member's configuration (both halves of a joint one), ascending. */
export function votersOf(s: EtcdServer): NodeID[] {
  return Array.from(raftOf(s).trk.voters.ids()).sort(byID);
}

/** The term of the entry at index, or undefined if it is compacted or past the end. */
export function logTermAt(s: EtcdServer, index: number): number | undefined {
  const log = raftOf(s).raftLog;
  if (index < log.firstIndex() - 1 || index > log.lastIndex()) return undefined;
  try {
    return log.term(index);
  } catch {
    return undefined;
  }
}

/** The entries in [lo, hi) (stable and unstable), clamped to what the log holds. Read-only. */
export function logEntries(s: EtcdServer, lo?: number, hi?: number): readonly Entry[] {
  const log = raftOf(s).raftLog;
  if (lo === undefined && hi === undefined) return log.allEntries();
  const from = Math.max(lo ?? 0, log.firstIndex());
  const to = Math.min(hi ?? Infinity, log.lastIndex() + 1);
  return from >= to ? [] : log.slice(from, to, Infinity);
}

/** The terms of the latest entries of a member's log: entry fromIndex + i has term terms[i]. */
export interface LogTermsTail {
  readonly fromIndex: number;
  readonly terms: readonly number[];
}

/**
 * The terms of the last `maxEntries` entries of the log (stable and unstable), oldest first,
 * never reaching before firstIndex (compacted entries have no term to show). Read-only.
 */
export function logTermsTail(s: EtcdServer, maxEntries: number): LogTermsTail {
  const log = raftOf(s).raftLog;
  const last = log.lastIndex();
  const from = Math.max(log.firstIndex(), last - Math.max(0, Math.floor(maxEntries)) + 1);
  const terms: number[] = [];
  for (let i = from; i <= last; i++) {
    let term: number;
    try {
      term = log.term(i);
    } catch {
      // Compacted under us cannot happen between two steps; stop rather than show a wrong term.
      break;
    }
    terms.push(term);
  }
  return { fromIndex: from, terms };
}

/** raft's BasicStatus (hard state, soft state, applied, lead transferee). */
export function basicStatusOf(s: EtcdServer): BasicStatus {
  return getBasicStatus(raftOf(s));
}

/**
 * Live gauges of one server for per-step samplers: the getters read the current values with no
 * allocation (the raft object behind a server never changes; a restart brings a new server).
 */
export interface MemberGauges {
  readonly server: EtcdServer;
  readonly role: StateType;
  readonly term: number;
  readonly lead: NodeID;
  readonly commit: number;
}

class Gauges implements MemberGauges {
  private readonly raft: Raft;
  constructor(readonly server: EtcdServer) {
    this.raft = raftOf(server);
  }
  get role(): StateType {
    return this.raft.state;
  }
  get term(): number {
    return this.raft.term;
  }
  get lead(): NodeID {
    return this.raft.lead;
  }
  get commit(): number {
    return this.raft.raftLog.committed;
  }
}

export function memberGauges(s: EtcdServer): MemberGauges {
  return new Gauges(s);
}
