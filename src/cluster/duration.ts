/**
 * Durations as people write them in scenario files: Go's time.ParseDuration units ("1.5s",
 * "200ms", "2m", "750us", "1m30s"), or a bare number of milliseconds. The simulator's unit is the
 * integer microsecond, so a duration that is not a whole number of µs is an error, as is a
 * negative one.
 */

export type DurationResult =
  { readonly ok: true; readonly us: number } | { readonly ok: false; readonly message: string };

const unitUs: ReadonlyMap<string, number> = new Map([
  ['us', 1],
  ['µs', 1],
  ['ms', 1_000],
  ['s', 1_000_000],
  ['m', 60_000_000],
  ['h', 3_600_000_000],
]);

const part = /(\d+(?:\.\d+)?)(us|µs|ms|s|m|h)/y;

/** Parses "1.5s", "200ms", "1m30s", … or a number of milliseconds. */
export function parseDuration(input: string | number): DurationResult {
  if (typeof input === 'number') return fromUs(input * 1000, `${input}`);
  const text = input.trim();
  if (text === '') return { ok: false, message: 'empty duration (expected e.g. "1.5s", "200ms", "2m")' };
  let us = 0;
  part.lastIndex = 0;
  while (part.lastIndex < text.length) {
    const at = part.lastIndex;
    const m = part.exec(text);
    if (m === null) {
      return {
        ok: false,
        message: `invalid duration ${JSON.stringify(input)} at "${text.slice(at)}" (expected e.g. "1.5s", "200ms", "2m")`,
      };
    }
    us += Number(m[1]) * (unitUs.get(m[2] as string) as number);
  }
  return fromUs(us, JSON.stringify(input));
}

function fromUs(us: number, shown: string): DurationResult {
  if (!Number.isFinite(us) || us < 0)
    return { ok: false, message: `duration ${shown} must be a finite, non-negative time` };
  const rounded = Math.round(us);
  // Floating point turns "1.1s" into 1100000.0000000002 µs: anything this close is whole.
  if (Math.abs(rounded - us) > 1e-6 * Math.max(1, us)) {
    return { ok: false, message: `duration ${shown} is not a whole number of microseconds` };
  }
  if (!Number.isSafeInteger(rounded)) return { ok: false, message: `duration ${shown} is too long` };
  return { ok: true, us: rounded };
}

/** The shortest exact text for a duration: "2s", "1500ms", "750us"; parseDuration reads it back. */
export function formatDuration(us: number): string {
  if (us !== 0 && us % 60_000_000 === 0) return `${us / 60_000_000}m`;
  if (us % 1_000_000 === 0) return `${us / 1_000_000}s`;
  if (us % 1_000 === 0) return `${us / 1_000}ms`;
  return `${us}us`;
}
