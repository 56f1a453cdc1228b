/**
 * Building a command line from the palette's form fields. The result still goes through
 * checkCommand, so a form can never issue something the command line would refuse.
 */
import { parseLine } from '../../../interaction/datadriven';
import type { CommandSpec } from './commands';

/** What a command form collected. Empty strings and empty lists mean "not given". */
export interface CommandForm {
  /** Positional values: node IDs, a count, a level, data or an index, in order. */
  readonly positional: readonly string[];
  /** `key=value` options; a list becomes `key=(a,b)`. */
  readonly options: Readonly<Record<string, string | readonly string[]>>;
}

export function buildCommandLine(spec: CommandSpec, form: CommandForm): string {
  const parts = [spec.name, ...form.positional.map((p) => p.trim()).filter((p) => p !== '')];
  for (const opt of spec.options) {
    const value = form.options[opt.key];
    if (value === undefined) continue;
    if (typeof value === 'string') {
      if (value.trim() !== '') parts.push(`${opt.key}=${value.trim()}`);
    } else if (value.length > 0) {
      parts.push(`${opt.key}=(${value.join(',')})`);
    }
  }
  return parts.join(' ');
}

/** The node a tick command targets, or undefined if the line is not a tick. */
export function tickedNode(line: string): string | undefined {
  const parsed = parseLine(line);
  if (parsed === undefined || 'error' in parsed) return undefined;
  if (parsed.cmd !== 'tick-election' && parsed.cmd !== 'tick-heartbeat') return undefined;
  return parsed.cmdArgs[0]?.key;
}

/** The node a set-randomized-election-timeout line pins, or undefined. */
export function pinnedNode(line: string): string | undefined {
  const parsed = parseLine(line);
  if (parsed === undefined || 'error' in parsed) return undefined;
  return parsed.cmd === 'set-randomized-election-timeout' ? parsed.cmdArgs[0]?.key : undefined;
}

/**
 * Whether a tick could start an election whose timing depends on raft's random election
 * timeout. Upstream draws that timeout from a random source, so an exported script replays the
 * same in etcd's harness only if the timeout was pinned right before the tick.
 */
export function tickNeedsPin(
  line: string,
  previousLine: string | undefined,
  canElect: (node: string) => boolean,
): string | undefined {
  const node = tickedNode(line);
  if (node === undefined || !canElect(node)) return undefined;
  return previousLine !== undefined && pinnedNode(previousLine) === node ? undefined : node;
}

export function pinCommand(node: string, timeout: number): string {
  return `set-randomized-election-timeout ${node} timeout=${timeout}`;
}
