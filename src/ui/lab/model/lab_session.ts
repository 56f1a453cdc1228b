/**
 * A Raft lab session: a list of directives, the outputs our harness printed for them, and a
 * cursor. Stepping forward runs the next directive on the live InteractionEnv; stepping back
 * builds a fresh env and replays the prefix (the harness is deterministic, so the replayed env is
 * the one we had). Nothing here knows about React; the store wraps it.
 */
import { normalizeOutput, type ParsedDirective } from '../../../interaction/datadriven';
import { defaultInteractionOpts, InteractionEnv } from '../../../interaction/interaction_env';
import type { CommandCheck } from './command_line';
import { diffLines, firstDifferentLine, type DiffOp } from './line_diff';
import {
  directiveComment,
  directiveFromCommand,
  directiveText,
  parseScript,
  renderSession,
  type ScriptError,
} from './script';

/** One directive of the session and what became of it. */
export interface LabStep {
  /** Stable across the session, for list keys. */
  readonly key: number;
  readonly source: ParsedDirective;
  /** The directive as written, e.g. `deliver-msgs 2 type=MsgApp`. */
  readonly text: string;
  /** Comment lines written above it in the script. */
  readonly comment: string;
  readonly origin: 'script' | 'user';
  /** What the loaded file expected; undefined for typed commands and blocks-less directives. */
  readonly expected: string | undefined;
  /** The file line where the expected block starts (script steps only). */
  readonly blockLine: number | undefined;
  /** What our harness printed; undefined while the step has not run. */
  readonly output: string | undefined;
  /** The harness threw (a raft panic or a fatal script error): nothing after this step can run. */
  readonly crashed: boolean;
}

export interface StepDifference {
  readonly index: number;
  /** 1-based file line of the first differing expected line. */
  readonly fileLine: number | undefined;
  readonly ops: readonly DiffOp[];
}

export type IssueResult = { readonly ok: true } | { readonly ok: false; readonly message: string };

/** A bound on one replay, far above any real script: protects the page from a runaway loop. */
export const maxSteps = 20_000;

let nextKey = 1;

function freshEnv(): InteractionEnv {
  return new InteractionEnv(defaultInteractionOpts);
}

function makeStep(
  source: ParsedDirective,
  origin: LabStep['origin'],
  expected: string | undefined,
  blockLine: number | undefined,
): LabStep {
  return {
    key: nextKey++,
    source,
    text: directiveText(source),
    comment: directiveComment(source),
    origin,
    expected,
    blockLine,
    output: undefined,
    crashed: false,
  };
}

/** Runs one directive; a throw becomes the step's output, as the datadriven runner reports it. */
function runOn(env: InteractionEnv, step: LabStep): LabStep {
  try {
    return { ...step, output: normalizeOutput(env.handle(step.source.directive)), crashed: false };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return { ...step, output: `panic: ${message}\n`, crashed: true };
  }
}

export class LabSession {
  private env = freshEnv();
  private stepList: LabStep[];
  private position = 0;
  /** Bumped on every change, so a store can tell the session moved. */
  revision = 0;

  private constructor(
    readonly name: string,
    steps: LabStep[],
    private readonly trailer: string,
  ) {
    this.stepList = steps;
  }

  static empty(name = 'lab.txt'): LabSession {
    return new LabSession(name, [], '');
  }

  /** Loads a script; with `run`, also runs all of it (an import checks every expected block). */
  static fromScript(
    name: string,
    text: string,
    run: boolean,
  ): { ok: true; session: LabSession } | { ok: false; error: ScriptError } {
    const parsed = parseScript(name, text);
    if (!parsed.ok) return parsed;
    const steps = parsed.script.directives.map((d) => makeStep(d.source, 'script', d.expected, d.blockLine));
    const session = new LabSession(name, steps, parsed.script.trailer);
    if (run) session.runToEnd();
    return { ok: true, session };
  }

  get steps(): readonly LabStep[] {
    return this.stepList;
  }

  /** How many steps have run. */
  get cursor(): number {
    return this.position;
  }

  /** The live environment at the cursor; read it, never mutate it. */
  get environment(): InteractionEnv {
    return this.env;
  }

  get crashed(): boolean {
    return this.stepList[this.position - 1]?.crashed === true;
  }

  canForward(): boolean {
    return this.position < this.stepList.length && !this.crashed;
  }

  canBack(): boolean {
    return this.position > 0;
  }

  forward(): boolean {
    const step = this.stepList[this.position];
    if (step === undefined || this.crashed) return false;
    this.stepList[this.position] = runOn(this.env, step);
    this.position++;
    this.revision++;
    return true;
  }

  back(): boolean {
    return this.position > 0 && this.seek(this.position - 1);
  }

  /** Moves the cursor to `target` steps run; backwards by replaying from a fresh env. */
  seek(target: number): boolean {
    const to = Math.max(0, Math.min(target, this.stepList.length, maxSteps));
    if (to < this.position) this.replay(to);
    while (this.position < to && this.forward()) {
      // forward() advances the cursor; it stops at a crash.
    }
    this.revision++;
    return true;
  }

  runToEnd(): void {
    this.seek(this.stepList.length);
  }

  // Rebuilds the env from nothing and runs the first `count` steps; later outputs are forgotten.
  private replay(count: number): void {
    this.env = freshEnv();
    this.position = 0;
    this.stepList = this.stepList.map((s) =>
      s.output === undefined ? s : { ...s, output: undefined, crashed: false },
    );
    for (let i = 0; i < count && this.forward(); i++) {
      // forward() advances the cursor.
    }
  }

  /**
   * Runs a checked command at the cursor. Steps not yet run are discarded first (a new branch).
   * If the harness throws, the env is rebuilt as it was and the command is not kept.
   */
  issue(check: Extract<CommandCheck, { ok: true }>): IssueResult {
    if (this.crashed) return { ok: false, message: 'the previous step crashed' };
    if (this.stepList.length >= maxSteps) return { ok: false, message: `more than ${maxSteps} steps` };
    this.stepList = this.stepList.slice(0, this.position);
    const source = directiveFromCommand(check.line, check.input, `${this.name}:${this.position + 1}`);
    const step = runOn(this.env, makeStep(source, 'user', undefined, undefined));
    if (step.crashed) {
      this.replay(this.position);
      this.revision++;
      return { ok: false, message: (step.output ?? '').replace(/^panic: /, '').trimEnd() };
    }
    this.stepList.push(step);
    this.position++;
    this.revision++;
    return { ok: true };
  }

  /** The steps run so far with the outputs we printed, as an interaction file. */
  exportText(): string {
    const run = this.stepList
      .slice(0, this.position)
      .map((s) => ({ source: s.source, output: s.output ?? '' }));
    return renderSession(run, this.position === this.stepList.length ? this.trailer : '');
  }

  /** Every run step whose output differs from what its file expected. */
  differences(): StepDifference[] {
    const out: StepDifference[] = [];
    this.stepList.forEach((s, index) => {
      const diff = stepDifference(s, index);
      if (diff !== undefined) out.push(diff);
    });
    return out;
  }
}

export function stepDiffers(s: LabStep): boolean {
  return s.expected !== undefined && s.output !== undefined && s.expected !== s.output;
}

export function stepDifference(s: LabStep, index: number): StepDifference | undefined {
  if (s.expected === undefined || s.output === undefined || !stepDiffers(s)) return undefined;
  const line = firstDifferentLine(s.expected, s.output);
  const fileLine = s.blockLine === undefined || line === undefined ? undefined : s.blockLine + line;
  return { index, fileLine, ops: diffLines(s.expected, s.output) };
}
