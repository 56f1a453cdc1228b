/**
 * Messages at a pace a class can follow. A message dot's place is a function of virtual time, and
 * a message is often on the wire for only one or two kernel steps, so when the page steps slowly
 * (single steps, or playing at a few steps a second) a dot would blink at its sender and vanish.
 * Here a message that has just left the wire stays drawn for one glide, moving to its receiver,
 * and dots glide from one step's place to the next over the time between two steps.
 */
import type { Point } from './layout';
import type { SceneMessage } from './scene';

/** Playing faster than this, steps come too fast for a glide to mean anything. */
export const glideMaxSpeed = 500;
/** The shortest and longest glide, in ms of wall time. */
export const glideMinMs = 160;
export const glideMaxMs = 900;
/** A glide when paused (a single Step, Step tick, Step Ready). */
export const glideStepMs = 450;
/** Arrivals drawn at once at most (a burst of heartbeats to seven members is 12). */
export const maxArrivals = 64;

/** How long a dot takes from one place to the next; 0 = no glide (fast play, reduced motion). */
export function glideMs(o: {
  readonly playing: boolean;
  readonly speed: number;
  readonly reducedMotion: boolean;
}): number {
  if (o.reducedMotion) return 0;
  if (!o.playing) return glideStepMs;
  if (o.speed > glideMaxSpeed) return 0;
  return Math.min(glideMaxMs, Math.max(glideMinMs, 2000 / Math.max(1, o.speed)));
}

/** A message drawn: in flight, or arriving (off the wire, finishing its way to the receiver). */
export interface DrawnMessage extends SceneMessage {
  readonly arriving: boolean;
}

export interface Arrival {
  readonly msg: DrawnMessage;
  /** Wall time (ms) after which it is no longer drawn. */
  readonly untilMs: number;
}

/**
 * The arrivals after a new scene: messages drawn before and no longer in flight are drawn at
 * their receiver's edge until `nowMs + glide`; expired ones are dropped. With no glide, none.
 */
export function nextArrivals(o: {
  readonly before: readonly DrawnMessage[];
  readonly now: readonly SceneMessage[];
  readonly arrivals: readonly Arrival[];
  readonly nowMs: number;
  readonly glide: number;
  readonly memberAt: (i: number) => Point | undefined;
  readonly nodeRadius: number;
}): readonly Arrival[] {
  if (o.glide <= 0) return [];
  const inFlight = new Set(o.now.map((m) => m.id));
  const kept = o.arrivals.filter((a) => a.untilMs > o.nowMs && !inFlight.has(a.msg.id));
  const known = new Set(kept.map((a) => a.msg.id));
  const fresh: Arrival[] = [];
  for (const m of o.before) {
    if (m.arriving || inFlight.has(m.id) || known.has(m.id)) continue;
    const to = o.memberAt(m.toMember);
    const from = o.memberAt(m.fromMember);
    if (to === undefined || from === undefined) continue;
    fresh.push({
      msg: { ...m, at: edgeOf(to, from, o.nodeRadius), progress: 1, arriving: true },
      untilMs: o.nowMs + o.glide,
    });
  }
  const all = [...kept, ...fresh];
  return all.length > maxArrivals ? all.slice(all.length - maxArrivals) : all;
}

/** The point on the receiver's circle facing the sender. */
function edgeOf(to: Point, from: Point, r: number): Point {
  const dx = from.x - to.x;
  const dy = from.y - to.y;
  const d = Math.hypot(dx, dy);
  if (d === 0) return to;
  return { x: to.x + (dx / d) * r, y: to.y + (dy / d) * r };
}

/** What to draw: the messages in flight, then the arrivals (never one twice). */
export function drawnMessages(
  now: readonly SceneMessage[],
  arrivals: readonly Arrival[],
): readonly DrawnMessage[] {
  const inFlight = new Set(now.map((m) => m.id));
  return [
    ...now.map((m) => ({ ...m, arriving: false })),
    ...arrivals.filter((a) => !inFlight.has(a.msg.id)).map((a) => a.msg),
  ];
}
