/**
 * Turning what the raft API reports into a harness error text. Upstream's RawNode methods return
 * a Go `error` (e.g. ErrProposalDropped); the harness prints its text.
 */
import type { HandlerError } from '../interaction_env';

/** The error text of a raft call's result: an Error value is an error, anything else success. */
export function errorText(result: unknown): HandlerError | undefined {
  return result instanceof Error ? result.message : undefined;
}
