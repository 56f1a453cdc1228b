import { describe, expect, it } from 'vitest';
import { ClusterInvariantChecker, hashedEntry } from '../../src/cluster/invariants';
import type { KvCell, MemberSnapshot } from '../../src/cluster/invariants';
import { EntryType } from '../../src/raft/raftpb/types';
import type { Entry } from '../../src/raft/raftpb/types';
import { StateType } from '../../src/raft/state_type';

const { StateLeader: L, StateFollower: F } = StateType;

/** A log from (term, hash) pairs starting at index 1. */
function log(...spec: [number, number][]): Entry[] {
  return spec.map(([term, hash], i) => hashedEntry(term, i + 1, EntryType.EntryNormal, hash));
}

interface Opts {
  id: bigint;
  term: number;
  state?: StateType;
  commit: number;
  applied?: number;
  entries: Entry[];
  firstIndex?: number;
  kv?: Record<string, [string | null, number]>;
  incarnation?: number;
  raftApplied?: number;
  committedIndex?: number;
}

function member(o: Opts): MemberSnapshot {
  const applied = o.applied ?? o.commit;
  const kv =
    o.kv === undefined
      ? undefined
      : new Map<string, KvCell>(
          Object.entries(o.kv).map(([k, [value, modIndex]]) => [k, { value, modIndex }]),
        );
  return {
    id: o.id,
    incarnation: o.incarnation ?? 0,
    term: o.term,
    state: o.state ?? F,
    lead: 1n,
    commit: o.commit,
    raftApplied: o.raftApplied ?? applied,
    appliedIndex: applied,
    committedIndex: o.committedIndex ?? o.commit,
    firstIndex: o.firstIndex ?? 1,
    log: o.entries,
    ...(kv === undefined ? {} : { kv }),
  };
}

describe('a correct run reports nothing', () => {
  it('election, replication, crash and restart with a lower commit, snapshot catch-up', () => {
    const c = new ClusterInvariantChecker();
    const l2 = log([2, 0]);
    expect(
      c.check(
        [
          member({ id: 1n, term: 2, state: L, commit: 0, entries: l2 }),
          member({ id: 2n, term: 2, commit: 0, entries: [] }),
          member({ id: 3n, term: 2, commit: 0, entries: [] }),
        ],
        1,
      ),
    ).toBeUndefined();
    const l = log([2, 0], [2, 11], [2, 12]);
    c.acknowledge({ key: 'a', value: 'x', index: 2 });
    c.acknowledge({ key: 'a', value: 'y', index: 3 });
    const kv3 = { a: ['y', 3] as [string, number] };
    expect(
      c.check(
        [
          member({ id: 1n, term: 2, state: L, commit: 3, entries: l, kv: kv3 }),
          member({ id: 2n, term: 2, commit: 3, entries: l, kv: kv3 }),
          member({ id: 3n, term: 2, commit: 2, entries: l.slice(0, 2), kv: { a: ['x', 2] } }),
        ],
        2,
      ),
    ).toBeUndefined();
    // Member 3 crashed before persisting commit 2; it restarts (incarnation 1) with commit 1.
    expect(
      c.check(
        [
          member({ id: 1n, term: 2, state: L, commit: 3, entries: l, kv: kv3 }),
          member({ id: 2n, term: 2, commit: 3, entries: l, kv: kv3 }),
          member({ id: 3n, term: 2, commit: 1, entries: l.slice(0, 2), incarnation: 1, kv: {} }),
        ],
        3,
      ),
    ).toBeUndefined();
    // Leader 2 of term 3 has everything; member 3 is caught up by a snapshot at index 3.
    const l3 = [...l, hashedEntry(3, 4, EntryType.EntryNormal, 0)];
    expect(
      c.check(
        [
          member({ id: 1n, term: 3, commit: 4, entries: l3, kv: kv3 }),
          member({ id: 2n, term: 3, state: L, commit: 4, entries: l3, kv: kv3 }),
          member({
            id: 3n,
            term: 3,
            commit: 4,
            entries: l3.slice(3),
            firstIndex: 4,
            incarnation: 1,
            kv: kv3,
          }),
        ],
        4,
      ),
    ).toBeUndefined();
    expect(c.violation).toBeUndefined();
  });
});

describe('planted violations are reported', () => {
  it('election safety: two leaders in one term, at different steps', () => {
    const c = new ClusterInvariantChecker();
    expect(c.check([member({ id: 1n, term: 5, state: L, commit: 0, entries: [] })], 10)).toBeUndefined();
    const v = c.check([member({ id: 2n, term: 5, state: L, commit: 0, entries: [] })], 11);
    expect(v).toMatchObject({ invariant: 'election-safety', step: 11 });
    expect(v?.message).toContain('two leaders in term 5');
  });

  it('log matching: same index and term, different data', () => {
    const c = new ClusterInvariantChecker();
    const v = c.check(
      [
        member({ id: 1n, term: 2, commit: 0, entries: log([2, 1], [2, 7]) }),
        member({ id: 2n, term: 2, commit: 0, entries: log([2, 1], [2, 8]) }),
      ],
      3,
    );
    expect(v).toMatchObject({ invariant: 'log-matching', step: 3 });
  });

  it('leader completeness: a later leader lacks a committed entry', () => {
    const c = new ClusterInvariantChecker();
    const full = log([2, 1], [2, 2]);
    expect(
      c.check([
        member({ id: 1n, term: 2, state: L, commit: 2, entries: full }),
        member({ id: 2n, term: 2, commit: 2, entries: full }),
      ]),
    ).toBeUndefined();
    const v = c.check([member({ id: 3n, term: 3, state: L, commit: 1, entries: log([2, 1]) })], 9);
    expect(v).toMatchObject({ invariant: 'leader-completeness', step: 9 });
  });

  it('state machine safety: a committed index holds different entries', () => {
    const c = new ClusterInvariantChecker();
    expect(c.check([member({ id: 1n, term: 2, commit: 2, entries: log([2, 1], [2, 2]) })])).toBeUndefined();
    const v = c.check([member({ id: 2n, term: 3, commit: 2, entries: log([2, 1], [3, 9]) })]);
    expect(v?.invariant).toBe('state-machine-safety');
  });

  it('an old entry rewritten after it was checked, with the same message as a fresh checker', () => {
    // Checks only look at what changed; a rewrite deep in a log that was already checked is a change.
    const before = log([2, 1], [2, 2], [2, 3], [2, 4], [2, 5], [2, 6]);
    const after = log([2, 1], [2, 99], [2, 3], [2, 4], [2, 5], [2, 6]);
    const c = new ClusterInvariantChecker();
    for (let step = 1; step <= 3; step++) {
      expect(
        c.check(
          [
            member({ id: 1n, term: 2, state: L, commit: 6, entries: before }),
            member({ id: 2n, term: 2, commit: 6, entries: before }),
          ],
          step,
        ),
      ).toBeUndefined();
    }
    const now = [
      member({ id: 1n, term: 2, state: L, commit: 6, entries: before }),
      member({ id: 2n, term: 2, commit: 6, entries: after }),
    ];
    const v = c.check(now, 4);
    expect(v).toMatchObject({ invariant: 'log-matching', step: 4 });
    expect(v?.message).toBe(new ClusterInvariantChecker().check(now)?.message);
  });

  it('an unchangedThrough hint lets the checker skip entries it checked before', () => {
    const l = log([2, 1], [2, 2], [2, 3]);
    const c = new ClusterInvariantChecker();
    const a = member({ id: 1n, term: 2, commit: 3, entries: l });
    expect(c.check([a, member({ id: 2n, term: 2, commit: 3, entries: l })])).toBeUndefined();
    // Member 2 now holds other data at index 3, but says index 3 is unchanged: not looked at.
    const forged = { ...member({ id: 2n, term: 2, commit: 3, entries: log([2, 1], [2, 2], [2, 9]) }) };
    expect(
      c.check([
        { ...a, unchangedThrough: 3 },
        { ...forged, unchangedThrough: 3 },
      ]),
    ).toBeUndefined();
    // Without the hint (or with a lower one) the rewrite is compared again and caught.
    expect(
      c.check([
        { ...a, unchangedThrough: 3 },
        { ...forged, unchangedThrough: 2 },
      ])?.invariant,
    ).toBe('log-matching');
  });

  it('commit going backwards without a restart', () => {
    const c = new ClusterInvariantChecker();
    const l = log([2, 1], [2, 2]);
    expect(c.check([member({ id: 1n, term: 2, commit: 2, entries: l })])).toBeUndefined();
    expect(c.check([member({ id: 1n, term: 2, commit: 1, entries: l })])?.invariant).toBe('commit-monotonic');
  });

  it.each([
    ['raft applied > commit', { raftApplied: 3, commit: 2 }, 'raft applied 3 > commit 2'],
    ['commit > last index', { commit: 5 }, 'commit 5 > last index 3'],
    [
      'server applied > committed',
      { applied: 3, committedIndex: 2, commit: 3 },
      'server appliedIndex 3 > committedIndex 2',
    ],
  ] as const)('index order: %s', (_l, o, text) => {
    const c = new ClusterInvariantChecker();
    const v = c.check([member({ id: 1n, term: 2, entries: log([2, 1], [2, 2], [2, 3]), ...o })], 4);
    expect(v).toMatchObject({ invariant: 'index-order', step: 4 });
    expect(v?.message).toContain(text);
  });

  it('an acknowledged put lost on a member that applied past it', () => {
    const c = new ClusterInvariantChecker();
    c.acknowledge({ key: 'k', value: 'new', index: 3 });
    const l = log([2, 1], [2, 2], [2, 3]);
    const v = c.check([member({ id: 1n, term: 2, commit: 3, entries: l, kv: { k: ['old', 2] } })], 7);
    expect(v).toMatchObject({ invariant: 'acknowledged-write-lost', step: 7 });
    expect(v?.message).toContain('the acknowledged put of "new" at index 3 is lost');
  });

  it('an acknowledged put lost across a crash', () => {
    const c = new ClusterInvariantChecker();
    c.acknowledge({ key: 'k', value: 'v', index: 2 });
    const l = log([2, 1], [2, 2]);
    expect(
      c.check([member({ id: 1n, term: 2, commit: 2, entries: l, kv: { k: ['v', 2] } })]),
    ).toBeUndefined();
    const v = c.check([member({ id: 1n, term: 2, commit: 2, entries: l, incarnation: 1, kv: {} })]);
    expect(v?.invariant).toBe('acknowledged-write-lost');
    expect(v?.message).toContain('is absent');
  });

  it('an overwrite after the acknowledged write is fine; a member behind it is not checked', () => {
    const c = new ClusterInvariantChecker();
    c.acknowledge({ key: 'k', value: 'v', index: 2 });
    const l = log([2, 1], [2, 2], [2, 3]);
    expect(
      c.check([
        member({ id: 1n, term: 2, commit: 3, entries: l, kv: { k: ['unacked', 3] } }),
        member({ id: 2n, term: 2, commit: 3, applied: 1, entries: l, kv: {} }),
      ]),
    ).toBeUndefined();
  });

  it('acknowledged deletes', () => {
    const l = log([2, 1], [2, 2], [2, 3]);
    const ok = new ClusterInvariantChecker();
    ok.acknowledge({ key: 'k', value: 'v', index: 1 });
    ok.acknowledge({ key: 'k', value: null, index: 3 });
    expect(
      ok.check([
        member({ id: 1n, term: 2, commit: 3, entries: l, kv: {} }),
        member({ id: 2n, term: 2, commit: 3, applied: 2, entries: l, kv: { k: ['v', 1] } }),
      ]),
    ).toBeUndefined();
    const bad = new ClusterInvariantChecker();
    bad.acknowledge({ key: 'k', value: null, index: 3 });
    expect(
      bad.check([member({ id: 1n, term: 2, commit: 3, entries: l, kv: { k: ['v', 1] } })])?.message,
    ).toContain('acknowledged delete at index 3 is lost');
  });

  it('acknowledgements arriving out of index order', () => {
    const c = new ClusterInvariantChecker();
    c.acknowledge({ key: 'k', value: 'b', index: 3 });
    c.acknowledge({ key: 'k', value: 'a', index: 2 });
    const l = log([2, 1], [2, 2], [2, 3]);
    expect(
      c.check([member({ id: 1n, term: 2, commit: 3, entries: l, kv: { k: ['b', 3] } })]),
    ).toBeUndefined();
    expect(
      c.check([member({ id: 2n, term: 2, commit: 3, entries: l, kv: { k: ['a', 2] } })])?.invariant,
    ).toBe('acknowledged-write-lost');
  });

  it('stores that diverge at the same applied index', () => {
    const c = new ClusterInvariantChecker();
    const l = log([2, 1], [2, 2]);
    const v = c.check([
      member({ id: 1n, term: 2, commit: 2, entries: l, kv: { a: ['1', 1], b: ['2', 2] } }),
      member({ id: 2n, term: 2, commit: 2, entries: l, kv: { a: ['1', 1] } }),
    ]);
    expect(v).toMatchObject({ invariant: 'kv-divergence' });
    expect(v?.message).toContain('"b"');
    // Tombstones count as absent.
    const c2 = new ClusterInvariantChecker();
    expect(
      c2.check([
        member({ id: 1n, term: 2, commit: 2, entries: l, kv: { a: [null, 2] } }),
        member({ id: 2n, term: 2, commit: 2, entries: l, kv: {} }),
      ]),
    ).toBeUndefined();
  });

  it('keeps reporting the first violation, and names restarted incarnations and hex IDs', () => {
    const c = new ClusterInvariantChecker();
    const big = 0x8e9e05c52164694dn;
    expect(c.check([member({ id: big, term: 4, state: L, commit: 0, entries: [] })], 1)).toBeUndefined();
    const v = c.check([member({ id: big, term: 4, state: L, commit: 0, entries: [], incarnation: 2 })], 2);
    expect(v?.invariant).toBe('election-safety');
    expect(v?.message).toBe('two leaders in term 4: 8e9e05c52164694d and 8e9e05c52164694d (incarnation 2)');
    expect(c.check([], 3)).toBe(v);
    expect(c.violation?.step).toBe(2);
  });
});
