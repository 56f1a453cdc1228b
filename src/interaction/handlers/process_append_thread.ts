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
import { nodeIdxs } from '../args';
import type { Directive } from '../datadriven';
import type { HandlerError, InteractionEnv } from '../interaction_env';
import type { InteractionNode } from '../node';
import { forEachNodeWithHeader, processStorageMessage } from './per_node';

export function handleProcessAppendThread(env: InteractionEnv, d: Directive): HandlerError | undefined {
  return forEachNodeWithHeader(env, nodeIdxs(d), 'processing append thread', (idx) =>
    processAppendThread(env, idx),
  );
}

/** Pops the node's oldest MsgStorageAppend, writes it to storage, queues its responses. */
export function processAppendThread(env: InteractionEnv, idx: number): HandlerError | undefined {
  const n = env.node(idx);
  return processStorageMessage(env, n.appendWork, 'append', (m) =>
    processAppend(n, { term: m.term, vote: m.vote, commit: m.commit }, m.entries, m.snapshot),
  );
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
