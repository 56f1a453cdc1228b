import { describe, expect, it } from 'vitest';
import { marshalConfChange } from '../../src/raft/raftpb/confchange';
import {
  ConfChangeTransition,
  ConfChangeType,
  EntryType,
  LocalAppendThread,
  LocalApplyThread,
  MessageType,
  emptyConfState,
  emptyHardState,
  emptySnapshot,
  newMessage,
  type Entry,
  type Message,
} from '../../src/raft/raftpb/types';
import type { Ready } from '../../src/raft/ready';
import { StateType } from '../../src/raft/state_type';
import {
  describeConfState,
  describeEntries,
  describeEntry,
  describeHardState,
  describeMessage,
  describeReady,
  describeSoftState,
  entsSize,
  goQuote,
  goQuoteBytes,
  isLocalMsg,
  isLocalMsgTarget,
  isResponseMsg,
  limitSize,
  payloadSize,
  payloadsSize,
  voteRespMsgType,
} from '../../src/raft/util';
import { ent } from './helpers';

const bytes = (...b: number[]) => new Uint8Array(b);

describe('Go %q', () => {
  it.each([
    [undefined, '""'],
    [bytes(), '""'],
    [new TextEncoder().encode('prop_1'), '"prop_1"'],
    [new TextEncoder().encode('"foo"'), '"\\"foo\\""'],
    [new TextEncoder().encode('hello\x00world'), '"hello\\x00world"'],
    [new TextEncoder().encode('a\\b'), '"a\\\\b"'],
    [bytes(7, 8, 12, 10, 13, 9, 11), '"\\a\\b\\f\\n\\r\\t\\v"'],
    [bytes(0x1b, 0x7f), '"\\x1b\\x7f"'],
    [bytes(0xff, 0x41), '"\\xffA"'],
    [bytes(0xc0, 0x80), '"\\xc0\\x80"'], // overlong encoding
    [bytes(0xed, 0xa0, 0x80), '"\\xed\\xa0\\x80"'], // surrogate
    [new TextEncoder().encode('héllo 世界'), '"héllo 世界"'],
    [new TextEncoder().encode('\u00a0'), '"\\u00a0"'], // no-break space is not printable in Go
    [new TextEncoder().encode('\u200b'), '"\\u200b"'], // format character
    [new TextEncoder().encode('\u{e0001}'), '"\\U000e0001"'],
    [new TextEncoder().encode('😀'), '"😀"'],
    [bytes(0xef, 0xbf, 0xbd), '"\uFFFD"'], // a valid U+FFFD is printed as is
  ] as const)('%#', (input, want) => {
    expect(goQuoteBytes(input)).toBe(want);
  });
  it('quotes strings', () => {
    expect(goQuote('a "b"')).toBe('"a \\"b\\""');
  });
});

const cc = (type: EntryType, data: Uint8Array | undefined, term = 1, index = 4): Entry => ({
  term,
  index,
  type,
  data,
});

describe('describeEntry', () => {
  it('formats normal and conf change entries', () => {
    expect(describeEntry(ent(3, 1, ''))).toBe('1/3 EntryNormal ""');
    expect(describeEntry(ent(3, 1))).toBe('1/3 EntryNormal ""');
    expect(describeEntry(ent(12, 1, 'prop_1_12'))).toBe('1/12 EntryNormal "prop_1_12"');
    const v1 = marshalConfChange({
      type: ConfChangeType.ConfChangeAddNode,
      nodeID: 2n,
      context: undefined,
      id: 0n,
    });
    expect(describeEntry(cc(v1.type, v1.data))).toBe('1/4 EntryConfChange v2');
    const v2 = marshalConfChange({
      transition: ConfChangeTransition.ConfChangeTransitionAuto,
      changes: [
        { type: ConfChangeType.ConfChangeRemoveNode, nodeID: 1n },
        { type: ConfChangeType.ConfChangeAddNode, nodeID: 4n },
      ],
      context: undefined,
    });
    expect(describeEntry(cc(v2.type, v2.data))).toBe('1/4 EntryConfChangeV2 r1 v4');
    const leave = marshalConfChange(undefined);
    expect(describeEntry(cc(leave.type, leave.data, 1, 6))).toBe('1/6 EntryConfChangeV2');
    const empty = marshalConfChange({ transition: 0, changes: [], context: undefined });
    expect(describeEntry(cc(empty.type, empty.data, 0, 0))).toBe('0/0 EntryConfChangeV2');
    expect(describeEntry(ent(1, 1, 'x'), () => 'custom')).toBe('1/1 EntryNormal custom');
  });
  it('prints the decode error for bad data', () => {
    expect(describeEntry(cc(EntryType.EntryConfChangeV2, bytes(0x08)))).toBe(
      '1/4 EntryConfChangeV2 unexpected EOF',
    );
  });
  it('describeEntries ends every entry with a newline', () => {
    expect(describeEntries([])).toBe('');
    expect(describeEntries([ent(1, 1, 'a'), ent(2, 1, 'b')])).toBe(
      '1/1 EntryNormal "a"\n1/2 EntryNormal "b"\n',
    );
  });
});

const m = (fields: Partial<Message> & Pick<Message, 'type'>): Message => newMessage(fields);
const snapshot = (index: number, term: number, voters: bigint[]) => ({
  data: undefined,
  metadata: { index, term, confState: { ...emptyConfState(), voters } },
});

describe('describeMessage (spec §3.4 examples)', () => {
  it.each([
    [
      m({ type: MessageType.MsgVote, from: 1n, to: 2n, term: 1, logTerm: 1, index: 2 }),
      '1->2 MsgVote Term:1 Log:1/2',
    ],
    [m({ type: MessageType.MsgVoteResp, from: 2n, to: 1n, term: 1 }), '2->1 MsgVoteResp Term:1 Log:0/0'],
    [
      m({ type: MessageType.MsgVoteResp, from: 4n, to: 1n, term: 8, reject: true }),
      '4->1 MsgVoteResp Term:8 Log:0/0 Rejected (Hint: 0)',
    ],
    [
      m({
        type: MessageType.MsgApp,
        from: 1n,
        to: 2n,
        term: 1,
        logTerm: 1,
        index: 2,
        commit: 2,
        entries: [ent(3, 1)],
      }),
      '1->2 MsgApp Term:1 Log:1/2 Commit:2 Entries:[1/3 EntryNormal ""]',
    ],
    [
      m({
        type: MessageType.MsgAppResp,
        from: 2n,
        to: 1n,
        term: 8,
        logTerm: 6,
        index: 20,
        reject: true,
        rejectHint: 19,
      }),
      '2->1 MsgAppResp Term:8 Log:6/20 Rejected (Hint: 19)',
    ],
    [
      m({ type: MessageType.MsgHeartbeat, from: 1n, to: 2n, term: 1, commit: 11 }),
      '1->2 MsgHeartbeat Term:1 Log:0/0 Commit:11',
    ],
    [
      m({
        type: MessageType.MsgProp,
        from: 4n,
        to: 1n,
        entries: [cc(EntryType.EntryConfChangeV2, bytes(8, 0), 0, 0)],
      }),
      '4->1 MsgProp Term:0 Log:0/0 Entries:[0/0 EntryConfChangeV2]',
    ],
    [
      m({
        type: MessageType.MsgApp,
        from: 1n,
        to: 2n,
        term: 8,
        logTerm: 6,
        index: 19,
        commit: 18,
        entries: [ent(20, 6, 'prop_6_20'), ent(21, 8)],
      }),
      '1->2 MsgApp Term:8 Log:6/19 Commit:18 Entries:[\n  6/20 EntryNormal "prop_6_20"\n  8/21 EntryNormal ""\n]',
    ],
    [
      m({ type: MessageType.MsgSnap, from: 1n, to: 2n, term: 1, snapshot: snapshot(4, 1, [1n, 2n]) }),
      '1->2 MsgSnap Term:1 Log:0/0\n  Snapshot: Index:4 Term:1 ConfState:Voters:[1 2] VotersOutgoing:[] Learners:[] LearnersNext:[] AutoLeave:false',
    ],
    [
      m({
        type: MessageType.MsgStorageAppend,
        from: 1n,
        to: LocalAppendThread,
        term: 1,
        commit: 10,
        vote: 1n,
        responses: [m({ type: MessageType.MsgVoteResp, from: 1n, to: 1n, term: 1 })],
      }),
      '1->AppendThread MsgStorageAppend Term:1 Log:0/0 Commit:10 Vote:1 Responses:[\n  1->1 MsgVoteResp Term:1 Log:0/0\n]',
    ],
    [
      m({
        type: MessageType.MsgStorageAppend,
        from: 1n,
        to: LocalAppendThread,
        entries: [ent(11, 1)],
        responses: [
          m({ type: MessageType.MsgAppResp, from: 1n, to: 1n, term: 1, index: 11 }),
          m({
            type: MessageType.MsgStorageAppendResp,
            from: LocalAppendThread,
            to: 1n,
            term: 1,
            logTerm: 1,
            index: 11,
          }),
        ],
      }),
      '1->AppendThread MsgStorageAppend Term:0 Log:0/0 Entries:[1/11 EntryNormal ""] Responses:[\n  1->1 MsgAppResp Term:1 Log:0/11\n  AppendThread->1 MsgStorageAppendResp Term:1 Log:1/11\n]',
    ],
    [
      m({
        type: MessageType.MsgStorageApply,
        from: 1n,
        to: LocalApplyThread,
        entries: [ent(11, 1)],
        responses: [
          m({ type: MessageType.MsgStorageApplyResp, from: LocalApplyThread, to: 1n, entries: [ent(11, 1)] }),
        ],
      }),
      '1->ApplyThread MsgStorageApply Term:0 Log:0/0 Entries:[1/11 EntryNormal ""] Responses:[\n  ApplyThread->1 MsgStorageApplyResp Term:0 Log:0/0 Entries:[1/11 EntryNormal ""]\n]',
    ],
    [m({ type: MessageType.MsgHup, from: 0n, to: 0x1fn }), 'None->1f MsgHup Term:0 Log:0/0'],
  ] as const)('%#', (msg, want) => {
    expect(describeMessage(msg)).toBe(want);
  });

  it('indents nested responses with several entries', () => {
    const msg = m({
      type: MessageType.MsgStorageApply,
      from: 1n,
      to: LocalApplyThread,
      responses: [
        m({
          type: MessageType.MsgStorageApplyResp,
          from: LocalApplyThread,
          to: 1n,
          entries: [ent(1, 1), ent(2, 1)],
        }),
      ],
    });
    expect(describeMessage(msg)).toBe(
      '1->ApplyThread MsgStorageApply Term:0 Log:0/0 Responses:[\n' +
        '  ApplyThread->1 MsgStorageApplyResp Term:0 Log:0/0 Entries:[\n    1/1 EntryNormal ""\n    1/2 EntryNormal ""\n  ]\n]',
    );
  });
});

function ready(fields: Partial<Ready>): Ready {
  return {
    softState: undefined,
    hardState: emptyHardState(),
    readStates: [],
    entries: [],
    snapshot: emptySnapshot(),
    committedEntries: [],
    messages: [],
    mustSync: false,
    ...fields,
  };
}

describe('describe states and Ready', () => {
  it('hard, soft and conf states', () => {
    expect(describeHardState({ term: 1, vote: 1n, commit: 2 })).toBe('Term:1 Vote:1 Commit:2');
    expect(describeHardState({ term: 2, vote: 0n, commit: 11 })).toBe('Term:2 Commit:11');
    expect(describeSoftState({ lead: 0n, raftState: StateType.StateCandidate })).toBe(
      'Lead:0 State:StateCandidate',
    );
    expect(describeSoftState({ lead: 26n, raftState: StateType.StatePreCandidate })).toBe(
      'Lead:26 State:StatePreCandidate',
    );
    expect(
      describeConfState({
        voters: [1n, 2n, 3n],
        votersOutgoing: [1n],
        learners: [],
        learnersNext: [],
        autoLeave: true,
      }),
    ).toBe('Voters:[1 2 3] VotersOutgoing:[1] Learners:[] LearnersNext:[] AutoLeave:true');
  });

  it('empty Ready', () => {
    expect(describeReady(ready({}))).toBe('<empty Ready>');
  });

  it('spec §3.6 example', () => {
    const rd = ready({
      hardState: { term: 1, vote: 0n, commit: 4 },
      snapshot: snapshot(4, 1, [1n, 2n]),
      messages: [m({ type: MessageType.MsgAppResp, from: 2n, to: 1n, term: 1, index: 4 })],
    });
    expect(describeReady(rd)).toBe(
      'Ready MustSync=false:\n' +
        'HardState Term:1 Commit:4\n' +
        'Snapshot Index:4 Term:1 ConfState:Voters:[1 2] VotersOutgoing:[] Learners:[] LearnersNext:[] AutoLeave:false\n' +
        'Messages:\n' +
        '2->1 MsgAppResp Term:1 Log:0/4\n',
    );
  });

  it('orders every section', () => {
    const rd = ready({
      softState: { lead: 1n, raftState: StateType.StateLeader },
      hardState: { term: 1, vote: 1n, commit: 2 },
      readStates: [{ index: 3, requestCtx: new TextEncoder().encode('rctx') }],
      entries: [ent(3, 1)],
      committedEntries: [ent(2, 1, 'a')],
      messages: [m({ type: MessageType.MsgHeartbeat, from: 1n, to: 2n, term: 1 })],
      mustSync: true,
    });
    expect(describeReady(rd)).toBe(
      'Ready MustSync=true:\n' +
        'Lead:1 State:StateLeader\n' +
        'HardState Term:1 Vote:1 Commit:2\n' +
        'ReadStates [{3 [114 99 116 120]}]\n' +
        'Entries:\n1/3 EntryNormal ""\n' +
        'CommittedEntries:\n1/2 EntryNormal "a"\n' +
        'Messages:\n1->2 MsgHeartbeat Term:1 Log:0/0\n',
    );
  });
});

describe('message predicates and sizes', () => {
  it('classifies message types', () => {
    expect(isLocalMsg(MessageType.MsgHup)).toBe(true);
    expect(isLocalMsg(MessageType.MsgStorageApplyResp)).toBe(true);
    expect(isLocalMsg(MessageType.MsgApp)).toBe(false);
    expect(isResponseMsg(MessageType.MsgAppResp)).toBe(true);
    expect(isResponseMsg(MessageType.MsgUnreachable)).toBe(true);
    expect(isResponseMsg(MessageType.MsgApp)).toBe(false);
    expect(isLocalMsgTarget(LocalApplyThread)).toBe(true);
    expect(isLocalMsgTarget(1n)).toBe(false);
    expect(voteRespMsgType(MessageType.MsgPreVote)).toBe(MessageType.MsgPreVoteResp);
    expect(() => voteRespMsgType(MessageType.MsgApp)).toThrow('not a vote message: MsgApp');
  });

  it('computes entry sizes like protobuf', () => {
    // 3 tag bytes + 3 one-byte varints.
    expect(entsSize([ent(1, 1)])).toBe(6);
    // Present but empty data adds a tag and a length byte.
    expect(entsSize([ent(1, 1, '')])).toBe(8);
    expect(entsSize([ent(300, 1, 'abc')])).toBe(7 + 5);
    expect(payloadSize(ent(1, 1))).toBe(0);
    expect(payloadsSize([ent(1, 1, 'ab'), ent(2, 1, 'c')])).toBe(3);
  });

  it('limitSize keeps at least one entry', () => {
    const es = [ent(1, 1), ent(2, 1), ent(3, 1)];
    expect(limitSize(es, 0).length).toBe(1);
    expect(limitSize(es, 11).length).toBe(1);
    expect(limitSize(es, 12).length).toBe(2);
    expect(limitSize(es, Infinity)).toBe(es);
    expect(limitSize([], 0)).toEqual([]);
  });
});
