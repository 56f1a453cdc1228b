/**
 * The election-timer ring drawn around each member glyph: how far the member's randomized
 * election timeout has run (raft's electionElapsed of randomizedElectionTimeout, in ticks).
 *
 * Why the leader gets a different ring: a leader never campaigns, so its election timer is not
 * the one that matters (raft reuses electionElapsed there for check-quorum against the
 * unrandomized electionTimeout). What a lesson on elections needs from the leader is the timer
 * that keeps the others quiet: its heartbeat timer (heartbeatElapsed of heartbeatTimeout). It is
 * drawn thin and dashed, so the eye reads the thick solid rings as "who may start an election
 * next", and the leader's as "when the next heartbeat goes out". A down member runs no timer and
 * gets no ring.
 */
import type { MemberSnapshot } from '../../../session/types';

export type TimerKind = 'election' | 'heartbeat';

export interface MemberTimer {
  readonly kind: TimerKind;
  /** Ticks run so far and the timeout in ticks (both as raft counts them). */
  readonly elapsed: number;
  readonly timeout: number;
  /** elapsed / timeout, clamped to 0…1 (a learner's timer can run past its timeout). */
  readonly fraction: number;
}

type TimerFields = Pick<
  MemberSnapshot,
  'up' | 'role' | 'electionElapsed' | 'electionTimeout' | 'heartbeatElapsed' | 'heartbeatTimeout'
>;

/** The timer the ring of member m shows, or null for no ring. */
export function memberTimer(m: TimerFields): MemberTimer | null {
  if (!m.up || m.role === 'down') return null;
  const leader = m.role === 'StateLeader';
  const elapsed = leader ? m.heartbeatElapsed : m.electionElapsed;
  const timeout = leader ? m.heartbeatTimeout : m.electionTimeout;
  // Before raft exists (a member still booting) the timeouts are 0: nothing to show.
  if (!(timeout > 0)) return null;
  const fraction = Math.min(1, Math.max(0, elapsed / timeout));
  return { kind: leader ? 'heartbeat' : 'election', elapsed, timeout, fraction };
}

/**
 * An SVG path of the arc that starts at 12 o'clock and runs clockwise over `fraction` of a
 * circle of radius r centred on the origin; '' for nothing, a full circle for 1.
 */
export function ringArcPath(r: number, fraction: number): string {
  const f = Math.min(1, Math.max(0, fraction));
  if (f <= 0 || r <= 0) return '';
  if (f >= 1) {
    // One arc cannot close a circle: two half circles.
    return `M0,${-r}A${r},${r} 0 1 1 0,${r}A${r},${r} 0 1 1 0,${-r}`;
  }
  const angle = f * 2 * Math.PI;
  const x = r * Math.sin(angle);
  const y = -r * Math.cos(angle);
  const large = f > 0.5 ? 1 : 0;
  return `M0,${-r}A${r},${r} 0 ${large} 1 ${round(x)},${round(y)}`;
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}
