/**
 * `process-ready <i> [<j> ...]`: takes each listed node's Ready, prints it, and (in sync mode)
 * persists, applies and advances it; messages go to the network or, in async mode, to the
 * node's append/apply threads (interaction_env_handler_process_ready.go).
 */
import { MessageType } from '../../raft/raftpb/types';
import { describeReady, isLocalMsgTarget } from '../../raft/util';
import { nodeIdxs } from '../args';
import type { Directive } from '../datadriven';
import type { HandlerError, InteractionEnv } from '../interaction_env';
import { forEachNodeWithHeader } from './per_node';
import { processAppend } from './process_append_thread';
import { processApply } from './process_apply_thread';

export function handleProcessReady(env: InteractionEnv, d: Directive): HandlerError | undefined {
  return forEachNodeWithHeader(env, nodeIdxs(d), 'handling Ready', (idx) => processReady(env, idx));
}

export function processReady(env: InteractionEnv, idx: number): HandlerError | undefined {
  const n = env.node(idx);
  const rd = n.rawNode.ready();
  env.output.write(describeReady(rd));
  const async = n.config.asyncStorageWrites === true;
  if (!async) {
    const appendErr = processAppend(n, rd.hardState, rd.entries, rd.snapshot);
    if (appendErr !== undefined) {
      return appendErr;
    }
    const applyErr = processApply(n, rd.committedEntries);
    if (applyErr !== undefined) {
      return applyErr;
    }
  }
  for (const m of rd.messages) {
    if (!isLocalMsgTarget(m.to)) {
      env.messages.push(m);
      continue;
    }
    if (!async) {
      throw new Error('unexpected local msg target');
    }
    if (m.type === MessageType.MsgStorageAppend) {
      n.appendWork.push(m);
    } else if (m.type === MessageType.MsgStorageApply) {
      n.applyWork.push(m);
    } else {
      throw new Error(`unexpected message type ${MessageType[m.type]}`);
    }
  }
  if (!async) {
    n.rawNode.advance(rd);
  }
  return undefined;
}
