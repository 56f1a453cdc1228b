/**
 * Runs one interaction script against a fresh InteractionEnv and compares the whole resulting
 * text with the script (interaction_test.go: TestInteraction, one file). Pure: the caller reads
 * the file and decides what to print or write.
 */
import { parseDatadriven, runDatadriven, type ParseError } from './datadriven';
import { defaultInteractionOpts, InteractionEnv, type InteractionOpts } from './interaction_env';

export interface ConformanceResult {
  readonly name: string;
  readonly passed: boolean;
  /** 1-based line of the first difference between expected and actual text. */
  readonly firstDifferenceLine?: number;
  /** The script as given. */
  readonly expected: string;
  /** The script with every expected block replaced by what the harness printed. */
  readonly actual: string;
  /** Set when the script could not be parsed (then actual === expected and passed is false). */
  readonly parseError?: ParseError;
  /** Set when a directive threw (a raft panic or a test-fatal script error). */
  readonly crash?: { readonly pos: string; readonly line: number; readonly message: string };
}

/** The options upstream's TestInteraction passes to every env. */
export const conformanceOptions: InteractionOpts = defaultInteractionOpts;

/** 1-based number of the first line where a and b differ, or undefined if they are equal. */
export function firstDifferenceLine(a: string, b: string): number | undefined {
  if (a === b) {
    return undefined;
  }
  const la = a.split('\n');
  const lb = b.split('\n');
  const n = Math.max(la.length, lb.length);
  for (let i = 0; i < n; i++) {
    if (la[i] !== lb[i]) {
      return i + 1;
    }
  }
  return n;
}

export function runConformance(
  name: string,
  text: string,
  options: InteractionOpts = conformanceOptions,
): ConformanceResult {
  const parsed = parseDatadriven(name, text);
  if (!parsed.ok) {
    return {
      name,
      passed: false,
      firstDifferenceLine: parsed.error.line,
      expected: text,
      actual: text,
      parseError: parsed.error,
    };
  }
  const env = new InteractionEnv(options);
  const run = runDatadriven(parsed.file, (d) => env.handle(d));
  const line = firstDifferenceLine(text, run.actual);
  const base = { name, expected: text, actual: run.actual };
  const withCrash = run.crash === undefined ? base : { ...base, crash: run.crash };
  return line === undefined && run.crash === undefined
    ? { ...withCrash, passed: true }
    : { ...withCrash, passed: false, firstDifferenceLine: line ?? run.crash?.line ?? 1 };
}
