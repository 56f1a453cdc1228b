/**
 * Small helpers of the raft package (upstream util.go): the human-readable describe functions
 * whose output the interaction tests compare byte for byte, message-type predicates, and the
 * entry size arithmetic behind raft's size limits.
 */
import { formatByteList, formatUint64List, hex, type Logger } from './logger';
import { goQuoteBytes } from './quote';
import type { ReadState, Ready } from './ready';
import { asV2, confChangesToString } from './raftpb/confchange';
import { confStateEquivalent } from './raftpb/confstate';
import { entrySize, unmarshalConfChangeV1, unmarshalConfChangeV2 } from './raftpb/encoding';
import {
  EntryType,
  LocalApplyThread,
  LocalAppendThread,
  MessageType,
  None,
  entryTypeName,
  isEmptyHardState,
  isEmptySnap,
  messageTypeName,
  type ConfState,
  type Entry,
  type HardState,
  type Message,
  type NodeID,
  type Snapshot,
} from './raftpb/types';
import { stateTypeName, type SoftState } from './state_type';

export { goQuote, goQuoteBytes } from './quote';

/** Renders entry data for humans; `undefined` means the default (Go `%q`). */
export type EntryFormatter = (data: Uint8Array | undefined) => string;

const localMsgTypes: ReadonlySet<MessageType> = new Set([
  MessageType.MsgHup,
  MessageType.MsgBeat,
  MessageType.MsgUnreachable,
  MessageType.MsgSnapStatus,
  MessageType.MsgCheckQuorum,
  MessageType.MsgStorageAppend,
  MessageType.MsgStorageAppendResp,
  MessageType.MsgStorageApply,
  MessageType.MsgStorageApplyResp,
]);

const responseMsgTypes: ReadonlySet<MessageType> = new Set([
  MessageType.MsgAppResp,
  MessageType.MsgVoteResp,
  MessageType.MsgHeartbeatResp,
  MessageType.MsgUnreachable,
  MessageType.MsgReadIndexResp,
  MessageType.MsgPreVoteResp,
  MessageType.MsgStorageAppendResp,
  MessageType.MsgStorageApplyResp,
]);

/** IsLocalMsg: message types that never cross the network. */
export function isLocalMsg(t: MessageType): boolean {
  return localMsgTypes.has(t);
}

/** IsResponseMsg: message types that answer a request. */
export function isResponseMsg(t: MessageType): boolean {
  return responseMsgTypes.has(t);
}

/** IsLocalMsgTarget: whether an ID is one of the local storage threads. */
export function isLocalMsgTarget(id: NodeID): boolean {
  return id === LocalAppendThread || id === LocalApplyThread;
}

/** voteRespMsgType: the response type for a (pre-)vote request; panics on anything else. */
export function voteRespMsgType(t: MessageType): MessageType {
  switch (t) {
    case MessageType.MsgVote:
      return MessageType.MsgVoteResp;
    case MessageType.MsgPreVote:
      return MessageType.MsgPreVoteResp;
    default:
      throw new Error(`not a vote message: ${messageTypeName(t)}`);
  }
}

export function describeHardState(hs: HardState): string {
  const vote = hs.vote !== None ? ` Vote:${hs.vote.toString()}` : '';
  return `Term:${hs.term}${vote} Commit:${hs.commit}`;
}

export function describeSoftState(ss: SoftState): string {
  return `Lead:${ss.lead.toString()} State:${stateTypeName(ss.raftState)}`;
}

export function describeConfState(cs: ConfState): string {
  return (
    `Voters:${formatUint64List(cs.voters)} VotersOutgoing:${formatUint64List(cs.votersOutgoing)} ` +
    `Learners:${formatUint64List(cs.learners)} LearnersNext:${formatUint64List(cs.learnersNext)} ` +
    `AutoLeave:${String(cs.autoLeave)}`
  );
}

export function describeSnapshot(s: Snapshot): string {
  const m = s.metadata;
  return `Index:${m.index} Term:${m.term} ConfState:${describeConfState(m.confState)}`;
}

/** Go `%v` of []ReadState: `[{<index> [<ctx bytes>]} ...]`. */
function formatReadStates(rs: readonly ReadState[]): string {
  return `[${rs.map((r) => `{${r.index} ${formatByteList(r.requestCtx)}}`).join(' ')}]`;
}

/** DescribeReady: the sections that carry news, or `<empty Ready>`. */
export function describeReady(rd: Ready, f?: EntryFormatter): string {
  let body = '';
  if (rd.softState !== undefined) {
    body += describeSoftState(rd.softState) + '\n';
  }
  if (!isEmptyHardState(rd.hardState)) {
    body += `HardState ${describeHardState(rd.hardState)}\n`;
  }
  if (rd.readStates.length > 0) {
    body += `ReadStates ${formatReadStates(rd.readStates)}\n`;
  }
  if (rd.entries.length > 0) {
    body += 'Entries:\n' + describeEntries(rd.entries, f);
  }
  if (!isEmptySnap(rd.snapshot)) {
    body += `Snapshot ${describeSnapshot(rd.snapshot)}\n`;
  }
  if (rd.committedEntries.length > 0) {
    body += 'CommittedEntries:\n' + describeEntries(rd.committedEntries, f);
  }
  if (rd.messages.length > 0) {
    body += 'Messages:\n' + rd.messages.map((m) => describeMessage(m, f) + '\n').join('');
  }
  return body.length > 0 ? `Ready MustSync=${String(rd.mustSync)}:\n${body}` : '<empty Ready>';
}

/** describeTarget: node IDs in hex, the local storage threads and None by name. */
export function describeTarget(id: NodeID): string {
  if (id === None) return 'None';
  if (id === LocalAppendThread) return 'AppendThread';
  if (id === LocalApplyThread) return 'ApplyThread';
  return hex(id);
}

/** DescribeMessage: one line per message (more for several entries, snapshots, responses). */
export function describeMessage(m: Message, f?: EntryFormatter): string {
  return describeMessageWithIndent('', m, f);
}

function describeMessageWithIndent(indent: string, m: Message, f: EntryFormatter | undefined): string {
  let out =
    `${indent}${describeTarget(m.from)}->${describeTarget(m.to)} ${messageTypeName(m.type)} ` +
    `Term:${m.term} Log:${m.logTerm}/${m.index}`;
  if (m.reject) out += ` Rejected (Hint: ${m.rejectHint})`;
  if (m.commit !== 0) out += ` Commit:${m.commit}`;
  if (m.vote !== None) out += ` Vote:${m.vote.toString()}`;
  const [first] = m.entries;
  if (m.entries.length === 1 && first !== undefined) {
    out += ` Entries:[${describeEntry(first, f)}]`;
  } else if (m.entries.length > 1) {
    out += ' Entries:[';
    for (const e of m.entries) {
      out += `\n${indent}  ${describeEntry(e, f)}`;
    }
    out += `\n${indent}]`;
  }
  if (m.snapshot !== undefined && !isEmptySnap(m.snapshot)) {
    out += `\n${indent}  Snapshot: ${describeSnapshot(m.snapshot)}`;
  }
  if (m.responses.length > 0) {
    out += ' Responses:[';
    for (const r of m.responses) {
      out += '\n' + describeMessageWithIndent(indent + '  ', r, f);
    }
    out += `\n${indent}]`;
  }
  return out;
}

function formatConfChangeEntry(e: Entry): string {
  try {
    const cc =
      e.type === EntryType.EntryConfChange ? unmarshalConfChangeV1(e.data) : unmarshalConfChangeV2(e.data);
    return confChangesToString(asV2(cc).changes);
  } catch (err) {
    // Upstream prints the decoder's error text in place of the change.
    return err instanceof Error ? err.message : String(err);
  }
}

/** DescribeEntry: `<term>/<index> <type>` plus the formatted payload when non-empty. */
export function describeEntry(e: Entry, f?: EntryFormatter): string {
  let formatted = '';
  if (e.type === EntryType.EntryNormal) {
    formatted = (f ?? goQuoteBytes)(e.data);
  } else if (e.type === EntryType.EntryConfChange || e.type === EntryType.EntryConfChangeV2) {
    formatted = formatConfChangeEntry(e);
  }
  const suffix = formatted !== '' ? ' ' + formatted : '';
  return `${e.term}/${e.index} ${entryTypeName(e.type)}${suffix}`;
}

/** DescribeEntries: describeEntry of each entry, each followed by a newline. */
export function describeEntries(ents: readonly Entry[], f?: EntryFormatter): string {
  let out = '';
  for (const e of ents) {
    out += describeEntry(e, f) + '\n';
  }
  return out;
}

/** entsSize: total encoded size of entries (upstream type entryEncodingSize). */
export function entsSize(ents: readonly Entry[]): number {
  let size = 0;
  for (const e of ents) {
    size += entrySize(e);
  }
  return size;
}

/**
 * limitSize: the longest prefix whose encoded size is at most maxSize, but never empty when
 * the input is not. Returns the input itself when nothing is cut, a new array otherwise.
 */
export function limitSize(ents: Entry[], maxSize: number): Entry[] {
  if (ents.length === 0 || maxSize === Infinity) {
    // Nothing can exceed noLimit, so skip measuring (same result as upstream).
    return ents;
  }
  let size = entrySize(ents[0] as Entry);
  for (let limit = 1; limit < ents.length; limit++) {
    size += entrySize(ents[limit] as Entry);
    if (size > maxSize) {
      return ents.slice(0, limit);
    }
  }
  return ents;
}

/** payloadSize: the data length of an entry; an empty entry counts 0 (upstream entryPayloadSize). */
export function payloadSize(e: Entry): number {
  return e.data === undefined ? 0 : e.data.length;
}

export function payloadsSize(ents: readonly Entry[]): number {
  let s = 0;
  for (const e of ents) {
    s += payloadSize(e);
  }
  return s;
}

/** assertConfStatesEquivalent: panics (through the logger) when two ConfStates differ as sets. */
export function assertConfStatesEquivalent(l: Logger, cs1: ConfState, cs2: ConfState): void {
  const err = confStateEquivalent(cs1, cs2);
  if (err !== undefined) {
    l.panic(err);
  }
}
