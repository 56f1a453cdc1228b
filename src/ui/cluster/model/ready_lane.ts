/**
 * Ready lanes as data: which cards a lane shows (the most recent, bounded, oldest first so the
 * newest sits at the right), what state each card is in at the cursor, and short texts for the
 * compact tables.
 */
import type {
  EntryView,
  MemberSnapshot,
  MessageView,
  ReadyCard,
  ReadyLoopStep,
} from '../../../session/types';

/** How many cards a lane draws; older ones are counted, not drawn (the DOM stays small). */
export const laneCardLimit = 16;
/**
 * While the session plays, a publish brings a whole new set of cards: drawing only the few in
 * view keeps the DOM each publish replaces small (the full window returns on pause).
 */
export const laneCardLimitPlaying = 4;

export interface LaneWindow {
  readonly cards: readonly ReadyCard[];
  readonly hidden: number;
}

export function laneWindow(cards: readonly ReadyCard[], limit = laneCardLimit): LaneWindow {
  if (limit < 1) throw new Error('laneWindow: limit must be positive');
  if (cards.length <= limit) return { cards, hidden: 0 };
  return { cards: cards.slice(cards.length - limit), hidden: cards.length - limit };
}

export type CardPhase =
  | { readonly kind: 'current'; readonly step: ReadyLoopStep }
  | { readonly kind: 'done' }
  /** The member went down before the loop called Advance for this Ready. */
  | { readonly kind: 'interrupted' };

/**
 * Which card of a lane the member's Ready loop is handling at the cursor, or -1. Ready numbers
 * restart with each incarnation of a member, so the match is the newest card with that number.
 */
export function currentCardIndex(
  cards: readonly ReadyCard[],
  member: Pick<MemberSnapshot, 'readyStep' | 'currentReady'> | undefined,
): number {
  const cur = member?.currentReady;
  if (cur === null || cur === undefined || member?.readyStep === 'idle') return -1;
  for (let i = cards.length - 1; i >= 0; i--) if (cards[i]?.seq === cur.seq) return i;
  return -1;
}

/**
 * Where a card stands at the cursor. The member's Ready-loop step (taken at the cursor) wins
 * over the card's own loopStep, which the engine records up to the frontier and may be ahead of
 * a cursor that was moved back.
 */
export function cardPhase(
  card: ReadyCard,
  current: { readonly isCurrent: boolean; readonly readyStep: ReadyLoopStep },
  cursorStep: number,
): CardPhase {
  if (current.isCurrent) return { kind: 'current', step: current.readyStep };
  if (card.endStep !== null && card.endStep <= cursorStep) return { kind: 'done' };
  // Ends after the cursor yet the member is not on it: trust the card's own record.
  if (card.endStep !== null) return { kind: 'current', step: card.loopStep };
  // Never finished and not the member's current Ready: the member crashed or restarted meanwhile.
  return { kind: 'interrupted' };
}

/** "2/4 EntryNormal put k=v": raft's term/index, then the type and payload, shortened. */
export function entryText(e: EntryView): string {
  const data = e.data === '' ? '' : ` ${e.data}`;
  return `${e.term}/${e.index} ${e.type.replace(/^Entry/, '')}${data}`;
}

/** "MsgApp→infra2 (2 ents)", rejections marked; names resolve IDs, unknown IDs stay hex. */
export function messageText(m: MessageView, nameOf: (id: string) => string): string {
  const ents = m.entries > 0 ? ` (${m.entries})` : '';
  const rej = m.reject ? ' ✗' : '';
  return `${m.type}→${nameOf(m.to)}${ents}${rej}`;
}

/**
 * The first few items and how many more there are: a card is a glance, the text toggle has all.
 */
export function firstFew<T>(
  items: readonly T[],
  max: number,
): { readonly shown: readonly T[]; readonly more: number } {
  if (items.length <= max) return { shown: items, more: 0 };
  return { shown: items.slice(0, max), more: items.length - max };
}

/**
 * Messages of one Ready grouped by type and recipient ("MsgHeartbeat→infra2, infra3"), in the
 * order raft produced them: a leader's heartbeat round is one line, not one line per follower.
 */
export function groupMessages(ms: readonly MessageView[], nameOf: (id: string) => string): string[] {
  const groups = new Map<string, string[]>();
  for (const m of ms) {
    const key = `${m.type}${m.reject ? ' ✗' : ''}${m.entries > 0 ? ` (${m.entries})` : ''}`;
    const to = groups.get(key) ?? [];
    to.push(nameOf(m.to));
    groups.set(key, to);
  }
  return Array.from(groups, ([key, to]) => `${key}→${to.join(', ')}`);
}
