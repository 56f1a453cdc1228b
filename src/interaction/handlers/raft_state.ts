/**
 * `raft-state`: one line per node with its role, whether it is a voter in its *own* current
 * configuration, its term and the leader it knows (interaction_env_handler_raftstate.go).
 */
import { stateTypeName } from '../../raft/state_type';
import type { HandlerError, InteractionEnv } from '../interaction_env';

export function handleRaftState(env: InteractionEnv): HandlerError | undefined {
  for (const n of env.nodes) {
    const st = n.rawNode.status();
    const voter = st.config.voters.ids().has(st.id) ? '(Voter)' : '(Non-Voter)';
    const state = stateTypeName(st.softState.raftState);
    env.output.write(`${st.id}: ${state} ${voter} Term:${st.hardState.term} Lead:${st.softState.lead}\n`);
  }
  return undefined;
}
