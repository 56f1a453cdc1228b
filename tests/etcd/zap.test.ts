import { describe, expect, it } from 'vitest';
import {
  LogRing,
  ZapLogger,
  encodeRecord,
  formatTimestamp,
  goDuration,
  newRaftLoggerZap,
  zap,
} from '../../src/etcd/zap';
import { raftCallerOf } from '../../src/etcd/raft_log_callers';
import { RaftPanic } from '../../src/raft/logger';

const epoch = 1_767_225_600_000; // 2026-01-01T00:00:00Z

describe('timestamps and durations', () => {
  it('renders Go’s 2006-01-02T15:04:05.000000Z0700 from epoch + virtual µs', () => {
    expect(formatTimestamp(epoch, 0)).toBe('2026-01-01T00:00:00.000000Z');
    expect(formatTimestamp(epoch, 123_456)).toBe('2026-01-01T00:00:00.123456Z');
    expect(formatTimestamp(epoch, 86_400_000_000 * 59 + 3_723_000_001)).toBe('2026-03-01T01:02:03.000001Z');
    expect(formatTimestamp(951_782_400_000, 0)).toBe('2000-02-29T00:00:00.000000Z');
    expect(formatTimestamp(0, 0)).toBe('1970-01-01T00:00:00.000000Z');
  });

  it('prints durations like time.Duration.String', () => {
    expect(goDuration(7_000_000)).toBe('7s');
    expect(goDuration(800_000)).toBe('800ms');
    expect(goDuration(1_500)).toBe('1.5ms');
    expect(goDuration(60_000_000)).toBe('1m0s');
    expect(goDuration(30_000_000)).toBe('30s');
    expect(goDuration(1_500_000)).toBe('1.5s');
    expect(goDuration(3_723_500_000)).toBe('1h2m3.5s');
    expect(goDuration(250)).toBe('250µs');
    expect(goDuration(0)).toBe('0s');
  });
});

describe('ZapLogger', () => {
  it('writes level, ts, caller, msg, then fields in order (zap’s JSON encoder)', () => {
    let now = 1_000;
    const lines: string[] = [];
    const lg = new ZapLogger({ clock: () => now, epochUnixMs: epoch, sink: (l) => lines.push(l) });
    lg.info(
      'etcdserver/server.go:598',
      'starting etcd server',
      zap.String('local-member-id', '8211f1d0f64f3269'),
      zap.Int('election-ticks', 10),
      zap.Bool('ok', true),
      zap.Strings('urls', ['http://127.0.0.1:2379']),
      zap.Duration('publish-timeout', 7_000_000),
    );
    now = 2_000;
    lg.debug('x.go:1', 'hidden at info level');
    expect(lines).toEqual([
      '{"level":"info","ts":"2026-01-01T00:00:00.001000Z","caller":"etcdserver/server.go:598","msg":"starting etcd server","local-member-id":"8211f1d0f64f3269","election-ticks":10,"ok":true,"urls":["http://127.0.0.1:2379"],"publish-timeout":"7s"}',
    ]);
    expect(lg.ring.records()).toHaveLength(1);
  });

  it('named loggers add "logger" after ts; With fields come first', () => {
    const lines: string[] = [];
    const lg = new ZapLogger({ clock: () => 0, epochUnixMs: epoch, sink: (l) => lines.push(l) }).with(
      zap.String('member', 'infra1'),
    );
    lg.named('raft').warn('v3@v3.6.0/raft.go:1', 'w', zap.Int('n', 1));
    expect(lines[0]).toBe(
      '{"level":"warn","ts":"2026-01-01T00:00:00.000000Z","logger":"raft","caller":"v3@v3.6.0/raft.go:1","msg":"w","member":"infra1","n":1}',
    );
  });

  it('panic logs then throws', () => {
    const lg = new ZapLogger({ clock: () => 0, epochUnixMs: epoch });
    expect(() => lg.panic('a.go:1', 'failed to configure')).toThrow('failed to configure');
    expect(lg.ring.records()[0]?.level).toBe('panic');
  });

  it('keeps a bounded ring, oldest first', () => {
    const ring = new LogRing(3);
    const lg = new ZapLogger({ clock: () => 0, epochUnixMs: epoch, ring });
    for (let i = 0; i < 5; i++) lg.info('a.go:1', `m${i}`);
    expect(ring.records().map((r) => r.msg)).toEqual(['m2', 'm3', 'm4']);
    expect(ring.written).toBe(5);
    expect(encodeRecord(ring.records()[0]!, epoch)).toContain('"msg":"m2"');
  });
});

describe('raft logger adapter (NewRaftLoggerZap)', () => {
  it('names the logger raft and points the caller at raft’s own call site', () => {
    const lines: string[] = [];
    const lg = new ZapLogger({ clock: () => 0, epochUnixMs: epoch, sink: (l) => lines.push(l) });
    const rl = newRaftLoggerZap(lg);
    rl.info('8211f1d0f64f3269 became follower at term 2');
    rl.debug('not shown');
    rl.info('raft.node: 8211f1d0f64f3269 elected leader 91bc3c398fb3c146 at term 2');
    expect(lines).toEqual([
      '{"level":"info","ts":"2026-01-01T00:00:00.000000Z","logger":"raft","caller":"v3@v3.6.0/raft.go:897","msg":"8211f1d0f64f3269 became follower at term 2"}',
      '{"level":"info","ts":"2026-01-01T00:00:00.000000Z","logger":"raft","caller":"v3@v3.6.0/node.go:370","msg":"raft.node: 8211f1d0f64f3269 elected leader 91bc3c398fb3c146 at term 2"}',
    ]);
    expect(() => rl.panic('bad')).toThrow(RaftPanic);
  });

  it('knows the callers of the spec’s election lines', () => {
    expect(raftCallerOf('8211f1d0f64f3269 switched to configuration voters=(1 2 3)')).toBe(
      'v3@v3.6.0/raft.go:1981',
    );
    expect(
      raftCallerOf('newRaft 1 [peers: [], term: 0, commit: 0, applied: 0, lastindex: 0, lastterm: 0]'),
    ).toBe('v3@v3.6.0/raft.go:493');
    expect(
      raftCallerOf(
        '1 [logterm: 1, index: 3, vote: 0] cast MsgPreVote for 2 [logterm: 1, index: 3] at term 1',
      ),
    ).toBe('v3@v3.6.0/raft.go:1233');
    expect(raftCallerOf('1 [term: 1] received a MsgVote message with higher term from 2 [term: 2]')).toBe(
      'v3@v3.6.0/raft.go:1116',
    );
  });
});
