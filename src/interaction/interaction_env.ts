/**
 * The interaction environment (rafttest/interaction_env.go: InteractionEnv): a set of raft nodes
 * driven by hand, one global queue of in-flight messages, and one output buffer that is also
 * every node's logger. `handle` runs one datadriven directive and returns its output text; the
 * accessors let a UI draw the same state (nodes, queue, histories) between directives.
 */
import type { RawNode } from '../raft/rawnode';
import type { Message, Snapshot } from '../raft/raftpb/types';
import type { Directive } from './datadriven';
import { handlers } from './handlers';
import type { InteractionNode } from './node';
import { RedirectLogger } from './redirect_logger';
import { setRandomizedElectionTimeout } from './test_hooks';

/** Test hooks (rafttest: InteractionOpts). */
export interface InteractionOpts {
  /** Pins a node's randomized election timeout; needed by `set-randomized-election-timeout`. */
  readonly setRandomizedElectionTimeout?: (rawNode: RawNode, timeout: number) => void;
}

/** The hooks upstream's TestInteraction passes to every env (interaction_test.go). */
export const defaultInteractionOpts: InteractionOpts = { setRandomizedElectionTimeout };

/** A handler's failure that becomes the directive's output (a Go `error` return). */
export type HandlerError = string;

export class InteractionEnv {
  readonly options: InteractionOpts;
  /** The node at position i has raft ID i+1. */
  readonly nodes: InteractionNode[] = [];
  /** The in-flight network, in send order (FIFO per recipient). */
  messages: Message[] = [];
  readonly output = new RedirectLogger();

  constructor(options: InteractionOpts = defaultInteractionOpts) {
    this.options = options;
  }

  /**
   * Runs one directive (interaction_env_handler.go: Handle). A returned error is appended to the
   * output (or is the whole output at level NONE); an empty output reads `ok`. Script mistakes
   * that upstream treats as test-fatal throw DirectiveFatal; raft panics throw RaftPanic.
   */
  handle(d: Directive): string {
    this.output.reset();
    const handler = handlers.get(d.cmd);
    const err = handler === undefined ? 'unknown command' : handler(this, d);
    if (err !== undefined) {
      if (this.output.quiet()) {
        return err;
      }
      this.output.write(err);
    }
    return this.output.length === 0 ? 'ok' : this.output.toString();
  }

  /**
   * Runs `f` and re-emits everything it wrote, line by line, indented by two spaces
   * (interaction_env.go: withIndent). A last line without `\n` gets one.
   */
  withIndent(f: () => void): void {
    const captured = this.output.capture(f);
    if (captured === '') {
      return;
    }
    const lines = captured.split('\n');
    if (captured.endsWith('\n')) {
      lines.pop();
    }
    for (const line of lines) {
      this.output.write(`  ${line.endsWith('\r') ? line.slice(0, -1) : line}\n`);
    }
  }

  /** The node at 0-based position idx; a bad index is a script error, as in Go (index panic). */
  node(idx: number): InteractionNode {
    const n = this.nodes[idx];
    if (n === undefined) {
      throw new RangeError(`runtime error: index out of range [${idx}] with length ${this.nodes.length}`);
    }
    return n;
  }

  /** The node with raft ID `id`, if it exists. */
  nodeByID(id: bigint): InteractionNode | undefined {
    return id >= 1n && id <= BigInt(this.nodes.length) ? this.nodes[Number(id) - 1] : undefined;
  }

  /** Read-only view of the in-flight messages, for display. */
  queuedMessages(): readonly Message[] {
    return this.messages;
  }

  /** Read-only view of a node's state-machine snapshots, for display. */
  history(id: bigint): readonly Snapshot[] {
    return this.nodeByID(id)?.history ?? [];
  }
}
