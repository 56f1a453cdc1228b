/**
 * The Ready loop of etcd's raftNode.start as a strip of steps, in the order the loop runs them:
 * the leader sends before it writes to disk, a follower only after (server/etcdserver/raft.go).
 * A card shows the strip with the step in progress lit, the steps done ticked, and the steps
 * that do not apply to this Ready (no snapshot, the other role's send) dimmed.
 */
import type { ReadyCard, ReadyLoopStep } from '../../../session/types';

export type StripStep =
  | 'soft-state'
  | 'read-state'
  | 'apply'
  | 'leader-send'
  | 'save-snap'
  | 'save-wal'
  | 'snapshot'
  | 'append'
  | 'notify'
  | 'follower-send'
  | 'advance';

export const stripSteps: readonly StripStep[] = [
  'soft-state',
  'read-state',
  'apply',
  'leader-send',
  'save-snap',
  'save-wal',
  'snapshot',
  'append',
  'notify',
  'follower-send',
  'advance',
];

/** Which strip step a Ready-loop step belongs to; null when the loop is idle. */
export function stripStepOf(s: ReadyLoopStep): StripStep | null {
  switch (s) {
    case 'idle':
      return null;
    case 'R1 soft-state':
      return 'soft-state';
    case 'R2 read-state':
      return 'read-state';
    case 'R5 apply':
      return 'apply';
    case 'R6 leader-send':
      return 'leader-send';
    case 'R7 save-snap':
      return 'save-snap';
    case 'R8 save-wal':
      return 'save-wal';
    case 'R9 snapshot':
      return 'snapshot';
    case 'R10 append':
      return 'append';
    case 'R12 notify':
    case 'R12 wait-apply':
    case 'R13 notify':
      return 'notify';
    case 'R12 follower-send':
      return 'follower-send';
    case 'R14 advance':
      return 'advance';
  }
}

export type StripState = 'done' | 'current' | 'todo' | 'skipped';

/**
 * The state of each strip step for one card. `asLeader` is whether the member led while it
 * handled this Ready (it decides which of the two sends runs); `finished` is whether the loop
 * has called Advance for it.
 */
export function stripStates(
  card: Pick<ReadyCard, 'softState' | 'readStates' | 'snapshot' | 'loopStep'>,
  asLeader: boolean,
  finished: boolean,
): Record<StripStep, StripState> {
  const applies: Record<StripStep, boolean> = {
    'soft-state': card.softState !== null,
    'read-state': card.readStates.length > 0,
    apply: true,
    'leader-send': asLeader,
    'save-snap': card.snapshot !== null,
    'save-wal': true,
    snapshot: card.snapshot !== null,
    append: true,
    notify: true,
    'follower-send': !asLeader,
    advance: true,
  };
  const current = finished ? null : stripStepOf(card.loopStep);
  const currentAt = current === null ? -1 : stripSteps.indexOf(current);
  const out = {} as Record<StripStep, StripState>;
  stripSteps.forEach((s, i) => {
    // The engine's own step wins over our guess of what applies (e.g. the role at the time).
    if (i === currentAt) out[s] = 'current';
    else if (!applies[s]) out[s] = 'skipped';
    else if (finished) out[s] = 'done';
    else out[s] = i < currentAt ? 'done' : 'todo';
  });
  return out;
}
