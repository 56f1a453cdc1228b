/**
 * The raft Config every harness node starts from (rafttest/interaction_env.go: raftConfigStub),
 * before `add-nodes` arguments adjust it. Fields not set here keep raft's zero values, which
 * raft's validation turns into its defaults (e.g. MaxCommittedSizePerReady = MaxSizePerMsg).
 */
import { ReadOnlyOption } from '../raft/read_only';
import { noLimit } from '../raft/raftpb/types';

/** The Config fields the harness sets; ID, Storage and Logger are filled in per node. */
export interface ConfigStub {
  electionTick: number;
  heartbeatTick: number;
  applied: number;
  maxSizePerMsg: number;
  maxCommittedSizePerReady: number;
  maxUncommittedEntriesSize: number;
  maxInflightMsgs: number;
  maxInflightBytes: number;
  asyncStorageWrites: boolean;
  preVote: boolean;
  checkQuorum: boolean;
  readOnlyOption: ReadOnlyOption;
  disableProposalForwarding: boolean;
  disableConfChangeValidation: boolean;
  stepDownOnRemoval: boolean;
}

/** Go's math.MaxInt32, the harness's "no inflight limit". */
const maxInt32 = 2 ** 31 - 1;

export function raftConfigStub(): ConfigStub {
  return {
    electionTick: 3,
    heartbeatTick: 1,
    applied: 0,
    maxSizePerMsg: noLimit,
    maxCommittedSizePerReady: 0,
    maxUncommittedEntriesSize: 0,
    maxInflightMsgs: maxInt32,
    maxInflightBytes: 0,
    asyncStorageWrites: false,
    preVote: false,
    checkQuorum: false,
    readOnlyOption: ReadOnlyOption.ReadOnlySafe,
    disableProposalForwarding: false,
    disableConfChangeValidation: false,
    stepDownOnRemoval: false,
  };
}
