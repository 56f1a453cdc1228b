import type { TFunction } from 'i18next';
import type { CommandError } from '../model/command_line';
import type { IssueOutcome } from '../store';

/** Words for a command-line mistake; the values inside are shown as typed. */
export function commandErrorText(t: TFunction, error: CommandError): string {
  return t(`lab.commandLine.errors.${error.kind}`, { ...error });
}

export function issueErrorText(t: TFunction, outcome: IssueOutcome): string | undefined {
  if (outcome.ok) return undefined;
  return 'error' in outcome
    ? commandErrorText(t, outcome.error)
    : t('lab.commandLine.harness', { message: outcome.harness });
}
