/**
 * `raft-log <i>`: prints the entries in node i's storage — what has been persisted, not raft's
 * unstable log (interaction_env_handler_raft_log.go).
 */
import { noLimit } from '../../raft/raftpb/types';
import { isStorageError } from '../../raft/storage';
import { describeEntries } from '../../raft/util';
import { firstAsNodeIdx } from '../args';
import type { Directive } from '../datadriven';
import type { HandlerError, InteractionEnv } from '../interaction_env';

export function handleRaftLog(env: InteractionEnv, d: Directive): HandlerError | undefined {
  return raftLog(env, firstAsNodeIdx(d));
}

export function raftLog(env: InteractionEnv, idx: number): HandlerError | undefined {
  const s = env.node(idx).storage;
  try {
    const fi = s.firstIndex();
    const li = s.lastIndex();
    if (li < fi) {
      env.output.write(`log is empty: first index=${fi}, last index=${li}`);
      return undefined;
    }
    env.output.write(describeEntries(s.entries(fi, li + 1, noLimit)));
    return undefined;
  } catch (e) {
    if (isStorageError(e)) {
      return e.message;
    }
    throw e;
  }
}
