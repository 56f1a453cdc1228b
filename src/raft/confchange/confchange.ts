/**
 * Membership changes (upstream confchange/confchange.go): a Changer computes the
 * configuration and progress map that result from applying conf changes to a tracker,
 * without touching the tracker itself. Simple changes move at most one voter; anything
 * else goes through a joint configuration (enterJoint, later leaveJoint).
 *
 * Errors are values (ChangeResult with `err`); raft treats any of them as fatal.
 */
import { ConfChangeType, confChangeTypeName, type ConfChangeSingle, type NodeID } from '../raftpb/types';
import { MajorityConfig } from '../quorum/majority';
import { newInflights } from '../tracker/inflights';
import { Progress, ProgressMap } from '../tracker/progress';
import type { Config, ProgressTracker } from '../tracker/tracker';

export type ChangeResult =
  { cfg: Config; trk: ProgressMap; err: undefined } | { cfg: undefined; trk: undefined; err: Error };

function fail(message: string): ChangeResult {
  return { cfg: undefined, trk: undefined, err: new Error(message) };
}

export class Changer {
  /**
   * @param tracker the current configuration and progress (only read)
   * @param lastIndex the raft log's last index; new members start probing there
   */
  constructor(
    readonly tracker: ProgressTracker,
    readonly lastIndex: number,
  ) {}

  /**
   * Enters a joint configuration: the current voters become the outgoing half and the
   * changes are applied to the incoming half. autoLeave asks raft to leave it by itself.
   */
  enterJoint(autoLeave: boolean, ...ccs: ConfChangeSingle[]): ChangeResult {
    const copied = this.checkAndCopy();
    if (copied.err !== undefined) {
      return copied;
    }
    const { cfg, trk } = copied;
    if (joint(cfg)) {
      return fail('config is already joint');
    }
    if (cfg.voters[0].size === 0) {
      // A joint config with an empty half would let the other half decide alone.
      return fail("can't make a zero-voter config joint");
    }
    cfg.voters[1] = new MajorityConfig(cfg.voters[0]);
    const err = this.apply(cfg, trk, ccs);
    if (err !== undefined) {
      return fail(err);
    }
    cfg.autoLeave = autoLeave;
    return checkAndReturn(cfg, trk);
  }

  /**
   * Leaves a joint configuration: the outgoing half is dropped, LearnersNext become learners,
   * and members that are now neither voters nor learners lose their progress.
   */
  leaveJoint(): ChangeResult {
    const copied = this.checkAndCopy();
    if (copied.err !== undefined) {
      return copied;
    }
    const { cfg, trk } = copied;
    if (!joint(cfg)) {
      return fail("can't leave a non-joint config");
    }
    for (const id of cfg.learnersNext) {
      cfg.learners.add(id);
      (trk.get(id) as Progress).isLearner = true;
    }
    cfg.learnersNext = new MajorityConfig();
    for (const id of cfg.voters[1]) {
      if (!cfg.voters[0].has(id) && !cfg.learners.has(id)) {
        trk.delete(id);
      }
    }
    cfg.voters[1] = new MajorityConfig();
    cfg.autoLeave = false;
    return checkAndReturn(cfg, trk);
  }

  /** Applies changes that move at most one voter, outside a joint configuration. */
  simple(...ccs: ConfChangeSingle[]): ChangeResult {
    const copied = this.checkAndCopy();
    if (copied.err !== undefined) {
      return copied;
    }
    const { cfg, trk } = copied;
    if (joint(cfg)) {
      return fail("can't apply simple config change in joint config");
    }
    const err = this.apply(cfg, trk, ccs);
    if (err !== undefined) {
      return fail(err);
    }
    if (symdiff(this.tracker.config.voters[0], cfg.voters[0]) > 1) {
      return fail('more than one voter changed without entering joint config');
    }
    return checkAndReturn(cfg, trk);
  }

  /** Applies each change to the incoming half; returns an error text, if any. */
  private apply(cfg: Config, trk: ProgressMap, ccs: readonly ConfChangeSingle[]): string | undefined {
    for (const cc of ccs) {
      if (cc.nodeID === 0n) {
        // Upstream ignores changes for node 0 (etcd proposes them as no-ops).
        continue;
      }
      switch (cc.type) {
        case ConfChangeType.ConfChangeAddNode:
          this.makeVoter(cfg, trk, cc.nodeID);
          break;
        case ConfChangeType.ConfChangeAddLearnerNode:
          this.makeLearner(cfg, trk, cc.nodeID);
          break;
        case ConfChangeType.ConfChangeRemoveNode:
          this.remove(cfg, trk, cc.nodeID);
          break;
        case ConfChangeType.ConfChangeUpdateNode:
          break;
        default:
          return `unexpected conf type ${String(cc.type)}`;
      }
    }
    if (cfg.voters[0].size === 0) {
      return 'removed all voters';
    }
    return undefined;
  }

  private makeVoter(cfg: Config, trk: ProgressMap, id: NodeID): void {
    const pr = trk.get(id);
    if (pr === undefined) {
      this.initProgress(cfg, trk, id, false);
      return;
    }
    pr.isLearner = false;
    cfg.learners.delete(id);
    cfg.learnersNext.delete(id);
    cfg.voters[0].add(id);
  }

  /**
   * Makes id a learner. A voter of the outgoing half cannot become a learner until the joint
   * config is left, so it goes to LearnersNext instead.
   */
  private makeLearner(cfg: Config, trk: ProgressMap, id: NodeID): void {
    const pr = trk.get(id);
    if (pr === undefined) {
      this.initProgress(cfg, trk, id, true);
      return;
    }
    if (pr.isLearner) {
      return;
    }
    // Remove any voter role but keep the progress: the node stays in the cluster.
    this.remove(cfg, trk, id);
    trk.set(id, pr);
    if (cfg.voters[1].has(id)) {
      cfg.learnersNext.add(id);
    } else {
      pr.isLearner = true;
      cfg.learners.add(id);
    }
  }

  /** Removes id from the incoming half and the learner sets; keeps its progress while outgoing. */
  private remove(cfg: Config, trk: ProgressMap, id: NodeID): void {
    if (!trk.has(id)) {
      return;
    }
    cfg.voters[0].delete(id);
    cfg.learners.delete(id);
    cfg.learnersNext.delete(id);
    if (!cfg.voters[1].has(id)) {
      trk.delete(id);
    }
  }

  private initProgress(cfg: Config, trk: ProgressMap, id: NodeID, isLearner: boolean): void {
    if (!isLearner) {
      cfg.voters[0].add(id);
    } else {
      cfg.learners.add(id);
    }
    trk.set(
      id,
      new Progress({
        match: 0,
        // Probing starts at the last index (not +1), so the first append carries one entry.
        next: Math.max(this.lastIndex, 1),
        inflights: newInflights(this.tracker.maxInflight, this.tracker.maxInflightBytes),
        isLearner,
        // A new member is assumed active, so check-quorum does not step down right away.
        recentActive: true,
      }),
    );
  }

  /** Copies the tracker's config and progress (sharing Inflights, as upstream does). */
  private checkAndCopy(): ChangeResult {
    const cfg = this.tracker.config.clone();
    const trk = new ProgressMap();
    for (const [id, pr] of this.tracker.progress) {
      trk.set(id, pr.shallowCopy());
    }
    return checkAndReturn(cfg, trk);
  }
}

/** Verifies the structural invariants of a config against its progress map. */
export function checkInvariants(cfg: Config, trk: ProgressMap): string | undefined {
  for (const ids of [cfg.voters.ids(), cfg.learners, cfg.learnersNext]) {
    for (const id of ids) {
      if (!trk.has(id)) {
        return `no progress for ${id.toString()}`;
      }
    }
  }
  for (const id of cfg.learnersNext) {
    if (!cfg.voters[1].has(id)) {
      return `${id.toString()} is in LearnersNext, but not Voters[1]`;
    }
    if ((trk.get(id) as Progress).isLearner) {
      return `${id.toString()} is in LearnersNext, but is already marked as learner`;
    }
  }
  for (const id of cfg.learners) {
    if (cfg.voters[1].has(id)) {
      return `${id.toString()} is in Learners and Voters[1]`;
    }
    if (cfg.voters[0].has(id)) {
      return `${id.toString()} is in Learners and Voters[0]`;
    }
    if (!(trk.get(id) as Progress).isLearner) {
      return `${id.toString()} is in Learners, but is not marked as learner`;
    }
  }
  if (!joint(cfg)) {
    // Upstream also checks that the outgoing half and LearnersNext are nil; empty is our nil.
    if (cfg.learnersNext.size > 0) {
      return 'cfg.LearnersNext must be nil when not joint';
    }
    if (cfg.autoLeave) {
      return 'AutoLeave must be false when not joint';
    }
  }
  return undefined;
}

function checkAndReturn(cfg: Config, trk: ProgressMap): ChangeResult {
  const err = checkInvariants(cfg, trk);
  if (err !== undefined) {
    return fail(err);
  }
  return { cfg, trk, err: undefined };
}

function joint(cfg: Config): boolean {
  return cfg.voters[1].size > 0;
}

/** Number of IDs in exactly one of the two sets. */
function symdiff(l: ReadonlySet<NodeID>, r: ReadonlySet<NodeID>): number {
  let n = 0;
  for (const id of l) {
    if (!r.has(id)) n++;
  }
  for (const id of r) {
    if (!l.has(id)) n++;
  }
  return n;
}

/** Describe: e.g. `ConfChangeAddNode(1) ConfChangeRemoveNode(2)` (used by tests). */
export function describeConfChanges(ccs: readonly ConfChangeSingle[]): string {
  return ccs.map((cc) => `${confChangeTypeName(cc.type)}(${cc.nodeID.toString()})`).join(' ');
}
