/**
 * etcdctl's membership calls (member add / promote / remove, move-leader) of one run, from the
 * cluster's client observations: the Cluster keeps only key-value calls in `calls`, and these
 * join the client calls the recorder shows.
 */
import type { ClusterObservation } from '../cluster/observation';

export type MemberCallOp = 'member-add' | 'member-promote' | 'member-remove' | 'move-leader';

/** A membership call as the recorder reads it. */
export interface MemberCall {
  readonly id: number;
  readonly op: MemberCallOp;
  readonly member: number;
  readonly key: string;
  readonly startUs: number;
  readonly endUs: number | null;
  readonly result:
    { readonly ok: true } | { readonly ok: false; readonly err: { readonly message: string } } | null;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const memberOps: ReadonlySet<string> = new Set([
  'member-add',
  'member-promote',
  'member-remove',
  'move-leader',
]);

export class MemberCallLog {
  readonly calls: MemberCall[] = [];
  private readonly open = new Map<number, Mutable<MemberCall>>();

  constructor(private readonly now: () => number) {}

  observe(member: number | null, o: Extract<ClusterObservation, { kind: 'client' }>): void {
    if (!memberOps.has(o.op)) return;
    if (o.phase === 'started') {
      const call: Mutable<MemberCall> = {
        id: o.call,
        op: o.op as MemberCallOp,
        member: member ?? 0,
        key: o.key,
        startUs: this.now(),
        endUs: null,
        result: null,
      };
      this.calls.push(call);
      this.open.set(o.call, call);
      return;
    }
    const call = this.open.get(o.call);
    if (call === undefined) return;
    this.open.delete(o.call);
    call.endUs = this.now();
    call.result = o.ok ? { ok: true } : { ok: false, err: { message: o.error ?? '' } };
  }
}
