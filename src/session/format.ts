/** Small formatting helpers shared by the session views. */

/** Virtual time as seconds with millisecond precision, e.g. `2.150 s`. */
export function formatVirtualTime(us: number): string {
  return `${(us / 1_000_000).toFixed(3)} s`;
}

/** The speed slider is logarithmic: position 0…100 maps to 10…100,000 kernel steps per second. */
export const speedMin = 10;
export const speedMax = 100_000;

export function speedOfPosition(pos: number): number {
  const p = Math.min(100, Math.max(0, pos));
  return Math.round(speedMin * Math.pow(speedMax / speedMin, p / 100));
}

export function positionOfSpeed(speed: number): number {
  const s = Math.min(speedMax, Math.max(speedMin, speed));
  return Math.round((100 * Math.log(s / speedMin)) / Math.log(speedMax / speedMin));
}

/** Parses the seed field: a whole number in 0…max, or null. */
export function parseSeed(text: string, max: number): number | null {
  const t = text.trim();
  if (!/^\d{1,10}$/.test(t)) return null;
  const n = Number(t);
  return Number.isSafeInteger(n) && n <= max ? n : null;
}
