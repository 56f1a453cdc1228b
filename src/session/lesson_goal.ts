/**
 * Lesson goals and checks over the run's typed observations: a tap on the SessionEngine keeps
 * the few counters the goals need (elections, leadership losses, answers, Ready-loop steps
 * reached), rebuilt from step 0 on every replay, so a goal armed at a moment's start holds at
 * the same step in every replay of the run.
 */
import { StateType } from '../raft/state_type';
import { messageTypeName } from '../raft/raftpb/types';
import type { AnyObservation } from '../cluster/observation';
import type { ObservationTap, SessionEngine } from './engine';
import type { LessonCheck, LessonGoal } from './lesson';

interface Answer {
  readonly ok: boolean;
  readonly error: string | null;
}

/** The member index of a lesson's member name (`infra1` is 0), or null. */
export function memberIndexOfLessonName(name: string): number | null {
  const m = /^infra([1-9])$/.exec(name);
  return m === null ? null : Number(m[1]) - 1;
}

/** The key of the sent-message counter a goal or check reads (`*` for any). */
function sentKey(m: {
  readonly type: string;
  readonly from?: string;
  readonly to?: string;
  readonly withEntries?: boolean;
}): string {
  const end = (name: string | undefined): string =>
    name === undefined ? '*' : String(memberIndexOfLessonName(name) ?? -1);
  return `${m.type}|${end(m.from)}|${end(m.to)}|${m.withEntries === true ? 'entries' : '*'}`;
}

export class GoalTracker implements ObservationTap {
  private elections = 0;
  private losses = 0;
  private answers: Answer[] = [];
  /** Times each member's Ready loop reached each step, by `member|step|mustSync`. */
  private reached = new Map<string, number>();
  /** MustSync of the Ready each member's loop handles now. */
  private mustSync: boolean[] = [];
  private leaderOf: number | null = null;
  /** Messages sent, by `type|from|to|entries` with `*` for any (see countMessage). */
  private sent = new Map<string, number>();

  constructor(private readonly engine: SessionEngine) {
    engine.addTap(this);
  }

  replayFromStart(): void {
    this.elections = 0;
    this.losses = 0;
    this.answers = [];
    this.reached = new Map();
    this.mustSync = [];
    this.leaderOf = null;
    this.sent = new Map();
  }

  observe(member: number | null, o: AnyObservation): void {
    switch (o.kind) {
      case 'role':
        if (o.change.to === StateType.StateLeader) {
          this.elections++;
          this.leaderOf = member;
        } else if (o.change.from === StateType.StateLeader && member === this.leaderOf) {
          this.losses++;
          this.leaderOf = null;
        }
        return;
      case 'member':
        if (o.phase !== 'started' && member !== null && member === this.leaderOf) {
          this.losses++;
          this.leaderOf = null;
        }
        return;
      case 'ready':
        if (member !== null) this.mustSync[member] = o.ready.mustSync;
        return;
      case 'ready-step':
        if (member !== null) this.bump(member, o.step, this.mustSync[member] === true);
        return;
      case 'client':
        if (o.phase === 'answered') this.answers.push({ ok: o.ok, error: o.error });
        return;
      case 'message':
        if (o.phase === 'sent') this.countMessage(o.message.type, o.from, o.to, o.message.entries.length > 0);
        return;
      default:
        return;
    }
  }

  private countMessage(type: number, from: number | null, to: number | null, withEntries: boolean): void {
    const name = messageTypeName(type);
    for (const f of ['*', String(from)]) {
      for (const t of ['*', String(to)]) {
        for (const e of withEntries ? ['*', 'entries'] : ['*']) {
          const key = `${name}|${f}|${t}|${e}`;
          this.sent.set(key, (this.sent.get(key) ?? 0) + 1);
        }
      }
    }
  }

  private bump(member: number, step: string, mustSync: boolean): void {
    for (const key of [
      `${member}|${step}|${mustSync}`,
      `${member}|${step}|*`,
      `*|${step}|${mustSync}`,
      `*|${step}|*`,
    ]) {
      this.reached.set(key, (this.reached.get(key) ?? 0) + 1);
    }
  }

  /** The predicate of `goal`, armed now: it holds once the goal happens after this point. */
  arm(goal: LessonGoal): () => boolean {
    const c = (): SessionEngine['run']['cluster'] => this.engine.run.cluster;
    switch (goal.goal) {
      case 'leader-elected': {
        const e0 = this.elections;
        return () => this.elections > e0;
      }
      case 'leadership-lost': {
        const l0 = this.losses;
        return () => this.losses > l0;
      }
      case 'ready-step': {
        const m = goal.member === undefined ? '*' : String(memberIndexOfLessonName(goal.member) ?? -1);
        const key = `${m}|${goal.step}|${goal.mustSync === undefined ? '*' : String(goal.mustSync)}`;
        const r0 = this.reached.get(key) ?? 0;
        return () => (this.reached.get(key) ?? 0) > r0;
      }
      case 'request-answered': {
        const a0 = this.answers.length;
        return () => {
          for (let i = a0; i < this.answers.length; i++) {
            const a = this.answers[i];
            if (a === undefined) continue;
            if (goal.outcome === 'ok' && !a.ok) continue;
            if (goal.outcome === 'error' && a.ok) continue;
            if (goal.error !== undefined && a.error !== goal.error) continue;
            return true;
          }
          return false;
        };
      }
      case 'scenario-action':
        return () => this.engine.scenarioProgress.fired > goal.entry;
      case 'gap-over-limit': {
        const only = goal.member === undefined ? null : memberIndexOfLessonName(goal.member);
        return () => {
          const cl = c();
          for (let i = 0; i < cl.members.length; i++) {
            if (only !== null && i !== only) continue;
            const s = cl.server(i);
            const limit = cl.members[i]?.cfg.maxGapBetweenApplyAndCommitIndex;
            if (s !== null && limit !== undefined && s.committedIndex > s.appliedIndex + limit) return true;
          }
          return false;
        };
      }
      case 'message-sent': {
        const key = sentKey(goal);
        const n0 = this.sent.get(key) ?? 0;
        return () => (this.sent.get(key) ?? 0) > n0;
      }
      case 'time':
        return () => this.engine.run.nowUs >= goal.atUs;
    }
  }

  /** Whether a prediction's check is true now (at the moment the run reached). */
  holds(check: LessonCheck): boolean {
    const snap = this.engine.snapshot();
    switch (check.check) {
      case 'leader-is': {
        const leaders = snap.members.filter((m) => m.up && m.role === 'StateLeader');
        const top = leaders.sort((a, b) => b.term - a.term)[0];
        return top !== undefined && top.name === check.member;
      }
      case 'last-answer': {
        const a = this.answers[this.answers.length - 1];
        if (a === undefined) return false;
        if (check.outcome === 'ok') return a.ok;
        return !a.ok && (check.error === undefined || a.error === check.error);
      }
      case 'term-at-least':
        return Math.max(0, ...snap.members.map((m) => m.term)) >= check.value;
      case 'last-cause': {
        const changes = this.engine.recorder.history().leaderChanges;
        return changes[changes.length - 1]?.cause === check.cause;
      }
      case 'sent':
        return (this.sent.get(sentKey(check)) ?? 0) > 0;
    }
  }
}
