import { describe, expect, it } from 'vitest';
import { Network } from '../../src/cluster/network';
import type { LinkConfig } from '../../src/cluster/network';
import { Kernel } from '../../src/sim/kernel';
import { sleep } from '../../src/sim/op';
import type { Proc } from '../../src/sim/op';

const link: LinkConfig = { latencyUsMin: 500, latencyUsMax: 2000, lossProbability: 0, up: true };

function net(
  seed = 1,
  cfg: LinkConfig = link,
): { k: Kernel; n: Network<number>; got: [bigint, bigint, number, number][] } {
  const k = new Kernel({ seed, traceCapacity: 16 });
  const n = new Network<number>(k, cfg);
  const got: [bigint, bigint, number, number][] = [];
  for (const id of [1n, 2n, 3n]) n.attach(id, (from, msg) => got.push([from, id, msg, k.nowUs]));
  return { k, n, got };
}

describe('Network', () => {
  it('delivers after a latency within [min, max], in order per link', () => {
    const { k, n, got } = net();
    for (let i = 0; i < 200; i++) expect(n.send(1n, 2n, i)).toBe('sent');
    expect(n.inFlight(1n, 2n)).toBe(200);
    k.run({ maxSteps: 10_000 });
    expect(got.map((g) => g[2])).toEqual(Array.from({ length: 200 }, (_, i) => i));
    const times = got.map((g) => g[3]);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(500);
    expect(Math.max(...times)).toBeLessThanOrEqual(2000);
    expect(times).toEqual([...times].sort((a, b) => a - b)); // a burst is held in order
    expect(n.inFlight(1n, 2n)).toBe(0);
    expect(n.linkStats()[0]).toMatchObject({ from: 1n, to: 2n, sent: 200, delivered: 200, lost: 0 });
  });

  it('spreads latencies over [min, max] when the link is not busy', () => {
    const { k, n, got } = net(2);
    k.go(
      'sender',
      (function* (): Proc {
        for (let i = 0; i < 300; i++) {
          const sentAt = k.nowUs;
          n.send(2n, 3n, sentAt);
          yield* sleep(2500, 'pace');
        }
      })(),
    );
    k.run({ maxSteps: 100_000 });
    const lat = got.map(([, , sentAt, at]) => at - sentAt);
    expect(lat).toHaveLength(300);
    expect(Math.min(...lat)).toBeGreaterThanOrEqual(500);
    expect(Math.max(...lat)).toBeLessThanOrEqual(2000);
    expect(Math.min(...lat)).toBeLessThan(600);
    expect(Math.max(...lat)).toBeGreaterThan(1900);
    const mean = lat.reduce((a, b) => a + b, 0) / lat.length;
    expect(Math.abs(mean - 1250)).toBeLessThan(100);
  });

  it('is deterministic per seed', () => {
    const times = (seed: number): number[] => {
      const { k, n, got } = net(seed);
      for (let i = 0; i < 20; i++) n.send(1n, 3n, i);
      k.run({ maxSteps: 1000 });
      return got.map((g) => g[3]);
    };
    expect(times(5)).toEqual(times(5));
    expect(times(5)).not.toEqual(times(6));
  });

  it('one-way partitions: the down direction refuses, the other still delivers', () => {
    const { k, n, got } = net();
    const changes: string[] = [];
    n.onLinkChange((f, t, up) => changes.push(`${f}>${t} ${up}`));
    n.setLink(1n, 2n, { up: false });
    expect(n.send(1n, 2n, 1)).toBe('link-down');
    expect(n.send(2n, 1n, 2)).toBe('sent');
    expect(n.isConnected(1n, 2n)).toBe(false);
    k.run({ maxSteps: 100 });
    expect(got.map((g) => g[2])).toEqual([2]);
    expect(changes).toEqual(['1>2 false']);
    n.heal();
    expect(n.isConnected(1n, 2n)).toBe(true);
  });

  it('loses what is in flight when a link goes down or the receiver detaches', () => {
    const { k, n, got } = net();
    const lost: number[] = [];
    n.onLost((_f, _t, m) => lost.push(m));
    n.send(1n, 2n, 1);
    n.send(1n, 3n, 2);
    n.partition([1n], [2n]);
    n.detach(3n);
    expect(n.send(1n, 3n, 3)).toBe('unknown-destination');
    k.run({ maxSteps: 100 });
    expect(got).toEqual([]);
    expect(lost).toEqual(expect.arrayContaining([1, 2]));
    expect(n.inFlightTotal()).toBe(0);
  });

  it('drops a configured fraction of messages', () => {
    const { k, n, got } = net(3, { ...link, lossProbability: 0.25 });
    let lost = 0;
    for (let i = 0; i < 2000; i++) if (n.send(1n, 2n, i) === 'lost') lost++;
    k.run({ maxSteps: 100_000 });
    expect(lost).toBeGreaterThan(400);
    expect(lost).toBeLessThan(600);
    expect(got.length).toBe(2000 - lost);
  });
});
