import { describe, expect, it } from 'vitest';
import { MessageType, newMessage } from '../../src/raft/raftpb/types';
import type { Message } from '../../src/raft/raftpb/types';
import { TimeoutDetector } from '../../src/etcd/raftnode';
import { newCluster, runUntilReady } from './server_helpers';

/** Runs a started cluster and records, per goroutine id, the labels its Ready loop steps through. */
function readyLoopLabels(seed: number): { byMember: Map<string, string[]>; leader: string } {
  const seq = new Map<number, string[]>();
  const { c } = newCluster({
    seed,
    traceSink: (r) => {
      if (!r.label.startsWith('raftNode.start/')) return;
      let a = seq.get(r.gid);
      if (a === undefined) seq.set(r.gid, (a = []));
      if (a[a.length - 1] !== r.label) a.push(r.label);
    },
  });
  runUntilReady(c);
  c.runFor(1_000_000);
  const byMember = new Map<string, string[]>();
  for (const g of c.kernel.goroutines()) {
    const m = / (infra\d) raftNode\.start$/.exec(` ${g.name}`);
    if (m !== null) byMember.set(m[1]!, seq.get(g.id) ?? []);
  }
  return { byMember, leader: c.members[c.leader()!]!.name };
}

/** The label sequences of every Ready handled, split at the loop's select. */
function readys(labels: readonly string[]): string[][] {
  const out: string[][] = [];
  let cur: string[] = [];
  for (const l of labels) {
    if (l === 'raftNode.start/select') {
      if (cur.length > 0) out.push(cur);
      cur = [];
    } else cur.push(l);
  }
  return out;
}

describe('raftNode.start: the Ready loop order', () => {
  it('a leader sends before its WAL write; a follower sends after it', () => {
    const { byMember, leader } = readyLoopLabels(1);
    expect(byMember.size).toBe(3);
    for (const [name, labels] of byMember) {
      const rs = readys(labels).filter((r) => r.includes('raftNode.start/apply'));
      expect(rs.length).toBeGreaterThan(5);
      const last = rs[rs.length - 1]!;
      if (name === leader) {
        expect(last).toEqual([
          'raftNode.start/apply',
          'raftNode.start/leader-send',
          'raftNode.start/save-wal',
          'raftNode.start/append',
          'raftNode.start/leader-notify',
          'raftNode.start/advance',
        ]);
      } else {
        expect(last).toEqual([
          'raftNode.start/apply',
          'raftNode.start/save-wal',
          'raftNode.start/append',
          'raftNode.start/notify',
          'raftNode.start/follower-send',
          'raftNode.start/advance',
        ]);
      }
    }
  });

  it('a follower waits for the apply of a conf change before sending (R12.3)', () => {
    const { byMember, leader } = readyLoopLabels(1);
    for (const [name, labels] of byMember) {
      if (name === leader) continue;
      // The first Ready carries the three bootstrap conf changes.
      const first = readys(labels)[0]!;
      expect(first).toContain('raftNode.start/wait-apply');
      expect(first.indexOf('raftNode.start/wait-apply')).toBeLessThan(
        first.indexOf('raftNode.start/follower-send'),
      );
    }
  });
});

describe('processMessages', () => {
  it('keeps only the last MsgAppResp, diverts MsgSnap, drops messages to removed members', () => {
    const { c } = newCluster({ seed: 1 });
    runUntilReady(c);
    const s = c.server(0)!;
    const ids = s.cluster.memberIDs();
    const [a, b] = ids.filter((x) => x !== s.memberId) as [bigint, bigint];
    const ms: Message[] = [
      newMessage({ type: MessageType.MsgAppResp, to: a, index: 1 }),
      newMessage({ type: MessageType.MsgAppResp, to: a, index: 2 }),
      newMessage({ type: MessageType.MsgSnap, to: b }),
      newMessage({ type: MessageType.MsgApp, to: b }),
    ];
    const before = s.r.msgSnapC.len();
    const out = s.r.processMessages(ms);
    expect(out.map((m) => m.to)).toEqual([0n, a, 0n, b]);
    expect(s.r.msgSnapC.len()).toBe(before + 1);
    // the input batch is not modified
    expect(ms.map((m) => m.to)).toEqual([a, a, b, b]);
  });

  it('the heartbeat contention detector reports gaps over 2 × heartbeat', () => {
    const td = new TimeoutDetector(200_000);
    expect(td.observe(1n, 0)).toEqual([true, 0]);
    expect(td.observe(1n, 150_000)).toEqual([true, 0]);
    expect(td.observe(1n, 500_000)).toEqual([false, 150_000]);
    td.reset();
    expect(td.observe(1n, 10_000_000)).toEqual([true, 0]);
  });
});

describe('heartbeat lateness', () => {
  it('a leader stuck in a slow fsync warns that it failed to send heartbeats on time', () => {
    const l = newCluster({ seed: 1 });
    const { c } = l;
    runUntilReady(c);
    c.runFor(300_000);
    const lead = c.leader()!;
    c.members[lead]!.dataDir.disk.setLatency({
      walAppendUsMin: 50,
      walAppendUsMax: 100,
      fsyncUsMin: 350_000,
      fsyncUsMax: 350_000,
      snapshotSaveUsMin: 1,
      snapshotSaveUsMax: 1,
    });
    const before = l.lines.length;
    c.put(lead, 'a', 'b');
    c.runFor(1_000_000);
    const warned = l.lines
      .slice(before)
      .filter((x) =>
        x.includes(
          'leader failed to send out heartbeat on time; took too long, leader is overloaded likely from slow disk',
        ),
      );
    expect(warned).toHaveLength(2); // one per follower
    expect(warned[0]).toContain('"heartbeat-interval":"100ms","expected-duration":"200ms"');
    expect(c.server(lead)!.r.heartbeatSendFailures).toBe(2);
  });
});
