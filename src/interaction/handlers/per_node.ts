/**
 * The shared shape of process-ready / process-append-thread / process-apply-thread: with several
 * nodes listed, each gets a `> <id> <what>` header and its output indented; with one node,
 * neither. The first error stops the command.
 */
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
