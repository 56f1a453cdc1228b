/**
 * What the lab's panels show, read from the InteractionEnv between directives as plain data:
 * members and their state, the message queue, the Ready each node would hand out next, each
 * node's stored log, and the leader's view of its followers' Progress.
 *
 * The pending Ready comes from RawNode.readyWithoutAccept, which has no effect on the node; any
 * log line it might write goes to the env's output buffer, which the next directive clears.
 */
import type { InteractionEnv } from '../../../interaction/interaction_env';
import type { InteractionNode } from '../../../interaction/node';
import {
  LocalApplyThread,
  LocalAppendThread,
  messageTypeName,
  noLimit,
  type Entry,
  type Message,
} from '../../../raft/raftpb/types';
import { StateType, stateTypeName } from '../../../raft/state_type';
import { progressStateName } from '../../../raft/tracker/state';
import { describeEntry, describeMessage, describeReady, describeTarget } from '../../../raft/util';

export interface EntryView {
  readonly index: number;
  readonly term: number;
  readonly text: string;
  /** Persisted in the node's storage (as opposed to raft's unstable log). */
  readonly stable: boolean;
  readonly committed: boolean;
  readonly applied: boolean;
}

export interface ProgressView {
  readonly id: string;
  readonly state: string;
  readonly match: number;
  readonly next: number;
  /** The harness's `status` line for this peer, e.g. `StateReplicate match=11 next=12`. */
  readonly text: string;
}

export interface NodeView {
  readonly id: string;
  readonly state: string;
  readonly isLeader: boolean;
  readonly term: number;
  readonly vote: string;
  readonly lead: string;
  readonly commit: number;
  readonly applied: number;
  readonly firstIndex: number;
  readonly lastIndex: number;
  readonly stableLastIndex: number;
  readonly config: string;
  readonly voter: boolean;
  /** A voter that is not leader: ticking it can start an election. */
  readonly canElect: boolean;
  readonly electionElapsed: number;
  readonly randomizedElectionTimeout: number;
  readonly electionTick: number;
  readonly heartbeatTick: number;
  readonly asyncStorageWrites: boolean;
  readonly appendWork: number;
  readonly applyWork: number;
  /** What `process-ready` would print now, or undefined when the node has no Ready. */
  readonly pendingReady: string | undefined;
  readonly log: readonly EntryView[];
  /** Entries left out at the start of `log` to keep it short. */
  readonly logOmitted: number;
  readonly progress: readonly ProgressView[];
  /** Entries applied to the harness's state machine (history snapshots beyond the first). */
  readonly appliedCount: number;
}

export interface MessageView {
  /** Position in the queue, from 0. */
  readonly index: number;
  readonly from: string;
  readonly to: string;
  /** The recipient's ID in decimal, as harness commands take it. */
  readonly toId: string;
  readonly type: string;
  readonly term: number;
  readonly text: string;
  /** A node's message to itself or a local storage thread: `drop` never drops it. */
  readonly local: boolean;
}

export interface EnvView {
  readonly nodes: readonly NodeView[];
  readonly messages: readonly MessageView[];
}

/** The most log entries a node card lists; older ones are summarised as a count. */
export const maxLogEntries = 60;

export function envView(env: InteractionEnv): EnvView {
  return {
    nodes: env.nodes.map(nodeView),
    messages: env.queuedMessages().map(messageView),
  };
}

function isLocal(m: Message): boolean {
  const thread = (id: bigint) => id === LocalAppendThread || id === LocalApplyThread;
  return m.from === m.to || thread(m.from) || thread(m.to);
}

export function messageView(m: Message, index: number): MessageView {
  return {
    index,
    from: describeTarget(m.from),
    to: describeTarget(m.to),
    toId: m.to.toString(),
    type: messageTypeName(m.type),
    term: m.term,
    text: describeMessage(m),
    local: isLocal(m),
  };
}

function nodeView(n: InteractionNode): NodeView {
  const raft = n.rawNode.raft;
  const status = n.rawNode.status();
  const state = status.softState.raftState;
  const voter = status.config.voters.ids().has(n.id);
  const log = logView(n);
  return {
    id: n.id.toString(),
    state: stateTypeName(state),
    isLeader: state === StateType.StateLeader,
    term: status.hardState.term,
    vote: status.hardState.vote.toString(),
    lead: status.softState.lead.toString(),
    commit: status.hardState.commit,
    applied: status.applied,
    firstIndex: raft.raftLog.firstIndex(),
    lastIndex: raft.raftLog.lastIndex(),
    stableLastIndex: n.storage.lastIndex(),
    config: status.config.toString(),
    voter,
    canElect: voter && state !== StateType.StateLeader,
    electionElapsed: raft.electionElapsed,
    randomizedElectionTimeout: raft.randomizedElectionTimeout,
    electionTick: n.config.electionTick,
    heartbeatTick: n.config.heartbeatTick,
    asyncStorageWrites: n.config.asyncStorageWrites === true,
    appendWork: n.appendWork.length,
    applyWork: n.applyWork.length,
    pendingReady: pendingReady(n),
    log: log.entries,
    logOmitted: log.omitted,
    progress: [...status.progress.sortedIDs()].map((id) => {
      const pr = status.progress.get(id);
      return {
        id: id.toString(),
        state: pr === undefined ? '' : progressStateName(pr.state),
        match: pr?.match ?? 0,
        next: pr?.next ?? 0,
        text: pr === undefined ? '' : pr.toString(),
      };
    }),
    appliedCount: Math.max(0, n.history.length - 1),
  };
}

function pendingReady(n: InteractionNode): string | undefined {
  try {
    return n.rawNode.hasReady() ? describeReady(n.rawNode.readyWithoutAccept()) : undefined;
  } catch (e) {
    return `panic: ${e instanceof Error ? e.message : String(e)}`;
  }
}

function logView(n: InteractionNode): { entries: EntryView[]; omitted: number } {
  const raftLog = n.rawNode.raft.raftLog;
  const stable: Entry[] = [];
  try {
    const fi = n.storage.firstIndex();
    const li = n.storage.lastIndex();
    if (li >= fi) stable.push(...n.storage.entries(Math.max(fi, li - maxLogEntries + 1), li + 1, noLimit));
  } catch {
    // A compacted or unavailable range just shows fewer entries.
  }
  // Unstable entries from `offset` on replace whatever storage holds at those indexes.
  const unstable = raftLog.unstable.entries;
  const offset = unstable.length > 0 ? raftLog.unstable.offset : Infinity;
  const kept = stable.filter((e) => e.index < offset);
  const all = [...kept.map((e) => ({ e, stable: true })), ...unstable.map((e) => ({ e, stable: false }))];
  const shown = all.slice(-maxLogEntries);
  const omitted =
    Math.max(0, n.storage.lastIndex() - n.storage.firstIndex() + 1 - stable.length) +
    (all.length - shown.length);
  return {
    entries: shown.map(({ e, stable: isStable }) => ({
      index: e.index,
      term: e.term,
      text: describeEntry(e),
      stable: isStable,
      committed: e.index <= raftLog.committed,
      applied: e.index <= raftLog.applied,
    })),
    omitted,
  };
}
