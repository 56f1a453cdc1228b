import type { Chan } from './chan';
import type { Kernel } from './kernel';
import { TimerEntry } from './timerheap';
import type { TimerTarget } from './timerheap';

/**
 * Go's context package, the part etcd's request paths use: cancellation and deadlines,
 * propagated from parent to children. Done() of Background is the nil channel (never ready in
 * a select); a cancelable context closes its Done channel exactly once.
 */
export class ContextError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ContextError';
  }
}

/** `context.Canceled` */
export const Canceled = new ContextError('context canceled');
/** `context.DeadlineExceeded` */
export const DeadlineExceeded = new ContextError('context deadline exceeded');

export interface Context {
  /** The Done channel; null (Go's nil) for a context that can never be canceled. */
  done(): Chan<undefined> | null;
  /** null until Done is closed, then Canceled or DeadlineExceeded. */
  err(): ContextError | null;
  /** The virtual time (µs) the context expires at, if it has a deadline. */
  deadlineUs(): number | undefined;
}

export type CancelFunc = () => void;

class EmptyContext implements Context {
  done(): null {
    return null;
  }
  err(): null {
    return null;
  }
  deadlineUs(): undefined {
    return undefined;
  }
}

const backgroundCtx = new EmptyContext();

/** `context.Background()` */
export function background(): Context {
  return backgroundCtx;
}

/** `context.TODO()` */
export function todo(): Context {
  return backgroundCtx;
}

class CancelCtx implements Context, TimerTarget {
  private readonly doneCh: Chan<undefined>;
  private error: ContextError | null = null;
  private children: CancelCtx[] = [];
  deadlineEntry: TimerEntry | null = null;
  readonly traceRef = 0;

  constructor(
    private readonly kernel: Kernel,
    private readonly parent: Context,
    private readonly deadline: number | undefined,
  ) {
    this.doneCh = kernel.chan<undefined>('ctx.Done', 0);
  }

  done(): Chan<undefined> {
    return this.doneCh;
  }

  err(): ContextError | null {
    return this.error;
  }

  deadlineUs(): number | undefined {
    return this.deadline;
  }

  /** Ties this context to its parent: canceled now if the parent already is, else later. */
  attach(): void {
    const p = this.parent;
    if (!(p instanceof CancelCtx)) return;
    const perr = p.err();
    if (perr !== null) this.cancel(perr, false);
    else p.children.push(this);
  }

  cancel(err: ContextError, removeFromParent: boolean): void {
    if (this.error !== null) return;
    this.error = err;
    this.kernel.close(this.doneCh);
    const children = this.children;
    this.children = [];
    for (const c of children) c.cancel(err, false);
    if (this.deadlineEntry !== null) this.kernel.unschedule(this.deadlineEntry);
    if (removeFromParent && this.parent instanceof CancelCtx) this.parent.removeChild(this);
  }

  private removeChild(c: CancelCtx): void {
    const i = this.children.indexOf(c);
    if (i >= 0) this.children.splice(i, 1);
  }

  onTimer(): void {
    this.cancel(DeadlineExceeded, true);
  }
}

/** `context.WithCancel(parent)` */
export function withCancel(k: Kernel, parent: Context): [Context, CancelFunc] {
  const c = new CancelCtx(k, parent, parent.deadlineUs());
  c.attach();
  return [c, () => c.cancel(Canceled, true)];
}

/** `context.WithDeadline(parent, d)`, d in virtual µs. */
export function withDeadline(k: Kernel, parent: Context, deadlineUs: number): [Context, CancelFunc] {
  const pd = parent.deadlineUs();
  if (pd !== undefined && pd <= deadlineUs) {
    // The parent expires first, so its cancellation is all this context needs (as in Go).
    return withCancel(k, parent);
  }
  const c = new CancelCtx(k, parent, deadlineUs);
  c.attach();
  if (c.err() === null) {
    if (deadlineUs <= k.nowUs) {
      c.cancel(DeadlineExceeded, true);
    } else {
      c.deadlineEntry = new TimerEntry(c);
      k.schedule(c.deadlineEntry, deadlineUs);
    }
  }
  return [c, () => c.cancel(Canceled, true)];
}

/** `context.WithTimeout(parent, d)`, d in virtual µs. */
export function withTimeout(k: Kernel, parent: Context, timeoutUs: number): [Context, CancelFunc] {
  return withDeadline(k, parent, k.nowUs + timeoutUs);
}
