/**
 * Brute-force definitions of the quorum rules, written straight from their meaning rather
 * than from the sorting tricks src/raft/quorum uses, plus the fast-check arbitraries that feed
 * them. The property tests compare the two.
 */
import fc from 'fast-check';
import type { NodeID } from '../../../src/raft/raftpb/types';
import { VoteResult } from '../../../src/raft/quorum/quorum';

/** Strict majority of n voters. */
export function quorumSize(n: number): number {
  return Math.floor(n / 2) + 1;
}

/** How many voters have acknowledged index i or more (an unknown ack counts as 0). */
function ackedAtLeast(voters: readonly NodeID[], acks: ReadonlyMap<NodeID, number>, i: number): number {
  return voters.filter((id) => (acks.get(id) ?? 0) >= i).length;
}

/** Whether a majority of voters acknowledged i; an empty config agrees to anything. */
function majorityAcked(voters: readonly NodeID[], acks: ReadonlyMap<NodeID, number>, i: number): boolean {
  return voters.length === 0 || ackedAtLeast(voters, acks, i) >= quorumSize(voters.length);
}

/**
 * The largest index acknowledged by a majority of every given half. The answer is always one
 * of the acknowledged values, 0, or Infinity (only when every half is empty), so trying those
 * candidates is exhaustive.
 */
export function bruteCommitted(
  halves: readonly (readonly NodeID[])[],
  acks: ReadonlyMap<NodeID, number>,
): number {
  const candidates = [0, Infinity, ...acks.values()];
  let best = -1;
  for (const i of candidates) {
    if (i > best && halves.every((h) => majorityAcked(h, acks, i))) best = i;
  }
  return best;
}

/** The outcome of a vote among voters, counting only their own entries in votes. */
export function bruteVote(voters: readonly NodeID[], votes: ReadonlyMap<NodeID, boolean>): VoteResult {
  if (voters.length === 0) return VoteResult.VoteWon;
  const q = quorumSize(voters.length);
  const granted = voters.filter((id) => votes.get(id) === true).length;
  const pending = voters.filter((id) => !votes.has(id)).length;
  if (granted >= q) return VoteResult.VoteWon;
  if (granted + pending < q) return VoteResult.VoteLost;
  return VoteResult.VotePending;
}

/** The joint outcome: both halves must win; a loss in either half is final. */
export function bruteJointVote(
  incoming: readonly NodeID[],
  outgoing: readonly NodeID[],
  votes: ReadonlyMap<NodeID, boolean>,
): VoteResult {
  const a = bruteVote(incoming, votes);
  const b = bruteVote(outgoing, votes);
  if (a === VoteResult.VoteLost || b === VoteResult.VoteLost) return VoteResult.VoteLost;
  if (a === VoteResult.VoteWon && b === VoteResult.VoteWon) return VoteResult.VoteWon;
  return VoteResult.VotePending;
}

/** IDs in ascending numeric order (never lexicographic: 10 sorts after 9). */
export function sortedIDs(ids: Iterable<NodeID>): NodeID[] {
  return [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The expected `describe` table. Each voter's bar is the number of voters with a strictly
 * lower index, but only for the lowest ID among voters sharing an index; the others get no
 * bar (upstream's MajorityConfig.Describe behaves this way, although its comment promises
 * equal bars for equal indexes). Unknown acks count as index 0 and print as `?`.
 */
export function bruteDescribe(voters: readonly NodeID[], acks: ReadonlyMap<NodeID, number>): string {
  const n = voters.length;
  if (n === 0) return '<empty majority quorum>';
  const idx = (id: NodeID): number => acks.get(id) ?? 0;
  let out = `${' '.repeat(n)}    idx\n`;
  for (const id of sortedIDs(voters)) {
    const lower = voters.filter((o) => idx(o) < idx(id)).length;
    const firstOfTie = voters.every((o) => idx(o) !== idx(id) || o >= id);
    const bar = firstOfTie ? lower : 0;
    const left = acks.has(id) ? `${'x'.repeat(bar)}>${' '.repeat(n - bar)}` : `?${' '.repeat(n)}`;
    out += `${left} ${String(idx(id)).padStart(5)}    (id=${id.toString()})\n`;
  }
  return out;
}

// ---- arbitraries ----

const maxUint64 = (1n << 64n) - 1n;

/** Mostly small IDs, so that the two halves of a joint config overlap; sometimes huge ones. */
export const nodeIDArb: fc.Arbitrary<NodeID> = fc.oneof(
  { weight: 4, arbitrary: fc.bigInt({ min: 1n, max: 9n }) },
  { weight: 1, arbitrary: fc.bigInt({ min: 1n, max: maxUint64 }) },
);

/** 0..7 distinct voters, in random order. */
export const votersArb: fc.Arbitrary<NodeID[]> = fc.uniqueArray(nodeIDArb, { maxLength: 7 });

/** Mostly small indexes, so that ties are common. */
const indexArb: fc.Arbitrary<number> = fc.oneof(
  { weight: 4, arbitrary: fc.nat({ max: 8 }) },
  { weight: 1, arbitrary: fc.nat() },
);

export interface Scenario<T> {
  incoming: NodeID[];
  outgoing: NodeID[];
  /** Entries for some voters of either half, plus a few for non-voters (to be ignored). */
  entries: Map<NodeID, T>;
  /** Values to complete the map with, one per voter of the union, in slot order. */
  fill: T[];
}

/** Two voter sets and a partial map from voters to values of valueArb. */
export function scenarioArb<T>(valueArb: fc.Arbitrary<T>): fc.Arbitrary<Scenario<T>> {
  return fc
    .record({
      incoming: votersArb,
      outgoing: votersArb,
      slots: fc.array(fc.option(valueArb, { nil: undefined }), { minLength: 14, maxLength: 14 }),
      fill: fc.array(valueArb, { minLength: 14, maxLength: 14 }),
      strangers: fc.array(fc.tuple(nodeIDArb, valueArb), { maxLength: 3 }),
    })
    .map(({ incoming, outgoing, slots, fill, strangers }) => {
      const union = [...new Set([...incoming, ...outgoing])];
      const entries = new Map<NodeID, T>();
      union.forEach((id, i) => {
        const v = slots[i];
        if (v !== undefined) entries.set(id, v);
      });
      for (const [id, v] of strangers) {
        if (!union.includes(id)) entries.set(id, v);
      }
      return { incoming, outgoing, entries, fill };
    });
}

export const ackScenarioArb = scenarioArb(indexArb);
export const voteScenarioArb = scenarioArb(fc.boolean());

/** The entries completed for every voter without one, with `value(i)` for the i-th such voter. */
export function complete<T>(s: Scenario<T>, value: (i: number) => T): Map<NodeID, T> {
  const out = new Map(s.entries);
  let i = 0;
  for (const id of new Set([...s.incoming, ...s.outgoing])) {
    if (!out.has(id)) out.set(id, value(i++));
  }
  return out;
}

/** Fixed seeds keep failures reproducible from run to run. */
export const propertyParams = { numRuns: 1000, seed: 20250731 };
