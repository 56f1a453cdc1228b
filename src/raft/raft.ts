/**
 * raft: the Raft consensus state machine (upstream raft.go). It is pure and synchronous: it
 * never does I/O and never reads a clock. Callers feed it ticks and messages through `step`
 * and collect what it wants done (messages to send, entries to persist, entries to apply)
 * through RawNode's Ready/Advance contract.
 *
 * Error convention: `step` returns `Error | undefined` like Go's `error` (ErrProposalDropped is
 * the only error it produces; compare by identity). Go panics become RaftPanic (thrown).
 */
import { Changer } from './confchange/confchange';
import { restore as restoreConfState } from './confchange/restore';
import { hex, RaftPanic, defaultLogger, type Logger } from './logger';
import { newLogWithSize, type RaftLog } from './log';
import { VoteResult } from './quorum/quorum';
import {
  asV2,
  confChangeFromEntry,
  enterJoint,
  formatConfChangeValue,
  leaveJoint,
  marshalConfChange,
  type ConfChangeI,
} from './raftpb/confchange';
import {
  EntryType,
  MessageType,
  None,
  isEmptyHardState,
  messageTypeName,
  newMessage,
  noLimit,
  emptySnapshot,
  type ConfChangeV2,
  type ConfState,
  type Entry,
  type HardState,
  type Message,
  type NodeID,
  type Snapshot,
} from './raftpb/types';
import { defaultRandSource, type RandSource } from './rand';
import { ReadOnly, ReadOnlyOption, contextBytes, type ReadState } from './read_only';
import type { RoleChange, RoleChangeObserver, RoleChangeReason } from './role_change';
import { StateType, stateTypeName, type SoftState } from './state_type';
import { isStorageError, type Storage } from './storage';
import type { Progress, ProgressMap } from './tracker/progress';
import { StateType as ProgressStateType } from './tracker/state';
import { makeProgressTracker, type Config as TrackerConfig, type ProgressTracker } from './tracker/tracker';
import { newInflights } from './tracker/inflights';
import type { LogSlice } from './types';
import {
  assertConfStatesEquivalent,
  entsSize,
  isLocalMsgTarget,
  payloadsSize,
  voteRespMsgType,
} from './util';

/** ErrProposalDropped: a proposal was ignored (no leader, transfer in progress, size limit...). */
export const ErrProposalDropped = new Error('raft proposal dropped');

/** Why a node campaigns (upstream CampaignType, a string so it can travel in Message.Context). */
export type CampaignType = 'CampaignPreElection' | 'CampaignElection' | 'CampaignTransfer';
export const campaignPreElection: CampaignType = 'CampaignPreElection';
export const campaignElection: CampaignType = 'CampaignElection';
export const campaignTransfer: CampaignType = 'CampaignTransfer';

const campaignTransferBytes = new TextEncoder().encode(campaignTransfer);

/**
 * The parameters to start a raft node (upstream Config). Fields left out take Go's zero value,
 * which validateConfig turns into the upstream defaults.
 */
export interface Config {
  /** Identity of the local node; not 0 and not a local-thread ID. */
  id: NodeID;
  /** Ticks without hearing from a leader before a follower campaigns; > heartbeatTick. */
  electionTick: number;
  /** Ticks between leader heartbeats; > 0. */
  heartbeatTick: number;
  storage: Storage;
  /** Last applied index, when restarting; raft will not hand out entries at or below it. */
  applied?: number;
  /** Use MsgStorageAppend/MsgStorageApply messages instead of Ready/Advance for storage work. */
  asyncStorageWrites?: boolean;
  /** Max bytes per append message; noLimit for unlimited, 0 for one entry per message. */
  maxSizePerMsg?: number;
  /** Byte budget of committed entries being applied at once; 0 means maxSizePerMsg. */
  maxCommittedSizePerReady?: number;
  /** Byte budget of the leader's uncommitted tail; 0 means no limit. */
  maxUncommittedEntriesSize?: number;
  /** Max append messages in flight per follower in StateReplicate; > 0. */
  maxInflightMsgs?: number;
  /** Max payload bytes in flight per follower; 0 means no limit. */
  maxInflightBytes?: number;
  /** Leader steps down when it has not heard from a quorum for an election timeout. */
  checkQuorum?: boolean;
  /** Run a pre-election before incrementing the term (raft thesis 9.6). */
  preVote?: boolean;
  readOnlyOption?: ReadOnlyOption;
  logger?: Logger;
  /** Followers drop proposals instead of forwarding them to the leader. */
  disableProposalForwarding?: boolean;
  /** Skip propose-time checks of conf changes against the active configuration. */
  disableConfChangeValidation?: boolean;
  /** A leader removed from (or demoted in) the configuration steps down. */
  stepDownOnRemoval?: boolean;
  /**
   * Source of the randomized election timeout. Deliberate deviation from upstream, which uses
   * a global crypto-random source: the default is a deterministic stream seeded from `id`
   * (see rand.ts).
   */
  rand?: RandSource;
  /** Called on every role change with its cause (not upstream; see role_change.ts). */
  onRoleChange?: RoleChangeObserver;
}

/** A Config with every default filled in (what upstream's validate leaves in *Config). */
export interface ValidConfig {
  id: NodeID;
  electionTick: number;
  heartbeatTick: number;
  storage: Storage;
  applied: number;
  asyncStorageWrites: boolean;
  maxSizePerMsg: number;
  maxCommittedSizePerReady: number;
  maxUncommittedEntriesSize: number;
  maxInflightMsgs: number;
  maxInflightBytes: number;
  checkQuorum: boolean;
  preVote: boolean;
  readOnlyOption: ReadOnlyOption;
  logger: Logger;
  disableProposalForwarding: boolean;
  disableConfChangeValidation: boolean;
  stepDownOnRemoval: boolean;
  rand: RandSource;
  onRoleChange: RoleChangeObserver | undefined;
}

export type ConfigValidation = { ok: true; config: ValidConfig } | { ok: false; error: string };

/**
 * Config.validate: checks a Config and fills in the defaults. Returns the resolved config, or
 * the upstream error text for an invalid one (a user error, so a value, not a throw).
 */
export function validateConfig(c: Config): ConfigValidation {
  const fail = (error: string): ConfigValidation => ({ ok: false, error });
  if (c.id === None) return fail('cannot use none as id');
  if (isLocalMsgTarget(c.id)) return fail('cannot use local target as id');
  if (c.heartbeatTick <= 0) return fail('heartbeat tick must be greater than 0');
  if (c.electionTick <= c.heartbeatTick) return fail('election tick must be greater than heartbeat tick');
  if ((c.storage as Storage | undefined) === undefined) return fail('storage cannot be nil');
  const maxSizePerMsg = c.maxSizePerMsg ?? 0;
  const maxInflightMsgs = c.maxInflightMsgs ?? 0;
  if (maxInflightMsgs <= 0) return fail('max inflight messages must be greater than 0');
  let maxInflightBytes = c.maxInflightBytes ?? 0;
  if (maxInflightBytes === 0) {
    maxInflightBytes = noLimit;
  } else if (maxInflightBytes < maxSizePerMsg) {
    return fail('max inflight bytes must be >= max message size');
  }
  const readOnlyOption = c.readOnlyOption ?? ReadOnlyOption.ReadOnlySafe;
  const checkQuorum = c.checkQuorum ?? false;
  if (readOnlyOption === ReadOnlyOption.ReadOnlyLeaseBased && !checkQuorum) {
    return fail('CheckQuorum must be enabled when ReadOnlyOption is ReadOnlyLeaseBased');
  }
  const maxUncommitted = c.maxUncommittedEntriesSize ?? 0;
  const maxCommittedPerReady = c.maxCommittedSizePerReady ?? 0;
  return {
    ok: true,
    config: {
      id: c.id,
      electionTick: c.electionTick,
      heartbeatTick: c.heartbeatTick,
      storage: c.storage,
      applied: c.applied ?? 0,
      asyncStorageWrites: c.asyncStorageWrites ?? false,
      maxSizePerMsg,
      // Defaults to maxSizePerMsg because the two used to be one parameter.
      maxCommittedSizePerReady: maxCommittedPerReady === 0 ? maxSizePerMsg : maxCommittedPerReady,
      maxUncommittedEntriesSize: maxUncommitted === 0 ? noLimit : maxUncommitted,
      maxInflightMsgs,
      maxInflightBytes,
      checkQuorum,
      preVote: c.preVote ?? false,
      readOnlyOption,
      logger: c.logger ?? defaultLogger,
      disableProposalForwarding: c.disableProposalForwarding ?? false,
      disableConfChangeValidation: c.disableConfChangeValidation ?? false,
      stepDownOnRemoval: c.stepDownOnRemoval ?? false,
      rand: c.rand ?? defaultRandSource(c.id),
      onRoleChange: c.onRoleChange,
    },
  };
}

/** A state's message handler (upstream stepFunc): stepLeader, stepCandidate or stepFollower. */
export type StepFunc = (r: Raft, m: Message) => Error | undefined;

/** The Raft state of one node (upstream's unexported struct raft). */
export class Raft {
  readonly id: NodeID;
  term = 0;
  vote: NodeID = None;
  readStates: ReadState[] = [];
  raftLog: RaftLog;
  readonly maxMsgSize: number;
  readonly maxUncommittedSize: number;
  trk: ProgressTracker;
  state: StateType = StateType.StateFollower;
  /** Whether this node is a learner in its own current configuration. */
  isLearner = false;
  /** Messages to send right away; never addressed to self. */
  msgs: Message[] = [];
  /**
   * Responses (MsgAppResp, MsgVoteResp, MsgPreVoteResp) that may only leave once the unstable
   * state they vouch for is durable; may be addressed to self.
   */
  msgsAfterAppend: Message[] = [];
  lead: NodeID = None;
  /** Target of an ongoing leadership transfer, or None (raft thesis 3.10). */
  leadTransferee: NodeID = None;
  /** At least the index of the latest conf change in the log; proposals wait until applied. */
  pendingConfIndex = 0;
  readonly disableConfChangeValidation: boolean;
  /** Estimated payload bytes of the uncommitted tail (leader only). */
  uncommittedSize = 0;
  readOnly: ReadOnly;
  /** Ticks since the last election timeout (leader/candidate) or since hearing the leader. */
  electionElapsed = 0;
  /** Ticks since the last heartbeat (leader only). */
  heartbeatElapsed = 0;
  checkQuorum: boolean;
  preVote: boolean;
  readonly heartbeatTimeout: number;
  readonly electionTimeout: number;
  /** In [electionTimeout, 2*electionTimeout-1]; redrawn on every reset. */
  randomizedElectionTimeout = 0;
  readonly disableProposalForwarding: boolean;
  readonly stepDownOnRemoval: boolean;
  tick: () => void = () => this.tickElection();
  stepFn: StepFunc = stepFollower;
  readonly logger: Logger;
  /** MsgReadIndex requests held until the leader commits an entry of its term. */
  pendingReadIndexMessages: Message[] = [];
  readonly rand: RandSource;
  readonly onRoleChange: RoleChangeObserver | undefined;
  /** Why the next MsgHup is stepped: tickElection marks its own, anything else is 'campaign'. */
  private hupReason: RoleChangeReason = 'campaign';

  constructor(c: ValidConfig) {
    this.id = c.id;
    this.raftLog = newLogWithSize(c.storage, c.logger, c.maxCommittedSizePerReady);
    this.maxMsgSize = c.maxSizePerMsg;
    this.maxUncommittedSize = c.maxUncommittedEntriesSize;
    this.trk = makeProgressTracker(c.maxInflightMsgs, c.maxInflightBytes);
    this.electionTimeout = c.electionTick;
    this.heartbeatTimeout = c.heartbeatTick;
    this.logger = c.logger;
    this.checkQuorum = c.checkQuorum;
    this.preVote = c.preVote;
    this.readOnly = new ReadOnly(c.readOnlyOption);
    this.disableProposalForwarding = c.disableProposalForwarding;
    this.disableConfChangeValidation = c.disableConfChangeValidation;
    this.stepDownOnRemoval = c.stepDownOnRemoval;
    this.rand = c.rand;
    this.onRoleChange = c.onRoleChange;
  }

  hasLeader(): boolean {
    return this.lead !== None;
  }

  softState(): SoftState {
    return { lead: this.lead, raftState: this.state };
  }

  hardState(): HardState {
    return { term: this.term, vote: this.vote, commit: this.raftLog.committed };
  }

  /**
   * Queues m for sending (after persisting the unstable state, for the durable response
   * types). Stamps From and, except for vote traffic, MsgProp and MsgReadIndex, the current
   * term. Copies m, like Go's pass-by-value.
   */
  send(message: Message): void {
    const m = { ...message };
    if (m.from === None) {
      m.from = this.id;
    }
    if (isVoteTraffic(m.type)) {
      if (m.term === 0) {
        // Vote traffic carries the campaign's term, which is never 0.
        this.logger.panic(`term should be set when sending ${messageTypeName(m.type)}`);
      }
    } else {
      if (m.term !== 0) {
        this.logger.panic(`term should not be set when sending ${messageTypeName(m.type)} (was ${m.term})`);
      }
      // Proposals and read requests are forwarded as if local, so they keep term 0.
      if (m.type !== MessageType.MsgProp && m.type !== MessageType.MsgReadIndex) {
        m.term = this.term;
      }
    }
    if (
      m.type === MessageType.MsgAppResp ||
      m.type === MessageType.MsgVoteResp ||
      m.type === MessageType.MsgPreVoteResp
    ) {
      // A vote or an append ack must not leave before what it vouches for is durable;
      // rejections are held back too, erring on the side of safety like upstream.
      this.msgsAfterAppend.push(m);
    } else {
      if (m.to === this.id) {
        this.logger.panic(`message should not be self-addressed when sending ${messageTypeName(m.type)}`);
      }
      this.msgs.push(m);
    }
  }

  /** Sends an append (possibly empty, to carry the commit index) to `to`. */
  sendAppend(to: NodeID): void {
    this.maybeSendAppend(to, true);
  }

  /**
   * Sends an append with new entries to `to` if its progress allows; with sendIfEmpty false an
   * append without entries is not sent. Falls back to a snapshot when the needed entries are
   * compacted. Returns whether a message was sent.
   */
  maybeSendAppend(to: NodeID, sendIfEmpty: boolean): boolean {
    const pr = this.mustProgress(to);
    if (pr.isPaused()) {
      return false;
    }
    const prevIndex = pr.next - 1;
    const prevTerm = tryStorage(() => this.raftLog.term(prevIndex));
    if (!prevTerm.ok) {
      // The log was truncated at or after pr.next: only a snapshot can catch the peer up.
      return this.maybeSendSnapshot(to, pr);
    }
    let ents: Entry[] = [];
    let entsErr = false;
    // A throttled replicating peer still gets empty appends, so that acks (or rejections)
    // eventually free its inflights even if all in-flight appends were lost.
    if (pr.state !== ProgressStateType.StateReplicate || !pr.inflights.full()) {
      const got = tryStorage(() => this.raftLog.entries(pr.next, this.maxMsgSize));
      if (got.ok) {
        ents = got.value;
      } else {
        entsErr = true;
      }
    }
    if (ents.length === 0 && !sendIfEmpty) {
      return false;
    }
    if (entsErr) {
      return this.maybeSendSnapshot(to, pr);
    }
    this.send(
      newMessage({
        to,
        type: MessageType.MsgApp,
        index: prevIndex,
        logTerm: prevTerm.value,
        entries: ents,
        commit: this.raftLog.committed,
      }),
    );
    pr.sentEntries(ents.length, payloadsSize(ents));
    pr.sentCommit(this.raftLog.committed);
    return true;
  }

  /** Sends the latest snapshot to `to` if it is recently active; returns whether it did. */
  maybeSendSnapshot(to: NodeID, pr: Progress): boolean {
    if (!pr.recentActive) {
      this.logger.debug(`ignore sending snapshot to ${hex(to)} since it is not recently active`);
      return false;
    }
    let snapshot: Snapshot;
    try {
      snapshot = this.raftLog.snapshot();
    } catch (e) {
      if (isTemporarilyUnavailable(e)) {
        this.logger.debug(
          `${hex(this.id)} failed to send snapshot to ${hex(to)} because snapshot is temporarily unavailable`,
        );
        return false;
      }
      throw e;
    }
    if (snapshot.metadata.index === 0) {
      throw new RaftPanic('need non-empty snapshot');
    }
    const sindex = snapshot.metadata.index;
    const sterm = snapshot.metadata.term;
    this.logger.debug(
      `${hex(this.id)} [firstindex: ${this.raftLog.firstIndex()}, commit: ${this.raftLog.committed}] ` +
        `sent snapshot[index: ${sindex}, term: ${sterm}] to ${hex(to)} [${pr.toString()}]`,
    );
    pr.becomeSnapshot(sindex);
    this.logger.debug(`${hex(this.id)} paused sending replication messages to ${hex(to)} [${pr.toString()}]`);
    this.send(newMessage({ to, type: MessageType.MsgSnap, snapshot }));
    return true;
  }

  /** Sends a heartbeat to `to`, carrying only a commit index the peer is known to have. */
  sendHeartbeat(to: NodeID, ctx: Uint8Array | undefined): void {
    const pr = this.mustProgress(to);
    // Never advance a follower's commit past what it is known to hold.
    const commit = Math.min(pr.match, this.raftLog.committed);
    this.send(newMessage({ to, type: MessageType.MsgHeartbeat, commit, context: ctx }));
    pr.sentCommit(commit);
  }

  /** Sends appends to every peer (ascending ID), learners included. */
  bcastAppend(): void {
    this.trk.visit((id) => {
      if (id !== this.id) {
        this.sendAppend(id);
      }
    });
  }

  /** Heartbeats every peer, carrying the newest pending ReadOnlySafe request context. */
  bcastHeartbeat(): void {
    const lastCtx = this.readOnly.lastPendingRequestCtx();
    this.bcastHeartbeatWithCtx(lastCtx.length === 0 ? undefined : contextBytes(lastCtx));
  }

  bcastHeartbeatWithCtx(ctx: Uint8Array | undefined): void {
    this.trk.visit((id) => {
      if (id !== this.id) {
        this.sendHeartbeat(id, ctx);
      }
    });
  }

  /**
   * Records that the application applied up to `index` (`size` bytes), and, on a leader of an
   * auto-leave joint configuration whose conf change is now applied, proposes leaving it.
   */
  appliedTo(index: number, size: number): void {
    const newApplied = Math.max(index, this.raftLog.applied);
    this.raftLog.appliedTo(newApplied, size);
    if (
      this.trk.config.autoLeave &&
      newApplied >= this.pendingConfIndex &&
      this.state === StateType.StateLeader
    ) {
      // Absent data decodes as the empty ConfChangeV2 (leave joint) and has payload size 0, so
      // only a leadership transfer can refuse it; it is then retried on the next apply.
      const m = confChangeToMsg(undefined);
      const err = this.step(m);
      if (err !== undefined) {
        this.logger.debug(
          `not initiating automatic transition out of joint configuration ${this.trk.config.toString()}: ${err.message}`,
        );
      } else {
        this.logger.info(
          `initiating automatic transition out of joint configuration ${this.trk.config.toString()}`,
        );
      }
    }
  }

  /** The application stored snapshot `snap`: it is stable and applied. */
  appliedSnap(snap: Snapshot): void {
    const index = snap.metadata.index;
    this.raftLog.stableSnapTo(index);
    this.appliedTo(index, 0);
  }

  /** Advances the commit index to what a quorum holds; true if it moved (leader only). */
  maybeCommit(): boolean {
    return this.raftLog.maybeCommit({ term: this.term, index: this.trk.committed() });
  }

  /** Resets the per-term state when changing state or term. */
  reset(term: number): void {
    if (this.term !== term) {
      this.term = term;
      this.vote = None;
    }
    this.lead = None;
    this.electionElapsed = 0;
    this.heartbeatElapsed = 0;
    this.resetRandomizedElectionTimeout();
    this.abortLeaderTransfer();
    this.trk.resetVotes();
    const lastIndex = this.raftLog.lastIndex();
    // Reset each Progress in place (Go overwrites *pr), so references held elsewhere stay valid.
    this.trk.visit((id, pr) => {
      pr.match = id === this.id ? lastIndex : 0;
      pr.next = lastIndex + 1;
      pr.sentCommitIndex = 0;
      pr.state = ProgressStateType.StateProbe;
      pr.pendingSnapshot = 0;
      pr.recentActive = false;
      pr.msgAppFlowPaused = false;
      pr.inflights = newInflights(this.trk.maxInflight, this.trk.maxInflightBytes);
    });
    this.pendingConfIndex = 0;
    this.uncommittedSize = 0;
    this.readOnly = new ReadOnly(this.readOnly.option);
  }

  /**
   * Appends entries at the current term after the last index (mutating the given entries'
   * term and index) and queues the leader's self-ack. False if the uncommitted budget refuses.
   */
  appendEntry(...es: Entry[]): boolean {
    let li = this.raftLog.lastIndex();
    es.forEach((e, i) => {
      e.term = this.term;
      e.index = li + 1 + i;
    });
    if (!this.increaseUncommittedSize(es)) {
      this.logger.warning(
        `${hex(this.id)} appending new entries to log would exceed uncommitted entry size limit; dropping proposal`,
      );
      return false;
    }
    li = this.raftLog.append(...es);
    // The leader acks its own entries once they are durable, through msgsAfterAppend.
    this.send(newMessage({ to: this.id, type: MessageType.MsgAppResp, index: li }));
    return true;
  }

  /** Followers' and candidates' tick: campaign once the randomized timeout has passed. */
  tickElection(): void {
    this.electionElapsed++;
    if (this.promotable() && this.pastElectionTimeout()) {
      this.electionElapsed = 0;
      this.hupReason = 'election-timeout';
      const err = this.step(newMessage({ from: this.id, type: MessageType.MsgHup }));
      if (err !== undefined) {
        this.logger.debug(`error occurred during election: ${err.message}`);
      }
    }
  }

  /** The leader's tick: heartbeat every heartbeatTimeout, check quorum every electionTimeout. */
  tickHeartbeat(): void {
    this.heartbeatElapsed++;
    this.electionElapsed++;
    if (this.electionElapsed >= this.electionTimeout) {
      this.electionElapsed = 0;
      if (this.checkQuorum) {
        const err = this.step(newMessage({ from: this.id, type: MessageType.MsgCheckQuorum }));
        if (err !== undefined) {
          this.logger.debug(`error occurred during checking sending heartbeat: ${err.message}`);
        }
      }
      // A transfer that did not finish within an election timeout is given up.
      if (this.state === StateType.StateLeader && this.leadTransferee !== None) {
        this.abortLeaderTransfer();
      }
    }
    if (this.state !== StateType.StateLeader) {
      return;
    }
    if (this.heartbeatElapsed >= this.heartbeatTimeout) {
      this.heartbeatElapsed = 0;
      const err = this.step(newMessage({ from: this.id, type: MessageType.MsgBeat }));
      if (err !== undefined) {
        this.logger.debug(`error occurred during checking sending heartbeat: ${err.message}`);
      }
    }
  }

  /** The defaults of `reason` serve direct calls from tests; raft's own callers pass theirs. */
  becomeFollower(term: number, lead: NodeID, reason: RoleChangeReason = 'boot', cause?: Message): void {
    const from = this.state;
    this.stepFn = stepFollower;
    this.reset(term);
    this.tick = () => this.tickElection();
    this.lead = lead;
    this.state = StateType.StateFollower;
    this.logger.info(`${hex(this.id)} became follower at term ${this.term}`);
    this.emitRoleChange(from, reason, cause);
  }

  becomeCandidate(reason: RoleChangeReason = 'campaign'): void {
    const from = this.state;
    if (this.state === StateType.StateLeader) {
      throw new RaftPanic('invalid transition [leader -> candidate]');
    }
    this.stepFn = stepCandidate;
    this.reset(this.term + 1);
    this.tick = () => this.tickElection();
    this.vote = this.id;
    this.state = StateType.StateCandidate;
    this.logger.info(`${hex(this.id)} became candidate at term ${this.term}`);
    this.emitRoleChange(from, reason, undefined);
  }

  /** Pre-candidacy changes only the step function and role: term and vote stay (thesis 9.6). */
  becomePreCandidate(reason: RoleChangeReason = 'campaign'): void {
    const from = this.state;
    if (this.state === StateType.StateLeader) {
      throw new RaftPanic('invalid transition [leader -> pre-candidate]');
    }
    this.stepFn = stepCandidate;
    this.trk.resetVotes();
    this.tick = () => this.tickElection();
    this.lead = None;
    this.state = StateType.StatePreCandidate;
    this.logger.info(`${hex(this.id)} became pre-candidate at term ${this.term}`);
    this.emitRoleChange(from, reason, undefined);
  }

  becomeLeader(): void {
    const from = this.state;
    if (this.state === StateType.StateFollower) {
      throw new RaftPanic('invalid transition [follower -> leader]');
    }
    this.stepFn = stepLeader;
    this.reset(this.term);
    this.tick = () => this.tickHeartbeat();
    this.lead = this.id;
    this.state = StateType.StateLeader;
    // The leader trivially replicates to itself, and is always active for check-quorum.
    const pr = this.mustProgress(this.id);
    pr.becomeReplicate();
    pr.recentActive = true;
    // Any entry past the last index may be a conf change; waiting for all of it to apply is
    // cheaper than scanning the tail.
    this.pendingConfIndex = this.raftLog.lastIndex();
    const emptyEnt: Entry = { term: 0, index: 0, type: EntryType.EntryNormal, data: undefined };
    if (!this.appendEntry(emptyEnt)) {
      // reset() just zeroed the uncommitted size, and an empty entry has payload 0.
      this.logger.panic('empty entry was dropped');
    }
    this.logger.info(`${hex(this.id)} became leader at term ${this.term}`);
    this.emitRoleChange(from, 'election-won', undefined);
  }

  private emitRoleChange(from: StateType, reason: RoleChangeReason, cause: Message | undefined): void {
    const observe = this.onRoleChange;
    if (observe === undefined) return;
    const base = { id: this.id, term: this.term, from, to: this.state, lead: this.lead, reason };
    const change: RoleChange =
      cause === undefined ? base : { ...base, msgType: cause.type, msgFrom: cause.from };
    observe(change);
  }

  /** Starts an election of kind t, unless leader, unpromotable, or a conf change is unapplied. */
  hup(t: CampaignType, reason: RoleChangeReason = 'campaign'): void {
    if (this.state === StateType.StateLeader) {
      this.logger.debug(`${hex(this.id)} ignoring MsgHup because already leader`);
      return;
    }
    if (!this.promotable()) {
      this.logger.warning(`${hex(this.id)} is unpromotable and can not campaign`);
      return;
    }
    if (this.hasUnappliedConfChanges()) {
      this.logger.warning(
        `${hex(this.id)} cannot campaign at term ${this.term} since there are still pending configuration changes to apply`,
      );
      return;
    }
    this.logger.info(`${hex(this.id)} is starting a new election at term ${this.term}`);
    this.campaign(t, reason);
  }

  /** Whether a committed but unapplied entry is a conf change (scanned in pages). */
  hasUnappliedConfChanges(): boolean {
    if (this.raftLog.applied >= this.raftLog.committed) {
      return false;
    }
    let found = false;
    const lo = this.raftLog.applied + 1;
    const hi = this.raftLog.committed + 1;
    const stop = new Error('break');
    // Pages reuse the apply budget, which bounds similar reads of committed entries.
    const err = this.raftLog.scan(lo, hi, this.raftLog.maxApplyingEntsSize, (ents) => {
      for (const e of ents) {
        if (e.type === EntryType.EntryConfChange || e.type === EntryType.EntryConfChangeV2) {
          found = true;
          return stop;
        }
      }
      return undefined;
    });
    if (err !== undefined && err !== stop) {
      this.logger.panic(`error scanning unapplied entries [${lo}, ${hi}): ${err.message}`);
    }
    return found;
  }

  /** Becomes (pre-)candidate and asks every voter (ascending ID) for its vote. */
  campaign(t: CampaignType, reason: RoleChangeReason = 'campaign'): void {
    if (!this.promotable()) {
      // Callers check first; kept as a warning like upstream.
      this.logger.warning(`${hex(this.id)} is unpromotable; campaign() should have been called`);
    }
    let term: number;
    let voteMsg: MessageType;
    if (t === campaignPreElection) {
      this.becomePreCandidate(reason);
      voteMsg = MessageType.MsgPreVote;
      // Pre-votes ask for the next term without moving to it.
      term = this.term + 1;
    } else {
      this.becomeCandidate(reason);
      voteMsg = MessageType.MsgVote;
      term = this.term;
    }
    for (const id of this.trk.voterNodes()) {
      if (id === this.id) {
        // The self-vote counts once it is durable, so it goes through msgsAfterAppend.
        this.send(newMessage({ to: id, term, type: voteRespMsgType(voteMsg) }));
        continue;
      }
      const last = this.raftLog.lastEntryID();
      this.logger.info(
        `${hex(this.id)} [logterm: ${last.term}, index: ${last.index}] sent ${messageTypeName(voteMsg)} request to ${hex(id)} at term ${this.term}`,
      );
      const ctx = t === campaignTransfer ? new Uint8Array(campaignTransferBytes) : undefined;
      this.send(
        newMessage({ to: id, term, type: voteMsg, index: last.index, logTerm: last.term, context: ctx }),
      );
    }
  }

  /** Records a vote response and returns the tally. */
  poll(id: NodeID, t: MessageType, v: boolean): { granted: number; rejected: number; result: VoteResult } {
    if (v) {
      this.logger.info(`${hex(this.id)} received ${messageTypeName(t)} from ${hex(id)} at term ${this.term}`);
    } else {
      this.logger.info(
        `${hex(this.id)} received ${messageTypeName(t)} rejection from ${hex(id)} at term ${this.term}`,
      );
    }
    this.trk.recordVote(id, v);
    return this.trk.tallyVotes();
  }

  /**
   * Step: the entry point for every message (upstream raft.Step). Handles the term first,
   * which may make this node a follower, then dispatches by type and state.
   */
  step(m: Message): Error | undefined {
    if (m.term > this.term) {
      if (!this.stepHigherTerm(m)) {
        return undefined;
      }
    } else if (m.term !== 0 && m.term < this.term) {
      this.stepLowerTerm(m);
      return undefined;
    }
    switch (m.type) {
      case MessageType.MsgHup: {
        const reason = this.hupReason;
        this.hupReason = 'campaign';
        this.hup(this.preVote ? campaignPreElection : campaignElection, reason);
        return undefined;
      }
      case MessageType.MsgStorageAppendResp:
        if (m.index !== 0) {
          this.raftLog.stableTo({ term: m.logTerm, index: m.index });
        }
        if (m.snapshot !== undefined) {
          this.appliedSnap(m.snapshot);
        }
        return undefined;
      case MessageType.MsgStorageApplyResp: {
        const last = m.entries[m.entries.length - 1];
        if (last !== undefined) {
          this.appliedTo(last.index, entsSize(m.entries));
          this.reduceUncommittedSize(payloadsSize(m.entries));
        }
        return undefined;
      }
      case MessageType.MsgVote:
      case MessageType.MsgPreVote:
        this.stepVoteRequest(m);
        return undefined;
      default:
        return this.stepFn(this, m);
    }
  }

  /**
   * A message from a higher term. Returns false when it is to be ignored (a vote request
   * during a leader lease); otherwise may step down to follower and returns true.
   */
  private stepHigherTerm(m: Message): boolean {
    if (m.type === MessageType.MsgVote || m.type === MessageType.MsgPreVote) {
      const force = bytesEqual(m.context, campaignTransferBytes);
      const inLease = this.checkQuorum && this.lead !== None && this.electionElapsed < this.electionTimeout;
      if (!force && inLease) {
        // Within the minimum election timeout of hearing from a leader, neither change term
        // nor grant the vote (raft thesis 4.2.3).
        const last = this.raftLog.lastEntryID();
        this.logger.info(
          `${hex(this.id)} [logterm: ${last.term}, index: ${last.index}, vote: ${hex(this.vote)}] ignored ${messageTypeName(m.type)} from ${hex(m.from)} [logterm: ${m.logTerm}, index: ${m.index}] at term ${this.term}: lease is not expired (remaining ticks: ${this.electionTimeout - this.electionElapsed})`,
        );
        return false;
      }
    }
    if (m.type === MessageType.MsgPreVote) {
      // A pre-vote never changes our term.
      return true;
    }
    if (m.type === MessageType.MsgPreVoteResp && !m.reject) {
      // A granted pre-vote echoes the future term we asked for; the term moves only on winning.
      return true;
    }
    this.logger.info(
      `${hex(this.id)} [term: ${this.term}] received a ${messageTypeName(m.type)} message with higher term from ${hex(m.from)} [term: ${m.term}]`,
    );
    if (
      m.type === MessageType.MsgApp ||
      m.type === MessageType.MsgHeartbeat ||
      m.type === MessageType.MsgSnap
    ) {
      this.becomeFollower(m.term, m.from, 'higher-term', m);
    } else {
      this.becomeFollower(m.term, None, 'higher-term', m);
    }
    return true;
  }

  /** A message from a lower term: answered only where that helps a stale peer move on. */
  private stepLowerTerm(m: Message): void {
    if (
      (this.checkQuorum || this.preVote) &&
      (m.type === MessageType.MsgHeartbeat || m.type === MessageType.MsgApp)
    ) {
      // A stale leader (or a node partitioned with a higher term) would otherwise never learn
      // the current term when check-quorum or pre-vote keep votes from carrying it.
      this.send(newMessage({ to: m.from, type: MessageType.MsgAppResp }));
    } else if (m.type === MessageType.MsgPreVote) {
      // Rejecting (rather than dropping) keeps a mixed pre-vote cluster from deadlocking.
      const last = this.raftLog.lastEntryID();
      this.logger.info(
        `${hex(this.id)} [logterm: ${last.term}, index: ${last.index}, vote: ${hex(this.vote)}] rejected ${messageTypeName(m.type)} from ${hex(m.from)} [logterm: ${m.logTerm}, index: ${m.index}] at term ${this.term}`,
      );
      this.send(newMessage({ to: m.from, term: this.term, type: MessageType.MsgPreVoteResp, reject: true }));
    } else if (m.type === MessageType.MsgStorageAppendResp) {
      if (m.index !== 0) {
        // Entries appended under an older term may since have been overwritten in the unstable
        // log, so they are not marked stable.
        this.logger.info(
          `${hex(this.id)} [term: ${this.term}] ignored entry appends from a ${messageTypeName(m.type)} message with lower term [term: ${m.term}]`,
        );
      }
      if (m.snapshot !== undefined) {
        // A snapshot holds committed state, valid whatever term it was written under.
        this.appliedSnap(m.snapshot);
      }
    } else {
      this.logger.info(
        `${hex(this.id)} [term: ${this.term}] ignored a ${messageTypeName(m.type)} message with lower term from ${hex(m.from)} [term: ${m.term}]`,
      );
    }
  }

  /** MsgVote / MsgPreVote, in any state. */
  private stepVoteRequest(m: Message): void {
    // A repeat of our vote, no vote and no known leader this term, or a pre-vote for a later term.
    const canVote =
      this.vote === m.from ||
      (this.vote === None && this.lead === None) ||
      (m.type === MessageType.MsgPreVote && m.term > this.term);
    const last = this.raftLog.lastEntryID();
    const cand = { term: m.logTerm, index: m.index };
    const describe = (verb: string, prep: string): string =>
      `${hex(this.id)} [logterm: ${last.term}, index: ${last.index}, vote: ${hex(this.vote)}] ${verb} ${messageTypeName(m.type)} ${prep} ${hex(m.from)} [logterm: ${cand.term}, index: ${cand.index}] at term ${this.term}`;
    if (canVote && this.raftLog.isUpToDate(cand)) {
      // Learners vote too: one may have been promoted without knowing it yet.
      this.logger.info(describe('cast', 'for'));
      // The response carries the request's term, so a pre-candidate with a stale local term
      // does not discard it.
      this.send(newMessage({ to: m.from, term: m.term, type: voteRespMsgType(m.type) }));
      if (m.type === MessageType.MsgVote) {
        this.electionElapsed = 0;
        this.vote = m.from;
      }
    } else {
      this.logger.info(describe('rejected', 'from'));
      this.send(newMessage({ to: m.from, term: this.term, type: voteRespMsgType(m.type), reject: true }));
    }
  }

  /** Appends the leader's entries if they extend our log at m.index; otherwise rejects with a hint. */
  handleAppendEntries(m: Message): void {
    const a: LogSlice = { term: m.term, prev: { term: m.logTerm, index: m.index }, entries: m.entries };
    if (a.prev.index < this.raftLog.committed) {
      this.send(newMessage({ to: m.from, type: MessageType.MsgAppResp, index: this.raftLog.committed }));
      return;
    }
    const lastIndex = this.raftLog.maybeAppend(a, m.commit);
    if (lastIndex !== undefined) {
      this.send(newMessage({ to: m.from, type: MessageType.MsgAppResp, index: lastIndex }));
      return;
    }
    const ourTerm = this.raftLog.zeroTermOnOutOfBounds(() => this.raftLog.term(m.index));
    this.logger.debug(
      `${hex(this.id)} [logterm: ${ourTerm}, index: ${m.index}] rejected MsgApp [logterm: ${m.logTerm}, index: ${m.index}] from ${hex(m.from)}`,
    );
    // Hint the leader at the last index that may match: at or below m.index with a term no
    // newer than m.logTerm. Entries above it certainly conflict, so the leader can skip them.
    const hint = this.raftLog.findConflictByTerm(Math.min(m.index, this.raftLog.lastIndex()), m.logTerm);
    this.send(
      newMessage({
        to: m.from,
        type: MessageType.MsgAppResp,
        index: m.index,
        reject: true,
        rejectHint: hint.index,
        logTerm: hint.term,
      }),
    );
  }

  /** Follows the leader's commit index (capped by the leader at our match) and answers. */
  handleHeartbeat(m: Message): void {
    this.raftLog.commitTo(m.commit);
    this.send(newMessage({ to: m.from, type: MessageType.MsgHeartbeatResp, context: m.context }));
  }

  /** Installs the leader's snapshot if it is news to us, and acks with our resulting position. */
  handleSnapshot(m: Message): void {
    const s = m.snapshot ?? emptySnapshot();
    const sindex = s.metadata.index;
    const sterm = s.metadata.term;
    if (this.restore(s)) {
      this.logger.info(
        `${hex(this.id)} [commit: ${this.raftLog.committed}] restored snapshot [index: ${sindex}, term: ${sterm}]`,
      );
      this.send(newMessage({ to: m.from, type: MessageType.MsgAppResp, index: this.raftLog.lastIndex() }));
    } else {
      this.logger.info(
        `${hex(this.id)} [commit: ${this.raftLog.committed}] ignored snapshot [index: ${sindex}, term: ${sterm}]`,
      );
      this.send(newMessage({ to: m.from, type: MessageType.MsgAppResp, index: this.raftLog.committed }));
    }
  }

  /**
   * Installs snapshot s (log and configuration) if it is newer than our commit index and we
   * are a follower in its configuration. Returns whether it was installed.
   */
  restore(s: Snapshot): boolean {
    if (s.metadata.index <= this.raftLog.committed) {
      return false;
    }
    if (this.state !== StateType.StateFollower) {
      // Defensive: a leader or candidate never gets here through the normal paths.
      this.logger.warning(`${hex(this.id)} attempted to restore snapshot as leader; should never happen`);
      this.becomeFollower(this.term + 1, None, 'snapshot-restore');
      return false;
    }
    const cs = s.metadata.confState;
    const found = [cs.voters, cs.learners, cs.votersOutgoing].some((set) => set.includes(this.id));
    if (!found) {
      this.logger.warning(
        `${hex(this.id)} attempted to restore snapshot but it is not in the ConfState ${formatConfStateValue(cs)}; should never happen`,
      );
      return false;
    }
    const id = { term: s.metadata.term, index: s.metadata.index };
    if (this.raftLog.matchTerm(id)) {
      // We already have the snapshot's last entry: just commit up to it.
      const last = this.raftLog.lastEntryID();
      this.logger.info(
        `${hex(this.id)} [commit: ${this.raftLog.committed}, lastindex: ${last.index}, lastterm: ${last.term}] fast-forwarded commit to snapshot [index: ${id.index}, term: ${id.term}]`,
      );
      this.raftLog.commitTo(s.metadata.index);
      return false;
    }
    this.raftLog.restore(s);
    this.trk = makeProgressTracker(this.trk.maxInflight, this.trk.maxInflightBytes);
    const restored = restoreConfState(new Changer(this.trk, this.raftLog.lastIndex()), cs);
    if (restored.err !== undefined) {
      throw new RaftPanic(`unable to restore config ${formatConfStateValue(cs)}: ${restored.err.message}`);
    }
    assertConfStatesEquivalent(this.logger, cs, this.switchToConfig(restored.cfg, restored.trk));
    const last = this.raftLog.lastEntryID();
    this.logger.info(
      `${hex(this.id)} [commit: ${this.raftLog.committed}, lastindex: ${last.index}, lastterm: ${last.term}] restored snapshot [index: ${id.index}, term: ${id.term}]`,
    );
    return true;
  }

  /** Whether this node may become leader: a voter in its config with no pending snapshot. */
  promotable(): boolean {
    const pr = this.trk.progress.get(this.id);
    return pr !== undefined && !pr.isLearner && !this.raftLog.hasNextOrInProgressSnapshot();
  }

  /** Applies a committed conf change to the tracker; an invalid one panics. */
  applyConfChange(cc: ConfChangeV2): ConfState {
    const changer = new Changer(this.trk, this.raftLog.lastIndex());
    let result;
    if (leaveJoint(cc)) {
      result = changer.leaveJoint();
    } else {
      const joint = enterJoint(cc);
      result = joint.ok ? changer.enterJoint(joint.autoLeave, ...cc.changes) : changer.simple(...cc.changes);
    }
    if (result.err !== undefined) {
      throw new RaftPanic(result.err.message);
    }
    return this.switchToConfig(result.cfg, result.trk);
  }

  /**
   * Installs a new configuration and reacts to it: a removed leader may step down; otherwise a
   * leader commits what the new quorum allows and probes new peers.
   */
  switchToConfig(cfg: TrackerConfig, progress: ProgressMap): ConfState {
    this.trk.config = cfg;
    this.trk.progress = progress;
    this.logger.info(`${hex(this.id)} switched to configuration ${this.trk.config.toString()}`);
    const cs = this.trk.confState();
    const pr = this.trk.progress.get(this.id);
    this.isLearner = pr !== undefined && pr.isLearner;
    if ((pr === undefined || this.isLearner) && this.state === StateType.StateLeader) {
      // A leader removed or demoted keeps leading (sending appends, not voting) unless asked
      // to step down; committing without itself is possible in either case.
      if (this.stepDownOnRemoval) {
        this.becomeFollower(this.term, None, 'removed');
      }
      return cs;
    }
    if (this.state !== StateType.StateLeader || cs.voters.length === 0) {
      return cs;
    }
    if (this.maybeCommit()) {
      // The new quorum may commit more, and bcastAppend tells everyone.
      this.bcastAppend();
    } else {
      // Otherwise at least probe peers that were just added.
      this.trk.visit((id) => {
        if (id !== this.id) {
          this.maybeSendAppend(id, false);
        }
      });
    }
    if (this.leadTransferee !== None && !this.trk.config.voters.ids().has(this.leadTransferee)) {
      this.abortLeaderTransfer();
    }
    return cs;
  }

  loadState(state: HardState): void {
    if (state.commit < this.raftLog.committed || state.commit > this.raftLog.lastIndex()) {
      this.logger.panic(
        `${hex(this.id)} state.commit ${state.commit} is out of range [${this.raftLog.committed}, ${this.raftLog.lastIndex()}]`,
      );
    }
    this.raftLog.committed = state.commit;
    this.term = state.term;
    this.vote = state.vote;
  }

  pastElectionTimeout(): boolean {
    return this.electionElapsed >= this.randomizedElectionTimeout;
  }

  resetRandomizedElectionTimeout(): void {
    this.randomizedElectionTimeout = this.electionTimeout + this.rand.intn(this.electionTimeout);
  }

  sendTimeoutNow(to: NodeID): void {
    this.send(newMessage({ to, type: MessageType.MsgTimeoutNow }));
  }

  abortLeaderTransfer(): void {
    this.leadTransferee = None;
  }

  /** Whether the committed index is an entry of the current term (the leader's first commit). */
  committedEntryInCurrentTerm(): boolean {
    return this.raftLog.zeroTermOnOutOfBounds(() => this.raftLog.term(this.raftLog.committed)) === this.term;
  }

  /**
   * Answers a read request at readIndex: a local request becomes a ReadState (and undefined
   * is returned); a remote one yields the MsgReadIndexResp to send.
   */
  responseToReadIndexReq(req: Message, readIndex: number): Message | undefined {
    if (req.from === None || req.from === this.id) {
      this.readStates.push({ index: readIndex, requestCtx: req.entries[0]?.data });
      return undefined;
    }
    return newMessage({
      type: MessageType.MsgReadIndexResp,
      to: req.from,
      index: readIndex,
      entries: req.entries,
    });
  }

  /** Accounts for proposed entries against the uncommitted budget; false if they don't fit. */
  increaseUncommittedSize(ents: readonly Entry[]): boolean {
    const s = payloadsSize(ents);
    // An empty budget always admits one proposal, however large, so progress is possible.
    if (this.uncommittedSize > 0 && s > 0 && this.uncommittedSize + s > this.maxUncommittedSize) {
      return false;
    }
    this.uncommittedSize += s;
    return true;
  }

  reduceUncommittedSize(s: number): void {
    this.uncommittedSize = s > this.uncommittedSize ? 0 : this.uncommittedSize - s;
  }

  /** The Progress of a peer that must exist (callers found it in the tracker). */
  private mustProgress(id: NodeID): Progress {
    const pr = this.trk.progress.get(id);
    if (pr === undefined) {
      throw new RaftPanic(`${hex(this.id)} has no progress for ${hex(id)}`);
    }
    return pr;
  }
}

/**
 * newRaft: builds a raft node from a Config and its storage's initial state. An invalid config
 * panics (throws RaftPanic), as upstream does.
 */
export function newRaft(c: Config): Raft {
  const v = validateConfig(c);
  if (!v.ok) {
    throw new RaftPanic(v.error);
  }
  const cfg = v.config;
  const r = new Raft(cfg);
  const { hardState, confState } = cfg.storage.initialState();
  const lastID = r.raftLog.lastEntryID();
  const restored = restoreConfState(new Changer(r.trk, lastID.index), confState);
  if (restored.err !== undefined) {
    throw new RaftPanic(restored.err.message);
  }
  assertConfStatesEquivalent(r.logger, confState, r.switchToConfig(restored.cfg, restored.trk));
  if (!isEmptyHardState(hardState)) {
    r.loadState(hardState);
  }
  if (cfg.applied > 0) {
    r.raftLog.appliedTo(cfg.applied, 0);
  }
  r.becomeFollower(r.term, None, 'boot');
  const peers = r.trk.voterNodes().map(hex).join(',');
  r.logger.info(
    `newRaft ${hex(r.id)} [peers: [${peers}], term: ${r.term}, commit: ${r.raftLog.committed}, applied: ${r.raftLog.applied}, lastindex: ${lastID.index}, lastterm: ${lastID.term}]`,
  );
  return r;
}

/** confChangeToMsg: the MsgProp proposing a conf change (undefined: leave a joint config). */
export function confChangeToMsg(cc: ConfChangeI | undefined): Message {
  const { type, data } = marshalConfChange(cc);
  return newMessage({ type: MessageType.MsgProp, entries: [{ term: 0, index: 0, type, data }] });
}

function isVoteTraffic(t: MessageType): boolean {
  return (
    t === MessageType.MsgVote ||
    t === MessageType.MsgVoteResp ||
    t === MessageType.MsgPreVote ||
    t === MessageType.MsgPreVoteResp
  );
}

function bytesEqual(a: Uint8Array | undefined, b: Uint8Array): boolean {
  const x = a ?? new Uint8Array(0);
  return x.length === b.length && x.every((v, i) => v === b[i]);
}

function isTemporarilyUnavailable(e: unknown): boolean {
  return isStorageError(e, 'snapshot-temporarily-unavailable');
}

type StorageResult<T> = { ok: true; value: T } | { ok: false; error: Error };

/** Runs a raftLog read whose Go counterpart returns (value, error); storage errors become values. */
function tryStorage<T>(f: () => T): StorageResult<T> {
  try {
    return { ok: true, value: f() };
  } catch (e) {
    if (isStorageError(e)) {
      return { ok: false, error: e };
    }
    throw e;
  }
}

/** Go `%v` of a ConfState value: `{[voters] [learners] [votersOutgoing] [learnersNext] autoLeave}`. */
function formatConfStateValue(cs: ConfState): string {
  const list = (ids: NodeID[]): string => `[${ids.map((id) => id.toString()).join(' ')}]`;
  return `{${list(cs.voters)} ${list(cs.learners)} ${list(cs.votersOutgoing)} ${list(cs.learnersNext)} ${String(cs.autoLeave)}}`;
}

// ---------------------------------------------------------------------------------------------
// Step functions per state.

/** stepLeader: the leader's handling of everything Step did not handle itself. */
export function stepLeader(r: Raft, m: Message): Error | undefined {
  switch (m.type) {
    case MessageType.MsgBeat:
      r.bcastHeartbeat();
      return undefined;
    case MessageType.MsgCheckQuorum:
      leaderCheckQuorum(r);
      return undefined;
    case MessageType.MsgProp:
      return leaderPropose(r, m);
    case MessageType.MsgReadIndex:
      leaderReadIndex(r, m);
      return undefined;
    case MessageType.MsgForgetLeader:
      return undefined;
    default:
      break;
  }
  // Everything else comes from a peer and needs its progress.
  const pr = r.trk.progress.get(m.from);
  if (pr === undefined) {
    r.logger.debug(`${hex(r.id)} no progress available for ${hex(m.from)}`);
    return undefined;
  }
  switch (m.type) {
    case MessageType.MsgAppResp:
      pr.recentActive = true;
      if (m.reject) {
        leaderAppRespRejected(r, m, pr);
      } else {
        leaderAppRespAccepted(r, m, pr);
      }
      break;
    case MessageType.MsgHeartbeatResp:
      leaderHeartbeatResp(r, m, pr);
      break;
    case MessageType.MsgSnapStatus:
      leaderSnapStatus(r, m, pr);
      break;
    case MessageType.MsgUnreachable:
      // An unreachable peer probably lost our appends: probe again.
      if (pr.state === ProgressStateType.StateReplicate) {
        pr.becomeProbe();
      }
      r.logger.debug(
        `${hex(r.id)} failed to send message to ${hex(m.from)} because it is unreachable [${pr.toString()}]`,
      );
      break;
    case MessageType.MsgTransferLeader:
      leaderTransferLeader(r, m, pr);
      break;
    default:
      break;
  }
  return undefined;
}

function leaderCheckQuorum(r: Raft): void {
  if (!r.trk.quorumActive()) {
    r.logger.warning(`${hex(r.id)} stepped down to follower since quorum is not active`);
    r.becomeFollower(r.term, None, 'check-quorum');
  }
  // Everyone but us starts the next round inactive.
  r.trk.visit((id, pr) => {
    if (id !== r.id) {
      pr.recentActive = false;
    }
  });
}

function leaderPropose(r: Raft, m: Message): Error | undefined {
  if (m.entries.length === 0) {
    r.logger.panic(`${hex(r.id)} stepped empty MsgProp`);
  }
  if (!r.trk.progress.has(r.id)) {
    // Removed from the configuration while leading: take no new proposals.
    return ErrProposalDropped;
  }
  if (r.leadTransferee !== None) {
    r.logger.debug(
      `${hex(r.id)} [term ${r.term}] transfer leadership to ${hex(r.leadTransferee)} is in progress; dropping proposal`,
    );
    return ErrProposalDropped;
  }
  // Our own copies: the log keeps these entries, and the proposer's message keeps its own.
  const entries = m.entries.map((e) => ({ ...e }));
  entries.forEach((e, i) => {
    if (e.type !== EntryType.EntryConfChange && e.type !== EntryType.EntryConfChangeV2) {
      return;
    }
    const cc = confChangeFromEntry(e);
    const failedCheck = confChangeCheck(r, asV2(cc).changes.length === 0);
    if (failedCheck !== undefined && !r.disableConfChangeValidation) {
      r.logger.info(
        `${hex(r.id)} ignoring conf change ${formatConfChangeValue(cc)} at config ${r.trk.config.toString()}: ${failedCheck}`,
      );
      // Still appended, as an empty normal entry, so the proposer's index accounting holds.
      entries[i] = { term: 0, index: 0, type: EntryType.EntryNormal, data: undefined };
    } else {
      r.pendingConfIndex = r.raftLog.lastIndex() + i + 1;
    }
  });
  if (!r.appendEntry(...entries)) {
    return ErrProposalDropped;
  }
  r.bcastAppend();
  return undefined;
}

/** Propose-time validation of a conf change; returns why it is refused, if it is. */
function confChangeCheck(r: Raft, wantsLeaveJoint: boolean): string | undefined {
  const alreadyPending = r.pendingConfIndex > r.raftLog.applied;
  const alreadyJoint = r.trk.config.voters[1].size > 0;
  if (alreadyPending) {
    return `possible unapplied conf change at index ${r.pendingConfIndex} (applied to ${r.raftLog.applied})`;
  }
  if (alreadyJoint && !wantsLeaveJoint) {
    return 'must transition out of joint config first';
  }
  if (!alreadyJoint && wantsLeaveJoint) {
    return 'not in joint state; refusing empty conf change';
  }
  return undefined;
}

function leaderReadIndex(r: Raft, m: Message): void {
  // A lone voter is trivially still the leader.
  if (r.trk.isSingleton()) {
    const resp = r.responseToReadIndexReq(m, r.raftLog.committed);
    if (resp !== undefined) {
      r.send(resp);
    }
    return;
  }
  // Until an entry of this term commits, our commit index may lag the true one (thesis 6.4).
  if (!r.committedEntryInCurrentTerm()) {
    r.pendingReadIndexMessages.push(m);
    return;
  }
  sendMsgReadIndexResponse(r, m);
}

function leaderAppRespRejected(r: Raft, m: Message, pr: Progress): void {
  r.logger.debug(
    `${hex(r.id)} received MsgAppResp(rejected, hint: (index ${m.rejectHint}, term ${m.logTerm})) from ${hex(m.from)} for index ${m.index}`,
  );
  // The follower's hint names its last entry that may match, with that entry's term; skip
  // every entry of ours with a newer term than that in one step (a zero term: no skipping).
  let nextProbeIdx = m.rejectHint;
  if (m.logTerm > 0) {
    nextProbeIdx = r.raftLog.findConflictByTerm(m.rejectHint, m.logTerm).index;
  }
  if (pr.maybeDecrTo(m.index, nextProbeIdx)) {
    r.logger.debug(`${hex(r.id)} decreased progress of ${hex(m.from)} to [${pr.toString()}]`);
    if (pr.state === ProgressStateType.StateReplicate) {
      pr.becomeProbe();
    }
    r.sendAppend(m.from);
  }
}

function leaderAppRespAccepted(r: Raft, m: Message, pr: Progress): void {
  // Also reached through Advance, where the leader acks its own appended entries.
  if (!(pr.maybeUpdate(m.index) || (pr.match === m.index && pr.state === ProgressStateType.StateProbe))) {
    return;
  }
  if (pr.state === ProgressStateType.StateProbe) {
    pr.becomeReplicate();
  } else if (pr.state === ProgressStateType.StateSnapshot && pr.match + 1 >= r.raftLog.firstIndex()) {
    // The follower caught up past our first index (by the snapshot or otherwise): the log
    // can serve it again. Probe then replicate resets the flow state properly.
    r.logger.debug(
      `${hex(r.id)} recovered from needing snapshot, resumed sending replication messages to ${hex(m.from)} [${pr.toString()}]`,
    );
    pr.becomeProbe();
    pr.becomeReplicate();
  } else if (pr.state === ProgressStateType.StateReplicate) {
    pr.inflights.freeLE(m.index);
  }
  if (r.maybeCommit()) {
    // The first commit of the term may release held read requests.
    releasePendingReadIndexMessages(r);
    r.bcastAppend();
  } else if (r.id !== m.from && pr.canBumpCommit(r.raftLog.committed)) {
    // This follower has not heard of the current commit index yet.
    r.sendAppend(m.from);
  }
  if (r.id !== m.from) {
    // Send as much as flow control allows; bounded by the log length and inflight limit.
    const bound = r.raftLog.lastIndex() + 2;
    for (let i = 0; i < bound && r.maybeSendAppend(m.from, false); i++) {
      // keep sending
    }
  }
  if (m.from === r.leadTransferee && pr.match === r.raftLog.lastIndex()) {
    r.logger.info(`${hex(r.id)} sent MsgTimeoutNow to ${hex(m.from)} after received MsgAppResp`);
    r.sendTimeoutNow(m.from);
  }
}

function leaderHeartbeatResp(r: Raft, m: Message, pr: Progress): void {
  pr.recentActive = true;
  pr.msgAppFlowPaused = false;
  // A responsive follower that lags (or is probing) gets an append right away.
  if (pr.match < r.raftLog.lastIndex() || pr.state === ProgressStateType.StateProbe) {
    r.sendAppend(m.from);
  }
  if (
    r.readOnly.option !== ReadOnlyOption.ReadOnlySafe ||
    m.context === undefined ||
    m.context.length === 0
  ) {
    return;
  }
  const acks = r.readOnly.recvAck(m.from, m.context);
  if (r.trk.config.voters.voteResult(acks ?? new Map()) !== VoteResult.VoteWon) {
    return;
  }
  for (const rs of r.readOnly.advance(m)) {
    const resp = r.responseToReadIndexReq(rs.req, rs.index);
    if (resp !== undefined) {
      r.send(resp);
    }
  }
}

function leaderSnapStatus(r: Raft, m: Message, pr: Progress): void {
  if (pr.state !== ProgressStateType.StateSnapshot) {
    return;
  }
  if (!m.reject) {
    pr.becomeProbe();
    r.logger.debug(
      `${hex(r.id)} snapshot succeeded, resumed sending replication messages to ${hex(m.from)} [${pr.toString()}]`,
    );
  } else {
    // Forget the failed snapshot so that becomeProbe restarts from match+1.
    pr.pendingSnapshot = 0;
    pr.becomeProbe();
    r.logger.debug(
      `${hex(r.id)} snapshot failed, resumed sending replication messages to ${hex(m.from)} [${pr.toString()}]`,
    );
  }
  // Wait for the next heartbeat response (or MsgAppResp) before probing, so the snapshot
  // has a chance to be applied first.
  pr.msgAppFlowPaused = true;
}

function leaderTransferLeader(r: Raft, m: Message, pr: Progress): void {
  if (pr.isLearner) {
    r.logger.debug(`${hex(r.id)} is learner. Ignored transferring leadership`);
    return;
  }
  const leadTransferee = m.from;
  const lastLeadTransferee = r.leadTransferee;
  if (lastLeadTransferee !== None) {
    if (lastLeadTransferee === leadTransferee) {
      r.logger.info(
        `${hex(r.id)} [term ${r.term}] transfer leadership to ${hex(leadTransferee)} is in progress, ignores request to same node ${hex(leadTransferee)}`,
      );
      return;
    }
    r.abortLeaderTransfer();
    r.logger.info(
      `${hex(r.id)} [term ${r.term}] abort previous transferring leadership to ${hex(lastLeadTransferee)}`,
    );
  }
  if (leadTransferee === r.id) {
    r.logger.debug(`${hex(r.id)} is already leader. Ignored transferring leadership to self`);
    return;
  }
  r.logger.info(`${hex(r.id)} [term ${r.term}] starts to transfer leadership to ${hex(leadTransferee)}`);
  // The transfer must finish within one election timeout, counted from now.
  r.electionElapsed = 0;
  r.leadTransferee = leadTransferee;
  if (pr.match === r.raftLog.lastIndex()) {
    r.sendTimeoutNow(leadTransferee);
    r.logger.info(
      `${hex(r.id)} sends MsgTimeoutNow to ${hex(leadTransferee)} immediately as ${hex(leadTransferee)} already has up-to-date log`,
    );
  } else {
    r.sendAppend(leadTransferee);
  }
}

/** stepCandidate: shared by StateCandidate and StatePreCandidate. */
export function stepCandidate(r: Raft, m: Message): Error | undefined {
  // Only responses of the current phase count; stale ones of the other phase are ignored.
  const myVoteRespType =
    r.state === StateType.StatePreCandidate ? MessageType.MsgPreVoteResp : MessageType.MsgVoteResp;
  switch (m.type) {
    case MessageType.MsgProp:
      r.logger.info(`${hex(r.id)} no leader at term ${r.term}; dropping proposal`);
      return ErrProposalDropped;
    case MessageType.MsgApp:
      // Same term (higher ones were handled in step): someone else won.
      r.becomeFollower(m.term, m.from, 'leader-seen', m);
      r.handleAppendEntries(m);
      return undefined;
    case MessageType.MsgHeartbeat:
      r.becomeFollower(m.term, m.from, 'leader-seen', m);
      r.handleHeartbeat(m);
      return undefined;
    case MessageType.MsgSnap:
      r.becomeFollower(m.term, m.from, 'leader-seen', m);
      r.handleSnapshot(m);
      return undefined;
    case myVoteRespType: {
      const { granted, rejected, result } = r.poll(m.from, m.type, !m.reject);
      r.logger.info(
        `${hex(r.id)} has received ${granted} ${messageTypeName(m.type)} votes and ${rejected} vote rejections`,
      );
      if (result === VoteResult.VoteWon) {
        if (r.state === StateType.StatePreCandidate) {
          r.campaign(campaignElection, 'pre-vote-won');
        } else {
          r.becomeLeader();
          r.bcastAppend();
        }
      } else if (result === VoteResult.VoteLost) {
        // Pre-vote rejections at our own term leave the term unchanged.
        r.becomeFollower(r.term, None, 'election-lost');
      }
      return undefined;
    }
    case MessageType.MsgTimeoutNow:
      r.logger.debug(
        `${hex(r.id)} [term ${r.term} state ${stateTypeName(r.state)}] ignored MsgTimeoutNow from ${hex(m.from)}`,
      );
      return undefined;
    default:
      return undefined;
  }
}

/** stepFollower: a follower forwards client requests to the leader and obeys it. */
export function stepFollower(r: Raft, m: Message): Error | undefined {
  switch (m.type) {
    case MessageType.MsgProp:
      if (r.lead === None) {
        r.logger.info(`${hex(r.id)} no leader at term ${r.term}; dropping proposal`);
        return ErrProposalDropped;
      } else if (r.disableProposalForwarding) {
        r.logger.info(
          `${hex(r.id)} not forwarding to leader ${hex(r.lead)} at term ${r.term}; dropping proposal`,
        );
        return ErrProposalDropped;
      }
      r.send({ ...m, to: r.lead });
      return undefined;
    case MessageType.MsgApp:
      r.electionElapsed = 0;
      r.lead = m.from;
      r.handleAppendEntries(m);
      return undefined;
    case MessageType.MsgHeartbeat:
      r.electionElapsed = 0;
      r.lead = m.from;
      r.handleHeartbeat(m);
      return undefined;
    case MessageType.MsgSnap:
      r.electionElapsed = 0;
      r.lead = m.from;
      r.handleSnapshot(m);
      return undefined;
    case MessageType.MsgTransferLeader:
      if (r.lead === None) {
        r.logger.info(`${hex(r.id)} no leader at term ${r.term}; dropping leader transfer msg`);
        return undefined;
      }
      r.send({ ...m, to: r.lead });
      return undefined;
    default:
      return stepFollowerOther(r, m);
  }
}

function stepFollowerOther(r: Raft, m: Message): Error | undefined {
  switch (m.type) {
    case MessageType.MsgForgetLeader:
      if (r.readOnly.option === ReadOnlyOption.ReadOnlyLeaseBased) {
        // Forgetting the leader would void the lease that lease-based reads rely on.
        r.logger.error('ignoring MsgForgetLeader due to ReadOnlyLeaseBased');
        return undefined;
      }
      if (r.lead !== None) {
        r.logger.info(`${hex(r.id)} forgetting leader ${hex(r.lead)} at term ${r.term}`);
        r.lead = None;
      }
      return undefined;
    case MessageType.MsgTimeoutNow:
      r.logger.info(
        `${hex(r.id)} [term ${r.term}] received MsgTimeoutNow from ${hex(m.from)} and starts an election to get leadership.`,
      );
      // A transfer election skips pre-vote: the leader asked for it, so it cannot disrupt.
      r.hup(campaignTransfer, 'transfer');
      return undefined;
    case MessageType.MsgReadIndex:
      if (r.lead === None) {
        r.logger.info(`${hex(r.id)} no leader at term ${r.term}; dropping index reading msg`);
        return undefined;
      }
      r.send({ ...m, to: r.lead });
      return undefined;
    case MessageType.MsgReadIndexResp: {
      const first = m.entries[0];
      if (m.entries.length !== 1 || first === undefined) {
        r.logger.error(
          `${hex(r.id)} invalid format of MsgReadIndexResp from ${hex(m.from)}, entries count: ${m.entries.length}`,
        );
        return undefined;
      }
      r.readStates.push({ index: m.index, requestCtx: first.data });
      return undefined;
    }
    default:
      return undefined;
  }
}

/** Answers the read requests held back until the leader's first commit in its term. */
export function releasePendingReadIndexMessages(r: Raft): void {
  if (r.pendingReadIndexMessages.length === 0) {
    return;
  }
  if (!r.committedEntryInCurrentTerm()) {
    r.logger.error('pending MsgReadIndex should be released only after first commit in current term');
    return;
  }
  const msgs = r.pendingReadIndexMessages;
  r.pendingReadIndexMessages = [];
  for (const m of msgs) {
    sendMsgReadIndexResponse(r, m);
  }
}

/** Serves a read request at the current commit index, per the configured read-only option. */
export function sendMsgReadIndexResponse(r: Raft, m: Message): void {
  switch (r.readOnly.option) {
    case ReadOnlyOption.ReadOnlySafe: {
      // Confirm leadership with a heartbeat round carrying the request's context.
      const ctx = m.entries[0]?.data;
      r.readOnly.addRequest(r.raftLog.committed, m);
      r.readOnly.recvAck(r.id, ctx);
      r.bcastHeartbeatWithCtx(ctx);
      break;
    }
    case ReadOnlyOption.ReadOnlyLeaseBased: {
      const resp = r.responseToReadIndexReq(m, r.raftLog.committed);
      if (resp !== undefined) {
        r.send(resp);
      }
      break;
    }
  }
}
