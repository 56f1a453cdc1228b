/**
 * etcdctl's membership commands as user inputs — member add (voter or learner), member promote,
 * member remove and move-leader — plain data for the input log, the URL and the run file. Each
 * names the member the request is sent to (`via`, chosen when the user acts: the leader), so a
 * replay sends the same request to the same member. They map onto the Run's inputs exactly as
 * the headless scenario runner builds them (src/cluster/scenario_runner.ts).
 */
import type { RunInput } from '../../cluster/run_record';

export type MemberInput =
  /** member add through `member`; the new member takes the next index. */
  | { readonly kind: 'member-add'; readonly member: number; readonly learner: boolean }
  /** member promote of learner `member` through `via`. */
  | { readonly kind: 'member-promote'; readonly member: number; readonly via: number }
  /** member remove of `member` through `via`. */
  | { readonly kind: 'member-remove'; readonly member: number; readonly via: number }
  /** move-leader to `member` through `via` (the leader). */
  | { readonly kind: 'move-leader'; readonly member: number; readonly via: number };

export type MemberInputKind = MemberInput['kind'];

export const memberInputKinds: readonly MemberInputKind[] = [
  'member-add',
  'member-promote',
  'member-remove',
  'move-leader',
];

export function isMemberInputKind(k: string): k is MemberInputKind {
  return (memberInputKinds as readonly string[]).includes(k);
}

export function isMemberInput(i: { readonly kind: string }): i is MemberInput {
  return isMemberInputKind(i.kind);
}

/** The Run's input for a membership command. */
export function runInputOfMember(i: MemberInput): RunInput {
  switch (i.kind) {
    case 'member-add':
      return { kind: 'fault', fault: { kind: 'add-member', via: i.member, learner: i.learner } };
    case 'member-promote':
      return { kind: 'fault', fault: { kind: 'promote-member', via: i.via, member: i.member } };
    case 'move-leader':
      return { kind: 'fault', fault: { kind: 'transfer-leadership', via: i.via, to: i.member } };
    case 'member-remove':
      return { kind: 'remove-member', via: i.via, target: i.member };
  }
}

// ---- URL codec: `step,atUs,<op>,member[,via]`, numbers in base 36 (see ../url.ts) -------------

/** URL op letter of each kind ('n' is a learner add). */
export const memberOps: Readonly<Record<string, MemberInputKind>> = {
  j: 'member-add',
  n: 'member-add',
  o: 'member-promote',
  e: 'member-remove',
  t: 'move-leader',
};

const b36 = (n: number): string => n.toString(36);

/** The fields after `step,atUs` for the URL. */
export function encodeMemberInput(i: MemberInput): string {
  if (i.kind === 'member-add') return [i.learner ? 'n' : 'j', b36(i.member)].join(',');
  const op = i.kind === 'member-promote' ? 'o' : i.kind === 'member-remove' ? 'e' : 't';
  return [op, b36(i.member), b36(i.via)].join(',');
}

/** Reads a membership input from a split URL input (step, atUs, op, member, …); null if malformed. */
export function parseMemberInput(
  op: string,
  member: number,
  f: readonly string[],
  num: (s: string | undefined, max: number) => number | null,
  maxMember: number,
): MemberInput | null {
  const kind = memberOps[op];
  if (kind === undefined) return null;
  if (kind === 'member-add') return f.length === 4 ? { kind, member, learner: op === 'n' } : null;
  const via = num(f[4], maxMember);
  if (via === null || f.length !== 5) return null;
  return { kind, member, via };
}
