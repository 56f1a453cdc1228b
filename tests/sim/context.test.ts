import { describe, expect, it } from 'vitest';
import {
  Canceled,
  DeadlineExceeded,
  background,
  withCancel,
  withDeadline,
  withTimeout,
} from '../../src/sim/context';
import { recv, recvCase, select, sleep } from '../../src/sim/op';
import type { Proc } from '../../src/sim/op';
import { runAll, setup } from './helpers';

describe('context', () => {
  it("Background's Done is nil and its Err is nil", () => {
    expect(background().done()).toBeNull();
    expect(background().err()).toBeNull();
    expect(background().deadlineUs()).toBeUndefined();
  });

  it('cancel closes Done, sets "context canceled" and propagates to children only', () => {
    const { k, log } = setup();
    const [parent, cancelParent] = withCancel(k, background());
    const [child] = withCancel(k, parent);
    const [grandchild, cancelGrandchild] = withCancel(k, child);
    cancelGrandchild();
    expect(grandchild.err()).toBe(Canceled);
    expect(child.err()).toBeNull();
    runAll(k, {
      waiter: (function* (): Proc {
        yield* recv(child.done(), 'waiter/done');
        log.push(`woke at ${k.nowUs}: ${child.err()?.message}`);
      })(),
      canceller: (function* (): Proc {
        yield* sleep(5, 'canceller/sleep');
        cancelParent();
        cancelParent(); // idempotent
      })(),
    });
    expect(log).toEqual(['woke at 5: context canceled']);
    expect(parent.err()?.message).toBe('context canceled');
  });

  it('a deadline fires "context deadline exceeded" at the virtual time, through children', () => {
    const { k, log } = setup();
    const [ctx] = withTimeout(k, background(), 7_000_000);
    const [child] = withCancel(k, ctx);
    expect(child.deadlineUs()).toBe(7_000_000);
    runAll(k, {
      main: (function* (): Proc {
        const work = k.chan<number>('work', 0, 0);
        const res = yield* select('main/select', [recvCase(work), recvCase(child.done())]);
        log.push(`case ${res.index} at ${k.nowUs}: ${child.err()?.message}`);
      })(),
    });
    expect(log).toEqual(['case 1 at 7000000: context deadline exceeded']);
    expect(ctx.err()).toBe(DeadlineExceeded);
  });

  it('cancel before the deadline stops the timer and reports Canceled', () => {
    const { k } = setup();
    const [ctx, cancel] = withTimeout(k, background(), 100);
    expect(k.pendingTimers()).toBe(1);
    cancel();
    expect(k.pendingTimers()).toBe(0);
    expect(ctx.err()).toBe(Canceled);
  });

  it('a child with a later deadline than its parent expires with the parent', () => {
    const { k } = setup();
    const [parent] = withDeadline(k, background(), 100);
    const [child] = withDeadline(k, parent, 500);
    expect(child.deadlineUs()).toBe(100);
    expect(k.runFor(200).kind).toBe('done');
    expect(child.err()).toBe(DeadlineExceeded);
  });

  it('a deadline in the past cancels at once; a child of a canceled parent is born canceled', () => {
    const { k } = setup();
    const [past] = withDeadline(k, background(), 0);
    expect(past.err()).toBe(DeadlineExceeded);
    const [p, cancel] = withCancel(k, background());
    cancel();
    const [c] = withTimeout(k, p, 1000);
    expect(c.err()).toBe(Canceled);
    expect(k.pendingTimers()).toBe(0);
  });
});
