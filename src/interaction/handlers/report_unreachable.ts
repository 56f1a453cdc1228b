/**
 * `report-unreachable <i> <j>`: tells node i that node j could not be reached
 * (interaction_env_handler_report_unreachable.go).
 */
import { nodeIdxs } from '../args';
import type { Directive } from '../datadriven';
import type { HandlerError, InteractionEnv } from '../interaction_env';

export const reportUnreachableArgsError =
  'must specify exactly two node indexes: node on which to report, and reported node';

export function handleReportUnreachable(env: InteractionEnv, d: Directive): HandlerError | undefined {
  const idxs = nodeIdxs(d);
  const [on, reported] = idxs;
  if (idxs.length !== 2 || on === undefined || reported === undefined) {
    return reportUnreachableArgsError;
  }
  env.node(on).rawNode.reportUnreachable(env.node(reported).config.id);
  return undefined;
}
