/**
 * The lesson job sliced as the page runs it: a watched moment (played at the engine's speed),
 * paused and resumed or hurried on the way, ends at the same step and hash as one reached at
 * once; a moment can be left half-way and gone to again.
 */
import { describe, expect, it } from 'vitest';
import { LessonPlayer } from '../../src/session/lesson_player';
import type { MomentOutcome } from '../../src/session/lesson_player';
import { builtinLesson } from '../../src/session/lessons';
import type { Lesson } from '../../src/session/lesson';

function lesson(name: string): Lesson {
  const r = builtinLesson(name);
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('; '));
  return r.lesson;
}

/** Drives the player like the page's scheduler: frames of `dtMs`, small slices. */
function playFrames(
  p: LessonPlayer,
  dtMs: number,
  maxFrames: number,
  each?: (frame: number) => void,
): number {
  let frames = 0;
  while (p.busy && frames < maxFrames) {
    let n = 0;
    p.work(() => ++n > 64, dtMs);
    each?.(frames);
    frames++;
  }
  return frames;
}

function reference(name: string, k: number): { outcome: MomentOutcome; hash: string } {
  const p = new LessonPlayer(lesson(name));
  const outcome = p.goTo(k);
  return { outcome, hash: p.engine.snapshot().traceHash };
}

describe('LessonPlayer, sliced', () => {
  it('a watched moment plays over many frames and ends where the instant one does', () => {
    const ref = reference('first-election', 0);
    const p = new LessonPlayer(lesson('first-election'));
    p.engine.speed = 200;
    expect(p.begin(0, { watch: true })).toBeNull();
    let sawPlaying = false;
    const frames = playFrames(p, 16, 100_000, () => (sawPlaying ||= p.playing));
    expect(sawPlaying).toBe(true);
    expect(frames).toBeGreaterThan(10);
    expect(p.outcome).toEqual(ref.outcome);
    expect(p.engine.snapshot().traceHash).toBe(ref.hash);
  });

  it('pause holds the run still; resume and hurry still end at the same step', () => {
    const ref = reference('leader-crash', 2);
    const p = new LessonPlayer(lesson('leader-crash'));
    p.engine.speed = 100;
    p.begin(2, { watch: true });
    playFrames(p, 16, 50, () => undefined);
    // Moments 1 and 2 ran at once; the third is being watched.
    expect(p.playing).toBe(true);
    p.pause();
    expect(p.paused).toBe(true);
    expect(p.busy).toBe(false);
    const at = p.engine.cursor;
    for (let i = 0; i < 5; i++) expect(p.work(() => false)).toBe('more');
    expect(p.engine.cursor).toBe(at);
    p.resume();
    playFrames(p, 16, 20);
    expect(p.engine.cursor).toBeGreaterThan(at);
    p.hurry();
    expect(p.playing).toBe(false);
    playFrames(p, 16, 100_000);
    expect(p.outcome).toEqual(ref.outcome);
    expect(p.engine.snapshot().traceHash).toBe(ref.hash);
  });

  it('a job left half-way (the user stepped) can be started again', () => {
    const ref = reference('partition', 1);
    const p = new LessonPlayer(lesson('partition'));
    p.begin(1);
    let n = 0;
    p.work(() => ++n > 3);
    p.cancel();
    expect(p.active).toBe(false);
    p.engine.step('tick');
    p.engine.finish();
    expect(p.goTo(1)).toEqual(ref.outcome);
    expect(p.engine.snapshot().traceHash).toBe(ref.hash);
    // Back to an earlier moment is a seek to its remembered step.
    const first = p.goTo(0);
    expect(first.ok && first.step).toBe(p.stepOf(0));
  });

  it('refuses a moment that does not exist, and an engine of another run', () => {
    const l = lesson('first-election');
    const p = new LessonPlayer(l);
    expect(p.begin(l.moments.length)).toEqual({
      ok: false,
      moment: l.moments.length,
      reason: `there is no moment ${l.moments.length + 1} (the lesson has ${l.moments.length})`,
    });
    const other = new LessonPlayer(lesson('leader-crash')).engine;
    expect(() => new LessonPlayer(l, other)).toThrow(/runs normal-startup with seed 1/);
  });
});
