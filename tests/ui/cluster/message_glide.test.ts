/** Messages a class can follow when stepping slowly: arrivals stay one glide, then go. */
import { describe, expect, it } from 'vitest';
import {
  drawnMessages,
  glideMs,
  glideStepMs,
  maxArrivals,
  nextArrivals,
} from '../../../src/ui/cluster/model/message_glide';
import type { SceneMessage } from '../../../src/ui/cluster/model/scene';

const msg = (id: number, from = 0, to = 1): SceneMessage => ({
  id,
  type: 'MsgApp',
  family: 'append',
  at: { x: 50, y: 0 },
  level: 0,
  normal: { x: 0, y: 1 },
  fromMember: from,
  toMember: to,
  progress: 0.5,
});
const positions = [
  { x: 0, y: 0 },
  { x: 100, y: 0 },
];
const base = { memberAt: (i: number) => positions[i], nodeRadius: 10 };

describe('message glide', () => {
  it('glides over the time between steps when slow, not at all when fast or with reduced motion', () => {
    expect(glideMs({ playing: false, speed: 100_000, reducedMotion: false })).toBe(glideStepMs);
    expect(glideMs({ playing: true, speed: 10, reducedMotion: false })).toBe(200);
    expect(glideMs({ playing: true, speed: 1, reducedMotion: false })).toBe(900);
    expect(glideMs({ playing: true, speed: 2000, reducedMotion: false })).toBe(0);
    expect(glideMs({ playing: false, speed: 10, reducedMotion: true })).toBe(0);
  });

  it('a message off the wire is drawn at its receiver’s edge until its glide ends', () => {
    const before = [
      { ...msg(1), arriving: false },
      { ...msg(2), arriving: false },
    ];
    const a = nextArrivals({ ...base, before, now: [msg(2)], arrivals: [], nowMs: 1000, glide: 450 });
    expect(a).toEqual([
      { msg: { ...msg(1), at: { x: 90, y: 0 }, progress: 1, arriving: true }, untilMs: 1450 },
    ]);
    expect(drawnMessages([msg(2)], a).map((m) => [m.id, m.arriving])).toEqual([
      [2, false],
      [1, true],
    ]);
    // Kept while its glide runs, dropped after, and never drawn twice.
    expect(
      nextArrivals({
        ...base,
        before: drawnMessages([msg(2)], a),
        now: [msg(2)],
        arrivals: a,
        nowMs: 1200,
        glide: 450,
      }),
    ).toEqual(a);
    expect(nextArrivals({ ...base, before: [], now: [], arrivals: a, nowMs: 1500, glide: 450 })).toEqual([]);
    expect(nextArrivals({ ...base, before, now: [], arrivals: [], nowMs: 0, glide: 0 })).toEqual([]);
  });

  it('bounds the arrivals it draws', () => {
    const before = Array.from({ length: maxArrivals + 10 }, (_, i) => ({ ...msg(i), arriving: false }));
    expect(nextArrivals({ ...base, before, now: [], arrivals: [], nowMs: 0, glide: 300 })).toHaveLength(
      maxArrivals,
    );
  });
});
