/** `log-level <name>`: sets the output level (interaction_env_handler_log_level.go). */
import { DirectiveFatal } from '../args';
import type { Directive } from '../datadriven';
import type { HandlerError, InteractionEnv } from '../interaction_env';
import { logLevelError, parseLogLevel } from '../redirect_logger';

export function handleLogLevel(env: InteractionEnv, d: Directive): HandlerError | undefined {
  const first = d.cmdArgs[0];
  if (first === undefined) {
    throw new DirectiveFatal(`${d.pos}: log-level: missing argument`);
  }
  return setLogLevel(env, first.key);
}

/** Sets the level by name (case-insensitive); an unknown name leaves it unchanged. */
export function setLogLevel(env: InteractionEnv, name: string): HandlerError | undefined {
  const lvl = parseLogLevel(name);
  if (lvl === undefined) {
    return logLevelError;
  }
  env.output.lvl = lvl;
  return undefined;
}
