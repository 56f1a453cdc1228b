/**
 * A zap-like structured logger per member, printing what etcd's production zap config prints
 * (client/pkg/logutil/zap.go:DefaultZapLoggerConfig): one JSON object per line with the keys
 * level, ts, logger (only for named loggers, e.g. "raft"), caller, msg, then the fields in
 * the order given (zap's JSON encoder order). `ts` is virtual time rendered with Go's layout
 * 2006-01-02T15:04:05.000000Z0700 from a fixed epoch; durations print like Go's
 * time.Duration.String ("7s", "800ms"). Records are also kept as values in a bounded ring for
 * the UI. Callers are etcd's source positions, passed by the call site (`etcdserver/server.go:598`).
 *
 * RaftZapLogger adapts it to the raft port's Logger interface, as etcd's NewRaftLoggerZap does.
 */
import type { Logger as RaftLogger } from '../raft/logger';
import { RaftPanic } from '../raft/logger';
import { GoPanic } from '../sim/panic';
import { raftCallerOf } from './raft_log_callers';

export type Level = 'debug' | 'info' | 'warn' | 'error' | 'panic' | 'fatal';

const levelRank: Readonly<Record<Level, number>> = {
  debug: -1,
  info: 0,
  warn: 1,
  error: 2,
  panic: 4,
  fatal: 5,
};

/** A zap field; `type` decides the JSON encoding. */
export type Field =
  | { readonly key: string; readonly type: 'string'; readonly value: string }
  | { readonly key: string; readonly type: 'int'; readonly value: number | bigint }
  | { readonly key: string; readonly type: 'bool'; readonly value: boolean }
  | { readonly key: string; readonly type: 'strings'; readonly value: readonly string[] }
  | { readonly key: string; readonly type: 'duration'; readonly valueUs: number }
  | { readonly key: string; readonly type: 'any'; readonly value: unknown };

/** Field constructors named after zap's. */
export const zap = {
  String: (key: string, value: string): Field => ({ key, type: 'string', value }),
  Int: (key: string, value: number): Field => ({ key, type: 'int', value }),
  Int64: (key: string, value: number | bigint): Field => ({ key, type: 'int', value }),
  Uint64: (key: string, value: number | bigint): Field => ({ key, type: 'int', value }),
  Bool: (key: string, value: boolean): Field => ({ key, type: 'bool', value }),
  Strings: (key: string, value: readonly string[]): Field => ({ key, type: 'strings', value }),
  /** zap.Duration, from virtual µs. */
  Duration: (key: string, valueUs: number): Field => ({ key, type: 'duration', valueUs }),
  /** zap.Error: the key is always "error"; a nil error adds no field (here: null → skipped by callers). */
  Error: (err: { readonly message: string }): Field => ({ key: 'error', type: 'string', value: err.message }),
  /** zap.Any for plain JSON data (objects, arrays, numbers). */
  Any: (key: string, value: unknown): Field => ({ key, type: 'any', value }),
} as const;

/** One log record as a value (what the UI lists). */
export interface LogRecord {
  readonly seq: number;
  readonly timeUs: number;
  readonly level: Level;
  readonly logger: string;
  readonly caller: string;
  readonly msg: string;
  readonly fields: readonly Field[];
}

/** A bounded ring of records shared by a member's loggers; the oldest fall out first. */
export class LogRing {
  private readonly buf: LogRecord[] = [];
  private start = 0;
  private nextSeq = 0;

  constructor(readonly capacity: number) {}

  push(r: Omit<LogRecord, 'seq'>): LogRecord {
    const rec: LogRecord = { seq: this.nextSeq++, ...r };
    if (this.capacity <= 0) return rec;
    if (this.buf.length < this.capacity) this.buf.push(rec);
    else {
      this.buf[this.start] = rec;
      this.start = (this.start + 1) % this.capacity;
    }
    return rec;
  }

  /** The kept records, oldest first. */
  records(): LogRecord[] {
    return [...this.buf.slice(this.start), ...this.buf.slice(0, this.start)];
  }

  /** Records written in total, kept or not. */
  get written(): number {
    return this.nextSeq;
  }
}

export interface ZapLoggerOptions {
  /** Virtual time now, in µs. */
  readonly clock: () => number;
  /** The unix ms virtual time 0 stands for. */
  readonly epochUnixMs: number;
  /** The lowest level recorded; etcd's default is info. */
  readonly level?: Level;
  readonly ring?: LogRing;
  /** Receives every recorded line, JSON-encoded (e.g. the CLI prints it). */
  readonly sink?: (line: string, record: LogRecord) => void;
}

export class ZapLogger {
  readonly ring: LogRing;
  private readonly level: Level;

  constructor(
    private readonly opts: ZapLoggerOptions,
    readonly name = '',
    private readonly context: readonly Field[] = [],
  ) {
    this.ring = opts.ring ?? new LogRing(2000);
    this.level = opts.level ?? 'info';
  }

  /** zap's Named: a child logger whose name is joined with a dot. */
  named(name: string): ZapLogger {
    const full = this.name === '' ? name : `${this.name}.${name}`;
    return new ZapLogger({ ...this.opts, ring: this.ring }, full, this.context);
  }

  /** zap's With: a child logger that adds these fields to every line. */
  with(...fields: Field[]): ZapLogger {
    return new ZapLogger({ ...this.opts, ring: this.ring }, this.name, [...this.context, ...fields]);
  }

  enabled(level: Level): boolean {
    return levelRank[level] >= levelRank[this.level];
  }

  debug(caller: string, msg: string, ...fields: Field[]): void {
    this.write('debug', caller, msg, fields);
  }
  info(caller: string, msg: string, ...fields: Field[]): void {
    this.write('info', caller, msg, fields);
  }
  warn(caller: string, msg: string, ...fields: Field[]): void {
    this.write('warn', caller, msg, fields);
  }
  error(caller: string, msg: string, ...fields: Field[]): void {
    this.write('error', caller, msg, fields);
  }
  /** zap's Panic: logs, then panics with the message (a Go panic in the current goroutine). */
  panic(caller: string, msg: string, ...fields: Field[]): never {
    this.write('panic', caller, msg, fields);
    throw new GoPanic(msg);
  }
  /** zap's Fatal: logs, then the process exits (modelled as a panic that stops the member). */
  fatal(caller: string, msg: string, ...fields: Field[]): never {
    this.write('fatal', caller, msg, fields);
    throw new GoPanic(msg);
  }

  /**
   * A Fatal line for a process that exits on its own: the caller then ends the member's
   * goroutine itself, so only that member stops (a GoPanic would stop the whole simulation).
   */
  fatalExit(caller: string, msg: string, ...fields: Field[]): void {
    this.write('fatal', caller, msg, fields);
  }

  private write(level: Level, caller: string, msg: string, fields: readonly Field[]): void {
    if (!this.enabled(level)) return;
    const all = this.context.length === 0 ? fields : [...this.context, ...fields];
    const rec = this.ring.push({
      timeUs: this.opts.clock(),
      level,
      logger: this.name,
      caller,
      msg,
      fields: all,
    });
    this.opts.sink?.(encodeRecord(rec, this.opts.epochUnixMs), rec);
  }
}

/** The JSON line zap's encoder writes for a record. */
export function encodeRecord(rec: LogRecord, epochUnixMs: number): string {
  let s = `{"level":"${rec.level}","ts":"${formatTimestamp(epochUnixMs, rec.timeUs)}"`;
  if (rec.logger !== '') s += `,"logger":${JSON.stringify(rec.logger)}`;
  s += `,"caller":${JSON.stringify(rec.caller)},"msg":${JSON.stringify(rec.msg)}`;
  for (const f of rec.fields) s += `,${JSON.stringify(f.key)}:${encodeField(f)}`;
  return `${s}}`;
}

function encodeField(f: Field): string {
  switch (f.type) {
    case 'string':
      return JSON.stringify(f.value);
    case 'int':
      return f.value.toString();
    case 'bool':
      return f.value ? 'true' : 'false';
    case 'strings':
      return JSON.stringify(f.value);
    case 'duration':
      return JSON.stringify(goDuration(f.valueUs));
    case 'any':
      return (
        JSON.stringify(f.value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) ?? 'null'
      );
  }
}

/**
 * Howard Hinnant's civil-from-days: the proleptic Gregorian date of a day count since
 * 1970-01-01 (no Date object in the engine layers).
 */
function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

function pad(n: number, width: number): string {
  return n.toString().padStart(width, '0');
}

/** Go layout 2006-01-02T15:04:05.000000Z0700 (UTC), for epoch + virtual µs. */
export function formatTimestamp(epochUnixMs: number, timeUs: number): string {
  const totalUs = epochUnixMs * 1000 + Math.floor(timeUs);
  const dayUs = 86_400_000_000;
  const days = Math.floor(totalUs / dayUs);
  let rem = totalUs - days * dayUs;
  const [y, mo, d] = civilFromDays(days);
  const h = Math.floor(rem / 3_600_000_000);
  rem -= h * 3_600_000_000;
  const mi = Math.floor(rem / 60_000_000);
  rem -= mi * 60_000_000;
  const sec = Math.floor(rem / 1_000_000);
  const us = rem - sec * 1_000_000;
  return `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(sec, 2)}.${pad(us, 6)}Z`;
}

/** Go's %v of a fraction: the digits of x/unit without trailing zeros. */
function fmtFrac(v: number, unit: number): string {
  const whole = Math.floor(v / unit);
  const frac = v - whole * unit;
  if (frac === 0) return whole.toString();
  const digits = pad(frac, Math.round(Math.log10(unit))).replace(/0+$/, '');
  return `${whole}.${digits}`;
}

/** time.Duration.String of a duration in µs (the model's resolution): "1m0s", "7s", "800ms", "1.5ms". */
export function goDuration(us: number): string {
  if (us === 0) return '0s';
  const neg = us < 0;
  const u = Math.abs(Math.round(us));
  let s: string;
  if (u < 1000) s = `${u}µs`;
  else if (u < 1_000_000) s = `${fmtFrac(u, 1000)}ms`;
  else {
    const h = Math.floor(u / 3_600_000_000);
    const m = Math.floor((u - h * 3_600_000_000) / 60_000_000);
    const secUs = u - h * 3_600_000_000 - m * 60_000_000;
    s = `${fmtFrac(secUs, 1_000_000)}s`;
    if (h > 0) s = `${h}h${m}m${s}`;
    else if (m > 0) s = `${m}m${s}`;
  }
  return neg ? `-${s}` : s;
}

/**
 * The raft Logger backed by a member's zap logger (etcd's NewRaftLoggerZap over
 * `lg.Named("raft")`): raft's finished strings become the msg, with no fields, and the caller
 * is raft's own call site (see raft_log_callers.ts).
 */
export class RaftZapLogger implements RaftLogger {
  constructor(private readonly lg: ZapLogger) {}

  private log(level: Level, message: string): void {
    if (!this.lg.enabled(level)) return; // skip the caller lookup for lines nobody keeps
    const caller = raftCallerOf(message);
    if (level === 'debug') this.lg.debug(caller, message);
    else if (level === 'info') this.lg.info(caller, message);
    else if (level === 'warn') this.lg.warn(caller, message);
    else this.lg.error(caller, message);
  }

  debug(message: string): void {
    this.log('debug', message);
  }
  info(message: string): void {
    this.log('info', message);
  }
  warning(message: string): void {
    this.log('warn', message);
  }
  error(message: string): void {
    this.log('error', message);
  }
  fatal(message: string): never {
    if (this.lg.enabled('fatal')) this.writeRaw('fatal', message);
    throw new RaftPanic(message);
  }
  panic(message: string): never {
    if (this.lg.enabled('panic')) this.writeRaw('panic', message);
    throw new RaftPanic(message);
  }

  private writeRaw(level: 'panic' | 'fatal', message: string): void {
    try {
      if (level === 'panic') this.lg.panic(raftCallerOf(message), message);
      else this.lg.fatal(raftCallerOf(message), message);
    } catch {
      // the record is written; raft's own RaftPanic is what callers expect to see thrown
    }
  }
}

/** NewRaftLoggerZap(lg.Named("raft")). */
export function newRaftLoggerZap(lg: ZapLogger): RaftZapLogger {
  return new RaftZapLogger(lg.named('raft'));
}
