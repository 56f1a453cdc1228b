/** `propose <i> <data>`: node i proposes the bytes of <data> (interaction_env_handler_propose.go). */
import { DirectiveFatal, firstAsNodeIdx } from '../args';
import type { Directive } from '../datadriven';
import type { HandlerError, InteractionEnv } from '../interaction_env';
import { errorText } from './result';

export function handlePropose(env: InteractionEnv, d: Directive): HandlerError | undefined {
  const idx = firstAsNodeIdx(d);
  const data = d.cmdArgs[1];
  if (d.cmdArgs.length !== 2 || data === undefined || data.vals.length > 0) {
    throw new DirectiveFatal(`${d.pos}: expected exactly one key with no vals`);
  }
  return propose(env, idx, new TextEncoder().encode(data.key));
}

export function propose(env: InteractionEnv, idx: number, data: Uint8Array): HandlerError | undefined {
  return errorText(env.node(idx).rawNode.propose(data));
}
