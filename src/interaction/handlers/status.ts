/**
 * `status <i>`: node i's progress map, one `<id>: <progress>` line per peer in ascending ID
 * order; only a leader tracks progress, so elsewhere the output is `ok`
 * (interaction_env_handler_status.go).
 */
import { firstAsNodeIdx } from '../args';
import type { Directive } from '../datadriven';
import type { HandlerError, InteractionEnv } from '../interaction_env';

export function handleStatus(env: InteractionEnv, d: Directive): HandlerError | undefined {
  status(env, firstAsNodeIdx(d));
  return undefined;
}

export function status(env: InteractionEnv, idx: number): void {
  const progress = env.node(idx).rawNode.status().progress;
  const ids = [...progress.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const id of ids) {
    env.output.write(`${id}: ${String(progress.get(id))}\n`);
  }
}
