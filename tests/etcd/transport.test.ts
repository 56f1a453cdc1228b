import { describe, expect, it } from 'vitest';
import { Network } from '../../src/cluster/network';
import { Transport, pipelineBufSize } from '../../src/etcd/transport';
import type { PeerMessage, RaftHandler } from '../../src/etcd/transport';
import { MessageType, newMessage } from '../../src/raft/raftpb/types';
import type { Message } from '../../src/raft/raftpb/types';
import { SnapshotStatus } from '../../src/raft/rawnode';
import type { Kernel } from '../../src/sim/kernel';
import { step } from '../../src/sim/op';
import { setup } from './helpers';

interface Fake extends RaftHandler {
  processed: Message[];
  unreachable: bigint[];
  snapshots: [bigint, SnapshotStatus][];
}

function fakeRaft(): Fake {
  const f: Fake = {
    processed: [],
    unreachable: [],
    snapshots: [],
    *process(m) {
      yield* step('Process');
      f.processed.push(m);
      return undefined;
    },
    isIDRemoved: () => false,
    *reportUnreachable(id) {
      yield* step('ReportUnreachable');
      f.unreachable.push(id);
    },
    *reportSnapshot(id, status) {
      yield* step('ReportSnapshot');
      f.snapshots.push([id, status]);
    },
  };
  return f;
}

function threeMembers(k: Kernel, lg: ReturnType<typeof setup>['lg']) {
  const net = new Network<PeerMessage>(k, {
    latencyUsMin: 1000,
    latencyUsMax: 1000,
    lossProbability: 0,
    up: true,
  });
  const ids = [1n, 2n, 3n];
  const rafts = new Map<bigint, Fake>();
  const trs = new Map<bigint, Transport>();
  for (const id of ids) {
    const raft = fakeRaft();
    const tr = new Transport({
      kernel: k,
      network: net,
      id,
      clusterID: 9n,
      raft,
      lg: lg.with(),
      connectDelayUs: 2000,
    });
    tr.start();
    for (const p of ids) if (p !== id) tr.addPeer(p, [`http://m${p}:2380`]);
    rafts.set(id, raft);
    trs.set(id, tr);
  }
  for (const id of ids) trs.get(id)?.servePeers();
  return { net, rafts, trs };
}

const app = (from: bigint, to: bigint, index = 1): Message =>
  newMessage({ type: MessageType.MsgApp, from, to, term: 2, index });

describe('Transport (rafthttp model)', () => {
  it('peers become active after the dial delay; ActivePeers/ActiveSince follow the links', () => {
    const { k, lg, lines } = setup();
    const { net, trs } = threeMembers(k, lg);
    const t1 = trs.get(1n)!;
    expect(t1.activePeers()).toBe(0);
    expect(t1.activeSince(2n)).toBe(0);
    k.runFor(2000);
    expect(t1.activePeers()).toBe(2);
    expect(t1.activeSince(2n)).toBe(2000);
    expect(lines.some((l) => l.includes('"msg":"peer became active","peer-id":"2"'))).toBe(true);
    net.setLink(2n, 1n, { up: false }); // one way is enough to break the stream
    expect(t1.activePeers()).toBe(1);
    expect(t1.activeSince(2n)).toBe(0);
    expect(lines.at(-1)).toContain('peer became inactive (message send to peer failed)');
    net.setLink(2n, 1n, { up: true });
    k.runFor(5000);
    expect(t1.activeSince(2n)).toBe(4000);
  });

  it('delivers messages to the receiver’s Process; MsgProp goes through propc', () => {
    const { k, lg } = setup();
    const { trs, rafts } = threeMembers(k, lg);
    k.runFor(2000);
    trs
      .get(1n)!
      .send([app(1n, 2n), newMessage({ type: MessageType.MsgProp, from: 1n, to: 2n }), app(1n, 0n)]);
    k.runFor(2000);
    expect(rafts.get(2n)!.processed.map((m) => MessageType[m.type])).toEqual(['MsgApp', 'MsgProp']);
    expect(rafts.get(3n)!.processed).toEqual([]);
  });

  it('reports unreachable peers when the link is down or the buffer is full', () => {
    const { k, lg, lines } = setup();
    const { net, trs, rafts } = threeMembers(k, lg);
    k.runFor(2000);
    const t1 = trs.get(1n)!;
    const r1 = rafts.get(1n)!;
    net.partition([1n], [3n]);
    t1.send([app(1n, 3n)]);
    k.runFor(10);
    expect(r1.unreachable).toEqual([3n]);
    // 3 is inactive now, so messages to it would take the pipeline; fill 2's stream instead
    net.setLinkSymmetric(1n, 2n, { latencyUsMin: 10_000_000, latencyUsMax: 10_000_000 });
    const burst = Array.from({ length: 4097 }, (_, i) => app(1n, 2n, i));
    t1.send(burst);
    k.runFor(10);
    expect(r1.unreachable).toEqual([3n, 2n]);
    expect(lines.some((l) => l.includes('dropped internal Raft message since sending buffer is full'))).toBe(
      true,
    );
    expect(t1.peerInfo().find((p) => p.id === 2n)?.droppedBufferFull).toBe(1);
  });

  it('MsgSnap uses the pipeline buffer and reports the snapshot outcome', () => {
    const { k, lg } = setup();
    const { net, trs, rafts } = threeMembers(k, lg);
    k.runFor(2000);
    const t1 = trs.get(1n)!;
    const r1 = rafts.get(1n)!;
    t1.send([newMessage({ type: MessageType.MsgSnap, from: 1n, to: 2n })]);
    k.runFor(2000);
    expect(r1.snapshots).toEqual([[2n, SnapshotStatus.SnapshotFinish]]);
    const done: boolean[] = [];
    t1.sendSnapshot(newMessage({ type: MessageType.MsgSnap, from: 1n, to: 3n }), (ok) => done.push(ok));
    net.partition([1n], [3n]); // lost in flight
    k.runFor(2000);
    expect(done).toEqual([false]);
    expect(r1.snapshots.at(-1)).toEqual([3n, SnapshotStatus.SnapshotFailure]);
    expect(r1.unreachable).toContain(3n);
    net.setLinkSymmetric(1n, 2n, { latencyUsMin: 10_000_000, latencyUsMax: 10_000_000 });
    const snaps = Array.from({ length: pipelineBufSize + 1 }, () =>
      newMessage({ type: MessageType.MsgSnap, from: 1n, to: 2n }),
    );
    t1.send(snaps);
    k.runFor(10);
    expect(r1.snapshots.filter(([, s]) => s === SnapshotStatus.SnapshotFailure)).toHaveLength(2);
  });

  it('drops messages to unknown peers and stops cleanly', () => {
    const { k, lg } = setup();
    const { trs, rafts } = threeMembers(k, lg);
    k.runFor(2000);
    trs.get(1n)!.removePeer(3n);
    trs.get(1n)!.send([app(1n, 3n)]);
    trs.get(2n)!.stop();
    trs.get(1n)!.send([app(1n, 2n)]);
    k.runFor(5000);
    expect(rafts.get(3n)!.processed).toEqual([]);
    expect(rafts.get(2n)!.processed).toEqual([]);
    expect(trs.get(1n)!.activePeers()).toBe(0);
  });
});

describe('Transport: remotes and the pipeline handler', () => {
  it('reaches an AddRemote member by pipeline and processes messages from non-peers', () => {
    const { k, lg } = setup();
    const net = new Network<PeerMessage>(k, {
      latencyUsMin: 100,
      latencyUsMax: 100,
      lossProbability: 0,
      up: true,
    });
    const r1 = fakeRaft();
    const r4 = fakeRaft();
    const t1 = new Transport({ kernel: k, network: net, id: 1n, clusterID: 9n, raft: r1, lg });
    const t4 = new Transport({ kernel: k, network: net, id: 4n, clusterID: 9n, raft: r4, lg });
    for (const t of [t1, t4]) {
      t.start();
      t.servePeers();
    }
    t4.addRemote(1n, ['http://m1:2380']); // the joining member knows 1 only as a remote
    t4.send([app(4n, 1n)]);
    t1.addPeer(4n, ['http://m4:2380']);
    t1.send([app(1n, 4n)]);
    k.runFor(1000);
    expect(r1.processed).toHaveLength(1); // via 1's peer for 4
    expect(r4.processed).toHaveLength(1); // 1 is no peer of 4: the pipeline handler took it
    expect(t4.activePeers()).toBe(0);
  });
});
