/**
 * Records the history of a run while the engine steps it: role/term segments, leader changes
 * with their cause, gap samples, Ready cards, client calls, refused proposals, log lines and
 * events. Nothing is dropped, so every past cursor shows its Ready cards and events after a seek;
 * memory grows with what happened (a card per Ready, a line per log record), never with steps ×
 * state.
 *
 * A replay for seeking re-executes what was already recorded. Per-step state (roles, gaps,
 * Readys, calls) is recorded only past the frontier (the furthest step ever observed); log lines
 * and applied inputs are counted in the order they happen, and only those beyond the count
 * already recorded are new (a deterministic replay repeats them in the same order).
 */
import type { Cluster } from '../cluster/cluster';
import type { LogRecord } from '../etcd/zap';
import { StateType, stateTypeName } from '../raft/state_type';
import type { RoleChange } from '../raft/role_change';
import type { MemberObservation } from '../etcd/observation';
import { roleOf as raftRoleOf, termOf } from '../etcd/member_view';
import type { ClusterObservation } from '../cluster/observation';
import { BoundedList, GrowableColumn } from './growable';
import { leaderCauseOf, type CauseHints } from './leader_cause';
import type { MemberCall } from './member_calls';
import { hexId, readyCard, roleOf } from './views_of_raft';
import type {
  ClientCallView,
  EventLine,
  GapSeries,
  LeaderChange,
  LeaderChangeCause,
  LogLevel,
  Marker,
  MarkerKind,
  MemberRole,
  ReadyCard,
  ReadyLoopStep,
  RefusedProposal,
  RoleSegment,
  RunHistory,
} from './types';

/**
 * Bounds of the recorded history (a run of an hour of class stays far below them). Past a bound
 * the oldest items are forgotten and the view says how many it holds.
 */
export const readyLaneCapacity = 1_000_000;
export const eventCapacity = 2_000_000;
export const errTooManyRequests = 'etcdserver: too many requests';

interface MemberTrack {
  role: MemberRole;
  term: number;
  applied: number;
  committed: number;
  up: boolean;
  readyStep: ReadyLoopStep;
  openCard: ReadyCard | null;
  segment: Mutable<RoleSegment> | null;
}

interface GapColumns {
  readonly steps: GrowableColumn;
  readonly times: GrowableColumn;
  readonly applied: GrowableColumn;
  readonly committed: GrowableColumn;
  readonly gap: GrowableColumn;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export class RunRecorder {
  /** The furthest step recorded. */
  frontierStep = 0;
  frontierUs = 0;
  /** Log lines and inputs recorded so far, and seen so far by the current replay. */
  private recordedLogs = 0;
  private replayLogs = 0;
  private recordedInputs = 0;
  private replayInputs = 0;
  private readonly tracks: MemberTrack[] = [];
  private readonly gaps: GapColumns[] = [];
  private readonly lanes: BoundedList<ReadyCard>[] = [];
  private readonly eventList = new BoundedList<EventLine>(eventCapacity);
  private readonly segments: RoleSegment[] = [];
  private readonly changes: LeaderChange[] = [];
  private readonly calls: Mutable<ClientCallView>[] = [];
  private readonly pendingCalls: { view: Mutable<ClientCallView>; index: number }[] = [];
  private readonly pendingMemberCalls: { view: Mutable<ClientCallView>; call: MemberCall }[] = [];
  private readonly refused: RefusedProposal[] = [];
  private readonly markers: Marker[] = [];
  private readonly hints: CauseHints = { leaderLoss: null, campaigns: new Map() };
  /** The member that won the latest election, and whether it still leads (as far as we saw). */
  private lastLeader: number | null = null;
  private leading = false;
  private nextSeq = 0;
  private seenCalls = 0;
  private seenMemberCalls = 0;
  private readonly callValues = new Map<number, string>();
  private version = 0;
  private cachedHistory: RunHistory | null = null;
  /**
   * What history() hands out: one frozen copy per segment and call, replaced only when that
   * item changes, so a publish copies pointers rather than every item of a long run.
   */
  private readonly segmentsOut: RoleSegment[] = [];
  private readonly callsOut: ClientCallView[] = [];
  private readonly segmentIndex = new Map<RoleSegment, number>();
  private readonly callIndex = new Map<ClientCallView, number>();
  private readonly dirtyLanes: boolean[] = [];
  /**
   * The published copy of each Ready card, replaced only when that card changes (it ends or its
   * loop step moves), so a publish copies pointers rather than every card of a lane.
   */
  private readonly cardsOut = new WeakMap<ReadyCard, ReadyCard>();
  private lanesCache: (readonly ReadyCard[])[] = [];
  private eventsCache: readonly EventLine[] = [];
  private eventsDirty = false;

  constructor(
    size: number,
    private readonly memberIndexOfId: (hex: string) => number | null,
  ) {
    this.growTo(size);
  }

  /** Members with a history so far (the initial ones, and every one added since). */
  get size(): number {
    return this.tracks.length;
  }

  /** Makes room for members up to n (members added at run time get their history from then on). */
  private growTo(n: number): void {
    const col = (): GrowableColumn => new GrowableColumn(256);
    let grew = false;
    while (this.tracks.length < n) {
      this.tracks.push({
        role: 'down',
        term: 0,
        applied: -1,
        committed: -1,
        up: false,
        readyStep: 'idle',
        openCard: null,
        segment: null,
      });
      this.gaps.push({ steps: col(), times: col(), applied: col(), committed: col(), gap: col() });
      this.lanes.push(new BoundedList<ReadyCard>(readyLaneCapacity));
      this.dirtyLanes.push(false);
      this.lanesCache.push([]);
      grew = true;
    }
    if (grew) {
      this.lanesCache = [...this.lanesCache];
      this.touch();
    }
  }

  /** A replay from step 0 begins: log lines and inputs are counted again from the first. */
  startReplay(): void {
    this.replayLogs = 0;
    this.replayInputs = 0;
  }

  /**
   * Whether the input being applied now is new to the history (the engine then records it);
   * a replay's inputs were recorded when they first happened.
   */
  takeInput(): boolean {
    if (this.replayInputs++ < this.recordedInputs) return false;
    this.recordedInputs++;
    return true;
  }

  /** Called after each kernel step with the step number just completed. */
  observe(step: number, nowUs: number, c: Cluster, memberCalls: readonly MemberCall[] = []): void {
    // A replay re-runs steps already recorded: every tracker still holds its value at the
    // frontier, which is exactly where recording resumes, so there is nothing to do.
    if (step <= this.frontierStep) return;
    const n = c.members.length;
    if (n > this.tracks.length) this.growTo(n);
    for (let i = 0; i < n; i++) this.observeMember(i, step, nowUs, c, true);
    this.observeCalls(step, nowUs, c, true);
    this.observeMemberCalls(step, nowUs, c, memberCalls);
    this.frontierStep = step;
    this.frontierUs = nowUs;
  }

  private observeMember(i: number, step: number, nowUs: number, c: Cluster, rec: boolean): void {
    const t = this.tracks[i];
    if (t === undefined) return;
    const s = c.server(i);
    const up = c.isUp(i);
    const role = roleOf(s === null ? 'StateFollower' : stateTypeName(raftRoleOf(s)), up && s !== null);
    const term = s === null ? t.term : termOf(s);
    if (role !== t.role || term !== t.term) {
      if (rec) this.newSegment(t, i, role, term, step, nowUs);
      t.role = role;
      t.term = term;
    }
    const applied = s?.appliedIndex ?? 0;
    const committed = s?.committedIndex ?? 0;
    if (applied !== t.applied || committed !== t.committed || up !== t.up) {
      if (rec) this.pushGap(i, step, nowUs, applied, committed);
      t.applied = applied;
      t.committed = committed;
    }
    t.up = up;
  }

  private newSegment(
    t: MemberTrack,
    i: number,
    role: MemberRole,
    term: number,
    step: number,
    nowUs: number,
  ): void {
    if (t.segment !== null) {
      t.segment.endStep = step;
      t.segment.endUs = nowUs;
      this.republish(this.segmentsOut, this.segmentIndex, t.segment);
    }
    const seg: Mutable<RoleSegment> = {
      member: i,
      role,
      term,
      startStep: step,
      startUs: nowUs,
      endStep: null,
      endUs: null,
    };
    this.segments.push(seg);
    this.segmentIndex.set(seg, this.segmentsOut.length);
    this.segmentsOut.push({ ...seg });
    t.segment = seg;
    this.touch();
  }

  private pushGap(i: number, step: number, nowUs: number, applied: number, committed: number): void {
    const g = this.gaps[i];
    if (g === undefined) return;
    g.steps.push(step);
    g.times.push(nowUs);
    g.applied.push(applied);
    g.committed.push(committed);
    g.gap.push(committed - applied);
  }

  /**
   * A Ready received or a step of the Ready loop, from member i's observations during kernel
   * step `step` (recorded only past the frontier: a replay has seen them already).
   */
  onReady(
    i: number,
    o: Extract<MemberObservation, { kind: 'ready' | 'ready-step' }>,
    step: number,
    nowUs: number,
  ): void {
    if (step <= this.frontierStep) return;
    if (i >= this.tracks.length) this.growTo(i + 1);
    const t = this.tracks[i];
    if (t === undefined) return;
    if (o.kind === 'ready') {
      const card = readyCard(o.ready, i, o.seq, step, nowUs, t.readyStep);
      this.lanes[i]?.push(card);
      this.cardsOut.set(card, { ...card });
      t.openCard = card;
      this.dirtyLanes[i] = true;
      return;
    }
    t.readyStep = o.step;
    const open = t.openCard as Mutable<ReadyCard> | null;
    if (open === null || open.seq !== o.seq) return;
    if (o.step === 'idle') {
      open.endStep = step;
      open.endUs = nowUs;
      t.openCard = null;
    } else open.loopStep = o.step;
    this.cardsOut.set(open, { ...open });
    this.dirtyLanes[i] = true;
  }

  /**
   * A role change of member i, with raft's reason: campaigns are remembered for the cause of the
   * next election; a leader's own step-down (CheckQuorum, removal) is a leader change with no
   * successor yet, marked on the timeline.
   */
  onRole(i: number, change: RoleChange, step: number, nowUs: number): void {
    if (step <= this.frontierStep) return;
    const name = `infra${i + 1}`;
    if (change.to === StateType.StatePreCandidate || change.to === StateType.StateCandidate) {
      const prior = this.hints.campaigns.get(i);
      const preVote = change.to === StateType.StatePreCandidate || change.reason === 'pre-vote-won';
      const origin = change.reason === 'pre-vote-won' && prior !== undefined ? prior.origin : change.reason;
      this.hints.campaigns.set(i, { origin, preVote: preVote || prior?.preVote === true });
      return;
    }
    if (change.to === StateType.StateLeader) {
      this.leaderElected(i, change.term, step, nowUs, `${name} won the election for term ${change.term}`);
      return;
    }
    // Back to follower: a campaign ends; a leader stepping down on its own loses leadership.
    this.hints.campaigns.delete(i);
    if (change.from !== StateType.StateLeader || this.lastLeader !== i) return;
    if (change.reason === 'check-quorum') {
      this.leadershipLost(
        i,
        'check-quorum',
        step,
        nowUs,
        `${name} stepped down at term ${change.term}: quorum not active (CheckQuorum)`,
      );
    } else if (change.reason === 'removed') {
      this.leadershipLost(
        i,
        'removal',
        step,
        nowUs,
        `${name} stepped down at term ${change.term} after its removal from the configuration`,
      );
    } else {
      this.leading = false;
    }
  }

  /**
   * A member process went down by itself (removed, stopped, failed to join) while leading: no
   * successor yet. A crash is an input, so onFault sees it.
   */
  onMember(
    i: number,
    phase: Extract<ClusterObservation, { kind: 'member' }>['phase'],
    step: number,
    nowUs: number,
  ): void {
    if (step <= this.frontierStep || phase === 'started' || phase === 'crashed') return;
    this.hints.campaigns.delete(i);
    if (this.lastLeader !== i || !this.leading) return;
    const name = `infra${i + 1}`;
    if (phase === 'removed')
      this.leadershipLost(i, 'removal', step, nowUs, `${name} was removed and stopped`);
    else this.leadershipLost(i, 'unknown', step, nowUs, `${name} stopped while leading`);
  }

  /** The leader lost leadership with no successor yet: a change to nobody, marked. */
  private leadershipLost(
    i: number,
    cause: LeaderChangeCause,
    step: number,
    nowUs: number,
    why: string,
  ): void {
    this.leading = false;
    const fault = this.hints.leaderLoss?.cause;
    // A fault we injected stays the root cause; a step-down is how raft noticed it.
    if (fault !== 'crash' && fault !== 'partition') this.hints.leaderLoss = { cause, evidence: why };
    const term = this.tracks[i]?.term ?? 0;
    this.changes.push({ step, timeUs: nowUs, member: null, previous: i, term, cause, evidence: why });
    // A crash already has its fault marker at this very step; raft's own step-downs get one.
    if (cause !== 'crash') this.marker('leader', step, nowUs, `infra${i + 1} no longer leads (${cause})`);
    this.touch();
  }

  /** The value a put carried (the cluster's call record has no value). */
  noteCallValue(callId: number, value: string): void {
    this.callValues.set(callId, value);
  }

  private observeCalls(step: number, nowUs: number, c: Cluster, rec: boolean): void {
    for (; this.seenCalls < c.calls.length; this.seenCalls++) {
      const call = c.calls[this.seenCalls];
      if (call === undefined || !rec) continue;
      const view: Mutable<ClientCallView> = {
        id: call.id,
        op: call.op,
        member: call.member,
        key: call.key,
        value: this.callValues.get(call.id) ?? null,
        startStep: step,
        startUs: call.startUs,
        endStep: null,
        endUs: null,
        outcome: 'pending',
        error: null,
        result: null,
      };
      this.calls.push(view);
      this.callIndex.set(view, this.callsOut.length);
      this.callsOut.push({ ...view });
      this.pendingCalls.push({ view, index: this.seenCalls });
      this.touch();
    }
    if (!rec || this.pendingCalls.length === 0) return;
    for (let j = this.pendingCalls.length - 1; j >= 0; j--) {
      const p = this.pendingCalls[j];
      const call = p === undefined ? undefined : c.calls[p.index];
      if (p === undefined || call === undefined || call.result === null) continue;
      this.finishCall(p.view, call.result, step, call.endUs ?? nowUs, c);
      this.republish(this.callsOut, this.callIndex, p.view);
      this.pendingCalls.splice(j, 1);
    }
  }

  /** Membership calls join the client calls (same list, same answers and errors). */
  private observeMemberCalls(step: number, nowUs: number, c: Cluster, list: readonly MemberCall[]): void {
    for (; this.seenMemberCalls < list.length; this.seenMemberCalls++) {
      const call = list[this.seenMemberCalls];
      if (call === undefined) continue;
      const view: Mutable<ClientCallView> = {
        id: call.id,
        op: call.op,
        member: call.member,
        key: this.memberKey(call.key),
        value: null,
        startStep: step,
        startUs: call.startUs,
        endStep: null,
        endUs: null,
        outcome: 'pending',
        error: null,
        result: null,
      };
      this.calls.push(view);
      this.callIndex.set(view, this.callsOut.length);
      this.callsOut.push({ ...view });
      this.pendingMemberCalls.push({ view, call });
      this.touch();
    }
    for (let j = this.pendingMemberCalls.length - 1; j >= 0; j--) {
      const p = this.pendingMemberCalls[j];
      if (p === undefined || p.call.result === null) continue;
      const r = p.call.result;
      this.finishCall(p.view, r.ok ? { ok: true, value: null } : r, step, p.call.endUs ?? nowUs, c);
      this.republish(this.callsOut, this.callIndex, p.view);
      this.pendingMemberCalls.splice(j, 1);
    }
  }

  /** A membership call's key is a member ID: name the member too (`infra4 de65…`). */
  private memberKey(key: string): string {
    const i = /^[0-9a-f]{16}$/.test(key) ? this.memberIndexOfId(key) : null;
    return i === null ? key : `infra${i + 1} ${key}`;
  }

  private finishCall(
    v: Mutable<ClientCallView>,
    r:
      | { readonly ok: true; readonly value: unknown }
      | { readonly ok: false; readonly err: { readonly message: string } },
    step: number,
    endUs: number,
    c: Cluster,
  ): void {
    v.endStep = step;
    v.endUs = endUs;
    this.touch();
    if (r.ok) {
      v.outcome = 'ok';
      v.result = describeResult(r.value);
      this.event(
        null,
        'info',
        `client ${v.id}: ${v.op} ${v.key} on infra${v.member + 1} → OK ${v.result}`,
        step,
        endUs,
      );
      return;
    }
    v.outcome = 'error';
    v.error = r.err.message;
    this.event(
      null,
      'warn',
      `client ${v.id}: ${v.op} ${v.key} on infra${v.member + 1} → error: ${r.err.message}`,
      step,
      endUs,
    );
    this.marker('client-error', step, endUs, `${v.op} ${v.key}: ${r.err.message}`);
    if (r.err.message === errTooManyRequests) {
      const s = c.server(v.member);
      const gap = s === null ? 0 : s.committedIndex - s.appliedIndex;
      this.refused.push({ step, timeUs: endUs, member: v.member, callId: v.id, error: r.err.message, gap });
    }
  }

  /** A log line of member `member`, emitted at kernel step `step` (from the cluster's log sink). */
  onLog(member: number, line: string, rec: LogRecord, step: number): void {
    if (this.replayLogs++ < this.recordedLogs) return;
    this.recordedLogs++;
    this.pushEvent({
      seq: this.nextSeq++,
      step,
      timeUs: rec.timeUs,
      member,
      level: rec.level,
      kind: 'log',
      text: formatLogText(rec),
      json: line,
    });
  }

  private leaderElected(member: number, term: number, step: number, timeUs: number, evidence: string): void {
    const { cause, why } = leaderCauseOf(
      this.hints,
      this.lastLeader,
      this.changes.length === 0,
      member,
      evidence,
    );
    this.changes.push({
      step,
      timeUs,
      member,
      previous: this.lastLeader,
      term,
      cause,
      evidence: why,
    });
    this.marker('leader', step, timeUs, `infra${member + 1} leader at term ${term} (${cause})`);
    this.lastLeader = member;
    this.leading = true;
    this.hints.leaderLoss = null;
    this.hints.campaigns.clear();
    this.touch();
  }

  /**
   * A fault (the user's or the scenario's) applied at the position after `step`: an event and a
   * marker; tells the cause tracker. The engine calls it only for new inputs (takeInput).
   */
  onFault(
    member: number | null,
    text: string,
    step: number,
    nowUs: number,
    lossCause: 'crash' | 'partition' | null,
  ): void {
    if (lossCause !== null && this.lastLeader !== null && (member === null || member === this.lastLeader)) {
      this.hints.leaderLoss = { cause: lossCause, evidence: text };
    }
    if (member !== null) this.hints.campaigns.delete(member);
    this.event(member, 'warn', text, step, nowUs);
    this.marker('fault', step, nowUs, text);
    if (lossCause === 'crash' && member !== null && member === this.lastLeader && this.leading) {
      this.leadershipLost(member, 'crash', step, nowUs, text);
    }
  }

  /** A cluster event as a log line (user actions, scenario captions, answers), at `step`. */
  event(member: number | null, level: LogLevel, text: string, step: number, timeUs: number): void {
    this.pushEvent({
      seq: this.nextSeq++,
      step,
      timeUs,
      member,
      level,
      kind: 'event',
      text,
      json: null,
    });
  }

  /** A scenario's caption, in both languages (a file's caption without 简体中文 uses its English). */
  captionEvent(
    caption: { readonly en: string; readonly 'zh-CN'?: string },
    step: number,
    timeUs: number,
  ): void {
    this.pushEvent({
      seq: this.nextSeq++,
      step,
      timeUs,
      member: null,
      level: 'info',
      kind: 'event',
      text: `“${caption.en}”`,
      json: null,
      caption: { en: caption.en, 'zh-CN': caption['zh-CN'] ?? caption.en },
    });
  }

  private pushEvent(e: EventLine): void {
    this.eventList.push(e);
    this.eventsDirty = true;
  }

  private marker(kind: MarkerKind, step: number, timeUs: number, text: string): void {
    this.markers.push({ step, timeUs, kind, text });
    this.touch();
  }

  /** Replaces the published copy of an item that changed. */
  private republish<T extends object>(out: T[], index: Map<T, number>, item: T): void {
    const i = index.get(item);
    if (i !== undefined) out[i] = { ...item };
  }

  private touch(): void {
    this.version++;
    this.cachedHistory = null;
  }

  /** The leader as last elected (by the log), for callers deciding a fault's cause. */
  get currentLeader(): number | null {
    return this.lastLeader;
  }

  history(): RunHistory {
    if (this.cachedHistory === null || this.cachedHistory.frontierStep !== this.frontierStep) {
      this.cachedHistory = {
        frontierStep: this.frontierStep,
        frontierUs: this.frontierUs,
        roleSegments: [...this.segmentsOut],
        leaderChanges: [...this.changes],
        calls: [...this.callsOut],
        refused: [...this.refused],
        markers: [...this.markers],
        memberCount: this.tracks.length,
        version: this.version,
      };
    }
    return this.cachedHistory;
  }

  readyLanes(): readonly (readonly ReadyCard[])[] {
    let changed = false;
    for (let i = 0; i < this.size; i++) {
      if (this.dirtyLanes[i] !== true) continue;
      this.lanesCache[i] = this.lanes[i]?.list().map((c) => this.cardsOut.get(c) ?? c) ?? [];
      this.dirtyLanes[i] = false;
      changed = true;
    }
    if (changed) this.lanesCache = [...this.lanesCache];
    return this.lanesCache;
  }

  events(): readonly EventLine[] {
    if (this.eventsDirty) {
      this.eventsCache = [...this.eventList.list()];
      this.eventsDirty = false;
    }
    return this.eventsCache;
  }

  gapSeries(i: number): GapSeries {
    const g = this.gaps[i];
    if (g === undefined) return emptySeries;
    return {
      steps: g.steps.view(),
      timesUs: g.times.view(),
      applied: g.applied.view(),
      committed: g.committed.view(),
      gap: g.gap.view(),
    };
  }

  memberOfId(hex: string): number | null {
    return this.memberIndexOfId(hex);
  }
}

const emptySeries: GapSeries = {
  steps: new Float64Array(0),
  timesUs: new Float64Array(0),
  applied: new Float64Array(0),
  committed: new Float64Array(0),
  gap: new Float64Array(0),
};

/** The message text of a log record, with its fields as `key=value`, like etcd's console encoder. */
export function formatLogText(rec: LogRecord): string {
  if (rec.fields.length === 0) return rec.msg;
  const fields = rec.fields
    .map((f) => `${f.key}=${f.type === 'duration' ? `${f.valueUs / 1000}ms` : fieldText(f.value)}`)
    .join(' ');
  return `${rec.msg} ${fields}`;
}

function fieldText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'bigint') return hexId(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  try {
    return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? hexId(x) : x)) ?? String(v);
  } catch {
    return String(v);
  }
}

function describeResult(v: unknown): string {
  if (v === null || typeof v !== 'object') return '';
  const o = v as { header?: { revision?: number }; kvs?: { value: Uint8Array }[]; deleted?: number };
  const parts: string[] = [];
  if (o.header?.revision !== undefined) parts.push(`rev ${o.header.revision}`);
  if (o.kvs !== undefined)
    parts.push(o.kvs.length === 0 ? 'not found' : `value ${new TextDecoder().decode(o.kvs[0]?.value)}`);
  if (o.deleted !== undefined) parts.push(`deleted ${o.deleted}`);
  return parts.join(', ');
}
