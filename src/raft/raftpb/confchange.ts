/**
 * Helpers over the two conf change encodings (raftpb/confchange.go): converting between the
 * legacy ConfChange and ConfChangeV2, classifying a V2 change (simple, enter joint, leave
 * joint), the compact text form used by tests (`v1 l2 r3 u4`), and marshalling into an entry.
 */
import {
  marshalConfChangeV1,
  marshalConfChangeV2,
  unmarshalConfChangeV1,
  unmarshalConfChangeV2,
} from './encoding';
import {
  ConfChangeTransition,
  ConfChangeType,
  EntryType,
  confChangeTransitionName,
  confChangeTypeName,
  type ConfChange,
  type ConfChangeSingle,
  type ConfChangeV2,
  type Entry,
} from './types';
import { formatByteList } from '../logger';

/** Either encoding; upstream's ConfChangeI interface. Tell them apart with isConfChangeV2. */
export type ConfChangeI = ConfChange | ConfChangeV2;

export function isConfChangeV2(cc: ConfChangeI): cc is ConfChangeV2 {
  return 'changes' in cc;
}

/** ConfChangeI.AsV2: a V1 change becomes an auto-transition V2 change with one element. */
export function asV2(cc: ConfChangeI): ConfChangeV2 {
  if (isConfChangeV2(cc)) {
    return cc;
  }
  return {
    transition: ConfChangeTransition.ConfChangeTransitionAuto,
    changes: [{ type: cc.type, nodeID: cc.nodeID }],
    context: cc.context,
  };
}

/** ConfChangeI.AsV1: only a legacy change has a V1 form. */
export function asV1(cc: ConfChangeI): ConfChange | undefined {
  return isConfChangeV2(cc) ? undefined : cc;
}

/**
 * ConfChangeV2.EnterJoint: whether the change must go through a joint configuration, and if
 * so whether raft should leave it automatically once applied.
 */
export function enterJoint(cc: ConfChangeV2): { autoLeave: boolean; ok: boolean } {
  if (cc.transition === ConfChangeTransition.ConfChangeTransitionAuto && cc.changes.length <= 1) {
    return { autoLeave: false, ok: false };
  }
  switch (cc.transition) {
    case ConfChangeTransition.ConfChangeTransitionAuto:
    case ConfChangeTransition.ConfChangeTransitionJointImplicit:
      return { autoLeave: true, ok: true };
    case ConfChangeTransition.ConfChangeTransitionJointExplicit:
      return { autoLeave: false, ok: true };
    default:
      throw new Error(`unknown transition: ${formatConfChangeV2Value(cc)}`);
  }
}

/** ConfChangeV2.LeaveJoint: the zero value apart from the context asks to leave a joint config. */
export function leaveJoint(cc: ConfChangeV2): boolean {
  return cc.transition === ConfChangeTransition.ConfChangeTransitionAuto && cc.changes.length === 0;
}

/** Result of parsing user text: a value or the upstream error text. */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

const maxUint64 = (1n << 64n) - 1n;

/** Go strconv.ParseUint(s, 10, 64), returning the error text on failure. */
function parseUint64(s: string): ParseResult<bigint> {
  if (s.length === 0 || !/^[0-9]+$/.test(s)) {
    return { ok: false, error: `strconv.ParseUint: parsing ${goQuoteAscii(s)}: invalid syntax` };
  }
  const v = BigInt(s);
  if (v > maxUint64) {
    return { ok: false, error: `strconv.ParseUint: parsing ${goQuoteAscii(s)}: value out of range` };
  }
  return { ok: true, value: v };
}

function goQuoteAscii(s: string): string {
  return JSON.stringify(s);
}

const tokenTypes: Readonly<Record<string, ConfChangeType>> = {
  v: ConfChangeType.ConfChangeAddNode,
  l: ConfChangeType.ConfChangeAddLearnerNode,
  r: ConfChangeType.ConfChangeRemoveNode,
  u: ConfChangeType.ConfChangeUpdateNode,
};

/**
 * ConfChangesFromString: parses space-separated tokens `v<id>` (add voter), `l<id>` (add
 * learner), `r<id>` (remove), `u<id>` (update). Errors are values with upstream's text.
 */
export function confChangesFromString(s: string): ParseResult<ConfChangeSingle[]> {
  const trimmed = s.trim();
  const tokens = trimmed === '' ? [] : trimmed.split(' ');
  const changes: ConfChangeSingle[] = [];
  for (const tok of tokens) {
    // Go indexes bytes; the tests only use ASCII so code units are equivalent.
    if (tok.length < 2) {
      return { ok: false, error: `unknown token ${tok}` };
    }
    const type = tokenTypes[tok.charAt(0)];
    if (type === undefined) {
      return { ok: false, error: `unknown input: ${tok}` };
    }
    const id = parseUint64(tok.slice(1));
    if (!id.ok) {
      return id;
    }
    changes.push({ type, nodeID: id.value });
  }
  return { ok: true, value: changes };
}

const typeLetters: ReadonlyMap<ConfChangeType, string> = new Map([
  [ConfChangeType.ConfChangeAddNode, 'v'],
  [ConfChangeType.ConfChangeAddLearnerNode, 'l'],
  [ConfChangeType.ConfChangeRemoveNode, 'r'],
  [ConfChangeType.ConfChangeUpdateNode, 'u'],
]);

/** ConfChangesToString: the inverse of confChangesFromString (ids in decimal). */
export function confChangesToString(ccs: readonly ConfChangeSingle[]): string {
  return ccs.map((cc) => `${typeLetters.get(cc.type) ?? 'unknown'}${cc.nodeID.toString()}`).join(' ');
}

/** Go `%v` of a ConfChangeV2 value: `{<Transition> [{<Type> <NodeID>} ...] <context bytes>}`. */
export function formatConfChangeV2Value(cc: ConfChangeV2): string {
  const changes = cc.changes.map((c) => `{${confChangeTypeName(c.type)} ${c.nodeID.toString()}}`).join(' ');
  return `{${confChangeTransitionName(cc.transition)} [${changes}] ${formatByteList(cc.context)}}`;
}

/** Go `%v` of a legacy ConfChange value: `{<Type> <NodeID> <context bytes> <ID>}`. */
export function formatConfChangeV1Value(cc: ConfChange): string {
  return `{${confChangeTypeName(cc.type)} ${cc.nodeID.toString()} ${formatByteList(cc.context)} ${cc.id.toString()}}`;
}

/** Go `%v` of either conf change value (used by raft's `ignoring conf change %v`). */
export function formatConfChangeValue(cc: ConfChangeI): string {
  return isConfChangeV2(cc) ? formatConfChangeV2Value(cc) : formatConfChangeV1Value(cc);
}

/**
 * MarshalConfChange: the entry type and data a conf change is proposed as. `undefined` (no
 * change, used by raft to propose leaving a joint config) becomes an EntryConfChangeV2 with
 * absent data.
 */
export function marshalConfChange(cc: ConfChangeI | undefined): {
  type: EntryType;
  data: Uint8Array | undefined;
} {
  if (cc === undefined) {
    return { type: EntryType.EntryConfChangeV2, data: undefined };
  }
  if (isConfChangeV2(cc)) {
    return { type: EntryType.EntryConfChangeV2, data: marshalConfChangeV2(cc) };
  }
  return { type: EntryType.EntryConfChange, data: marshalConfChangeV1(cc) };
}

/**
 * Decodes the conf change carried by a conf change entry (throws ProtoDecodeError on bad data,
 * and Error for a non-conf-change entry).
 */
export function confChangeFromEntry(e: Entry): ConfChangeI {
  switch (e.type) {
    case EntryType.EntryConfChange:
      return unmarshalConfChangeV1(e.data);
    case EntryType.EntryConfChangeV2:
      return unmarshalConfChangeV2(e.data);
    default:
      throw new Error(`entry ${e.index} is not a conf change`);
  }
}
