/**
 * `process-append-thread <i> [<j> ...]`: performs one queued storage append of each listed node
 * and releases its responses to the network (interaction_env_handler_process_append_thread.go).
 */
import {
  isEmptyHardState,
  isEmptySnap,
  type Entry,
  type HardState,
  type Snapshot,
} from '../../raft/raftpb/types';
import { isStorageError } from '../../raft/storage';
import { describeMessage } from '../../raft/util';
import { nodeIdxs } from '../args';
import type { Directive } from '../datadriven';
import type { HandlerError, InteractionEnv } from '../interaction_env';
import type { InteractionNode } from '../node';
import { forEachNodeWithHeader } from './per_node';

export function handleProcessAppendThread(env: InteractionEnv, d: Directive): HandlerError | undefined {
  return forEachNodeWithHeader(env, nodeIdxs(d), 'processing append thread', (idx) =>
    processAppendThread(env, idx),
  );
}

/** Pops the node's oldest MsgStorageAppend, writes it to storage, queues its responses. */
export function processAppendThread(env: InteractionEnv, idx: number): HandlerError | undefined {
  const n = env.node(idx);
  const m = n.appendWork.shift();
  if (m === undefined) {
    env.output.write('no append work to perform');
    return undefined;
  }
  const responses = m.responses;
  const described = { ...m, responses: [] };
  env.output.write('Processing:\n');
  env.output.write(`${describeMessage(described)}\n`);
  const st: HardState = { term: m.term, vote: m.vote, commit: m.commit };
  const err = processAppend(n, st, m.entries, m.snapshot);
  if (err !== undefined) {
    return err;
  }
  env.output.write('Responses:\n');
  for (const r of responses) {
    env.output.write(`${describeMessage(r)}\n`);
  }
  env.messages.push(...responses);
  return undefined;
}

/**
 * Writes a HardState, and then either a snapshot or entries, to the node's storage (the sync
 * half of a Ready, or the work of one MsgStorageAppend). Storage errors become the error text.
 */
export function processAppend(
  n: InteractionNode,
  st: HardState,
  entries: readonly Entry[],
  snap: Snapshot | undefined,
): HandlerError | undefined {
  const s = n.storage.memory;
  try {
    if (!isEmptyHardState(st)) {
      s.setHardState(st);
    }
    if (snap !== undefined && !isEmptySnap(snap)) {
      if (entries.length > 0) {
        return "can't apply snapshot and entries at the same time";
      }
      s.applySnapshot(snap);
      return undefined;
    }
    s.append(entries);
    return undefined;
  } catch (e) {
    if (isStorageError(e)) {
      return e.message;
    }
    throw e;
  }
}
