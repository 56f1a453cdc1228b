/** `campaign <i>`: node i starts an election (interaction_env_handler_campaign.go). */
import { firstAsNodeIdx } from '../args';
import type { Directive } from '../datadriven';
import type { HandlerError, InteractionEnv } from '../interaction_env';
import { errorText } from './result';

export function handleCampaign(env: InteractionEnv, d: Directive): HandlerError | undefined {
  return campaign(env, firstAsNodeIdx(d));
}

export function campaign(env: InteractionEnv, idx: number): HandlerError | undefined {
  return errorText(env.node(idx).rawNode.campaign());
}
