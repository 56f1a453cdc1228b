/**
 * A small driver for the Changer: it keeps a tracker, runs one operation at a time written as
 * `simple v1 l2`, `enter-joint r3 v4`, `enter-joint autoleave v4` or `leave-joint`, adopts the
 * result when there is no error, and prints what happened as lines: the config followed by one
 * line per progress, or the error message alone.
 */
import { expect } from 'vitest';
import { Changer, type ChangeResult } from '../../../src/raft/confchange/confchange';
import { confChangesFromString } from '../../../src/raft/raftpb/confchange';
import type { ConfChangeSingle } from '../../../src/raft/raftpb/types';
import { ProgressTracker } from '../../../src/raft/tracker/tracker';

export class Rig {
  tracker = new ProgressTracker(10, 0);
  /** The raft log's last index handed to the next Changer. */
  lastIndex = 0;

  /** Runs one operation; the tracker is replaced by the result only on success. */
  run(command: string): string[] {
    const [verb = '', ...rest] = command.split(' ');
    const autoLeave = rest[0] === 'autoleave';
    const parsed = confChangesFromString((autoLeave ? rest.slice(1) : rest).join(' '));
    if (!parsed.ok) throw new Error(`bad step ${command}: ${parsed.error}`);
    return this.apply(verb, autoLeave, parsed.value);
  }

  apply(verb: string, autoLeave: boolean, ccs: ConfChangeSingle[]): string[] {
    const before = this.lines();
    const changer = new Changer(this.tracker, this.lastIndex);
    let res: ChangeResult;
    if (verb === 'simple') res = changer.simple(...ccs);
    else if (verb === 'enter-joint') res = changer.enterJoint(autoLeave, ...ccs);
    else if (verb === 'leave-joint' && ccs.length === 0) res = changer.leaveJoint();
    else throw new Error(`bad verb ${verb}`);
    // The Changer works on copies: whatever it decided, the tracker it was given is intact.
    expect(this.lines()).toEqual(before);
    if (res.err !== undefined) return [res.err.message];
    this.tracker.config = res.cfg;
    this.tracker.progress = res.trk;
    return this.lines();
  }

  /** The config line followed by one line per member, ascending ID. */
  lines(): string[] {
    const progress = this.tracker.progress
      .toString()
      .split('\n')
      .filter((l) => l !== '');
    return [this.tracker.config.toString(), ...progress];
  }
}

/** One step of a scenario: an operation, optionally the last index to run it at, and the outcome. */
export interface Step {
  run: string;
  at?: number;
  want: string[];
}

/** Runs the steps in order on a fresh Rig, checking each outcome. */
export function playScenario(steps: readonly Step[]): void {
  const rig = new Rig();
  steps.forEach((step, i) => {
    if (step.at !== undefined) rig.lastIndex = step.at;
    expect(rig.run(step.run), `step ${i + 1}: ${step.run}`).toEqual(step.want);
  });
}

/** `N: StateProbe match=0 next=M`, the line of a member that has not been heard from yet. */
export function fresh(id: number, next: number, learner = false): string {
  return `${id}: StateProbe match=0 next=${next}${learner ? ' learner' : ''}`;
}
