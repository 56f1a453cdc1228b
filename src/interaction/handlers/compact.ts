/**
 * `compact <i> <idx>`: discards node i's stored entries before idx (idx becomes the dummy entry,
 * so the first index becomes idx+1), then prints the remaining log
 * (interaction_env_handler_compact.go). Raft itself is not told.
 */
import { DirectiveFatal, firstAsNodeIdx, parseUint64 } from '../args';
import type { Directive } from '../datadriven';
import type { HandlerError, InteractionEnv } from '../interaction_env';
import { isStorageError } from '../../raft/storage';
import { raftLog } from './raft_log';

export function handleCompact(env: InteractionEnv, d: Directive): HandlerError | undefined {
  const idx = firstAsNodeIdx(d);
  const arg = d.cmdArgs[1];
  if (arg === undefined) {
    throw new DirectiveFatal(`${d.pos}: compact: missing index argument`);
  }
  const newFirstIndex = parseUint64(arg.key);
  if (!newFirstIndex.ok) {
    return newFirstIndex.error;
  }
  return compact(env, idx, Number(newFirstIndex.value));
}

export function compact(env: InteractionEnv, idx: number, index: number): HandlerError | undefined {
  try {
    env.node(idx).storage.memory.compact(index);
  } catch (e) {
    if (isStorageError(e)) {
      return e.message;
    }
    throw e;
  }
  return raftLog(env, idx);
}
