/**
 * The harness's output buffer, which is also the raft Logger of every node
 * (rafttest/interaction_env_logger.go: RedirectLogger). Because raft's log lines and the
 * harness's own text (Ready descriptions, `> 1 handling Ready` headers) go to the same place,
 * they interleave in exactly the order they happen, which is what the scripts record.
 */
import { RaftPanic, type Logger } from '../raft/logger';

/** Level names by index; a line at level L is written iff the current level is <= L. */
export const logLevelNames = ['DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL', 'NONE'] as const;
export type InteractionLogLevel = (typeof logLevelNames)[number];

/** Index of NONE: nothing at all is written, not even harness text. */
export const quietLevel = logLevelNames.length - 1;

const debugLevel = 0;
const infoLevel = 1;
const warnLevel = 2;
const errorLevel = 3;
const fatalLevel = 4;

/** interaction_env_handler_log_level.go: LogLevel's error text (Go `%v` of the names array). */
export const logLevelError = `log levels must be either of [${logLevelNames.join(' ')}]`;

/** Looks a level name up case-insensitively (strings.EqualFold). */
export function parseLogLevel(name: string): number | undefined {
  const upper = name.toUpperCase();
  const idx = logLevelNames.findIndex((n) => n === upper);
  return idx < 0 ? undefined : idx;
}

export class RedirectLogger implements Logger {
  /** Current level, an index into logLevelNames; starts at DEBUG like upstream. */
  lvl = debugLevel;
  private text = '';

  /** True at level NONE, where every write is discarded. */
  quiet(): boolean {
    return this.lvl === quietLevel;
  }

  /** Appends harness text (dropped in quiet mode). */
  write(s: string): void {
    if (!this.quiet()) {
      this.text += s;
    }
  }

  get length(): number {
    return this.text.length;
  }

  reset(): void {
    this.text = '';
  }

  toString(): string {
    return this.text;
  }

  /**
   * Runs `f` with a fresh, empty buffer and returns what it wrote; the previous buffer is then
   * restored untouched. This is how withIndent captures an inner operation.
   */
  capture(f: () => void): string {
    const saved = this.text;
    this.text = '';
    try {
      f();
      return this.text;
    } finally {
      this.text = saved;
    }
  }

  debug(message: string): void {
    this.log(debugLevel, message);
  }
  info(message: string): void {
    this.log(infoLevel, message);
  }
  warning(message: string): void {
    this.log(warnLevel, message);
  }
  error(message: string): void {
    this.log(errorLevel, message);
  }
  fatal(message: string): never {
    this.log(fatalLevel, message);
    throw new RaftPanic(message);
  }
  panic(message: string): never {
    this.log(fatalLevel, message);
    throw new RaftPanic(message);
  }

  // Messages arrive formatted; a newline ends the line unless the message already has one
  // (upstream checks the format string, which ends in `\n` exactly when the message does here).
  private log(level: number, message: string): void {
    if (this.lvl <= level) {
      this.write(`${logLevelNames[level] ?? 'NONE'} ${message}`);
      if (message !== '' && !message.endsWith('\n')) {
        this.write('\n');
      }
    }
  }
}
