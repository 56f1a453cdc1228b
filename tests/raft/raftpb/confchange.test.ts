import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  asV1,
  asV2,
  confChangeFromEntry,
  confChangesFromString,
  confChangesToString,
  enterJoint,
  formatConfChangeValue,
  leaveJoint,
  marshalConfChange,
} from '../../../src/raft/raftpb/confchange';
import {
  marshalConfChangeV1,
  marshalConfChangeV2,
  unmarshalConfChangeV1,
  unmarshalConfChangeV2,
  varintLen,
} from '../../../src/raft/raftpb/encoding';
import {
  ConfChangeTransition,
  ConfChangeType,
  EntryType,
  type ConfChangeV2,
} from '../../../src/raft/raftpb/types';

const { ConfChangeAddNode, ConfChangeAddLearnerNode, ConfChangeRemoveNode, ConfChangeUpdateNode } =
  ConfChangeType;

describe('conf change strings', () => {
  it('parses and prints the compact form', () => {
    const r = confChangesFromString(' v1 l2 r3 u4 ');
    expect(r).toEqual({
      ok: true,
      value: [
        { type: ConfChangeAddNode, nodeID: 1n },
        { type: ConfChangeAddLearnerNode, nodeID: 2n },
        { type: ConfChangeRemoveNode, nodeID: 3n },
        { type: ConfChangeUpdateNode, nodeID: 4n },
      ],
    });
    if (r.ok) expect(confChangesToString(r.value)).toBe('v1 l2 r3 u4');
    expect(confChangesFromString('')).toEqual({ ok: true, value: [] });
    expect(confChangesToString([{ type: 9 as ConfChangeType, nodeID: 5n }])).toBe('unknown5');
  });

  it('reports upstream errors', () => {
    expect(confChangesFromString('v')).toEqual({ ok: false, error: 'unknown token v' });
    expect(confChangesFromString('v1  v2')).toEqual({ ok: false, error: 'unknown token ' });
    expect(confChangesFromString('x1')).toEqual({ ok: false, error: 'unknown input: x1' });
    expect(confChangesFromString('vx')).toEqual({
      ok: false,
      error: 'strconv.ParseUint: parsing "x": invalid syntax',
    });
    expect(confChangesFromString('v18446744073709551616')).toEqual({
      ok: false,
      error: 'strconv.ParseUint: parsing "18446744073709551616": value out of range',
    });
  });

  it('round-trips', () => {
    const single = fc.record({
      type: fc.constantFrom(
        ConfChangeAddNode,
        ConfChangeAddLearnerNode,
        ConfChangeRemoveNode,
        ConfChangeUpdateNode,
      ),
      nodeID: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
    });
    fc.assert(
      fc.property(fc.array(single, { maxLength: 6 }), (ccs) => {
        expect(confChangesFromString(confChangesToString(ccs))).toEqual({ ok: true, value: ccs });
      }),
      { seed: 7 },
    );
  });
});

describe('classification', () => {
  const v2 = (transition: ConfChangeTransition, n: number): ConfChangeV2 => ({
    transition,
    changes: Array.from({ length: n }, (_, i) => ({ type: ConfChangeAddNode, nodeID: BigInt(i + 1) })),
    context: undefined,
  });
  it('enterJoint / leaveJoint', () => {
    const {
      ConfChangeTransitionAuto: auto,
      ConfChangeTransitionJointImplicit: implicit,
      ConfChangeTransitionJointExplicit: explicit,
    } = ConfChangeTransition;
    expect(enterJoint(v2(auto, 1))).toEqual({ autoLeave: false, ok: false });
    expect(enterJoint(v2(auto, 0))).toEqual({ autoLeave: false, ok: false });
    expect(enterJoint(v2(auto, 2))).toEqual({ autoLeave: true, ok: true });
    expect(enterJoint(v2(implicit, 1))).toEqual({ autoLeave: true, ok: true });
    expect(enterJoint(v2(explicit, 1))).toEqual({ autoLeave: false, ok: true });
    expect(leaveJoint(v2(auto, 0))).toBe(true);
    expect(leaveJoint({ ...v2(auto, 0), context: new Uint8Array([1]) })).toBe(true);
    expect(leaveJoint(v2(explicit, 0))).toBe(false);
    expect(leaveJoint(v2(auto, 1))).toBe(false);
  });
  it('asV1 / asV2', () => {
    const v1 = { type: ConfChangeAddNode, nodeID: 3n, context: new Uint8Array([1]), id: 9n };
    expect(asV2(v1)).toEqual({
      transition: ConfChangeTransition.ConfChangeTransitionAuto,
      changes: [{ type: ConfChangeAddNode, nodeID: 3n }],
      context: new Uint8Array([1]),
    });
    expect(asV1(v1)).toBe(v1);
    expect(asV1(v2(0, 1))).toBeUndefined();
  });
  it('prints %v values', () => {
    expect(formatConfChangeValue(v2(0, 0))).toBe('{ConfChangeTransitionAuto [] []}');
    expect(
      formatConfChangeValue({
        ...v2(0, 2),
        changes: [
          { type: ConfChangeAddNode, nodeID: 3n },
          { type: ConfChangeAddNode, nodeID: 4n },
        ],
      }),
    ).toBe('{ConfChangeTransitionAuto [{ConfChangeAddNode 3} {ConfChangeAddNode 4}] []}');
    expect(formatConfChangeValue({ type: ConfChangeAddNode, nodeID: 2n, context: undefined, id: 0n })).toBe(
      '{ConfChangeAddNode 2 [] 0}',
    );
  });
});

describe('encoding', () => {
  it('encodes like gogoproto', () => {
    expect([...marshalConfChangeV2({ transition: 0, changes: [], context: undefined })]).toEqual([8, 0]);
    expect([
      ...marshalConfChangeV1({ type: ConfChangeAddNode, nodeID: 2n, context: undefined, id: 0n }),
    ]).toEqual([8, 0, 0x10, 0, 0x18, 2]);
    expect([
      ...marshalConfChangeV2({
        transition: 1,
        changes: [{ type: ConfChangeRemoveNode, nodeID: 300n }],
        context: new Uint8Array([7]),
      }),
    ]).toEqual([8, 1, 0x12, 5, 8, 1, 0x10, 0xac, 0x02, 0x1a, 1, 7]);
    expect(varintLen(0)).toBe(1);
    expect(varintLen(127)).toBe(1);
    expect(varintLen(128)).toBe(2);
    expect(varintLen((1n << 64n) - 1n)).toBe(10);
  });

  it('round-trips and decodes absent data as the empty change', () => {
    const arbV2 = fc.record({
      transition: fc.constantFrom(0, 1, 2),
      changes: fc.array(
        fc.record({
          type: fc.constantFrom(0, 1, 2, 3),
          nodeID: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
        }),
        {
          maxLength: 4,
        },
      ),
      context: fc.option(fc.uint8Array({ maxLength: 5 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(arbV2, (cc) => {
        expect(unmarshalConfChangeV2(marshalConfChangeV2(cc))).toEqual(cc);
      }),
      { seed: 3 },
    );
    const v1 = {
      type: ConfChangeAddLearnerNode,
      nodeID: 1n << 40n,
      context: new Uint8Array([1, 2]),
      id: 77n,
    };
    expect(unmarshalConfChangeV1(marshalConfChangeV1(v1))).toEqual(v1);
    expect(unmarshalConfChangeV2(undefined)).toEqual({ transition: 0, changes: [], context: undefined });
    expect(() => unmarshalConfChangeV2(new Uint8Array([8]))).toThrow('unexpected EOF');
    expect(() => unmarshalConfChangeV2(new Uint8Array([0]))).toThrow(
      'proto: ConfChangeV2: illegal tag 0 (wire type 0)',
    );
  });

  it('marshals into entries', () => {
    const v1 = { type: ConfChangeAddNode, nodeID: 2n, context: undefined, id: 0n };
    const e1 = marshalConfChange(v1);
    expect(e1.type).toBe(EntryType.EntryConfChange);
    expect(confChangeFromEntry({ term: 1, index: 1, ...e1 })).toEqual(v1);
    const leave = marshalConfChange(undefined);
    expect(leave).toEqual({ type: EntryType.EntryConfChangeV2, data: undefined });
    expect(confChangeFromEntry({ term: 1, index: 1, ...leave })).toEqual({
      transition: 0,
      changes: [],
      context: undefined,
    });
  });
});
