/**
 * Interaction scripts in and out of the lab: reading a file into steps (with where each expected
 * block sits in the file, so a difference can name its line), making a step from a typed
 * command, and writing a session back out in the datadriven format.
 */
import {
  parseDatadriven,
  renderDirective,
  type ParseError,
  type ParsedDirective,
} from '../../../interaction/datadriven';

/** A directive from a file, with the 1-based line where its expected block starts. */
export interface ScriptDirective {
  readonly source: ParsedDirective;
  /** Line of the first expected-output line in the file (the line after `----`). */
  readonly blockLine: number;
  /** The expected output, or undefined when the directive has no `----` block. */
  readonly expected: string | undefined;
}

export interface Script {
  readonly name: string;
  readonly directives: readonly ScriptDirective[];
  /** Text after the last directive (trailing comments). */
  readonly trailer: string;
}

/** Largest script the lab accepts, in characters: bounds the work of an import. */
export const maxScriptChars = 2_000_000;

export type ScriptError =
  | { readonly kind: 'parse-error'; readonly file: string; readonly line: number; readonly message: string }
  | { readonly kind: 'too-large'; readonly file: string; readonly maxChars: number }
  | { readonly kind: 'no-directives'; readonly file: string };

export type ScriptResult =
  { readonly ok: true; readonly script: Script } | { readonly ok: false; readonly error: ScriptError };

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

export function parseScript(name: string, text: string): ScriptResult {
  if (text.length > maxScriptChars)
    return { ok: false, error: { kind: 'too-large', file: name, maxChars: maxScriptChars } };
  const parsed = parseDatadriven(name, text);
  if (!parsed.ok) return { ok: false, error: fromParseError(name, parsed.error) };
  if (parsed.file.directives.length === 0) return { ok: false, error: { kind: 'no-directives', file: name } };
  let linesBefore = 0;
  const directives = parsed.file.directives.map((source): ScriptDirective => {
    const afterLeading = linesBefore + countNewlines(source.leading);
    linesBefore = afterLeading + countNewlines(source.expectedRaw);
    const blockLine = afterLeading + (source.form === 'double' ? 2 : 1);
    const expected = source.form === 'none' ? undefined : source.directive.expected;
    return { source, blockLine, expected };
  });
  return { ok: true, script: { name, directives, trailer: parsed.file.trailer } };
}

function fromParseError(file: string, e: ParseError): ScriptError {
  return { kind: 'parse-error', file, line: e.line, message: e.message };
}

/**
 * A directive for a command typed in the lab. `line` and `input` must already have passed
 * checkCommand, so parsing cannot fail; a failure here is a programmer error.
 */
export function directiveFromCommand(line: string, input: string, label: string): ParsedDirective {
  const text = input === '' ? `${line}\n----\n` : `${line}\n${input}\n----\n`;
  const parsed = parseDatadriven(label, text);
  const pd = parsed.ok ? parsed.file.directives[0] : undefined;
  if (pd === undefined || parsed.ok === false || parsed.file.directives.length !== 1) {
    throw new Error(`command did not parse as one directive: ${line}`);
  }
  return pd;
}

/** The source lines before the `----`: comments and blank lines first, then the directive. */
function leadingLines(pd: ParsedDirective): string[] {
  const lines = pd.leading.split('\n').map((l) => l.replace(/\r$/, ''));
  while (lines.length > 0 && lines[lines.length - 1]?.trim() !== '----') lines.pop();
  lines.pop();
  return lines;
}

function isCommentOrBlank(line: string): boolean {
  const t = line.trim();
  return t === '' || t.startsWith('#');
}

/** The directive as written (its line and any input lines), without comments or the `----`. */
export function directiveText(pd: ParsedDirective): string {
  const lines = leadingLines(pd);
  const first = lines.findIndex((l) => !isCommentOrBlank(l));
  return lines
    .slice(first < 0 ? 0 : first)
    .join('\n')
    .trim();
}

/** The comment lines written just above the directive, without their `#`, for the transcript. */
export function directiveComment(pd: ParsedDirective): string {
  const lines = leadingLines(pd);
  const first = lines.findIndex((l) => !isCommentOrBlank(l));
  return lines
    .slice(0, first < 0 ? 0 : first)
    .filter((l) => l.trim().startsWith('#'))
    .map((l) => l.trim().replace(/^#+ ?/, ''))
    .join('\n');
}

/**
 * Writes directives and their outputs as one datadriven file. A directive whose output equals
 * what its source expected keeps its source bytes (comments included), so exporting an
 * unchanged import gives the file back; blocks are always separated by a blank line.
 */
export function renderSession(
  steps: readonly { source: ParsedDirective; output: string }[],
  trailer: string,
): string {
  let text = '';
  for (const step of steps) {
    const chunk = renderDirective(step.source, step.output);
    if (text !== '' && !text.endsWith('\n\n') && !chunk.startsWith('\n')) text += '\n';
    text += chunk;
  }
  return text + trailer;
}
