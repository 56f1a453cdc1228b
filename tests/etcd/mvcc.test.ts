import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ErrCompacted, ErrFutureRev, KVStore } from '../../src/etcd/mvcc';

const b = (s: string): Uint8Array => new TextEncoder().encode(s);
const s = (x: Uint8Array): string => new TextDecoder().decode(x);

describe('KVStore (mvcc)', () => {
  it('starts at revision 1; each put bumps the main revision; versions count puts', () => {
    const kv = new KVStore();
    expect(kv.rev).toBe(1);
    expect(kv.put(b('foo'), b('bar')).rev).toBe(2);
    const second = kv.put(b('foo'), b('baz'));
    expect(second.rev).toBe(3);
    expect(second.prevKv && s(second.prevKv.value)).toBe('bar');
    const r = kv.range(b('foo'));
    expect(r.ok && r.result.kvs[0]).toMatchObject({ createRevision: 2, modRevision: 3, version: 2 });
    expect(r.ok && r.result.rev).toBe(3);
  });

  it('deletes write a tombstone and reset the version; deleting nothing keeps the revision', () => {
    const kv = new KVStore();
    kv.put(b('a'), b('1'));
    expect(kv.deleteRange(b('zzz')).deleted).toBe(0);
    expect(kv.rev).toBe(2);
    const d = kv.deleteRange(b('a'));
    expect([d.deleted, d.rev]).toEqual([1, 3]);
    const again = kv.put(b('a'), b('2'));
    const r = kv.range(b('a'));
    expect(r.ok && r.result.kvs[0]).toMatchObject({ createRevision: again.rev, version: 1 });
  });

  it('ranges over [key, end), from key to the end ("\\0"), with limit and past revisions', () => {
    const kv = new KVStore();
    for (const k of ['a', 'b', 'c', 'd']) kv.put(b(k), b(k.toUpperCase()));
    const ab = kv.range(b('a'), { rangeEnd: b('c') });
    expect(ab.ok && ab.result.kvs.map((x) => s(x.key))).toEqual(['a', 'b']);
    const fromB = kv.range(b('b'), { rangeEnd: new Uint8Array([0]), limit: 2 });
    expect(fromB.ok && [fromB.result.kvs.map((x) => s(x.key)), fromB.result.count]).toEqual([['b', 'c'], 3]);
    kv.deleteRange(b('a'), b('z'));
    const old = kv.range(b('a'), { rangeEnd: b('z'), rev: 3 });
    expect(old.ok && old.result.kvs.map((x) => s(x.key))).toEqual(['a', 'b']);
    expect(kv.range(b('a'), { rev: 99 })).toEqual({ ok: false, err: ErrFutureRev });
  });

  it('compaction forgets old revisions', () => {
    const kv = new KVStore();
    kv.put(b('a'), b('1'));
    kv.put(b('a'), b('2'));
    kv.put(b('a'), b('3'));
    expect(kv.compact(3).ok).toBe(true);
    expect(kv.range(b('a'), { rev: 2 })).toEqual({ ok: false, err: ErrCompacted });
    const r3 = kv.range(b('a'), { rev: 3 });
    expect(r3.ok && s(r3.result.kvs[0]!.value)).toBe('2');
  });

  it('hashes equal histories equally; snapshot and restore round-trip', () => {
    const x = new KVStore();
    const y = new KVStore();
    for (const kv of [x, y]) {
      kv.put(b('k1'), b('v1'));
      kv.put(b('k2'), b('v2'));
      kv.setConsistentIndex(8, 2);
    }
    expect(x.hash()).toBe(y.hash());
    y.put(b('k1'), b('other'));
    expect(x.hash()).not.toBe(y.hash());
    const z = new KVStore();
    z.restore(y.snapshotData());
    expect(z.hash()).toBe(y.hash());
    expect([z.rev, z.consistentIndex(), z.consistentTerm(), z.liveKeyCount()]).toEqual([4, 8, 2, 2]);
  });
});

describe('KVStore against a model (property)', () => {
  type Op = { put: true; k: number; v: number } | { put: false; k: number; end: number };
  const opArb = fc.oneof(
    fc.record({
      put: fc.constant(true as const),
      k: fc.integer({ min: 0, max: 5 }),
      v: fc.integer({ min: 0, max: 9 }),
    }),
    fc.record({
      put: fc.constant(false as const),
      k: fc.integer({ min: 0, max: 5 }),
      end: fc.integer({ min: 0, max: 7 }),
    }),
  );
  const key = (i: number): string => `k${i}`;

  it('every past revision reads back what a map-per-revision model holds', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 40 }), (ops: Op[]) => {
        const kv = new KVStore();
        const models = new Map<number, Map<string, string>>([[1, new Map()]]);
        let cur = new Map<string, string>();
        for (const op of ops) {
          const next = new Map(cur);
          if (op.put) {
            kv.put(b(key(op.k)), b(String(op.v)));
            next.set(key(op.k), String(op.v));
          } else {
            const end = op.end <= op.k ? undefined : b(key(op.end));
            const d = kv.deleteRange(b(key(op.k)), end);
            for (const k of [...next.keys()]) {
              const inRange = end === undefined ? k === key(op.k) : k >= key(op.k) && k < key(op.end);
              if (inRange) next.delete(k);
            }
            if (d.deleted === 0) continue;
          }
          cur = next;
          models.set(kv.rev, cur);
        }
        for (const [rev, model] of models) {
          const r = kv.range(b('k'), { rangeEnd: b('l'), rev });
          if (!r.ok) return false;
          const got = r.result.kvs.map((x) => `${s(x.key)}=${s(x.value)}`);
          const want = [...model.entries()].sort(([a], [c]) => (a < c ? -1 : 1)).map(([k, v]) => `${k}=${v}`);
          expect(got).toEqual(want);
        }
        return true;
      }),
      { numRuns: 200 },
    );
  });
});
