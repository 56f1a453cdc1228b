/**
 * The raft library's logging seam (upstream logger.go). Raft never writes anywhere itself: every
 * line goes through a `Logger` that the embedder injects (the interaction harness redirects it
 * into the test output; the etcd model forwards it to its zap-like logger).
 *
 * Messages arrive already formatted: Go's `Infof(format, args...)` becomes
 * `logger.info(\`...${args}\`)` at the call site, so the logger only adds the level.
 */

/** What Go's `panic` (and Logger.Panicf/Fatalf) becomes: an exception nobody is meant to catch. */
export class RaftPanic extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RaftPanic';
  }
}

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warning(message: string): void;
  error(message: string): void;
  /** Logs at FATAL and throws RaftPanic. */
  fatal(message: string): never;
  /** Logs at FATAL (as the harness's RedirectLogger does) and throws RaftPanic. */
  panic(message: string): never;
}

export type LogLevelName = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'FATAL';

/** Receives one complete log line's level and message; used to route raft's logs anywhere. */
export type LogSink = (level: LogLevelName, message: string) => void;

/**
 * A Logger that hands every line to `sink` (or drops it when no sink is given). Upstream's
 * DefaultLogger writes to stderr; ours stays silent so the engine layers do no I/O.
 */
export class SinkLogger implements Logger {
  constructor(private readonly sink: LogSink | undefined = undefined) {}

  debug(message: string): void {
    this.sink?.('DEBUG', message);
  }
  info(message: string): void {
    this.sink?.('INFO', message);
  }
  warning(message: string): void {
    this.sink?.('WARN', message);
  }
  error(message: string): void {
    this.sink?.('ERROR', message);
  }
  fatal(message: string): never {
    this.sink?.('FATAL', message);
    throw new RaftPanic(message);
  }
  panic(message: string): never {
    this.sink?.('FATAL', message);
    throw new RaftPanic(message);
  }
}

/** The logger used when the embedder configures none (upstream: getLogger / defaultLogger). */
export const defaultLogger: Logger = new SinkLogger();

/** A logger that discards everything but still panics (upstream: discardLogger). */
export const discardLogger: Logger = new SinkLogger();

/** Go `%x` of a node ID: lower-case hex, no prefix. */
export function hex(id: bigint): string {
  return id.toString(16);
}

/** Go `%v` of a []uint64 (or []int): `[1 2 3]`, `[]` when empty. */
export function formatUint64List(values: readonly (bigint | number)[]): string {
  return `[${values.map((v) => v.toString()).join(' ')}]`;
}

/** Go `%v` of a []byte: the byte values in decimal, e.g. `[114 99]`; `[]` when empty or absent. */
export function formatByteList(bytes: Uint8Array | undefined): string {
  return bytes === undefined ? '[]' : formatUint64List(Array.from(bytes));
}

/** Asserts a programmer-error invariant the way upstream panics. */
export function assertRaft(condition: boolean, message: string): asserts condition {
  if (!condition) {
    throw new RaftPanic(message);
  }
}
