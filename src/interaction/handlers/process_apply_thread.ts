/**
 * `process-apply-thread <i> [<j> ...]`: applies one queued batch of committed entries of each
 * listed node and releases its responses (interaction_env_handler_process_apply_thread.go).
 */
import { confChangeFromEntry } from '../../raft/raftpb/confchange';
import {
  cloneConfState,
  EntryType,
  type ConfState,
  type Entry,
  type Snapshot,
} from '../../raft/raftpb/types';
import { nodeIdxs } from '../args';
import type { Directive } from '../datadriven';
import type { HandlerError, InteractionEnv } from '../interaction_env';
import type { InteractionNode } from '../node';
import { forEachNodeWithHeader, processStorageMessage } from './per_node';

export function handleProcessApplyThread(env: InteractionEnv, d: Directive): HandlerError | undefined {
  return forEachNodeWithHeader(env, nodeIdxs(d), 'processing apply thread', (idx) =>
    processApplyThread(env, idx),
  );
}

/** Pops the node's oldest MsgStorageApply, applies its entries, queues its responses. */
export function processApplyThread(env: InteractionEnv, idx: number): HandlerError | undefined {
  const n = env.node(idx);
  return processStorageMessage(env, n.applyWork, 'apply', (m) => processApply(n, m.entries));
}

function concatBytes(a: Uint8Array | undefined, b: Uint8Array | undefined): Uint8Array | undefined {
  const la = a?.length ?? 0;
  const lb = b?.length ?? 0;
  if (la + lb === 0) {
    return a ?? b;
  }
  const out = new Uint8Array(la + lb);
  out.set(a ?? new Uint8Array(0), 0);
  out.set(b ?? new Uint8Array(0), la);
  return out;
}

/**
 * Applies committed entries to the node's "appender" state machine: each entry adds a snapshot
 * to the history whose data is the previous data plus the entry's payload. Conf changes are
 * handed to raft, whose resulting ConfState the snapshot records.
 */
export function processApply(n: InteractionNode, entries: readonly Entry[]): HandlerError | undefined {
  for (const ent of entries) {
    let update: Uint8Array | undefined;
    let cs: ConfState | undefined;
    if (ent.type === EntryType.EntryConfChange || ent.type === EntryType.EntryConfChangeV2) {
      let cc;
      try {
        cc = confChangeFromEntry(ent);
      } catch (e) {
        return e instanceof Error ? e.message : String(e);
      }
      cs = n.rawNode.applyConfChange(cc);
      update = cc.context;
    } else {
      update = ent.data;
    }
    const last = n.history[n.history.length - 1];
    if (last === undefined) {
      throw new Error('interaction node without history');
    }
    const snap: Snapshot = {
      data: concatBytes(last.data, update),
      metadata: {
        index: ent.index,
        term: ent.term,
        confState: cloneConfState(cs ?? last.metadata.confState),
      },
    };
    n.history.push(snap);
  }
  return undefined;
}
