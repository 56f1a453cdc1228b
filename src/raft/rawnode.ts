/**
 * rawnode: the thread-unsafe, synchronous API around the raft state machine (upstream
 * rawnode.go, plus bootstrap.go). The application drives it: tick, step incoming messages,
 * take a Ready, persist/send/apply it, then Advance (or, with asyncStorageWrites, handle the
 * MsgStorageAppend/MsgStorageApply messages the Ready carries).
 *
 * Error convention: methods that return Go's `error` return `Error | undefined` (compare with
 * ErrStepLocalMsg, ErrStepPeerNotFound, ErrProposalDropped by identity).
 */
import { asV2, marshalConfChange, type ConfChangeI } from './raftpb/confchange';
import {
  ConfChangeType,
  EntryType,
  LocalApplyThread,
  LocalAppendThread,
  MessageType,
  None,
  emptyHardState,
  emptySnapshot,
  isEmptyHardState,
  isEmptySnap,
  isHardStateEqual,
  newMessage,
  type ConfState,
  type Entry,
  type HardState,
  type Message,
  type NodeID,
} from './raftpb/types';
import { confChangeToMsg, newRaft, type Config, type Raft } from './raft';
import type { Ready } from './ready';
import { softStateEqual, type SoftState } from './state_type';
import { getBasicStatus, getStatus, type BasicStatus, type Status } from './status';
import type { Progress } from './tracker/progress';
import { entsSize, isLocalMsg, isLocalMsgTarget, isResponseMsg } from './util';

/** ErrStepLocalMsg: a local message type was stepped through the network entry point. */
export const ErrStepLocalMsg = new Error('raft: cannot step raft local message');
/** ErrStepPeerNotFound: a response came from a peer this node does not track. */
export const ErrStepPeerNotFound = new Error('raft: cannot step as peer not found');

/** Outcome of sending a snapshot, reported back with reportSnapshot (upstream node.go). */
export enum SnapshotStatus {
  SnapshotFinish = 1,
  SnapshotFailure = 2,
}

/** A member to bootstrap a new cluster with (upstream node.go: Peer). */
export interface Peer {
  id: NodeID;
  context: Uint8Array | undefined;
}

/** How withProgress labels a peer (upstream ProgressType). */
export enum ProgressType {
  ProgressTypePeer = 0,
  ProgressTypeLearner = 1,
}

export class RawNode {
  /** The state machine; exposed for tests and the harness (upstream: same package access). */
  readonly raft: Raft;
  readonly asyncStorageWrites: boolean;
  /** The SoftState and HardState last handed out, so a Ready carries only changes. */
  prevSoftSt: SoftState;
  prevHardSt: HardState;
  /** Sync mode: the local messages to step on Advance (self-acks, storage responses). */
  stepsOnAdvance: Message[] = [];

  constructor(config: Config) {
    this.raft = newRaft(config);
    this.asyncStorageWrites = config.asyncStorageWrites ?? false;
    this.prevSoftSt = this.raft.softState();
    this.prevHardSt = this.raft.hardState();
  }

  /** Advances the logical clock by one tick. */
  tick(): void {
    this.raft.tick();
  }

  /**
   * Advances only the election timer, without heartbeats or elections: for a quiesced group
   * that the application knows is idle. Use with care (upstream warns the same).
   */
  tickQuiesced(): void {
    this.raft.electionElapsed++;
  }

  /** Starts an election now (pre-vote first if configured). */
  campaign(): Error | undefined {
    return this.raft.step(newMessage({ type: MessageType.MsgHup }));
  }

  /** Proposes data to be appended to the log. */
  propose(data: Uint8Array): Error | undefined {
    return this.raft.step(
      newMessage({
        type: MessageType.MsgProp,
        from: this.raft.id,
        entries: [{ term: 0, index: 0, type: EntryType.EntryNormal, data }],
      }),
    );
  }

  /** Proposes a configuration change (either encoding). */
  proposeConfChange(cc: ConfChangeI): Error | undefined {
    return this.raft.step(confChangeToMsg(cc));
  }

  /** Applies a committed conf change to the node; returns the resulting ConfState. */
  applyConfChange(cc: ConfChangeI): ConfState {
    return this.raft.applyConfChange(asV2(cc));
  }

  /** Steps a message received from the network (local message types are refused). */
  step(m: Message): Error | undefined {
    if (isLocalMsg(m.type) && !isLocalMsgTarget(m.from)) {
      return ErrStepLocalMsg;
    }
    if (isResponseMsg(m.type) && !isLocalMsgTarget(m.from) && !this.raft.trk.progress.has(m.from)) {
      return ErrStepPeerNotFound;
    }
    return this.raft.step(m);
  }

  /** Returns the outstanding work and marks it as handed out (see acceptReady). */
  ready(): Ready {
    const rd = this.readyWithoutAccept();
    this.acceptReady(rd);
    return rd;
  }

  /** Builds the current Ready without any side effect on the node. */
  readyWithoutAccept(): Ready {
    const r = this.raft;
    const rd: Ready = {
      softState: undefined,
      hardState: emptyHardState(),
      readStates: [],
      entries: r.raftLog.nextUnstableEnts(),
      snapshot: emptySnapshot(),
      committedEntries: r.raftLog.nextCommittedEnts(this.applyUnstableEntries()),
      messages: [...r.msgs],
      mustSync: false,
    };
    const softSt = r.softState();
    if (!softStateEqual(softSt, this.prevSoftSt)) {
      rd.softState = softSt;
    }
    const hardSt = r.hardState();
    if (!isHardStateEqual(hardSt, this.prevHardSt)) {
      rd.hardState = hardSt;
    }
    const snap = r.raftLog.nextUnstableSnapshot();
    if (snap !== undefined) {
      rd.snapshot = snap;
    }
    if (r.readStates.length !== 0) {
      rd.readStates = r.readStates;
    }
    rd.mustSync = mustSync(hardSt, this.prevHardSt, rd.entries.length);
    if (this.asyncStorageWrites) {
      if (needStorageAppendMsg(r, rd)) {
        rd.messages.push(newStorageAppendMsg(r, rd));
      }
      if (needStorageApplyMsg(rd)) {
        rd.messages.push(newStorageApplyMsg(r, rd));
      }
    } else {
      for (const m of r.msgsAfterAppend) {
        if (m.to !== r.id) {
          rd.messages.push(m);
        }
      }
    }
    return rd;
  }

  /**
   * Marks rd as handed out: remembers its states, drops its messages from the node, marks
   * its entries and snapshot in progress, and (sync mode) prepares the steps of Advance.
   */
  acceptReady(rd: Ready): void {
    const r = this.raft;
    if (rd.softState !== undefined) {
      this.prevSoftSt = rd.softState;
    }
    if (!isEmptyHardState(rd.hardState)) {
      this.prevHardSt = rd.hardState;
    }
    if (rd.readStates.length !== 0) {
      r.readStates = [];
    }
    if (!this.asyncStorageWrites) {
      if (this.stepsOnAdvance.length !== 0) {
        r.logger.panic('two accepted Ready structs without call to Advance');
      }
      for (const m of r.msgsAfterAppend) {
        if (m.to === r.id) {
          this.stepsOnAdvance.push(m);
        }
      }
      if (needStorageAppendRespMsg(r, rd)) {
        this.stepsOnAdvance.push(newStorageAppendRespMsg(r, rd));
      }
      if (needStorageApplyRespMsg(rd)) {
        this.stepsOnAdvance.push(newStorageApplyRespMsg(r, rd.committedEntries));
      }
    }
    r.msgs = [];
    r.msgsAfterAppend = [];
    r.raftLog.acceptUnstable();
    const last = rd.committedEntries[rd.committedEntries.length - 1];
    if (last !== undefined) {
      r.raftLog.acceptApplying(last.index, entsSize(rd.committedEntries), this.applyUnstableEntries());
    }
  }

  /**
   * Sync mode lets committed entries be applied before they are durable locally (the
   * application persists a Ready before applying it); async mode only hands out stable ones.
   */
  applyUnstableEntries(): boolean {
    return !this.asyncStorageWrites;
  }

  /** Whether ready() would return anything worth handling. */
  hasReady(): boolean {
    const r = this.raft;
    if (!softStateEqual(r.softState(), this.prevSoftSt)) {
      return true;
    }
    const hardSt = r.hardState();
    if (!isEmptyHardState(hardSt) && !isHardStateEqual(hardSt, this.prevHardSt)) {
      return true;
    }
    if (r.raftLog.hasNextUnstableSnapshot()) {
      return true;
    }
    if (r.msgs.length > 0 || r.msgsAfterAppend.length > 0) {
      return true;
    }
    if (r.raftLog.hasNextUnstableEnts() || r.raftLog.hasNextCommittedEnts(this.applyUnstableEntries())) {
      return true;
    }
    return r.readStates.length !== 0;
  }

  /**
   * Tells the node that the last Ready was persisted and applied (sync mode only): steps the
   * self-acks and storage responses prepared by acceptReady. Their output shows in the next
   * Ready. The argument is unused, as upstream.
   */
  advance(_rd?: Ready): void {
    if (this.asyncStorageWrites) {
      this.raft.logger.panic('Advance must not be called when using AsyncStorageWrites');
    }
    const steps = this.stepsOnAdvance;
    this.stepsOnAdvance = [];
    for (const m of steps) {
      // Errors are impossible for these local responses and ignored, as upstream.
      this.raft.step(m);
    }
  }

  status(): Status {
    return getStatus(this.raft);
  }

  basicStatus(): BasicStatus {
    return getBasicStatus(this.raft);
  }

  /** Visits every Progress (ascending ID) without copying inflights (upstream sets them nil). */
  withProgress(visitor: (id: NodeID, typ: ProgressType, pr: Progress) => void): void {
    this.raft.trk.visit((id, pr) => {
      const typ = pr.isLearner ? ProgressType.ProgressTypeLearner : ProgressType.ProgressTypePeer;
      visitor(id, typ, pr.clone());
    });
  }

  /** Reports that the last send to `id` failed; the leader goes back to probing it. */
  reportUnreachable(id: NodeID): void {
    this.raft.step(newMessage({ type: MessageType.MsgUnreachable, from: id }));
  }

  /** Reports the outcome of a snapshot sent to `id`. */
  reportSnapshot(id: NodeID, status: SnapshotStatus): void {
    const reject = status === SnapshotStatus.SnapshotFailure;
    this.raft.step(newMessage({ type: MessageType.MsgSnapStatus, from: id, reject }));
  }

  /** Asks the leader to hand leadership to `transferee`. */
  transferLeader(transferee: NodeID): void {
    this.raft.step(newMessage({ type: MessageType.MsgTransferLeader, from: transferee }));
  }

  /** Makes a follower forget its leader (ending its lease), e.g. when it seems gone. */
  forgetLeader(): Error | undefined {
    return this.raft.step(newMessage({ type: MessageType.MsgForgetLeader }));
  }

  /** Requests a read index; the answer arrives as a ReadState in a later Ready. */
  readIndex(rctx: Uint8Array): void {
    this.raft.step(
      newMessage({
        type: MessageType.MsgReadIndex,
        entries: [{ term: 0, index: 0, type: EntryType.EntryNormal, data: rctx }],
      }),
    );
  }

  /**
   * Bootstrap (upstream bootstrap.go): initializes an empty storage-backed node with a log of
   * one AddNode conf change per peer, all committed and applied to the configuration. Returns
   * an error value on misuse.
   */
  bootstrap(peers: readonly Peer[]): Error | undefined {
    if (peers.length === 0) {
      return new Error('must provide at least one peer to Bootstrap');
    }
    if (this.raft.raftLog.storage.lastIndex() !== 0) {
      return new Error("can't bootstrap a nonempty Storage");
    }
    // The HardState must surface in the next Ready even though it may equal the initial one.
    this.prevHardSt = emptyHardState();
    this.raft.becomeFollower(1, None, 'boot');
    const ents: Entry[] = peers.map((peer, i) => {
      const cc = { type: ConfChangeType.ConfChangeAddNode, nodeID: peer.id, context: peer.context, id: 0n };
      return { type: EntryType.EntryConfChange, term: 1, index: i + 1, data: marshalConfChange(cc).data };
    });
    this.raft.raftLog.append(...ents);
    // Committed but not applied: the application applies them from the next Ready, while the
    // configuration takes effect right away below.
    this.raft.raftLog.committed = ents.length;
    for (const peer of peers) {
      this.raft.applyConfChange(
        asV2({ type: ConfChangeType.ConfChangeAddNode, nodeID: peer.id, context: undefined, id: 0n }),
      );
    }
    return undefined;
  }
}

/** NewRawNode: creates a node from a Config; an invalid Config panics (throws RaftPanic). */
export function newRawNode(config: Config): RawNode {
  return new RawNode(config);
}

/** MustSync: whether the HardState and entries must be synced to disk before sending. */
export function mustSync(st: HardState, prevst: HardState, entsnum: number): boolean {
  // Term, vote and entries are what a restart must not lose; commit can be recomputed.
  return entsnum !== 0 || st.vote !== prevst.vote || st.term !== prevst.term;
}

export function needStorageAppendMsg(r: Raft, rd: Ready): boolean {
  // Also needed when only responses wait: they must follow all earlier writes.
  return (
    rd.entries.length > 0 ||
    !isEmptyHardState(rd.hardState) ||
    !isEmptySnap(rd.snapshot) ||
    r.msgsAfterAppend.length > 0
  );
}

export function needStorageAppendRespMsg(r: Raft, rd: Ready): boolean {
  // Even with no new entries, in-progress ones become stable when this write completes.
  return r.raftLog.hasNextOrInProgressUnstableEnts() || !isEmptySnap(rd.snapshot);
}

/** The MsgStorageAppend carrying rd's durable state, with the responses to release after it. */
export function newStorageAppendMsg(r: Raft, rd: Ready): Message {
  const m = newMessage({
    type: MessageType.MsgStorageAppend,
    to: LocalAppendThread,
    from: r.id,
    entries: rd.entries,
  });
  if (!isEmptyHardState(rd.hardState)) {
    m.term = rd.hardState.term;
    m.vote = rd.hardState.vote;
    m.commit = rd.hardState.commit;
  }
  if (!isEmptySnap(rd.snapshot)) {
    m.snapshot = rd.snapshot;
  }
  m.responses = [...r.msgsAfterAppend];
  if (needStorageAppendRespMsg(r, rd)) {
    m.responses.push(newStorageAppendRespMsg(r, rd));
  }
  return m;
}

/**
 * The response telling raft that everything up to the current last entry is durable. It
 * carries the term at creation: if the unstable log is overwritten in a later term before
 * the response returns, the stale (index, term) no longer matches and nothing is marked stable.
 */
export function newStorageAppendRespMsg(r: Raft, rd: Ready): Message {
  const m = newMessage({
    type: MessageType.MsgStorageAppendResp,
    to: r.id,
    from: LocalAppendThread,
    term: r.term,
  });
  if (r.raftLog.hasNextOrInProgressUnstableEnts()) {
    const last = r.raftLog.lastEntryID();
    m.index = last.index;
    m.logTerm = last.term;
  }
  if (!isEmptySnap(rd.snapshot)) {
    m.snapshot = rd.snapshot;
  }
  return m;
}

export function needStorageApplyMsg(rd: Ready): boolean {
  return rd.committedEntries.length > 0;
}

export function needStorageApplyRespMsg(rd: Ready): boolean {
  return needStorageApplyMsg(rd);
}

/** The MsgStorageApply carrying rd's committed entries; applying has no term (Term 0). */
export function newStorageApplyMsg(r: Raft, rd: Ready): Message {
  const ents = rd.committedEntries;
  return newMessage({
    type: MessageType.MsgStorageApply,
    to: LocalApplyThread,
    from: r.id,
    term: 0,
    entries: ents,
    responses: [newStorageApplyRespMsg(r, ents)],
  });
}

export function newStorageApplyRespMsg(r: Raft, ents: Entry[]): Message {
  return newMessage({
    type: MessageType.MsgStorageApplyResp,
    to: r.id,
    from: LocalApplyThread,
    term: 0,
    entries: ents,
  });
}
