/**
 * Which faults are in force at the cursor, for the Cluster drawing's badges: from the run's fault
 * inputs (the user's and the scenario's, as the Run applied them) and, for "drop/delay the next
 * N messages", from the message observations that use those rules up. The engine keeps one per
 * run; a replay from step 0 rebuilds it, so what it holds is always the state at the cursor.
 * Observing only: it never touches the run.
 */
import type { Fault } from '../cluster/faults';
import type { ClusterObservation } from '../cluster/observation';
import { messageTypeName } from '../raft/raftpb/types';

/** A fault in force. Members are indexes; times are µs. */
export type ActiveFault =
  | { readonly kind: 'crash'; readonly member: number }
  /** The member is cut off from every member outside its group (group = 1-based number). */
  | { readonly kind: 'partition'; readonly member: number; readonly group: number; readonly alone: boolean }
  | { readonly kind: 'cut-link'; readonly from: number; readonly to: number }
  | { readonly kind: 'slow-disk'; readonly member: number; readonly fsyncUs: number }
  | { readonly kind: 'slow-apply'; readonly member: number; readonly applyUs: number }
  | {
      readonly kind: 'link-latency';
      readonly from: number;
      readonly to: number;
      readonly latencyUs: number;
      readonly symmetric: boolean;
    }
  | {
      readonly kind: 'drop-next' | 'delay-next';
      readonly from: number | null;
      readonly to: number | null;
      readonly messageType: string | null;
      readonly remaining: number;
      /** delay-next only (0 for drop-next). */
      readonly delayUs: number;
    };

/** The simulator's own settings before any fault, to tell a fault from setting a knob back. */
export interface FaultBaseline {
  readonly fsyncUsMax: (member: number) => number;
  readonly applyUsPerEntry: (member: number) => number;
  readonly latencyUsMax: number;
}

interface Rule {
  kind: 'drop-next' | 'delay-next';
  from: number | null;
  to: number | null;
  messageType: string | null;
  remaining: number;
  delayUs: number;
}

/** The fault engine keeps at most this many message rules (src/cluster/faults.ts does too). */
const maxRules = 64;

export class ActiveFaultTracker {
  private readonly crashed = new Set<number>();
  /** The partition's groups (every member in one), or null when none is in force. */
  private groups: number[][] | null = null;
  private readonly cuts: { from: number; to: number }[] = [];
  private readonly slowDisk = new Map<number, number>();
  private readonly slowApply = new Map<number, number>();
  /** key `a>b` (a < b when symmetric). */
  private readonly latency = new Map<string, Extract<ActiveFault, { kind: 'link-latency' }>>();
  private readonly rules: Rule[] = [];

  constructor(
    private readonly baseline: FaultBaseline,
    private readonly memberCount: () => number,
  ) {}

  /** A fault input the run applied (ok = it took effect). */
  onFault(f: Fault, ok: boolean): void {
    if (!ok) return;
    switch (f.kind) {
      case 'crash':
        this.crashed.add(f.member);
        return;
      case 'restart':
        this.crashed.delete(f.member);
        return;
      case 'partition':
        this.partition(f.groups);
        return;
      case 'cut-link':
        if (!this.cuts.some((c) => c.from === f.from && c.to === f.to))
          this.cuts.push({ from: f.from, to: f.to });
        return;
      case 'heal':
        // net.heal() brings every link up; latencies and message rules stay.
        this.groups = null;
        this.cuts.length = 0;
        return;
      case 'slow-disk':
        setOrClear(this.slowDisk, f.member, f.fsync.maxUs, this.baseline.fsyncUsMax(f.member));
        return;
      case 'slow-apply':
        setOrClear(this.slowApply, f.member, f.applyUsPerEntry, this.baseline.applyUsPerEntry(f.member));
        return;
      case 'link-latency': {
        const [a, b] = f.symmetric ? [Math.min(f.from, f.to), Math.max(f.from, f.to)] : [f.from, f.to];
        const key = `${a}>${b}`;
        if (f.latency.maxUs === this.baseline.latencyUsMax) this.latency.delete(key);
        else
          this.latency.set(key, {
            kind: 'link-latency',
            from: a,
            to: b,
            latencyUs: f.latency.maxUs,
            symmetric: f.symmetric,
          });
        return;
      }
      case 'drop-next':
      case 'delay-next':
        if (this.rules.length >= maxRules) this.rules.splice(0, this.rules.length - maxRules + 1);
        this.rules.push({
          kind: f.kind,
          from: f.from ?? null,
          to: f.to ?? null,
          messageType: f.messageType ?? null,
          remaining: f.count,
          delayUs: f.kind === 'delay-next' ? f.delayUs : 0,
        });
        return;
      default:
        return;
    }
  }

  /**
   * A message's fate. The fault engine applies the first armed matching rule to each message it
   * lets onto an up link, which then is either 'sent' (delayed) or 'dropped' as 'lost'; the same
   * first-match here counts the rule down. (A random loss on the link, off by default in the
   * classroom, would count too.)
   */
  onMessage(o: Extract<ClusterObservation, { kind: 'message' }>): void {
    if (this.rules.length === 0) return;
    if (!(o.phase === 'sent' || (o.phase === 'dropped' && o.reason === 'lost'))) return;
    const type = messageTypeName(o.message.type);
    const i = this.rules.findIndex(
      (r) =>
        r.remaining > 0 &&
        (r.from === null || r.from === o.from) &&
        (r.to === null || r.to === o.to) &&
        (r.messageType === null || r.messageType === type),
    );
    const r = this.rules[i];
    if (r === undefined) return;
    r.remaining--;
    if (r.remaining <= 0) this.rules.splice(i, 1);
  }

  private partition(groups: readonly (readonly number[])[]): void {
    const named = new Set(groups.flat());
    const rest: number[] = [];
    for (let i = 0; i < this.memberCount(); i++) if (!named.has(i)) rest.push(i);
    this.groups = [...groups.map((g) => [...g]), ...(rest.length > 0 ? [rest] : [])];
  }

  /** The faults in force, members' first (by member), then links', then message rules. */
  list(): ActiveFault[] {
    const out: ActiveFault[] = [];
    const members = new Set<number>([
      ...this.crashed,
      ...this.slowDisk.keys(),
      ...this.slowApply.keys(),
      ...(this.groups ?? []).flat(),
    ]);
    for (const m of [...members].sort((a, b) => a - b)) {
      if (this.crashed.has(m)) out.push({ kind: 'crash', member: m });
      const g = (this.groups ?? []).findIndex((x) => x.includes(m));
      const group = this.groups?.[g];
      if (group !== undefined && (this.groups?.length ?? 0) > 1) {
        out.push({ kind: 'partition', member: m, group: g + 1, alone: group.length === 1 });
      }
      const disk = this.slowDisk.get(m);
      if (disk !== undefined) out.push({ kind: 'slow-disk', member: m, fsyncUs: disk });
      const apply = this.slowApply.get(m);
      if (apply !== undefined) out.push({ kind: 'slow-apply', member: m, applyUs: apply });
    }
    for (const c of this.cuts) out.push({ kind: 'cut-link', from: c.from, to: c.to });
    for (const key of [...this.latency.keys()].sort()) {
      const l = this.latency.get(key);
      if (l !== undefined) out.push(l);
    }
    for (const r of this.rules) out.push({ ...r });
    return out;
  }
}

function setOrClear(map: Map<number, number>, member: number, value: number, base: number): void {
  if (value === base) map.delete(member);
  else map.set(member, value);
}
