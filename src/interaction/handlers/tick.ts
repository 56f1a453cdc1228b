/**
 * `tick-election <i>` and `tick-heartbeat <i>`: tick node i ElectionTick or HeartbeatTick times
 * (interaction_env_handler_tick.go).
 */
import { firstAsNodeIdx } from '../args';
import type { Directive } from '../datadriven';
import type { HandlerError, InteractionEnv } from '../interaction_env';

export function handleTickElection(env: InteractionEnv, d: Directive): HandlerError | undefined {
  const idx = firstAsNodeIdx(d);
  tick(env, idx, env.node(idx).config.electionTick);
  return undefined;
}

export function handleTickHeartbeat(env: InteractionEnv, d: Directive): HandlerError | undefined {
  const idx = firstAsNodeIdx(d);
  tick(env, idx, env.node(idx).config.heartbeatTick);
  return undefined;
}

export function tick(env: InteractionEnv, idx: number, count: number): void {
  const rawNode = env.node(idx).rawNode;
  for (let i = 0; i < count; i++) {
    rawNode.tick();
  }
}
