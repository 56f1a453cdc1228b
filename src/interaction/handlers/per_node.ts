/**
 * The shared shape of process-ready / process-append-thread / process-apply-thread: with several
 * nodes listed, each gets a `> <id> <what>` header and its output indented; with one node,
 * neither. The first error stops the command.
 */
import type { Message } from '../../raft/raftpb/types';
import { describeMessage } from '../../raft/util';
import type { HandlerError, InteractionEnv } from '../interaction_env';

export function forEachNodeWithHeader(
  env: InteractionEnv,
  idxs: readonly number[],
  what: string,
  work: (idx: number) => HandlerError | undefined,
): HandlerError | undefined {
  for (const idx of idxs) {
    let err: HandlerError | undefined;
    if (idxs.length > 1) {
      env.output.write(`> ${idx + 1} ${what}\n`);
      env.withIndent(() => {
        err = work(idx);
      });
    } else {
      err = work(idx);
    }
    if (err !== undefined) {
      return err;
    }
  }
  return undefined;
}

/**
 * The shared body of process-append-thread and process-apply-thread: take the oldest queued
 * storage message (or say `no <what> work to perform`), print it without its responses, do the
 * work, then print the responses and release them to the network.
 */
export function processStorageMessage(
  env: InteractionEnv,
  queue: Message[],
  what: 'append' | 'apply',
  work: (m: Message) => HandlerError | undefined,
): HandlerError | undefined {
  const m = queue.shift();
  if (m === undefined) {
    env.output.write(`no ${what} work to perform`);
    return undefined;
  }
  env.output.write('Processing:\n');
  env.output.write(`${describeMessage({ ...m, responses: [] })}\n`);
  const err = work(m);
  if (err !== undefined) {
    return err;
  }
  env.output.write('Responses:\n');
  for (const r of m.responses) {
    env.output.write(`${describeMessage(r)}\n`);
  }
  env.messages.push(...m.responses);
  return undefined;
}
