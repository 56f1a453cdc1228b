/**
 * `transfer-leadership from=<i> to=<j>`: asks node i to hand leadership to node j
 * (interaction_env_handler_transfer_leadership.go).
 */
import { DirectiveFatal, scanSingleArg, scanUint64 } from '../args';
import type { Directive } from '../datadriven';
import type { HandlerError, InteractionEnv } from '../interaction_env';

export function handleTransferLeadership(env: InteractionEnv, d: Directive): HandlerError | undefined {
  const from = scanSingleArg(d, 'from', scanUint64);
  const to = scanSingleArg(d, 'to', scanUint64);
  const count = BigInt(env.nodes.length);
  if (from === 0n || from > count) {
    throw new DirectiveFatal(`${d.pos}: expected valid "from" argument`);
  }
  if (to === 0n || to > count) {
    throw new DirectiveFatal(`${d.pos}: expected valid "to" argument`);
  }
  transferLeadership(env, from, to);
  return undefined;
}

export function transferLeadership(env: InteractionEnv, from: bigint, to: bigint): void {
  env.node(Number(from) - 1).rawNode.transferLeader(to);
}
