/**
 * The per-step metrics of a run (term, leader, raft state, commit, applied and apply gap of each
 * member, and the virtual time of the step), kept in typed arrays for the UI's charts and the
 * cursor, plus the sparse list of steps at which a replay checkpoint exists, for seeking.
 *
 * History without copies (DESIGN.md, principle 6): a row is a handful of numbers per member, in
 * one typed array per column that grows by doubling, so append is amortised O(1), reading row i is
 * O(1), and memory is linear in the rows stored. A row is stored only when some value changed
 * since the previous one (most kernel steps change nothing these charts show), so a run of
 * millions of steps costs rows, not steps; valuesAt(step) finds the row in force at a step by
 * binary search, O(1) when the cursor moves to a neighbouring row.
 *
 * Members live in slots 0 … slots-1 assigned by the cluster (the order members were created);
 * `lead` is the slot of the leader a member believes in, or -1 for none.
 */
import { StateType } from '../raft/state_type';

/** raft's StateType values, plus one for a member that is not running. */
export const memberStateDown = 4;
export type MemberStateCode = StateType | typeof memberStateDown;

export interface MemberSample {
  readonly term: number;
  /** Slot of the leader this member knows of; -1 for none. */
  readonly lead: number;
  readonly state: MemberStateCode;
  /** raft's commit index. */
  readonly committed: number;
  /** The server's appliedIndex. */
  readonly applied: number;
  /** The server's committedIndex − appliedIndex (what etcd compares with maxGapBetweenApplyAndCommitIndex). */
  readonly gap: number;
}

export const downSample: MemberSample = Object.freeze({
  term: 0,
  lead: -1,
  state: memberStateDown,
  committed: 0,
  applied: 0,
  gap: 0,
});

const initialRows = 256;
const maxU32 = 0xffff_ffff;

type Column = Float64Array | Uint32Array | Int8Array | Uint8Array;

function grow<T extends Column>(old: T, length: number): T {
  const bigger = new (old.constructor as new (n: number) => T)(length);
  bigger.set(old);
  return bigger;
}

export class MetricsHistory {
  private rows = 0;
  private capacity = initialRows;
  private stepCol = new Float64Array(initialRows);
  private timeCol = new Float64Array(initialRows);
  private termCol: Uint32Array;
  private leadCol: Int8Array;
  private stateCol: Uint8Array;
  private commitCol: Uint32Array;
  private appliedCol: Uint32Array;
  private gapCol: Uint32Array;
  private cursor = 0;
  private lastStep = -1;
  private readonly checkpoints = new CheckpointIndex();

  constructor(readonly slots: number) {
    if (!Number.isInteger(slots) || slots < 1 || slots > 127)
      throw new Error(`metrics: bad slot count ${slots}`);
    const n = initialRows * slots;
    this.termCol = new Uint32Array(n);
    this.leadCol = new Int8Array(n);
    this.stateCol = new Uint8Array(n);
    this.commitCol = new Uint32Array(n);
    this.appliedCol = new Uint32Array(n);
    this.gapCol = new Uint32Array(n);
  }

  /**
   * Records the members' values at `step` (virtual time timeUs). Steps must not go backwards.
   * Returns whether a row was stored (false when nothing changed since the previous row).
   */
  record(step: number, timeUs: number, samples: readonly MemberSample[]): boolean {
    if (step < this.lastStep) throw new Error(`metrics: step ${step} recorded after step ${this.lastStep}`);
    if (samples.length > this.slots)
      throw new Error(`metrics: ${samples.length} samples for ${this.slots} slots`);
    this.lastStep = step;
    if (this.rows > 0 && this.sameAsLast(samples)) return false;
    if (this.rows > 0 && this.stepCol[this.rows - 1] === step) this.rows--; // same step: last write wins
    if (this.rows === this.capacity) this.growTo(this.capacity * 2);
    const r = this.rows;
    this.stepCol[r] = step;
    this.timeCol[r] = timeUs;
    for (let s = 0; s < this.slots; s++) this.writeSample(r * this.slots + s, samples[s] ?? downSample);
    this.rows++;
    return true;
  }

  private writeSample(at: number, m: MemberSample): void {
    if (m.term > maxU32 || m.committed > maxU32 || m.applied > maxU32 || m.gap > maxU32 || m.gap < 0) {
      throw new Error(`metrics: value out of range in ${JSON.stringify(m)}`);
    }
    this.termCol[at] = m.term;
    this.leadCol[at] = m.lead;
    this.stateCol[at] = m.state;
    this.commitCol[at] = m.committed;
    this.appliedCol[at] = m.applied;
    this.gapCol[at] = m.gap;
  }

  private sameAsLast(samples: readonly MemberSample[]): boolean {
    const base = (this.rows - 1) * this.slots;
    for (let s = 0; s < this.slots; s++) {
      const m = samples[s] ?? downSample;
      const at = base + s;
      if (
        this.termCol[at] !== m.term ||
        this.leadCol[at] !== m.lead ||
        this.stateCol[at] !== m.state ||
        this.commitCol[at] !== m.committed ||
        this.appliedCol[at] !== m.applied ||
        this.gapCol[at] !== m.gap
      ) {
        return false;
      }
    }
    return true;
  }

  private growTo(rows: number): void {
    this.capacity = rows;
    this.stepCol = grow(this.stepCol, rows);
    this.timeCol = grow(this.timeCol, rows);
    const n = rows * this.slots;
    this.termCol = grow(this.termCol, n);
    this.leadCol = grow(this.leadCol, n);
    this.stateCol = grow(this.stateCol, n);
    this.commitCol = grow(this.commitCol, n);
    this.appliedCol = grow(this.appliedCol, n);
    this.gapCol = grow(this.gapCol, n);
  }

  /** Rows stored. */
  get length(): number {
    return this.rows;
  }

  /** The last step recorded (stored or not); -1 before the first. */
  get lastRecordedStep(): number {
    return this.lastStep;
  }

  stepOfRow(row: number): number {
    return this.stepCol[this.checkRow(row)] as number;
  }

  timeUsOfRow(row: number): number {
    return this.timeCol[this.checkRow(row)] as number;
  }

  /** Member `slot`'s values in row `row`: O(1). */
  sample(row: number, slot: number): MemberSample {
    const at = this.checkRow(row) * this.slots + slot;
    if (slot < 0 || slot >= this.slots) throw new Error(`metrics: no slot ${slot}`);
    return {
      term: this.termCol[at] as number,
      lead: this.leadCol[at] as number,
      state: this.stateCol[at] as MemberStateCode,
      committed: this.commitCol[at] as number,
      applied: this.appliedCol[at] as number,
      gap: this.gapCol[at] as number,
    };
  }

  /** The row in force at `step` (the last row stored at or before it); -1 before the first row. */
  rowAtStep(step: number): number {
    const n = this.rows;
    if (n === 0 || step < (this.stepCol[0] as number)) return -1;
    const c = Math.min(this.cursor, n - 1);
    // The cursor usually moves a row at a time: try where it was and its neighbour first.
    for (const r of [c, c + 1, c - 1]) {
      if (
        r >= 0 &&
        r < n &&
        (this.stepCol[r] as number) <= step &&
        (r + 1 >= n || (this.stepCol[r + 1] as number) > step)
      ) {
        this.cursor = r;
        return r;
      }
    }
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.stepCol[mid] as number) <= step) lo = mid;
      else hi = mid - 1;
    }
    this.cursor = lo;
    return lo;
  }

  /** Every member's values at `step`, or undefined before the first row. */
  valuesAt(step: number): MemberSample[] | undefined {
    const row = this.rowAtStep(step);
    if (row < 0) return undefined;
    return Array.from({ length: this.slots }, (_, s) => this.sample(row, s));
  }

  /** One member's values of one field over all rows, for charts. */
  series(field: 'term' | 'lead' | 'state' | 'committed' | 'applied' | 'gap', slot: number): number[] {
    const col = {
      term: this.termCol,
      lead: this.leadCol,
      state: this.stateCol,
      committed: this.commitCol,
      applied: this.appliedCol,
      gap: this.gapCol,
    }[field];
    const out: number[] = new Array<number>(this.rows);
    for (let r = 0; r < this.rows; r++) out[r] = col[r * this.slots + slot] as number;
    return out;
  }

  /** Forgets every row after `step` and checkpoints after it (a new input changes the future). */
  truncateAfter(step: number): void {
    const row = this.rowAtStep(step);
    this.rows = row + 1;
    this.cursor = Math.max(0, row);
    this.lastStep = Math.min(this.lastStep, step);
    this.checkpoints.truncateAfter(step);
  }

  /** Notes that a replay checkpoint exists at `step` (steps increase). */
  addCheckpoint(step: number): void {
    this.checkpoints.add(step);
  }

  /** The latest checkpoint at or before `step`, or undefined (replay from the start). */
  nearestCheckpoint(step: number): number | undefined {
    return this.checkpoints.nearest(step);
  }

  get checkpointSteps(): readonly number[] {
    return this.checkpoints.steps();
  }

  /** Bytes held by the typed arrays (allocated capacity, not just the rows in use). */
  get byteLength(): number {
    const cols: Column[] = [
      this.stepCol,
      this.timeCol,
      this.termCol,
      this.leadCol,
      this.stateCol,
      this.commitCol,
      this.appliedCol,
      this.gapCol,
    ];
    return cols.reduce((sum, c) => sum + c.byteLength, 0) + this.checkpoints.byteLength;
  }

  /** Bytes one stored row costs: two float64 columns plus 18 bytes per member slot. */
  get bytesPerRow(): number {
    return 16 + 18 * this.slots;
  }

  private checkRow(row: number): number {
    if (!Number.isInteger(row) || row < 0 || row >= this.rows)
      throw new Error(`metrics: no row ${row} (have ${this.rows})`);
    return row;
  }
}

/** Sorted step numbers with a growable Float64Array; nearest() is a binary search. */
export class CheckpointIndex {
  private col = new Float64Array(16);
  private n = 0;

  add(step: number): void {
    if (this.n > 0 && step <= (this.col[this.n - 1] as number)) {
      throw new Error(`checkpoints: step ${step} is not after ${this.col[this.n - 1] as number}`);
    }
    if (this.n === this.col.length) this.col = grow(this.col, this.col.length * 2);
    this.col[this.n++] = step;
  }

  nearest(step: number): number | undefined {
    let lo = 0;
    let hi = this.n - 1;
    let found: number | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = this.col[mid] as number;
      if (s <= step) {
        found = s;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  truncateAfter(step: number): void {
    while (this.n > 0 && (this.col[this.n - 1] as number) > step) this.n--;
  }

  steps(): number[] {
    return Array.from(this.col.subarray(0, this.n));
  }

  get length(): number {
    return this.n;
  }

  get byteLength(): number {
    return this.col.byteLength;
  }
}
