/**
 * Turning a selection in the message queue into harness commands. The harness never hands over
 * a single message: `deliver-msgs` takes every queued message to a recipient, optionally only
 * those of one type (spec §2.6). So the lab selects whole (recipient, type) groups, and a
 * selection becomes the fewest `deliver-msgs` commands that handle exactly those groups.
 */
import type { MessageView } from './env_view';

export type SelectionMode = 'deliver' | 'drop';

function groupKey(m: Pick<MessageView, 'toId' | 'type'>): string {
  return `${m.toId} ${m.type}`;
}

/** The queue positions in the same (recipient, type) group as message `index`. */
export function groupOf(messages: readonly MessageView[], index: number): number[] {
  const m = messages[index];
  if (m === undefined) return [];
  const key = groupKey(m);
  return messages.filter((x) => groupKey(x) === key).map((x) => x.index);
}

/** Toggles the whole group of message `index`: on if any of it was off, else off. */
export function toggleGroup(
  messages: readonly MessageView[],
  selected: ReadonlySet<number>,
  index: number,
): Set<number> {
  const group = groupOf(messages, index);
  const next = new Set(selected);
  const allOn = group.every((i) => next.has(i));
  for (const i of group) {
    if (allOn) next.delete(i);
    else next.add(i);
  }
  return next;
}

/** Selects every group that has a message in `indexes` (e.g. all messages the filter shows). */
export function selectGroups(messages: readonly MessageView[], indexes: readonly number[]): Set<number> {
  const keys = new Set(
    indexes
      .map((i) => messages[i])
      .filter((m) => m !== undefined)
      .map(groupKey),
  );
  return new Set(messages.filter((m) => keys.has(groupKey(m))).map((m) => m.index));
}

/**
 * The commands that deliver (or drop) the selected groups. Recipients come in queue order of
 * their first message. Delivery is only offered to recipients that exist (`nodeCount`): the
 * harness cannot step a message into a node it does not have.
 */
export function selectionCommands(
  messages: readonly MessageView[],
  selected: ReadonlySet<number>,
  mode: SelectionMode,
  nodeCount: number,
): string[] {
  const recipients: string[] = [];
  const typesByRecipient = new Map<string, { all: Set<string>; chosen: Set<string> }>();
  for (const m of messages) {
    if (mode === 'deliver' && !(Number(m.toId) >= 1 && Number(m.toId) <= nodeCount)) continue;
    let entry = typesByRecipient.get(m.toId);
    if (entry === undefined) {
      entry = { all: new Set(), chosen: new Set() };
      typesByRecipient.set(m.toId, entry);
      recipients.push(m.toId);
    }
    entry.all.add(m.type);
    if (selected.has(m.index)) entry.chosen.add(m.type);
  }
  const whole: string[] = [];
  const byType = new Map<string, string[]>();
  for (const to of recipients) {
    const entry = typesByRecipient.get(to);
    if (entry === undefined || entry.chosen.size === 0) continue;
    if (entry.chosen.size === entry.all.size) {
      whole.push(to);
      continue;
    }
    for (const type of entry.chosen) byType.set(type, [...(byType.get(type) ?? []), to]);
  }
  const commands: string[] = [];
  if (whole.length > 0) commands.push(command(mode, whole, undefined));
  for (const [type, tos] of byType) commands.push(command(mode, tos, type));
  return commands;
}

function command(mode: SelectionMode, ids: readonly string[], type: string | undefined): string {
  const who = mode === 'deliver' ? ids.join(' ') : `drop=(${ids.join(',')})`;
  return type === undefined ? `deliver-msgs ${who}` : `deliver-msgs ${who} type=${type}`;
}
