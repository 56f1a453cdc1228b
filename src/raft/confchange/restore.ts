/**
 * Rebuilding a tracker configuration from a ConfState (upstream confchange/restore.go), as
 * needed at startup and when a snapshot is installed. The ConfState is replayed as a series
 * of conf changes through the Changer, so the result obeys every rule a live change does.
 */
import { ConfChangeType, type ConfChangeSingle, type ConfState } from '../raftpb/types';
import { ProgressTracker } from '../tracker/tracker';
import { Changer, type ChangeResult } from './confchange';

/**
 * Splits a ConfState into the changes that build its outgoing half (add each outgoing voter)
 * and those that then turn it into the incoming half: remove the outgoing voters, add the
 * voters, learners and learners-next. Applied with enterJoint, the removals of nodes that
 * are re-added cancel out, and learners-next that are outgoing voters land in LearnersNext.
 */
export function toConfChangeSingle(cs: ConfState): {
  outgoing: ConfChangeSingle[];
  incoming: ConfChangeSingle[];
} {
  const outgoing = cs.votersOutgoing.map((nodeID) => ({ type: ConfChangeType.ConfChangeAddNode, nodeID }));
  const incoming: ConfChangeSingle[] = [
    ...cs.votersOutgoing.map((nodeID) => ({ type: ConfChangeType.ConfChangeRemoveNode, nodeID })),
    ...cs.voters.map((nodeID) => ({ type: ConfChangeType.ConfChangeAddNode, nodeID })),
    ...cs.learners.map((nodeID) => ({ type: ConfChangeType.ConfChangeAddLearnerNode, nodeID })),
    ...cs.learnersNext.map((nodeID) => ({ type: ConfChangeType.ConfChangeAddLearnerNode, nodeID })),
  ];
  return { outgoing, incoming };
}

type Op = (chg: Changer) => ChangeResult;

/** Runs ops one after another, each on the result of the previous one. */
function chain(chg: Changer, ops: readonly Op[]): ChangeResult {
  let current = chg;
  for (const op of ops) {
    const res = op(current);
    if (res.err !== undefined) {
      return res;
    }
    const next = new ProgressTracker(current.tracker.maxInflight, current.tracker.maxInflightBytes);
    next.config = res.cfg;
    next.progress = res.trk;
    next.votes = current.tracker.votes;
    current = new Changer(next, current.lastIndex);
  }
  return { cfg: current.tracker.config, trk: current.tracker.progress, err: undefined };
}

/**
 * Restore: the configuration and progress map described by cs, built on top of the
 * changer's tracker (normally empty). The changer's tracker is not modified.
 */
export function restore(chg: Changer, cs: ConfState): ChangeResult {
  const { outgoing, incoming } = toConfChangeSingle(cs);
  const ops: Op[] = [];
  if (outgoing.length === 0) {
    for (const cc of incoming) {
      ops.push((c) => c.simple(cc));
    }
  } else {
    for (const cc of outgoing) {
      ops.push((c) => c.simple(cc));
    }
    ops.push((c) => c.enterJoint(cs.autoLeave, ...incoming));
  }
  return chain(chg, ops);
}
