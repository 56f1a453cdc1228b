/**
 * `npm run conformance -- [--diff] [--rewrite DIR] PATH...`
 *
 * Runs interaction scripts (files, or every *.txt of a folder, sorted) through the TypeScript
 * harness and compares each with its expected output. Prints `PASS <name>` or
 * `FAIL <name>: first difference at line N` per file and `conformance: N passed, M failed` last;
 * exits 0 iff everything passed, 1 on failures, 2 on bad usage (e.g. a missing path).
 * `--diff` shows expected and actual around the first difference; `--rewrite DIR` writes each
 * script with the harness's output into DIR (how new scripts are authored).
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { runConformance, type ConformanceResult } from '../interaction/conformance';

interface Options {
  readonly diff: boolean;
  readonly rewriteDir: string | undefined;
  readonly paths: readonly string[];
}

class UsageError extends Error {}

const usage = 'usage: npm run conformance -- [--diff] [--rewrite DIR] PATH...';

function parseOptions(argv: readonly string[]): Options {
  let diff = false;
  let rewriteDir: string | undefined;
  const paths: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--diff') {
      diff = true;
    } else if (arg === '--rewrite') {
      rewriteDir = argv[++i];
      if (rewriteDir === undefined) {
        throw new UsageError('--rewrite needs a directory');
      }
    } else if (arg === '--help' || arg === '-h') {
      throw new UsageError(usage);
    } else if (arg.startsWith('--')) {
      throw new UsageError(`unknown option ${arg}\n${usage}`);
    } else {
      paths.push(arg);
    }
  }
  if (paths.length === 0) {
    throw new UsageError(`no PATH given\n${usage}`);
  }
  return { diff, rewriteDir, paths };
}

/** Expands folders into their *.txt files (sorted); a missing path is a usage error. */
function collectFiles(paths: readonly string[]): string[] {
  const files: string[] = [];
  for (const p of paths) {
    let isDir: boolean;
    try {
      isDir = statSync(p).isDirectory();
    } catch {
      throw new UsageError(`conformance: no such file or directory: ${p}`);
    }
    if (!isDir) {
      files.push(p);
      continue;
    }
    const names = readdirSync(p)
      .filter((n) => n.endsWith('.txt') && !n.startsWith('.'))
      .sort();
    files.push(...names.map((n) => join(p, n)));
  }
  return files;
}

const contextLines = 3;

/** Expected and actual lines around the first difference, the differing line marked with `>`. */
export function formatDiff(r: ConformanceResult): string {
  const at = r.firstDifferenceLine ?? 1;
  const from = Math.max(1, at - contextLines);
  const show = (label: string, text: string): string => {
    const lines = text.split('\n');
    const to = Math.min(lines.length, at + contextLines);
    let out = `  ${label} (lines ${from}-${to}):\n`;
    for (let n = from; n <= to; n++) {
      const marker = n === at ? '>' : ' ';
      out += `  ${marker} ${String(n).padStart(5)} | ${lines[n - 1] ?? ''}\n`;
    }
    return out;
  };
  return `${show('--- expected', r.expected)}${show('+++ actual', r.actual)}`;
}

function runFile(file: string, options: Options): ConformanceResult {
  const name = basename(file);
  const result = runConformance(name, readFileSync(file, 'utf8'));
  if (result.passed) {
    console.log(`PASS ${name}`);
  } else {
    console.log(`FAIL ${name}: first difference at line ${result.firstDifferenceLine ?? 1}`);
    if (result.parseError !== undefined) {
      console.error(`  ${result.parseError.pos}: ${result.parseError.message}`);
    }
    if (result.crash !== undefined) {
      console.error(`  ${result.crash.pos}: panic: ${result.crash.message}`);
    }
    if (options.diff) {
      console.log(formatDiff(result).trimEnd());
    }
  }
  if (options.rewriteDir !== undefined) {
    writeFileSync(join(options.rewriteDir, name), result.actual);
  }
  return result;
}

function main(argv: readonly string[]): number {
  const started = performance.now();
  let options: Options;
  let files: string[];
  try {
    options = parseOptions(argv);
    files = collectFiles(options.paths);
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(e.message);
      return 2;
    }
    throw e;
  }
  if (options.rewriteDir !== undefined) {
    mkdirSync(options.rewriteDir, { recursive: true });
  }
  let passed = 0;
  let failed = 0;
  for (const file of files) {
    if (runFile(file, options).passed) {
      passed++;
    } else {
      failed++;
    }
  }
  console.log(`conformance: ${passed} passed, ${failed} failed`);
  console.error(`conformance: wall time ${(performance.now() - started).toFixed(0)} ms`);
  return failed === 0 ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
