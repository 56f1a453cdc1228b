/** `forget-leader <i>`: node i forgets its leader (interaction_env_handler_forget_leader.go). */
import { firstAsNodeIdx } from '../args';
import type { Directive } from '../datadriven';
import type { HandlerError, InteractionEnv } from '../interaction_env';

export function handleForgetLeader(env: InteractionEnv, d: Directive): HandlerError | undefined {
  forgetLeader(env, firstAsNodeIdx(d));
  return undefined;
}

/** Upstream ignores the returned error here, so the harness does too. */
export function forgetLeader(env: InteractionEnv, idx: number): void {
  env.node(idx).rawNode.forgetLeader();
}
