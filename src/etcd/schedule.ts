/**
 * The FIFO scheduler (pkg/schedule/schedule.go): one goroutine runs the scheduled jobs strictly
 * one after another, in the order they were scheduled. EtcdServer.run schedules one applyAll
 * job per Ready and never waits for it, so the queue length is the apply backlog. A job is a
 * generator that yields wherever it blocks; Stop cancels the context, and the jobs still pending
 * then run once more with the canceled context before the goroutine exits (as upstream).
 */
import type { Chan } from '../sim/chan';
import type { CancelFunc, Context } from '../sim/context';
import { background, withCancel } from '../sim/context';
import type { Kernel } from '../sim/kernel';
import { Notifier } from '../sim/notify';
import { recvCase, select } from '../sim/op';
import type { Op, Proc } from '../sim/op';
import { GoPanic } from '../sim/panic';
import type { ZapLogger } from './zap';
import { zap } from './zap';

/** schedule.Job: a name and a body that runs with the scheduler's context. */
export interface Job {
  readonly name: string;
  do(ctx: Context): Generator<Op, void, unknown>;
}

/** schedule.NewJob */
export function newJob(name: string, fn: (ctx: Context) => Generator<Op, void, unknown>): Job {
  return { name, do: fn };
}

export class FIFOScheduler {
  private pendings: Job[] = [];
  private scheduledCount = 0;
  private finishedCount = 0;
  private cancel: CancelFunc | null;
  private readonly ctx: Context;
  private readonly resume: Chan<undefined>;
  private readonly donec: Chan<undefined>;
  private readonly finishCond: Notifier;
  /** The job running now, for the UI. */
  running: Job | null = null;

  /** NewFIFOScheduler: starts the runner goroutine. */
  constructor(
    private readonly kernel: Kernel,
    private readonly lg: ZapLogger,
    name = 'schedule.fifo',
  ) {
    const [ctx, cancel] = withCancel(kernel, background());
    this.ctx = ctx;
    this.cancel = cancel;
    this.resume = kernel.chan<undefined>(`${name} resume`, 1);
    this.donec = kernel.chan<undefined>(`${name} donec`);
    this.finishCond = new Notifier(kernel, `${name} finishCond`);
    kernel.go(name, this.run());
  }

  /** Schedule(j): appends the job and wakes the runner; never blocks. */
  schedule(j: Job): void {
    if (this.cancel === null) throw new GoPanic('schedule: schedule to stopped scheduler');
    if (this.pendings.length === 0) this.kernel.trySend(this.resume, undefined);
    this.pendings.push(j);
  }

  /** Pending(): jobs waiting or running. */
  pending(): number {
    return this.pendings.length;
  }

  /** Scheduled(): jobs started so far. */
  scheduled(): number {
    return this.scheduledCount;
  }

  /** Finished(): jobs completed so far. */
  finished(): number {
    return this.finishedCount;
  }

  /** The names of the queued jobs, the running one first (for the UI). */
  pendingNames(): string[] {
    return this.pendings.map((j) => j.name);
  }

  /** WaitFinish(n): blocks until at least n jobs have finished. */
  *waitFinish(n: number): Generator<Op, void, unknown> {
    while (this.finishedCount < n) {
      yield* this.finishCond.receive().recvOk('schedule.fifo.WaitFinish');
    }
  }

  /** Stop(): cancels the context and waits for the runner to drain and exit. */
  *stop(): Generator<Op, void, unknown> {
    const cancel = this.cancel;
    if (cancel === null) return;
    cancel();
    this.cancel = null;
    yield* this.donec.recvOk('schedule.fifo.Stop/donec');
  }

  private *run(): Proc {
    try {
      for (;;) {
        const todo = this.pendings[0];
        if (todo !== undefined) {
          this.scheduledCount++;
          yield* this.executeJob(todo, false);
          continue;
        }
        const r = yield* select('schedule.fifo.run/select', [
          recvCase(this.resume),
          recvCase(this.ctx.done()),
        ]);
        if (r.index === 1) {
          const left = this.pendings;
          this.pendings = [];
          for (const j of left) yield* this.executeJob(j, true);
          return;
        }
      }
    } finally {
      this.kernel.close(this.donec);
      this.kernel.close(this.resume);
    }
  }

  private *executeJob(todo: Job, drained: boolean): Generator<Op, void, unknown> {
    this.running = todo;
    try {
      yield* todo.do(this.ctx);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.lg.panic(
        'schedule/schedule.go:202',
        'execute job failed',
        zap.String('job', todo.name),
        zap.String('panic', message),
      );
    } finally {
      this.running = null;
      if (!drained) {
        this.finishedCount++;
        this.pendings.shift();
        this.finishCond.notify();
      }
    }
  }
}
