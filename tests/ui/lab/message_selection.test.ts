import { describe, expect, it } from 'vitest';
import type { MessageView } from '../../../src/ui/lab/model/env_view';
import {
  groupOf,
  selectGroups,
  selectionCommands,
  toggleGroup,
} from '../../../src/ui/lab/model/message_selection';
import { diffLines, firstDifferentLine } from '../../../src/ui/lab/model/line_diff';

function msg(index: number, toId: string, type: string): MessageView {
  return { index, from: '1', to: toId, toId, type, term: 1, text: `1->${toId} ${type}`, local: false };
}

const queue = [
  msg(0, '2', 'MsgApp'),
  msg(1, '3', 'MsgApp'),
  msg(2, '2', 'MsgHeartbeat'),
  msg(3, '2', 'MsgApp'),
];

describe('message selection', () => {
  it('selects whole (recipient, type) groups', () => {
    expect(groupOf(queue, 0)).toEqual([0, 3]);
    const on = toggleGroup(queue, new Set(), 3);
    expect([...on].sort()).toEqual([0, 3]);
    expect([...toggleGroup(queue, on, 0)]).toEqual([]);
    expect([...selectGroups(queue, [1, 2])].sort()).toEqual([1, 2]);
  });

  it('turns a selection into the fewest deliver-msgs commands', () => {
    expect(selectionCommands(queue, new Set([0, 1, 2, 3]), 'deliver', 3)).toEqual(['deliver-msgs 2 3']);
    expect(selectionCommands(queue, new Set([0, 3, 1]), 'deliver', 3)).toEqual([
      'deliver-msgs 3',
      'deliver-msgs 2 type=MsgApp',
    ]);
    expect(selectionCommands(queue, new Set([2]), 'drop', 3)).toEqual([
      'deliver-msgs drop=(2) type=MsgHeartbeat',
    ]);
    expect(selectionCommands(queue, new Set([1]), 'drop', 3)).toEqual(['deliver-msgs drop=(3)']);
    // Node 3 does not exist yet: its messages can be dropped but not delivered.
    expect(selectionCommands(queue, new Set([1]), 'deliver', 2)).toEqual([]);
  });
});

describe('line diff', () => {
  it('marks lines only one side has', () => {
    expect(diffLines('a\nb\nc\n', 'a\nx\nc\n')).toEqual([
      { op: 'same', text: 'a' },
      { op: 'expected', text: 'b' },
      { op: 'actual', text: 'x' },
      { op: 'same', text: 'c' },
    ]);
    expect(diffLines('', 'ok\n')).toEqual([{ op: 'actual', text: 'ok' }]);
    expect(firstDifferentLine('a\nb\n', 'a\nb\n')).toBeUndefined();
    expect(firstDifferentLine('a\nb\n', 'a\n')).toBe(1);
  });
});
