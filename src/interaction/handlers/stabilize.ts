/**
 * `stabilize [<i> ...] [log-level=<name>]`: processes Readys, delivers messages and runs the
 * storage threads of the given nodes (default: all) until nothing is left to do
 * (interaction_env_handler_stabilize.go).
 */
import { nodeIdxs } from '../args';
import type { Directive } from '../datadriven';
import type { HandlerError, InteractionEnv } from '../interaction_env';
import type { InteractionNode } from '../node';
import { parseLogLevel, logLevelError } from '../redirect_logger';
import { deliverMsgs, splitMsgs } from './deliver_msgs';
import { processAppendThread } from './process_append_thread';
import { processApplyThread } from './process_apply_thread';
import { processReady } from './process_ready';

/** A bound on stabilize rounds, so a livelocked cluster fails loudly instead of hanging. */
export const maxStabilizeRounds = 10_000;

export function handleStabilize(env: InteractionEnv, d: Directive): HandlerError | undefined {
  const idxs = nodeIdxs(d);
  const savedLvl = env.output.lvl;
  try {
    for (const arg of d.cmdArgs) {
      if (arg.key !== 'log-level') {
        continue;
      }
      for (const name of arg.vals) {
        const lvl = parseLogLevel(name);
        if (lvl === undefined) {
          return logLevelError;
        }
        env.output.lvl = lvl;
      }
    }
    return stabilize(env, idxs);
  } finally {
    env.output.lvl = savedLvl;
  }
}

/** Runs rounds of the four phases until a round finds no work (see file comment). */
export function stabilize(env: InteractionEnv, idxs: readonly number[]): HandlerError | undefined {
  const nodes = idxs.length > 0 ? idxs.map((i) => env.node(i)) : [...env.nodes];
  for (let round = 0; round < maxStabilizeRounds; round++) {
    let done = true;
    for (const n of nodes) {
      if (n.rawNode.hasReady()) {
        const err = readyPhase(env, n);
        if (err !== undefined) {
          return err;
        }
        done = false;
      }
    }
    for (const n of nodes) {
      if (splitMsgs(env.messages, n.id, undefined, false).toMsgs.length > 0) {
        env.output.write(`> ${n.id} receiving messages\n`);
        env.withIndent(() => deliverMsgs(env, undefined, [{ id: n.id, drop: false }]));
        done = false;
      }
    }
    for (const n of nodes) {
      if (n.appendWork.length > 0) {
        const err = drainAppendWork(env, n);
        if (err !== undefined) {
          return err;
        }
        done = false;
      }
    }
    for (const n of nodes) {
      if (n.applyWork.length > 0) {
        drainApplyWork(env, n);
        done = false;
      }
    }
    if (done) {
      return undefined;
    }
  }
  throw new Error(`stabilize did not settle within ${maxStabilizeRounds} rounds`);
}

function readyPhase(env: InteractionEnv, n: InteractionNode): HandlerError | undefined {
  env.output.write(`> ${n.id} handling Ready\n`);
  let err: HandlerError | undefined;
  env.withIndent(() => {
    err = processReady(env, Number(n.id) - 1);
  });
  return err;
}

function drainAppendWork(env: InteractionEnv, n: InteractionNode): HandlerError | undefined {
  env.output.write(`> ${n.id} processing append thread\n`);
  while (n.appendWork.length > 0) {
    let err: HandlerError | undefined;
    env.withIndent(() => {
      err = processAppendThread(env, Number(n.id) - 1);
    });
    if (err !== undefined) {
      return err;
    }
  }
  return undefined;
}

// Upstream ignores apply-thread errors here; the error text is simply lost.
function drainApplyWork(env: InteractionEnv, n: InteractionNode): void {
  env.output.write(`> ${n.id} processing apply thread\n`);
  while (n.applyWork.length > 0) {
    env.withIndent(() => {
      processApplyThread(env, Number(n.id) - 1);
    });
  }
}
