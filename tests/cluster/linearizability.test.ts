import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkLinearizability } from '../../src/cluster/linearizability';
import { HistoryRecorder, outcomeOfError } from '../../src/cluster/history';
import type { KvOperation, KvOutcome } from '../../src/cluster/history';

let nextId = 0;
function put(
  clientId: number,
  key: string,
  value: string,
  invokeUs: number,
  returnUs: number | undefined,
  outcome: KvOutcome = { kind: 'ok' },
): KvOperation {
  return {
    id: nextId++,
    clientId,
    kind: 'put',
    key,
    value,
    invokeUs,
    ...(returnUs === undefined ? {} : { returnUs }),
    outcome,
  };
}
function get(
  clientId: number,
  key: string,
  read: string | null,
  invokeUs: number,
  returnUs: number,
): KvOperation {
  return {
    id: nextId++,
    clientId,
    kind: 'get',
    key,
    invokeUs,
    returnUs,
    outcome: { kind: 'ok', value: read },
  };
}
function del(
  clientId: number,
  key: string,
  invokeUs: number,
  returnUs: number,
  deleted?: number,
): KvOperation {
  return {
    id: nextId++,
    clientId,
    kind: 'delete',
    key,
    invokeUs,
    returnUs,
    outcome: deleted === undefined ? { kind: 'ok' } : { kind: 'ok', deleted },
  };
}
const timeout = (): KvOutcome => outcomeOfError('etcdserver: request timed out');

describe('linearizable histories are accepted', () => {
  it('accepts an empty history', () => {
    expect(checkLinearizability([])).toEqual({ ok: true, keys: 0, states: 0 });
  });

  it('accepts sequential puts and gets', () => {
    const h = [
      put(1, 'x', 'a', 0, 10),
      get(2, 'x', 'a', 20, 30),
      put(1, 'x', 'b', 40, 50),
      get(2, 'x', 'b', 60, 70),
    ];
    expect(checkLinearizability(h).ok).toBe(true);
  });

  it('accepts concurrent overlapping puts read in either order', () => {
    const h = [
      put(1, 'x', 'a', 0, 100),
      put(2, 'x', 'b', 10, 90),
      get(3, 'x', 'b', 20, 30), // b took effect first...
      get(3, 'x', 'a', 40, 50), // ...then a
      get(4, 'x', 'a', 110, 120),
    ];
    expect(checkLinearizability(h).ok).toBe(true);
  });

  it('accepts a read concurrent with a write seeing the old or the new value', () => {
    const h = [
      put(1, 'x', 'a', 0, 10),
      put(1, 'x', 'b', 20, 60),
      get(2, 'x', 'a', 25, 30),
      get(3, 'x', 'b', 30, 35),
    ];
    expect(checkLinearizability(h).ok).toBe(true);
  });

  it('accepts reads of an absent key and deletes with counts', () => {
    const h = [
      get(1, 'x', null, 0, 5),
      put(1, 'x', 'a', 10, 20),
      del(2, 'x', 30, 40, 1),
      del(2, 'x', 50, 60, 0),
      get(1, 'x', null, 70, 80),
    ];
    expect(checkLinearizability(h).ok).toBe(true);
  });

  it('treats operations touching in time as concurrent', () => {
    const h = [put(1, 'x', 'a', 0, 10), get(2, 'x', null, 10, 20)];
    expect(checkLinearizability(h).ok).toBe(true);
  });

  it('checks keys independently and ignores serializable and failed operations', () => {
    const h: KvOperation[] = [
      put(1, 'x', 'a', 0, 10),
      put(1, 'y', 'b', 0, 10),
      { ...get(2, 'x', 'stale', 20, 30), serializable: true },
      put(3, 'x', 'never', 0, 5, outcomeOfError('etcdserver: too many requests')),
      get(2, 'x', 'a', 20, 30),
      get(2, 'y', 'b', 20, 30),
    ];
    expect(checkLinearizability(h)).toMatchObject({ ok: true, keys: 2 });
  });

  it('uses initial values', () => {
    const h = [get(1, 'x', 'seed', 0, 5)];
    expect(checkLinearizability(h).ok).toBe(false);
    expect(checkLinearizability(h, { initial: new Map([['x', 'seed']]) }).ok).toBe(true);
  });
});

describe('non-linearizable histories are rejected', () => {
  it('rejects a stale read after a completed write', () => {
    const h = [put(1, 'x', 'a', 0, 10), put(1, 'x', 'b', 20, 30), get(2, 'x', 'a', 40, 50)];
    const r = checkLinearizability(h);
    expect(r.ok).toBe(false);
    if (r.ok !== false) return;
    expect(r.key).toBe('x');
    expect(r.failingOp.kind).toBe('get');
    expect(r.prefix.map((o) => o.value)).toEqual(['a', 'b']);
    expect(r.valueAfterPrefix).toBe('b');
    expect(r.explanation).toContain('not linearizable');
    expect(r.explanation).toContain('"a"');
  });

  it('rejects a read of a value never written', () => {
    const r = checkLinearizability([put(1, 'x', 'a', 0, 10), get(2, 'x', 'zzz', 5, 50)]);
    expect(r).toMatchObject({ ok: false, key: 'x' });
  });

  it('rejects two reads observing concurrent writes in opposite orders', () => {
    const h = [
      put(1, 'x', 'a', 0, 100),
      put(2, 'x', 'b', 0, 100),
      get(3, 'x', 'a', 10, 20),
      get(3, 'x', 'b', 30, 40),
      get(4, 'x', 'b', 10, 20),
      get(4, 'x', 'a', 30, 40),
    ];
    expect(checkLinearizability(h).ok).toBe(false);
  });

  it('rejects a lost acknowledged write', () => {
    const h = [put(1, 'x', 'a', 0, 10), get(2, 'x', null, 20, 30)];
    const r = checkLinearizability(h);
    expect(r.ok).toBe(false);
    if (r.ok === false) expect(r.explanation).toContain('absent');
  });

  it('rejects a wrong delete count', () => {
    expect(checkLinearizability([put(1, 'x', 'a', 0, 10), del(2, 'x', 20, 30, 0)]).ok).toBe(false);
  });

  it('reports the first failing key in sorted order and keeps good keys out of it', () => {
    const h = [
      put(1, 'b', '1', 0, 10),
      get(1, 'b', null, 20, 30),
      put(1, 'a', '1', 0, 10),
      get(1, 'a', '1', 20, 30),
    ];
    expect(checkLinearizability(h)).toMatchObject({ ok: false, key: 'b' });
  });

  it('shrinks the counterexample to the reads that matter', () => {
    const h = [put(1, 'x', 'a', 0, 10)];
    for (let i = 0; i < 20; i++) h.push(get(2, 'x', 'a', 20 + i * 10, 25 + i * 10));
    h.push(put(1, 'x', 'b', 300, 310), get(3, 'x', 'a', 320, 330));
    const r = checkLinearizability(h);
    expect(r.ok).toBe(false);
    if (r.ok !== false) return;
    expect(r.counterexample.length).toBe(3);
    expect(r.counterexample.map((o) => o.kind)).toEqual(['put', 'put', 'get']);
  });
});

describe('unknown outcomes', () => {
  it('a timed-out put may have taken effect (read later)', () => {
    const h = [put(1, 'x', 'a', 0, undefined, timeout()), get(2, 'x', 'a', 1000, 1010)];
    expect(checkLinearizability(h).ok).toBe(true);
  });

  it('a timed-out put may never take effect', () => {
    const h = [
      put(1, 'x', 'a', 0, 500, timeout()),
      get(2, 'x', null, 1000, 1010),
      get(2, 'x', null, 2000, 2010),
    ];
    expect(checkLinearizability(h).ok).toBe(true);
  });

  it('a timed-out put may take effect long after its timeout', () => {
    const h = [
      put(1, 'x', 'a', 0, 500, timeout()),
      get(2, 'x', null, 1000, 1010),
      get(2, 'x', 'a', 2000, 2010),
    ];
    expect(checkLinearizability(h).ok).toBe(true);
  });

  it('a timed-out put cannot take effect before it was invoked', () => {
    const h = [get(2, 'x', 'a', 0, 10), put(1, 'x', 'a', 100, undefined, timeout())];
    expect(checkLinearizability(h).ok).toBe(false);
  });

  it('a timed-out put cannot take effect twice', () => {
    const h = [
      put(1, 'x', 'a', 0, undefined, timeout()),
      get(2, 'x', 'a', 100, 110),
      put(3, 'x', 'b', 200, 210),
      get(2, 'x', 'a', 300, 310),
    ];
    expect(checkLinearizability(h).ok).toBe(false);
  });

  it('a definitely failed put never takes effect', () => {
    const h = [
      put(1, 'x', 'a', 0, 10, outcomeOfError('etcdserver: too many requests')),
      get(2, 'x', 'a', 20, 30),
    ];
    expect(checkLinearizability(h).ok).toBe(false);
  });

  it('classifies etcd errors', () => {
    expect(outcomeOfError('etcdserver: request is too large').kind).toBe('fail');
    expect(
      outcomeOfError('etcdserver: request timed out, possibly due to previous leader failure').kind,
    ).toBe('unknown');
    expect(outcomeOfError('context deadline exceeded').kind).toBe('unknown');
  });
});

describe('the search bound', () => {
  it('gives up with unknown when the bound is hit', () => {
    // Many concurrent puts of distinct values and no reads: every order is explored only if
    // the final read forces backtracking through all of them.
    const h: KvOperation[] = [];
    for (let i = 0; i < 12; i++) h.push(put(i, 'x', `v${i}`, 0, 1000));
    h.push(get(99, 'x', 'nope', 2000, 2010));
    const r = checkLinearizability(h, { maxStatesPerKey: 1000 });
    expect(r).toMatchObject({ ok: 'unknown', key: 'x', reason: 'search bound exceeded' });
    // With memoisation the full search is 2^12 subsets × values: within the default bound.
    expect(checkLinearizability(h, { minimize: false }).ok).toBe(false);
  });

  it('reports a failing key even when another key hit the bound', () => {
    const h: KvOperation[] = [];
    for (let i = 0; i < 14; i++) h.push(put(i, 'big', `v${i}`, 0, 1000));
    h.push(get(99, 'big', 'nope', 2000, 2010));
    h.push(put(1, 'small', 'a', 0, 10), get(1, 'small', null, 20, 30));
    expect(checkLinearizability(h, { maxStatesPerKey: 1000 })).toMatchObject({ ok: false, key: 'small' });
  });
});

describe('HistoryRecorder', () => {
  it('records invocations and completions', () => {
    const rec = new HistoryRecorder();
    const a = rec.invoke({ clientId: 1, kind: 'put', key: 'x', value: 'a', invokeUs: 0 });
    const b = rec.invoke({ clientId: 2, kind: 'get', key: 'x', invokeUs: 5 });
    rec.complete(a, 10, { kind: 'ok' });
    rec.complete(b, 12, { kind: 'ok', value: 'a' });
    rec.invoke({ clientId: 3, kind: 'put', key: 'x', value: 'c', invokeUs: 20 });
    const h = rec.history();
    expect(h).toHaveLength(3);
    expect(h[2]?.outcome.kind).toBe('unknown');
    expect(checkLinearizability(h).ok).toBe(true);
    expect(() => rec.complete(a, 11, { kind: 'ok' })).toThrow();
  });
});

// ---- properties -------------------------------------------------------------------------

interface Planned {
  kind: 'put' | 'get' | 'delete';
  key: string;
  client: number;
  widenBefore: number;
  widenAfter: number;
}

const plannedOp = fc.record({
  kind: fc.constantFrom<'put' | 'get' | 'delete'>('put', 'get', 'get', 'delete'),
  key: fc.constantFrom('k0', 'k1', 'k2'),
  client: fc.integer({ min: 1, max: 5 }),
  widenBefore: fc.integer({ min: 0, max: 35 }),
  widenAfter: fc.integer({ min: 0, max: 35 }),
});

/** Runs the plan on a real register, one op every 10 µs, and widens each interval around its point. */
function sequentialHistory(plan: readonly Planned[]): KvOperation[] {
  const store = new Map<string, string>();
  return plan.map((p, i) => {
    const t = 100 + i * 10;
    const base = {
      id: i,
      clientId: p.client,
      key: p.key,
      invokeUs: t - p.widenBefore,
      returnUs: t + p.widenAfter,
    };
    if (p.kind === 'put') {
      const value = `v${i}`;
      store.set(p.key, value);
      return { ...base, kind: 'put', value, outcome: { kind: 'ok' } };
    }
    if (p.kind === 'delete') {
      const deleted = store.delete(p.key) ? 1 : 0;
      return { ...base, kind: 'delete', outcome: { kind: 'ok', deleted } };
    }
    return { ...base, kind: 'get', outcome: { kind: 'ok', value: store.get(p.key) ?? null } };
  });
}

/**
 * Mutates one read so that no linearization can exist: either it reads a value written by a put
 * that was overwritten, in real time, before the read began (the written values are unique, so
 * that value can never be current again), or, if there is no such put, a value never written.
 */
function provablyBadMutation(h: KvOperation[], readPick: number): KvOperation[] | undefined {
  const reads = h.filter((o) => o.kind === 'get');
  if (reads.length === 0) return undefined;
  const r = reads[readPick % reads.length] as KvOperation;
  const writes = h.filter((o) => o.key === r.key && o.kind !== 'get');
  let bad = `never-written-${r.id}`;
  for (const p of writes) {
    if (p.kind !== 'put') continue;
    const overwritten = writes.some(
      (w) => w !== p && (p.returnUs as number) < w.invokeUs && (w.returnUs as number) < r.invokeUs,
    );
    if (overwritten) {
      bad = p.value as string;
      break;
    }
  }
  return h.map((o) => (o === r ? { ...o, outcome: { kind: 'ok', value: bad } } : o));
}

describe('properties', () => {
  it('histories of a real register, with widened intervals, are accepted', () => {
    fc.assert(
      fc.property(fc.array(plannedOp, { maxLength: 60 }), (plan) => {
        expect(checkLinearizability(sequentialHistory(plan)).ok).toBe(true);
      }),
      { seed: 6, numRuns: 300 },
    );
  });

  it('a provably inconsistent read is always rejected', () => {
    fc.assert(
      fc.property(fc.array(plannedOp, { minLength: 1, maxLength: 60 }), fc.nat(), (plan, pick) => {
        const mutated = provablyBadMutation(sequentialHistory(plan), pick);
        if (mutated === undefined) return;
        expect(checkLinearizability(mutated, { minimize: false }).ok).toBe(false);
      }),
      { seed: 7, numRuns: 300 },
    );
  });

  it('timeouts added to a real register history keep it linearizable', () => {
    fc.assert(
      fc.property(
        fc.array(plannedOp, { maxLength: 40 }),
        fc.array(fc.boolean(), { maxLength: 40 }),
        (plan, lost) => {
          // A write whose answer was lost may or may not have happened: mark some as unknown.
          const h = sequentialHistory(plan).map((o, i) =>
            o.kind !== 'get' && lost[i] === true ? { ...o, returnUs: Infinity, outcome: timeout() } : o,
          );
          expect(checkLinearizability(h).ok).toBe(true);
        },
      ),
      { seed: 8, numRuns: 200 },
    );
  });
});

describe('performance', () => {
  /** 5 sequential clients on one key, random latencies, linearization point inside each interval. */
  function concurrentHistory(n: number, seed: number, mutate: boolean): KvOperation[] {
    let s = seed >>> 0;
    const rand = (): number => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return s / 2 ** 32;
    };
    const free = [0, 0, 0, 0, 0];
    const planned = Array.from({ length: n }, (_, id) => {
      const c = id % 5;
      const inv = (free[c] as number) + Math.floor(rand() * 50);
      const lat = 20 + Math.floor(rand() * 200);
      free[c] = inv + lat + 1;
      return { id, c, inv, ret: inv + lat, lin: inv + Math.floor(rand() * lat), isPut: rand() < 0.5 };
    });
    let value: string | null = null;
    const ops = new Map<number, KvOperation>();
    for (const p of planned.slice().sort((a, b) => a.lin - b.lin || a.id - b.id)) {
      const common = { id: p.id, clientId: p.c, key: 'k', invokeUs: p.inv, returnUs: p.ret };
      if (p.isPut) value = `v${p.id}`;
      ops.set(
        p.id,
        p.isPut
          ? { ...common, kind: 'put', value: `v${p.id}`, outcome: { kind: 'ok' } }
          : { ...common, kind: 'get', outcome: { kind: 'ok', value } },
      );
    }
    const h = planned.map((p) => ops.get(p.id) as KvOperation);
    if (mutate) {
      const i = h.findIndex((o, j) => j > n / 2 && o.kind === 'get');
      h[i] = { ...(h[i] as KvOperation), outcome: { kind: 'ok', value: 'never-written' } };
    }
    return h;
  }

  it('checks a 1,000-operation, 5-client history on one key quickly', () => {
    const h = concurrentHistory(1000, 42, false);
    const t0 = performance.now();
    expect(checkLinearizability(h).ok).toBe(true);
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('rejects and explains a mutated 1,000-operation history quickly', () => {
    const h = concurrentHistory(1000, 43, true);
    const t0 = performance.now();
    const r = checkLinearizability(h);
    expect(r.ok).toBe(false);
    if (r.ok === false) {
      expect(r.failingOp.outcome).toEqual({ kind: 'ok', value: 'never-written' });
      expect(r.counterexample.length).toBeLessThan(h.length);
    }
    expect(performance.now() - t0).toBeLessThan(5000);
  });
});
