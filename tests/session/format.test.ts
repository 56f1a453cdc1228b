import { describe, expect, it } from 'vitest';
import { formatVirtualTime, parseSeed, positionOfSpeed, speedOfPosition } from '../../src/session/format';

describe('session formatting', () => {
  it('maps the speed slider on a log scale', () => {
    expect(speedOfPosition(0)).toBe(10);
    expect(speedOfPosition(25)).toBe(100);
    expect(speedOfPosition(50)).toBe(1000);
    expect(speedOfPosition(100)).toBe(100_000);
    for (const p of [0, 10, 33, 50, 77, 100]) expect(positionOfSpeed(speedOfPosition(p))).toBe(p);
  });

  it('validates the seed field', () => {
    expect(parseSeed(' 42 ', 100)).toBe(42);
    expect(parseSeed('101', 100)).toBeNull();
    expect(parseSeed('-1', 100)).toBeNull();
    expect(parseSeed('1e3', 100)).toBeNull();
    expect(parseSeed('', 100)).toBeNull();
  });

  it('formats virtual time', () => {
    expect(formatVirtualTime(2_150_000)).toBe('2.150 s');
  });
});
