/**
 * `propose-conf-change <i> [v1=<bool>] [transition=auto|implicit|explicit]` with the changes as
 * the input block, e.g. `v1 l2 r3` (interaction_env_handler_propose_conf_change.go).
 */
import { confChangesFromString, type ConfChangeI } from '../../raft/raftpb/confchange';
import { ConfChangeTransition, type ConfChangeSingle } from '../../raft/raftpb/types';
import { firstAsNodeIdx, parseBool } from '../args';
import type { Directive } from '../datadriven';
import type { HandlerError, InteractionEnv } from '../interaction_env';
import { errorText } from './result';

export const v1ConfChangeError = 'v1 conf change can only have one operation and no transition';

const transitions: ReadonlyMap<string, ConfChangeTransition> = new Map([
  ['auto', ConfChangeTransition.ConfChangeTransitionAuto],
  ['implicit', ConfChangeTransition.ConfChangeTransitionJointImplicit],
  ['explicit', ConfChangeTransition.ConfChangeTransitionJointExplicit],
]);

export function handleProposeConfChange(env: InteractionEnv, d: Directive): HandlerError | undefined {
  const idx = firstAsNodeIdx(d);
  let v1 = false;
  let transition = ConfChangeTransition.ConfChangeTransitionAuto;
  for (const arg of d.cmdArgs.slice(1)) {
    for (const val of arg.vals) {
      if (arg.key === 'v1') {
        const b = parseBool(val);
        if (!b.ok) {
          return b.error;
        }
        v1 = b.value;
      } else if (arg.key === 'transition') {
        const t = transitions.get(val);
        if (t === undefined) {
          return `unknown transition ${val}`;
        }
        transition = t;
      } else {
        return `unknown command ${arg.key}`;
      }
    }
  }
  const ccs = confChangesFromString(d.input);
  if (!ccs.ok) {
    return ccs.error;
  }
  const cc = buildConfChange(ccs.value, v1, transition);
  return typeof cc === 'string' ? cc : proposeConfChange(env, idx, cc);
}

function buildConfChange(
  ccs: readonly ConfChangeSingle[],
  v1: boolean,
  transition: ConfChangeTransition,
): ConfChangeI | HandlerError {
  if (!v1) {
    return { transition, changes: [...ccs], context: undefined };
  }
  const first = ccs[0];
  if (ccs.length > 1 || transition !== ConfChangeTransition.ConfChangeTransitionAuto) {
    return v1ConfChangeError;
  }
  if (first === undefined) {
    // Upstream indexes ccs[0] here and panics on an empty input.
    throw new RangeError('runtime error: index out of range [0] with length 0');
  }
  return { type: first.type, nodeID: first.nodeID, context: undefined, id: 0n };
}

export function proposeConfChange(
  env: InteractionEnv,
  idx: number,
  cc: ConfChangeI,
): HandlerError | undefined {
  return errorText(env.node(idx).rawNode.proposeConfChange(cc));
}
