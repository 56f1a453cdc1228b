/**
 * The command table of the interaction harness (interaction_env_handler.go: Handle). A handler
 * returns the error text that becomes (part of) the directive's output, or undefined.
 */
import type { Directive } from '../datadriven';
import type { HandlerError, InteractionEnv } from '../interaction_env';
import { handleAddNodes } from './add_nodes';
import { handleCampaign } from './campaign';
import { handleCompact } from './compact';
import { handleDeliverMsgs } from './deliver_msgs';
import { handleForgetLeader } from './forget_leader';
import { handleLogLevel } from './log_level';
import { handleProcessAppendThread } from './process_append_thread';
import { handleProcessApplyThread } from './process_apply_thread';
import { handleProcessReady } from './process_ready';
import { handlePropose } from './propose';
import { handleProposeConfChange } from './propose_conf_change';
import { handleRaftLog } from './raft_log';
import { handleRaftState } from './raft_state';
import { handleReportUnreachable } from './report_unreachable';
import { handleSendSnapshot } from './send_snapshot';
import { handleSetRandomizedElectionTimeout } from './set_randomized_election_timeout';
import { handleStabilize } from './stabilize';
import { handleStatus } from './status';
import { handleTickElection, handleTickHeartbeat } from './tick';
import { handleTransferLeadership } from './transfer_leadership';

export type Handler = (env: InteractionEnv, d: Directive) => HandlerError | undefined;

export const handlers: ReadonlyMap<string, Handler> = new Map<string, Handler>([
  // A no-op to hang a debugger breakpoint on while stepping through a long script.
  ['_breakpoint', () => undefined],
  ['add-nodes', handleAddNodes],
  ['campaign', handleCampaign],
  ['compact', handleCompact],
  ['deliver-msgs', handleDeliverMsgs],
  ['forget-leader', handleForgetLeader],
  ['log-level', handleLogLevel],
  ['process-append-thread', handleProcessAppendThread],
  ['process-apply-thread', handleProcessApplyThread],
  ['process-ready', handleProcessReady],
  ['propose', handlePropose],
  ['propose-conf-change', handleProposeConfChange],
  ['raft-log', handleRaftLog],
  ['raft-state', handleRaftState],
  ['report-unreachable', handleReportUnreachable],
  ['send-snapshot', handleSendSnapshot],
  ['set-randomized-election-timeout', handleSetRandomizedElectionTimeout],
  ['stabilize', handleStabilize],
  ['status', handleStatus],
  ['tick-election', handleTickElection],
  ['tick-heartbeat', handleTickHeartbeat],
  ['transfer-leadership', handleTransferLeadership],
]);

/** The command names, sorted, e.g. for a UI's autocomplete. */
export const commandNames: readonly string[] = [...handlers.keys()].sort();
