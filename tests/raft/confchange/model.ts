/**
 * A reference model of membership changes, built differently from the Changer on purpose.
 * Instead of four sets kept in step, it records each member's role in the incoming config
 * (voter or learner) and the frozen outgoing voters; everything else is derived:
 *
 * - learners      = role learner and not an outgoing voter
 * - learners_next = role learner and still an outgoing voter
 * - a member has progress iff it has a role or is an outgoing voter; a progress is created
 *   (at next = max(lastIndex, 1)) when a member starts having one, and dropped when it stops.
 */
import { ConfChangeType, type ConfChangeSingle, type NodeID } from '../../../src/raft/raftpb/types';

export type Role = 'voter' | 'learner';

export type Op =
  | { kind: 'simple'; changes: ConfChangeSingle[] }
  | { kind: 'enter-joint'; autoLeave: boolean; changes: ConfChangeSingle[] }
  | { kind: 'leave-joint' };

const sorted = (ids: Iterable<NodeID>): NodeID[] => [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
const list = (ids: Iterable<NodeID>): string => `(${sorted(ids).join(' ')})`;

export class RoleModel {
  roles = new Map<NodeID, Role>();
  outgoing = new Set<NodeID>();
  autoLeave = false;
  /** `next` of each member's progress, fixed when the progress was created. */
  next = new Map<NodeID, number>();

  clone(): RoleModel {
    const m = new RoleModel();
    m.roles = new Map(this.roles);
    m.outgoing = new Set(this.outgoing);
    m.autoLeave = this.autoLeave;
    m.next = new Map(this.next);
    return m;
  }

  voters(): NodeID[] {
    return [...this.roles].filter(([, r]) => r === 'voter').map(([id]) => id);
  }

  learners(): NodeID[] {
    return [...this.roles].filter(([id, r]) => r === 'learner' && !this.outgoing.has(id)).map(([id]) => id);
  }

  learnersNext(): NodeID[] {
    return [...this.roles].filter(([id, r]) => r === 'learner' && this.outgoing.has(id)).map(([id]) => id);
  }

  /**
   * Applies op at lastIndex: the model afterwards and the printed outcome, or the refusal
   * (in which case this model is unchanged).
   */
  apply(op: Op, lastIndex: number): { model: RoleModel; lines: string[] } | { error: string } {
    const m = this.clone();
    const error = m.mutate(op, lastIndex, this);
    return error === undefined ? { model: m, lines: m.lines() } : { error };
  }

  private mutate(op: Op, lastIndex: number, before: RoleModel): string | undefined {
    const joint = this.outgoing.size > 0;
    if (op.kind === 'leave-joint') {
      if (!joint) return "can't leave a non-joint config";
      this.outgoing.clear();
      this.autoLeave = false;
      for (const id of [...this.next.keys()]) this.sync(id, lastIndex);
      return undefined;
    }
    if (op.kind === 'simple' && joint) return "can't apply simple config change in joint config";
    if (op.kind === 'enter-joint') {
      if (joint) return 'config is already joint';
      if (this.voters().length === 0) return "can't make a zero-voter config joint";
      this.outgoing = new Set(this.voters());
    }
    for (const cc of op.changes) {
      const err = this.change(cc, lastIndex);
      if (err !== undefined) return err;
    }
    if (this.voters().length === 0) return 'removed all voters';
    if (op.kind === 'enter-joint') {
      this.autoLeave = op.autoLeave;
    } else {
      const was = new Set(before.voters());
      const now = new Set(this.voters());
      const changed =
        [...was].filter((id) => !now.has(id)).length + [...now].filter((id) => !was.has(id)).length;
      if (changed > 1) return 'more than one voter changed without entering joint config';
    }
    return undefined;
  }

  private change(cc: ConfChangeSingle, lastIndex: number): string | undefined {
    if (cc.nodeID === 0n) return undefined;
    switch (cc.type) {
      case ConfChangeType.ConfChangeAddNode:
        this.roles.set(cc.nodeID, 'voter');
        break;
      case ConfChangeType.ConfChangeAddLearnerNode:
        this.roles.set(cc.nodeID, 'learner');
        break;
      case ConfChangeType.ConfChangeRemoveNode:
        this.roles.delete(cc.nodeID);
        break;
      case ConfChangeType.ConfChangeUpdateNode:
        return undefined;
      default:
        return `unexpected conf type ${String(cc.type)}`;
    }
    this.sync(cc.nodeID, lastIndex);
    return undefined;
  }

  /** Creates or drops id's progress so that it exists exactly while id has a place. */
  private sync(id: NodeID, lastIndex: number): void {
    const tracked = this.roles.has(id) || this.outgoing.has(id);
    if (!tracked) this.next.delete(id);
    else if (!this.next.has(id)) this.next.set(id, Math.max(lastIndex, 1));
  }

  /** The same lines the Rig prints: the config, then each progress of a member not yet heard from. */
  lines(): string[] {
    let cfg = `voters=${list(this.voters())}`;
    if (this.outgoing.size > 0) cfg += `&&${list(this.outgoing)}`;
    if (this.learners().length > 0) cfg += ` learners=${list(this.learners())}`;
    if (this.learnersNext().length > 0) cfg += ` learners_next=${list(this.learnersNext())}`;
    if (this.autoLeave) cfg += ' autoleave';
    const isLearner = new Set(this.learners());
    const progress = sorted(this.next.keys()).map(
      (id) =>
        `${id.toString()}: StateProbe match=0 next=${this.next.get(id) ?? -1}${isLearner.has(id) ? ' learner' : ''}`,
    );
    return [cfg, ...progress];
  }
}
