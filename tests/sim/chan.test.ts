import { describe, expect, it } from 'vitest';
import { close, recv, recvOk, send, step } from '../../src/sim/op';
import type { Proc } from '../../src/sim/op';
import { runAll, setup } from './helpers';

describe('unbuffered channels (rendezvous)', () => {
  it('a send waits until a receiver takes the value', () => {
    const { k, log } = setup();
    const ch = k.chan<number>('c', 0, 0);
    const r = runAll(k, {
      sender: (function* (): Proc {
        log.push('send-start');
        yield* ch.send(7, 'sender/send');
        log.push('send-done');
      })(),
      receiver: (function* (): Proc {
        yield* step('receiver/before');
        yield* step('receiver/before2');
        log.push('recv-start');
        const v = yield* ch.recv('receiver/recv');
        log.push(`got ${v}`);
      })(),
    });
    expect(r.kind).toBe('done');
    // The sender parks first; the value moves only when the receiver arrives. The woken sender
    // is queued ahead of the receiver that woke it (kernel policy), so it logs first.
    expect(log).toEqual(['send-start', 'recv-start', 'send-done', 'got 7']);
  });

  it('several parked senders are served in FIFO order', () => {
    const { k, log } = setup();
    const ch = k.chan<string>('c', 0, '');
    const senders: Record<string, Proc> = {};
    for (const name of ['a', 'b', 'c']) {
      senders[name] = (function* (): Proc {
        yield* ch.send(name, `${name}/send`);
      })();
    }
    senders['recv'] = (function* (): Proc {
      for (let i = 0; i < 3; i++) log.push(yield* ch.recv('recv/loop'));
    })();
    expect(runAll(k, senders).kind).toBe('done');
    expect(log).toEqual(['a', 'b', 'c']);
  });

  it('len and cap of an unbuffered channel are 0', () => {
    const { k } = setup();
    const ch = k.chan<number>('c', 0, 0);
    expect([ch.len(), ch.cap]).toEqual([0, 0]);
  });
});

describe('buffered channels', () => {
  it('are FIFO and do not block until full', () => {
    const { k, log } = setup();
    const ch = k.chan<number>('c', 3, 0);
    const r = runAll(k, {
      producer: (function* (): Proc {
        for (let i = 1; i <= 5; i++) {
          yield* ch.send(i, 'producer/send');
          log.push(`sent ${i} len=${ch.len()}`);
        }
      })(),
      consumer: (function* (): Proc {
        for (let i = 0; i < 5; i++) log.push(`got ${yield* ch.recv('consumer/recv')}`);
      })(),
    });
    expect(r.kind).toBe('done');
    expect(log.filter((l) => l.startsWith('got'))).toEqual(['got 1', 'got 2', 'got 3', 'got 4', 'got 5']);
    expect(ch.cap).toBe(3);
  });

  it('a sender blocks on a full buffer and its value joins the tail when a receiver frees a slot', () => {
    const { k, log } = setup();
    const ch = k.chan<number>('c', 2, 0);
    const r = runAll(k, {
      producer: (function* (): Proc {
        yield* ch.send(1, 'p/1');
        yield* ch.send(2, 'p/2');
        log.push(`full len=${ch.len()}`);
        yield* ch.send(3, 'p/3'); // parks
        log.push('third sent');
      })(),
      consumer: (function* (): Proc {
        for (let i = 0; i < 4; i++) yield* step('c/idle');
        log.push(`got ${yield* ch.recv('c/recv')}`);
        log.push(`len=${ch.len()}`);
        log.push(`got ${yield* ch.recv('c/recv')}`);
        log.push(`got ${yield* ch.recv('c/recv')}`);
      })(),
    });
    expect(r.kind).toBe('done');
    // The woken sender is queued ahead of the receiver that woke it (kernel policy).
    expect(log).toEqual(['full len=2', 'third sent', 'got 1', 'len=2', 'got 2', 'got 3']);
  });
});

describe('close', () => {
  it('receivers drain buffered values, then get the zero value and ok=false', () => {
    const { k, log } = setup();
    const ch = k.chan<number>('c', 2, -1);
    const r = runAll(k, {
      main: (function* (): Proc {
        yield* ch.send(10, 'm/send');
        yield* ch.close('m/close');
        for (let i = 0; i < 3; i++) {
          const { value, ok } = yield* ch.recvOk('m/recv');
          log.push(`${value} ${ok}`);
        }
        log.push(`plain ${yield* ch.recv('m/recv-plain')}`);
      })(),
    });
    expect(r.kind).toBe('done');
    expect(log).toEqual(['10 true', '-1 false', '-1 false', 'plain -1']);
  });

  it('wakes every parked receiver with ok=false', () => {
    const { k, log } = setup();
    const ch = k.chan<undefined>('done', 0);
    const procs: Record<string, Proc> = {};
    for (const name of ['r1', 'r2', 'r3']) {
      procs[name] = (function* (): Proc {
        const { ok } = yield* ch.recvOk(`${name}/wait`);
        log.push(`${name} ${ok}`);
      })();
    }
    procs['closer'] = (function* (): Proc {
      yield* step('closer/step');
      k.close(ch);
    })();
    expect(runAll(k, procs).kind).toBe('done');
    expect(log).toEqual(['r1 false', 'r2 false', 'r3 false']);
  });

  const panics: { name: string; body: (k: ReturnType<typeof setup>['k']) => Proc; message: string }[] = [
    {
      name: 'send on a closed channel',
      body: (k) =>
        (function* (): Proc {
          const ch = k.chan<number>('c', 1, 0);
          k.close(ch);
          yield* ch.send(1, 'main/send');
        })(),
      message: 'send on closed channel',
    },
    {
      name: 'close of a closed channel',
      body: (k) =>
        (function* (): Proc {
          const ch = k.chan<number>('c', 0, 0);
          yield* ch.close('main/close1');
          yield* ch.close('main/close2');
        })(),
      message: 'close of closed channel',
    },
    {
      name: 'close of a nil channel',
      body: () =>
        (function* (): Proc {
          yield* close<number>(null, 'main/close-nil');
        })(),
      message: 'close of nil channel',
    },
  ];
  for (const tc of panics) {
    it(`panics with Go's text: ${tc.name}`, () => {
      const { k } = setup();
      const r = runAll(k, { main: tc.body(k) });
      expect(r.kind).toBe('panic');
      if (r.kind !== 'panic') return;
      expect(r.panic.message).toBe(tc.message);
      expect(r.panic.goroutine).toBe('main');
      expect(r.panic.label).toMatch(/^main\//);
    });
  }

  it('a sender parked on a channel that gets closed panics', () => {
    const { k } = setup();
    const ch = k.chan<number>('c', 0, 0);
    const r = runAll(k, {
      sender: (function* (): Proc {
        yield* ch.send(1, 'sender/send');
      })(),
      closer: (function* (): Proc {
        yield* step('closer/step');
        k.close(ch);
        yield* step('closer/after');
      })(),
    });
    expect(r).toMatchObject({
      kind: 'panic',
      panic: { goroutine: 'sender', message: 'send on closed channel' },
    });
  });

  it('a panic can be caught like recover() in a deferred call', () => {
    const { k, log } = setup();
    const ch = k.chan<number>('c', 0, 0);
    k.close(ch);
    const r = runAll(k, {
      main: (function* (): Proc {
        try {
          yield* ch.send(1, 'main/send');
        } catch (e) {
          log.push(`recovered: ${(e as Error).message}`);
        }
      })(),
    });
    expect(r.kind).toBe('done');
    expect(log).toEqual(['recovered: send on closed channel']);
  });
});

describe('nil channels', () => {
  it('block forever on send and receive (a deadlock when nothing else can run)', () => {
    const { k } = setup();
    const r = runAll(k, {
      r: (function* (): Proc {
        yield* recv<number>(null, 'r/recv-nil');
      })(),
      s: (function* (): Proc {
        yield* send<number>(null, 1, 's/send-nil');
      })(),
      o: (function* (): Proc {
        yield* recvOk<number>(null, 'o/recv-nil');
      })(),
    });
    expect(r.kind).toBe('deadlock');
    if (r.kind !== 'deadlock') return;
    expect(r.deadlock.blocked.map((g) => [g.name, g.state, g.label])).toEqual([
      ['r', 'blocked-recv', 'r/recv-nil'],
      ['s', 'blocked-send', 's/send-nil'],
      ['o', 'blocked-recv', 'o/recv-nil'],
    ]);
  });
});

describe('inline non-blocking operations', () => {
  it('trySend and tryRecv never block and follow the same rules as select-with-default', () => {
    const { k, log } = setup();
    const c = k.chan<number>('c', 1, 0);
    const r = runAll(k, {
      main: (function* (): Proc {
        log.push(`recv empty: ${JSON.stringify(k.tryRecv(c))}`);
        log.push(`send: ${k.trySend(c, 5)}`);
        log.push(`send full: ${k.trySend(c, 6)}`);
        log.push(`recv: ${JSON.stringify(k.tryRecv(c))}`);
        k.close(c);
        log.push(`recv closed: ${JSON.stringify(k.tryRecv(c))}`);
        log.push(`nil: ${k.trySend<number>(null, 1)} ${JSON.stringify(k.tryRecv<number>(null))}`);
        yield* step('main/end');
      })(),
    });
    expect(r.kind).toBe('done');
    expect(log).toEqual([
      'recv empty: null',
      'send: true',
      'send full: false',
      'recv: {"ok":true,"value":5}',
      'recv closed: {"ok":false,"value":0}',
      'nil: false null',
    ]);
  });

  it('trySend hands a value straight to a parked receiver', () => {
    const { k, log } = setup();
    const c = k.chan<string>('c', 0, '');
    runAll(k, {
      receiver: (function* (): Proc {
        log.push(yield* c.recv('receiver/recv'));
      })(),
      sender: (function* (): Proc {
        yield* step('sender/step');
        log.push(`sent ${k.trySend(c, 'hi')}`);
      })(),
    });
    expect(log).toEqual(['sent true', 'hi']);
  });
});
