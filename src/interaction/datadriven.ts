/**
 * The datadriven file format of github.com/cockroachdb/datadriven v1.0.2 (test_data_reader.go,
 * line_parser.go, datadriven.go), which etcd's raft interaction tests are written in.
 *
 * A file is a sequence of directives:
 *
 *     # comment
 *     <cmd> <key> <key>=<value> <key>=(<v1>, <v2>)
 *     <optional input lines>
 *     ----
 *     <expected output, ending at the first blank line>
 *
 * (or, for outputs that contain blank lines, `----` twice after the directive and `----` twice
 * after the output). Parsing keeps every byte of the source, so rendering a parsed file with the
 * outputs it already expects gives the file back byte for byte, and rendering it with the outputs
 * a handler actually produced gives a text that can be diffed against the source line by line or
 * written back ("rewrite") to author new scripts.
 */

/** One argument of a directive line: `key`, `key=value` or `key=(v1, v2, ...)`. */
export interface CmdArg {
  readonly key: string;
  /** Empty for a bare key; `['']` for `key=`. */
  readonly vals: readonly string[];
}

/** A directive as the handler sees it (datadriven.TestData). */
export interface Directive {
  /** `<file>:<line>` of the directive's first line, for error messages. */
  readonly pos: string;
  /** 1-based line number of the directive's first line. */
  readonly line: number;
  readonly cmd: string;
  readonly cmdArgs: readonly CmdArg[];
  /** The lines between the directive and `----`, joined with `\n` and trimmed. */
  readonly input: string;
  /** The expected output: each line followed by `\n`; empty when the block is empty. */
  readonly expected: string;
}

/** How a directive's expected output was written in the source. */
export type BlockForm = 'single' | 'double' | 'none';

/** A directive together with the exact source text around it. */
export interface ParsedDirective {
  readonly directive: Directive;
  /** Source text from the end of the previous block through the `----` line (comments, blanks, input). */
  readonly leading: string;
  /** Source text of the expected block as written, including its terminating blank line. */
  readonly expectedRaw: string;
  readonly form: BlockForm;
  /** The raw blank line (or double-separator closing text) that ended the block; '' at end of file. */
  readonly terminator: string;
}

export interface ParsedFile {
  readonly name: string;
  readonly directives: readonly ParsedDirective[];
  /** Source text after the last directive (trailing comments and blank lines). */
  readonly trailer: string;
}

/** A user error in a script: where and what. */
export interface ParseError {
  readonly kind: 'parse-error';
  readonly pos: string;
  /** 1-based line of the directive at fault. */
  readonly line: number;
  readonly message: string;
}

export type ParseResult = { ok: true; file: ParsedFile } | { ok: false; error: ParseError };

interface SourceLine {
  /** The line without its `\n` and without a trailing `\r` (bufio.ScanLines). */
  readonly text: string;
  /** The line exactly as in the source, terminator included. */
  readonly raw: string;
}

/** Splits like Go's bufio.ScanLines, but remembers each line's raw bytes. */
export function splitSourceLines(source: string): SourceLine[] {
  const lines: SourceLine[] = [];
  let start = 0;
  while (start < source.length) {
    const nl = source.indexOf('\n', start);
    const end = nl === -1 ? source.length : nl + 1;
    const raw = source.slice(start, end);
    let text = nl === -1 ? raw : raw.slice(0, -1);
    if (text.endsWith('\r')) {
      text = text.slice(0, -1);
    }
    lines.push({ text, raw });
    start = end;
  }
  return lines;
}

class LineCursor {
  private next = 0;
  constructor(private readonly lines: readonly SourceLine[]) {}

  /** Consumes the next line, or returns undefined at the end. */
  scan(): SourceLine | undefined {
    const line = this.lines[this.next];
    if (line !== undefined) {
      this.next++;
    }
    return line;
  }

  /** 1-based number of the line most recently consumed. */
  get lineNumber(): number {
    return this.next;
  }
}

class DirectiveSyntaxError extends Error {}

/**
 * Parses a directive line (line_parser.go: ParseLine). Returns undefined for a blank line.
 * Quotes carry no meaning: `propose 1 "foo"` has the key `"foo"` with its quotes.
 */
export function parseLine(line: string): { cmd: string; cmdArgs: CmdArg[] } | undefined | { error: string } {
  const original = line.trim();
  if (original === '') {
    return undefined;
  }
  let rest = original;
  const until = (chars: string): string => {
    let idx = 0;
    while (idx < rest.length && !chars.includes(rest.charAt(idx))) {
      idx++;
    }
    const head = rest.slice(0, idx);
    rest = rest.slice(idx);
    return head;
  };
  try {
    const cmd = until(' ');
    rest = rest.trim();
    const cmdArgs: CmdArg[] = [];
    while (rest !== '') {
      const key = until(' =');
      if (key === '') {
        throw new DirectiveSyntaxError();
      }
      let vals: string[] = [];
      if (rest.startsWith('=')) {
        rest = rest.slice(1);
        if (rest === '' || rest.startsWith(' ')) {
          vals = [''];
        } else if (!rest.startsWith('(')) {
          vals = [until(' ')];
        } else {
          vals = parseValueList();
        }
      }
      cmdArgs.push({ key, vals });
      rest = rest.trim();
    }
    return { cmd, cmdArgs };
  } catch (e) {
    if (e instanceof DirectiveSyntaxError) {
      const column = original.length - rest.length + 1;
      return { error: `cannot parse directive at column ${column}: ${original}` };
    }
    throw e;
  }

  // Parses `(v1, v2, ...)` at the start of `rest`, honouring nested parentheses.
  function parseValueList(): string[] {
    const vals: string[] = [];
    let pos = 1;
    let nesting = 1;
    let valueStart = pos;
    while (nesting > 0) {
      if (pos >= rest.length) {
        throw new DirectiveSyntaxError();
      }
      const ch = rest.charAt(pos);
      pos++;
      if (ch === ',' && nesting === 1) {
        vals.push(rest.slice(valueStart, pos - 1));
        while (pos < rest.length && rest.charAt(pos) === ' ') {
          pos++;
        }
        valueStart = pos;
      } else if (ch === '(') {
        nesting++;
      } else if (ch === ')') {
        nesting--;
      }
    }
    vals.push(rest.slice(valueStart, pos - 1));
    rest = rest.slice(pos).trim();
    return vals;
  }
}

/** Parses a whole file (test_data_reader.go: Next, readExpected). */
export function parseDatadriven(name: string, source: string): ParseResult {
  const cursor = new LineCursor(splitSourceLines(source));
  const directives: ParsedDirective[] = [];
  let pending = '';
  for (let line = cursor.scan(); line !== undefined; line = cursor.scan()) {
    pending += line.raw;
    const lineNumber = cursor.lineNumber;
    const pos = `${name}:${lineNumber}`;
    let text = line.text.trim();
    if (text.startsWith('#')) {
      continue;
    }
    while (text.endsWith('\\')) {
      const next = cursor.scan();
      if (next === undefined) {
        break;
      }
      pending += next.raw;
      text = `${text.slice(0, -1)} ${next.text.trim()}`;
    }
    const parsed = parseLine(text);
    if (parsed === undefined) {
      continue;
    }
    if ('error' in parsed) {
      return { ok: false, error: { kind: 'parse-error', pos, line: lineNumber, message: parsed.error } };
    }
    const head = readInput(cursor);
    pending += head.raw;
    const block = head.separator ? readExpected(cursor, { pos, line: lineNumber }) : noBlock;
    if ('error' in block) {
      return { ok: false, error: block.error };
    }
    const directive: Directive = {
      pos,
      line: lineNumber,
      cmd: parsed.cmd,
      cmdArgs: parsed.cmdArgs,
      input: head.input,
      expected: block.expected,
    };
    directives.push({ directive, leading: pending, ...block.source });
    pending = '';
  }
  return { ok: true, file: { name, directives, trailer: pending } };
}

function readInput(cursor: LineCursor): { input: string; raw: string; separator: boolean } {
  let raw = '';
  const lines: string[] = [];
  for (let line = cursor.scan(); line !== undefined; line = cursor.scan()) {
    raw += line.raw;
    if (line.text === '----') {
      return { input: lines.join('\n').trim(), raw, separator: true };
    }
    lines.push(line.text);
  }
  return { input: lines.join('\n').trim(), raw, separator: false };
}

interface DirectivePlace {
  readonly pos: string;
  readonly line: number;
}

interface BlockSource {
  readonly expectedRaw: string;
  readonly form: BlockForm;
  readonly terminator: string;
}
type Block = { expected: string; source: BlockSource } | { error: ParseError };

const noBlock: Block = { expected: '', source: { expectedRaw: '', form: 'none', terminator: '' } };

function readExpected(cursor: LineCursor, where: DirectivePlace): Block {
  const first = cursor.scan();
  if (first === undefined) {
    return { expected: '', source: { expectedRaw: '', form: 'single', terminator: '' } };
  }
  if (first.text === '----') {
    return readDoubleSeparated(cursor, first.raw, where);
  }
  let raw = '';
  let expected = '';
  for (let line: SourceLine | undefined = first; line !== undefined; line = cursor.scan()) {
    if (line.text.trim() === '') {
      return { expected, source: { expectedRaw: raw + line.raw, form: 'single', terminator: line.raw } };
    }
    raw += line.raw;
    expected += `${line.text}\n`;
  }
  return { expected, source: { expectedRaw: raw, form: 'single', terminator: '' } };
}

// The `----`/`----` form: the block ends at two consecutive `----` lines, then one blank line.
function readDoubleSeparated(cursor: LineCursor, openingRaw: string, where: DirectivePlace): Block {
  let raw = openingRaw;
  let expected = '';
  for (let line = cursor.scan(); line !== undefined; line = cursor.scan()) {
    if (line.text === '----') {
      const second = cursor.scan();
      if (second === undefined) {
        raw += line.raw;
        expected += `${line.text}\n`;
        break;
      }
      if (second.text === '----') {
        const blank = cursor.scan();
        if (blank !== undefined && blank.text !== '') {
          const message = 'non-blank line after end of double ---- separator section';
          return { error: { kind: 'parse-error', ...where, message } };
        }
        const terminator = line.raw + second.raw + (blank?.raw ?? '');
        return { expected, source: { expectedRaw: raw + terminator, form: 'double', terminator } };
      }
      raw += line.raw + second.raw;
      expected += `${line.text}\n${second.text}\n`;
      continue;
    }
    raw += line.raw;
    expected += `${line.text}\n`;
  }
  return { expected, source: { expectedRaw: raw, form: 'double', terminator: '' } };
}

/** What the runner compares: a non-empty output always ends in `\n` (datadriven.go: runDirective). */
export function normalizeOutput(actual: string): string {
  return actual !== '' && !actual.endsWith('\n') ? `${actual}\n` : actual;
}

/** datadriven.go: hasBlankLine — a line that is empty or only spaces/tabs. */
export function hasBlankLine(s: string): boolean {
  return /^[\t ]*\n/m.test(s);
}

/**
 * Renders one directive with `actual` as its output. When the output is what the source expects,
 * the source bytes are kept; otherwise the block is written in the form datadriven's rewrite
 * mode would choose (double separators iff the output contains a blank line).
 */
export function renderDirective(pd: ParsedDirective, actual: string): string {
  const output = normalizeOutput(actual);
  if (output === pd.directive.expected) {
    return pd.leading + pd.expectedRaw;
  }
  // A source whose last line lacks its newline still needs one before the block.
  const leading = pd.leading === '' || pd.leading.endsWith('\n') ? pd.leading : `${pd.leading}\n`;
  const separator = pd.form === 'none' ? '----\n' : '';
  const blankAfter = pd.terminator === '' ? '' : '\n';
  if (hasBlankLine(output)) {
    return `${leading}${separator}----\n${output}----\n----\n${blankAfter}`;
  }
  const terminator = pd.form === 'single' ? pd.terminator : blankAfter;
  return leading + separator + output + terminator;
}

/** Renders a parsed file with one output per directive (undefined: keep the expected block). */
export function renderDatadriven(file: ParsedFile, outputs: readonly (string | undefined)[]): string {
  let text = '';
  file.directives.forEach((pd, i) => {
    const output = outputs[i];
    text += output === undefined ? pd.leading + pd.expectedRaw : renderDirective(pd, output);
  });
  return text + file.trailer;
}

/** The outcome of running every directive of a file through a handler. */
export interface RunResult {
  /** The file as the handler would have written it; equals the source iff every output matched. */
  readonly actual: string;
  readonly outputs: readonly (string | undefined)[];
  /** Set when a handler threw: the directive and the message; later directives were not run. */
  readonly crash?: { readonly pos: string; readonly line: number; readonly message: string };
}

/**
 * Runs every directive in order. A handler that throws stops the file, like a Go test failure
 * does (datadriven.go: runDirective); its output becomes `panic: <message>` so the crash is
 * visible in a diff, and the directives after it keep their expected blocks.
 */
export function runDatadriven(file: ParsedFile, handler: (d: Directive) => string): RunResult {
  const outputs: (string | undefined)[] = [];
  let crash: RunResult['crash'];
  for (const pd of file.directives) {
    if (crash !== undefined) {
      outputs.push(undefined);
      continue;
    }
    try {
      outputs.push(normalizeOutput(handler(pd.directive)));
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      crash = { pos: pd.directive.pos, line: pd.directive.line, message };
      outputs.push(`panic: ${message}\n`);
    }
  }
  const actual = renderDatadriven(file, outputs);
  return crash === undefined ? { actual, outputs } : { actual, outputs, crash };
}
