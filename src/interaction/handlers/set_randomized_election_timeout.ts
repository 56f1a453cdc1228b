/**
 * `set-randomized-election-timeout <i> timeout=<n>`: pins node i's randomized election timeout
 * until its next reset (interaction_env_handler_set_randomized_election_timeout.go).
 */
import { DirectiveFatal, firstAsNodeIdx, scanInt, scanSingleArg } from '../args';
import type { Directive } from '../datadriven';
import type { HandlerError, InteractionEnv } from '../interaction_env';

export function handleSetRandomizedElectionTimeout(
  env: InteractionEnv,
  d: Directive,
): HandlerError | undefined {
  const idx = firstAsNodeIdx(d);
  const timeout = scanSingleArg(d, 'timeout', scanInt);
  if (timeout === 0) {
    throw new DirectiveFatal(`${d.pos}: timeout must not be zero`);
  }
  const hook = env.options.setRandomizedElectionTimeout;
  if (hook === undefined) {
    throw new DirectiveFatal(`${d.pos}: the env has no setRandomizedElectionTimeout hook`);
  }
  hook(env.node(idx).rawNode, timeout);
  return undefined;
}
