/**
 * status: snapshots of a raft node's state for observers (upstream status.go). Everything
 * returned is a copy; mutating it does not affect the node.
 */
import { hex } from './logger';
import type { HardState, NodeID } from './raftpb/types';
import type { Raft } from './raft';
import { stateTypeName, StateType, type SoftState } from './state_type';
import { ProgressMap } from './tracker/progress';
import { progressStateName } from './tracker/state';
import type { Config as TrackerConfig } from './tracker/tracker';

/**
 * The cheap part of Status: no configuration and no progress copies. Go embeds HardState and
 * SoftState, so their fields are readable both through the embedded struct and directly
 * (`s.HardState.Term` and `s.Term`); both forms are provided here.
 */
export interface BasicStatus {
  id: NodeID;
  hardState: HardState;
  softState: SoftState;
  term: number;
  vote: NodeID;
  commit: number;
  lead: NodeID;
  raftState: StateType;
  applied: number;
  leadTransferee: NodeID;
}

export interface Status extends BasicStatus {
  /** A copy of the active configuration. */
  config: TrackerConfig;
  /** A copy of every peer's Progress, only on a leader (empty elsewhere). */
  progress: ProgressMap;
}

/** getProgressCopy: every Progress with its own Inflights. */
export function getProgressCopy(r: Raft): ProgressMap {
  const m = new ProgressMap();
  r.trk.visit((id, pr) => {
    m.set(id, pr.clone());
  });
  return m;
}

export function getBasicStatus(r: Raft): BasicStatus {
  const hardState = r.hardState();
  const softState = r.softState();
  return {
    id: r.id,
    hardState,
    softState,
    ...hardState,
    ...softState,
    applied: r.raftLog.applied,
    leadTransferee: r.leadTransferee,
  };
}

export function getStatus(r: Raft): Status {
  const basic = getBasicStatus(r);
  return {
    ...basic,
    config: r.trk.config.clone(),
    progress: basic.softState.raftState === StateType.StateLeader ? getProgressCopy(r) : new ProgressMap(),
  };
}

/**
 * Status.MarshalJSON: the JSON form etcd serves, with IDs in hex. Progress entries follow
 * ascending ID order (upstream iterates a Go map, whose order is unspecified).
 */
export function statusToJSON(s: Status): string {
  const progress = s.progress
    .sortedIDs()
    .map((id) => {
      const pr = s.progress.get(id);
      if (pr === undefined) return '';
      return `"${hex(id)}":{"match":${pr.match},"next":${pr.next},"state":${JSON.stringify(progressStateName(pr.state))}}`;
    })
    .join(',');
  return (
    `{"id":"${hex(s.id)}","term":${s.hardState.term},"vote":"${hex(s.hardState.vote)}",` +
    `"commit":${s.hardState.commit},"lead":"${hex(s.softState.lead)}",` +
    `"raftState":${JSON.stringify(stateTypeName(s.softState.raftState))},"applied":${s.applied},` +
    `"progress":{${progress}},"leadtransferee":"${hex(s.leadTransferee)}"}`
  );
}
