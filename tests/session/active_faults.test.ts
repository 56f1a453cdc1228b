import { describe, expect, it } from 'vitest';
import { ActiveFaultTracker } from '../../src/session/active_faults';
import { SessionEngine } from '../../src/session/engine';
import { MessageType } from '../../src/raft/raftpb/types';
import type { Message } from '../../src/raft/raftpb/types';

const tracker = () =>
  new ActiveFaultTracker({ fsyncUsMax: () => 4000, applyUsPerEntry: () => 20, latencyUsMax: 2000 }, () => 3);

const message = (type: MessageType) => ({ type }) as unknown as Message;

describe('ActiveFaultTracker', () => {
  it('keeps crash until restart and partitions and cuts until heal', () => {
    const t = tracker();
    t.onFault({ kind: 'crash', member: 1 }, true);
    t.onFault({ kind: 'crash', member: 2 }, false);
    t.onFault({ kind: 'partition', groups: [[0]] }, true);
    t.onFault({ kind: 'cut-link', from: 1, to: 2 }, true);
    expect(t.list()).toEqual([
      { kind: 'partition', member: 0, group: 1, alone: true },
      { kind: 'crash', member: 1 },
      { kind: 'partition', member: 1, group: 2, alone: false },
      { kind: 'partition', member: 2, group: 2, alone: false },
      { kind: 'cut-link', from: 1, to: 2 },
    ]);
    t.onFault({ kind: 'heal' }, true);
    t.onFault({ kind: 'restart', member: 1 }, true);
    expect(t.list()).toEqual([]);
  });

  it('shows slow disk, slow apply and latency until set back to the simulator’s own value', () => {
    const t = tracker();
    t.onFault({ kind: 'slow-disk', member: 2, fsync: { minUs: 50_000, maxUs: 50_000 } }, true);
    t.onFault({ kind: 'slow-apply', member: 0, applyUsPerEntry: 5000 }, true);
    t.onFault(
      { kind: 'link-latency', from: 2, to: 0, latency: { minUs: 1e5, maxUs: 1e5 }, symmetric: true },
      true,
    );
    expect(t.list()).toEqual([
      { kind: 'slow-apply', member: 0, applyUs: 5000 },
      { kind: 'slow-disk', member: 2, fsyncUs: 50_000 },
      { kind: 'link-latency', from: 0, to: 2, latencyUs: 100_000, symmetric: true },
    ]);
    t.onFault({ kind: 'slow-disk', member: 2, fsync: { minUs: 1000, maxUs: 4000 } }, true);
    t.onFault({ kind: 'heal' }, true);
    expect(t.list().map((f) => f.kind)).toEqual(['slow-apply', 'link-latency']);
  });

  it('counts drop-next down on the messages it drops, first matching rule first', () => {
    const t = tracker();
    t.onFault({ kind: 'drop-next', count: 2, from: 0, to: 1, messageType: 'MsgApp' }, true);
    const app = message(MessageType.MsgApp);
    const hb = message(MessageType.MsgHeartbeat);
    t.onMessage({ kind: 'message', phase: 'sent', from: 0, to: 1, message: hb, reason: null });
    t.onMessage({ kind: 'message', phase: 'dropped', from: 0, to: 2, message: app, reason: 'lost' });
    t.onMessage({ kind: 'message', phase: 'delivered', from: 0, to: 1, message: app, reason: null });
    expect(t.list()).toMatchObject([{ kind: 'drop-next', remaining: 2, messageType: 'MsgApp' }]);
    t.onMessage({ kind: 'message', phase: 'dropped', from: 0, to: 1, message: app, reason: 'lost' });
    expect(t.list()).toMatchObject([{ kind: 'drop-next', remaining: 1 }]);
    t.onMessage({ kind: 'message', phase: 'dropped', from: 0, to: 1, message: app, reason: 'lost' });
    expect(t.list()).toEqual([]);
  });
});

describe('the engine publishes the faults in force at the cursor', () => {
  it('a slow disk shows after the input and not before it', () => {
    const e = new SessionEngine({ seed: 1, scenario: 'normal-startup' });
    e.runUntil('leader-elected');
    e.finish();
    const before = e.cursor;
    e.issue({ kind: 'slow-disk', member: 1, fsyncUs: 50_000 });
    e.step('tick');
    e.finish();
    expect(e.snapshot().faults).toEqual([{ kind: 'slow-disk', member: 1, fsyncUs: 50_000 }]);
    e.seekTo(before - 1);
    e.finish();
    expect(e.snapshot().faults).toEqual([]);
    e.issue({ kind: 'crash', member: 2 });
    expect(e.snapshot().faults).toEqual([{ kind: 'crash', member: 2 }]);
  });
});
