/**
 * The Raft lab's UI state: one LabSession plus plain-data copies of what the panels draw. The
 * session is mutable (it owns the live InteractionEnv), so after every action the store copies
 * out steps, cursor and the env view; views select those narrowly and never touch the env.
 */
import { create } from 'zustand';
import { checkCommand, type CommandError } from './model/command_line';
import { envView, type EnvView } from './model/env_view';
import { LabSession, type LabStep, type StepDifference } from './model/lab_session';
import type { ScriptError } from './model/script';
import { sampleById } from './samples';

/** The outcome of the last load or import, shown in the script bar. */
export type LabNotice =
  | {
      readonly kind: 'imported';
      readonly file: string;
      readonly steps: number;
      readonly differences: number;
      readonly firstLine: number | undefined;
      readonly crashed: boolean;
    }
  | { readonly kind: 'loaded-sample'; readonly id: string; readonly steps: number }
  | { readonly kind: 'script-error'; readonly error: ScriptError }
  | { readonly kind: 'new-session' };

export type IssueOutcome =
  | { readonly ok: true }
  | { readonly ok: false; readonly error: CommandError }
  | { readonly ok: false; readonly harness: string };

export interface LabState {
  readonly sessionName: string;
  readonly steps: readonly LabStep[];
  readonly cursor: number;
  readonly crashed: boolean;
  readonly view: EnvView;
  readonly differences: readonly StepDifference[];
  readonly notice: LabNotice | undefined;
  newSession(): void;
  loadSample(id: string): void;
  importText(fileName: string, text: string): boolean;
  forward(): void;
  back(): void;
  seek(cursor: number): void;
  runToEnd(): void;
  /** Checks and runs typed commands in order; stops at the first that fails. */
  issue(lines: readonly { line: string; input: string }[]): IssueOutcome;
  exportText(): string;
}

function derived(session: LabSession) {
  return {
    sessionName: session.name,
    steps: [...session.steps],
    cursor: session.cursor,
    crashed: session.crashed,
    view: envView(session.environment),
    differences: session.differences(),
  };
}

export function createLabStore(initial: LabSession = LabSession.empty()) {
  let session = initial;
  return create<LabState>()((set) => {
    const sync = (extra: Partial<Pick<LabState, 'notice'>> = {}) => set({ ...derived(session), ...extra });
    return {
      ...derived(session),
      notice: undefined,
      newSession() {
        session = LabSession.empty();
        sync({ notice: { kind: 'new-session' } });
      },
      loadSample(id) {
        const sample = sampleById(id);
        if (sample === undefined) return;
        const loaded = LabSession.fromScript(sample.fileName, sample.text, false);
        if (!loaded.ok) throw new Error(`built-in sample ${id} does not parse`);
        session = loaded.session;
        sync({ notice: { kind: 'loaded-sample', id, steps: session.steps.length } });
      },
      importText(fileName, text) {
        const loaded = LabSession.fromScript(fileName, text, true);
        if (!loaded.ok) {
          set({ notice: { kind: 'script-error', error: loaded.error } });
          return false;
        }
        session = loaded.session;
        const differences = session.differences();
        sync({
          notice: {
            kind: 'imported',
            file: fileName,
            steps: session.cursor,
            differences: differences.length,
            firstLine: differences[0]?.fileLine,
            crashed: session.crashed,
          },
        });
        return true;
      },
      forward() {
        session.forward();
        sync();
      },
      back() {
        session.back();
        sync();
      },
      seek(cursor) {
        session.seek(cursor);
        sync();
      },
      runToEnd() {
        session.runToEnd();
        sync();
      },
      issue(lines) {
        try {
          for (const { line, input } of lines) {
            const check = checkCommand(line, input, { nodeCount: session.environment.nodes.length });
            if (!check.ok) return { ok: false, error: check.error };
            const result = session.issue(check);
            if (!result.ok) return { ok: false, harness: result.message };
          }
          return { ok: true };
        } finally {
          sync();
        }
      },
      exportText() {
        return session.exportText();
      },
    };
  });
}

export const useLab = createLabStore();
