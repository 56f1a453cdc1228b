/**
 * Converts raft values (bigint IDs, Uint8Array payloads, enums) into the plain view types of
 * ./types. Pure functions; the engine calls them only when a Ready or message is recorded, never
 * per kernel step.
 */
import { entryTypeName, messageTypeName, EntryType } from '../raft/raftpb/types';
import type { Entry, HardState, Message } from '../raft/raftpb/types';
import type { Ready } from '../raft/ready';
import { stateTypeName } from '../raft/state_type';
import { describeReady } from '../raft/util';
import { unmarshalRaftRequest, stringFromBytes } from '../etcd/raft_request';
import type { EntryView, HardStateView, MemberRole, MessageView, ReadyCard, ReadyLoopStep } from './types';

export function hexId(id: bigint): string {
  return BigInt.asUintN(64, id).toString(16);
}

export function roleOf(stateName: string, up: boolean): MemberRole {
  if (!up) return 'down';
  switch (stateName) {
    case 'StateLeader':
    case 'StateCandidate':
    case 'StatePreCandidate':
      return stateName;
    default:
      return 'StateFollower';
  }
}

const maxPayloadChars = 48;

function clip(s: string): string {
  return s.length > maxPayloadChars ? `${s.slice(0, maxPayloadChars - 1)}…` : s;
}

/** A short text for an entry's payload: etcd requests decoded, anything else by size. */
export function describePayload(e: Entry): string {
  if (e.data === undefined || e.data.length === 0) return '(empty)';
  if (e.type !== EntryType.EntryNormal) return `conf change (${e.data.length} B)`;
  try {
    const r = unmarshalRaftRequest(e.data);
    const b = r.body;
    switch (b.kind) {
      case 'put':
        return clip(`put ${stringFromBytes(b.put.key)}=${stringFromBytes(b.put.value)}`);
      case 'deleteRange':
        return clip(`delete ${stringFromBytes(b.deleteRange.key)}`);
      case 'range':
        return clip(`range ${stringFromBytes(b.range.key)}`);
      case 'clusterMemberAttrSet':
        return clip(`publish ${b.attributes.name}`);
      case 'clusterVersionSet':
        return `cluster version ${b.ver}`;
    }
  } catch {
    // Not an etcd request (raft tests put raw bytes): fall through to the size.
  }
  return `${e.data.length} B`;
}

export function entryView(e: Entry): EntryView {
  return { term: e.term, index: e.index, type: entryTypeName(e.type), data: describePayload(e) };
}

export function messageView(m: Message): MessageView {
  return {
    type: messageTypeName(m.type),
    from: hexId(m.from),
    to: hexId(m.to),
    term: m.term,
    logTerm: m.logTerm,
    index: m.index,
    commit: m.commit,
    entries: m.entries.length,
    reject: m.reject,
  };
}

export function hardStateView(hs: HardState): HardStateView {
  return { term: hs.term, vote: hexId(hs.vote), commit: hs.commit };
}

function isEmptyHardState(hs: HardState): boolean {
  return hs.term === 0 && hs.vote === 0n && hs.commit === 0;
}

/** A Ready as a card; `loopStep` and the end are filled in as the Ready loop moves on. */
export function readyCard(
  rd: Ready,
  member: number,
  seq: number,
  startStep: number,
  startUs: number,
  loopStep: ReadyLoopStep,
): ReadyCard {
  const snap =
    rd.snapshot.metadata.index === 0
      ? null
      : { index: rd.snapshot.metadata.index, term: rd.snapshot.metadata.term };
  return {
    seq,
    member,
    startStep,
    startUs,
    endStep: null,
    endUs: null,
    loopStep,
    softState:
      rd.softState === undefined
        ? null
        : { lead: hexId(rd.softState.lead), raftState: roleOf(stateTypeName(rd.softState.raftState), true) },
    hardState: isEmptyHardState(rd.hardState) ? null : hardStateView(rd.hardState),
    readStates: rd.readStates.map((r) => ({
      index: r.index,
      requestCtx: r.requestCtx === undefined ? '' : stringFromBytes(r.requestCtx),
    })),
    entries: rd.entries.map(entryView),
    committedEntries: rd.committedEntries.map(entryView),
    messages: rd.messages.map(messageView),
    snapshot: snap,
    mustSync: rd.mustSync,
    description: describeReady(rd),
  };
}
