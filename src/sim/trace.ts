import { Fnv64, highWord } from './fnv';

/**
 * The kernel's trace: one compact record per event (a goroutine step, a timer firing, a log
 * line, …), all folded into a running FNV-1a hash, the last `capacity` of them kept in a ring
 * of typed arrays, and optionally streamed to a sink. Labels are interned ids, never strings
 * per record, so memory stays flat however long the run.
 */
export const TraceKind = {
  /** A label-only step. */ Step: 0,
  /** A send completed; a = channel id, b = receiving goroutine id (0 if buffered). */ Send: 1,
  /** A send parked; a = channel id (0 for nil). */ SendBlock: 2,
  /** A receive completed; a = channel id, b = 1 if ok else 0. */ Recv: 3,
  /** A receive parked; a = channel id (0 for nil). */ RecvBlock: 4,
  /** A select chose a case; a = channel id, b = case index. */ Select: 5,
  /** A select parked; a = number of cases. */ SelectBlock: 6,
  /** A select ran its default case. */ SelectDefault: 7,
  /** A sleep began; a = wake time µs. */ Sleep: 8,
  /** A goroutine was spawned; a = child id. */ Spawn: 9,
  /** A goroutine returned. */ Exit: 10,
  /** A timer fired (gid 0); a = target goroutine or channel id, b = 1 for channels. */ Timer: 11,
  /** A log line; text carries it. */ Log: 12,
  /** A channel was closed; a = channel id. */ Close: 13,
  /** A goroutine panicked; text carries the message. */ Panic: 14,
  /** WaitGroup.Wait returned at once. */ Wait: 15,
  /** WaitGroup.Wait parked. */ WaitBlock: 16,
  /** A parked goroutine was made runnable; a = its id. */ Wake: 17,
} as const;
export type TraceKind = (typeof TraceKind)[keyof typeof TraceKind];

export const traceKindNames: readonly string[] = [
  'step',
  'send',
  'send-block',
  'recv',
  'recv-block',
  'select',
  'select-block',
  'select-default',
  'sleep',
  'spawn',
  'exit',
  'timer',
  'log',
  'close',
  'panic',
  'wait',
  'wait-block',
  'wake',
];

/** A trace record as handed to a sink or read back from the ring. */
export interface TraceRecord {
  step: number;
  timeUs: number;
  gid: number;
  label: string;
  kind: TraceKind;
  a: number;
  b: number;
  text: string | undefined;
}

export type TraceSink = (record: Readonly<TraceRecord>) => void;

export class Trace {
  private readonly h = new Fnv64();
  /** Scratch for one record's words (a Uint32Array store takes each value modulo 2^32). */
  private readonly words = new Uint32Array(11);
  /** Records ever written (also the next record's sequence number). */
  count = 0;
  /** The ring slot the next record goes to (count modulo capacity). */
  private pos = 0;
  private readonly steps: Float64Array;
  private readonly times: Float64Array;
  private readonly gids: Int32Array;
  private readonly labelIds: Int32Array;
  private readonly kinds: Uint8Array;
  private readonly as: Float64Array;
  private readonly bs: Float64Array;
  private readonly texts: (string | undefined)[];
  /** One reused object handed to the sink: a sink must copy what it keeps. */
  private readonly view: TraceRecord = {
    step: 0,
    timeUs: 0,
    gid: 0,
    label: '',
    kind: TraceKind.Step,
    a: 0,
    b: 0,
    text: undefined,
  };

  constructor(
    readonly capacity: number,
    private readonly labels: readonly string[],
    private readonly sink: TraceSink | null,
  ) {
    if (!Number.isInteger(capacity) || capacity < 0) throw new Error(`trace: bad capacity ${capacity}`);
    this.steps = new Float64Array(capacity);
    this.times = new Float64Array(capacity);
    this.gids = new Int32Array(capacity);
    this.labelIds = new Int32Array(capacity);
    this.kinds = new Uint8Array(capacity);
    this.as = new Float64Array(capacity);
    this.bs = new Float64Array(capacity);
    this.texts = [];
  }

  /** The running hash of every record so far, as 16 hex digits. */
  hash(): string {
    return this.h.hex();
  }

  record(
    step: number,
    timeUs: number,
    gid: number,
    labelId: number,
    kind: TraceKind,
    a: number,
    b: number,
    text?: string,
  ): void {
    const w = this.words;
    w[0] = step;
    w[1] = highWord(step);
    w[2] = timeUs;
    w[3] = highWord(timeUs);
    w[4] = gid;
    w[5] = labelId;
    w[6] = kind;
    w[7] = a;
    w[8] = highWord(a);
    w[9] = b;
    w[10] = highWord(b);
    this.h.fold(w, 11);
    if (text !== undefined) this.h.str(text);
    if (this.capacity > 0) {
      const i = this.pos;
      this.pos = i + 1 === this.capacity ? 0 : i + 1;
      this.steps[i] = step;
      this.times[i] = timeUs;
      this.gids[i] = gid;
      this.labelIds[i] = labelId;
      this.kinds[i] = kind;
      this.as[i] = a;
      this.bs[i] = b;
      if (text !== undefined || this.texts.length > i) this.texts[i] = text;
    }
    this.count++;
    if (this.sink !== null) {
      const v = this.view;
      v.step = step;
      v.timeUs = timeUs;
      v.gid = gid;
      v.label = this.labels[labelId] ?? '';
      v.kind = kind;
      v.a = a;
      v.b = b;
      v.text = text;
      this.sink(v);
    }
  }

  /** The kept records, oldest first (at most `capacity`, fresh objects). */
  records(): TraceRecord[] {
    const cap = this.capacity;
    const n = Math.min(this.count, cap);
    const out: TraceRecord[] = [];
    for (let k = this.count - n; k < this.count; k++) {
      const i = k % cap;
      out.push({
        step: this.steps[i] ?? 0,
        timeUs: this.times[i] ?? 0,
        gid: this.gids[i] ?? 0,
        label: this.labels[this.labelIds[i] ?? 0] ?? '',
        kind: (this.kinds[i] ?? 0) as TraceKind,
        a: this.as[i] ?? 0,
        b: this.bs[i] ?? 0,
        text: this.texts[i],
      });
    }
    return out;
  }
}

/** One line of text per record, for logs and golden tests. */
export function formatTraceRecord(r: Readonly<TraceRecord>): string {
  const base = `#${r.step} t=${r.timeUs}us g${r.gid} ${traceKindNames[r.kind] ?? '?'} [${r.label}] a=${r.a} b=${r.b}`;
  return r.text === undefined ? base : `${base} ${JSON.stringify(r.text)}`;
}
