/**
 * What one Step, Step tick, Step Ready or Run until did, as plain data the controls can say
 * aloud: the goroutine a kernel step ran and where it now stands, the member that ticked or
 * moved its Ready loop, or why a goal was not reached. A step that changes nothing else on
 * screen still says which goroutine ran.
 */
import type { ReadyStep } from '../etcd/raftnode';
import type { GoroutineInfo } from '../sim/kernel';
import type { Granularity, RunUntilGoal } from './types';

export type StepReport =
  | {
      /** One kernel step: goroutine `goroutine` ran and now stands at `label` (`state`). */
      readonly kind: 'step';
      readonly goroutineId: number;
      readonly goroutine: string;
      readonly label: string;
      readonly state: string;
    }
  /** Step tick: member `member` took one raft tick (`steps` kernel steps). */
  | { readonly kind: 'tick'; readonly member: number | null; readonly steps: number }
  /** Step Ready: member `member`'s Ready loop got Ready `seq` or finished it. */
  | {
      readonly kind: 'ready';
      readonly member: number | null;
      readonly seq: number;
      readonly loopStep: ReadyStep | null;
      readonly steps: number;
    }
  /** A Run until goal held after `steps` kernel steps. */
  | { readonly kind: 'until'; readonly goal: RunUntilGoal; readonly steps: number }
  /**
   * A goal that did not hold: `time-bound` after boundUs of simulated time, `step-bound` after
   * the step bound, `no-request` when "proposal answered" has no request of the user's to wait on.
   */
  | {
      readonly kind: 'unreached';
      readonly goal: RunUntilGoal | Granularity;
      readonly reason: 'time-bound' | 'step-bound' | 'no-request';
      readonly steps: number;
      readonly boundUs: number;
    };

export interface StepFacts {
  readonly goal: RunUntilGoal | Granularity;
  readonly result: 'done' | 'bounded' | 'unreached';
  readonly steps: number;
  readonly boundUs: number;
  readonly lastRan: GoroutineInfo | null;
  readonly tickMember: number | null;
  readonly readyMember: number | null;
  readonly readyServer: (member: number) => { readonly seq: number; readonly step: ReadyStep } | null;
}

export function stepReportOf(f: StepFacts): StepReport {
  if (f.result !== 'done') {
    const reason = f.result === 'bounded' ? 'step-bound' : 'time-bound';
    return { kind: 'unreached', goal: f.goal, reason, steps: f.steps, boundUs: f.boundUs };
  }
  switch (f.goal) {
    case 'step': {
      const g = f.lastRan;
      return {
        kind: 'step',
        goroutineId: g?.id ?? 0,
        goroutine: g?.name ?? '',
        label: g?.label ?? '',
        state: g?.state ?? '',
      };
    }
    case 'tick':
      return { kind: 'tick', member: f.tickMember, steps: f.steps };
    case 'ready': {
      const r = f.readyMember === null ? null : f.readyServer(f.readyMember);
      return {
        kind: 'ready',
        member: f.readyMember,
        seq: r?.seq ?? 0,
        loopStep: r?.step ?? null,
        steps: f.steps,
      };
    }
    default:
      return { kind: 'until', goal: f.goal, steps: f.steps };
  }
}

const goalNames: Readonly<Record<RunUntilGoal | Granularity, string>> = {
  'leader-elected': 'leader elected',
  'next-commit': 'next commit',
  'proposal-answered': 'proposal answered',
  step: 'step',
  tick: 'tick',
  ready: 'Ready',
};

/** The report as an English sentence (the CLI's and the tests' wording; the UI translates). */
export function untilMessage(r: StepReport): string {
  const member = (i: number | null): string => (i === null ? 'a member' : `infra${i + 1}`);
  switch (r.kind) {
    case 'step':
      return r.goroutine === ''
        ? 'the step fired timers only'
        : `ran ${r.goroutine}; now at ${r.label} (${r.state})`;
    case 'tick':
      return `${member(r.member)} ticked (${r.steps} kernel steps)`;
    case 'ready':
      return r.loopStep === 'idle' || r.loopStep === null
        ? `${member(r.member)} finished Ready ${r.seq} (${r.steps} kernel steps)`
        : `${member(r.member)} got Ready ${r.seq}, now at ${r.loopStep} (${r.steps} kernel steps)`;
    case 'until':
      return `${goalNames[r.goal]} after ${r.steps} kernel steps`;
    case 'unreached':
      if (r.reason === 'no-request')
        return 'proposal answered: none of your requests is waiting for an answer';
      return r.reason === 'time-bound'
        ? `${goalNames[r.goal]}: not reached within ${r.boundUs / 1e6} s of simulated time (${r.steps} kernel steps)`
        : `${goalNames[r.goal]}: not reached within ${r.steps} kernel steps`;
  }
}
