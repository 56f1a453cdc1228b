/**
 * etcdctl's membership calls (member add / promote / remove, move-leader) of one run. The
 * Cluster answers them with a ClientCall but keeps only key-value calls in `calls`, and the run
 * applies them from its input log, so the call objects never reach the engine. Missing engine
 * hook: a list of membership calls on the Cluster. Until then we wrap the four methods on this
 * cluster instance; the wrappers only remember what the real method returned (the run is
 * unchanged, so its trace hash is too).
 */
import type { Cluster } from '../cluster/cluster';

/** A membership call as the recorder reads it (a ClientCall with a membership op). */
export interface MemberCall {
  readonly id: number;
  readonly op: 'member-add' | 'member-promote' | 'member-remove' | 'move-leader';
  readonly member: number;
  readonly key: string;
  readonly startUs: number;
  readonly endUs: number | null;
  readonly result:
    { readonly ok: true } | { readonly ok: false; readonly err: { readonly message: string } } | null;
}

export class MemberCallLog {
  readonly calls: MemberCall[] = [];

  constructor(c: Cluster) {
    const keep = <A extends unknown[], R extends MemberCall>(f: (...a: A) => R) => {
      return (...a: A): R => {
        const call = f(...a);
        this.calls.push(call);
        return call;
      };
    };
    c.addMember = keep(c.addMember.bind(c));
    c.promoteMember = keep(c.promoteMember.bind(c));
    c.removeMember = keep(c.removeMember.bind(c));
    c.moveLeader = keep(c.moveLeader.bind(c));
  }
}
