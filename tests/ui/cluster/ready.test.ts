import { describe, expect, it } from 'vitest';
import {
  cardPhase,
  currentCardIndex,
  entryText,
  firstFew,
  groupMessages,
  laneWindow,
  messageText,
} from '../../../src/ui/cluster/model/ready_lane';
import { stripStates, stripStepOf, stripSteps } from '../../../src/ui/cluster/model/ready_steps';
import type { MessageView, ReadyCard, ReadyLoopStep } from '../../../src/session/types';

const card = (seq: number, patch: Partial<ReadyCard> = {}): ReadyCard => ({
  seq,
  member: 0,
  startStep: seq * 10,
  startUs: seq * 100,
  endStep: seq * 10 + 5,
  endUs: seq * 100 + 50,
  loopStep: 'R14 advance',
  softState: null,
  hardState: { term: 2, vote: 'a', commit: 3 },
  readStates: [],
  entries: [],
  committedEntries: [],
  messages: [],
  snapshot: null,
  mustSync: true,
  description: '',
  ...patch,
});

const m = (type: string, to: string, entries = 0, reject = false): MessageView => ({
  type,
  from: 'a',
  to,
  term: 2,
  logTerm: 2,
  index: 3,
  commit: 3,
  entries,
  reject,
});

describe('Ready-loop strip', () => {
  it('maps every loop step to a strip step', () => {
    const steps: ReadyLoopStep[] = [
      'R1 soft-state',
      'R2 read-state',
      'R5 apply',
      'R6 leader-send',
      'R7 save-snap',
      'R8 save-wal',
      'R9 snapshot',
      'R10 append',
      'R12 notify',
      'R12 wait-apply',
      'R12 follower-send',
      'R13 notify',
      'R14 advance',
    ];
    for (const s of steps) expect(stripSteps).toContain(stripStepOf(s));
    expect(stripStepOf('idle')).toBeNull();
  });

  it('lights the current step; a leader sends before saving the WAL, a follower after', () => {
    const leader = stripStates(card(1, { loopStep: 'R8 save-wal' }), true, false);
    expect(leader['leader-send']).toBe('done');
    expect(leader['save-wal']).toBe('current');
    expect(leader['follower-send']).toBe('skipped');
    expect(leader['save-snap']).toBe('skipped');
    expect(leader.append).toBe('todo');
    const follower = stripStates(card(1, { loopStep: 'R12 follower-send' }), false, false);
    expect(follower['leader-send']).toBe('skipped');
    expect(follower['save-wal']).toBe('done');
    expect(follower['follower-send']).toBe('current');
    const done = stripStates(card(1), false, true);
    expect(Object.values(done).filter((s) => s === 'current')).toEqual([]);
  });

  it('trusts the engine when the step it reports was guessed not to apply', () => {
    const s = stripStates(card(1, { loopStep: 'R6 leader-send' }), false, false);
    expect(s['leader-send']).toBe('current');
  });
});

describe('Ready lane', () => {
  it('keeps the newest cards, oldest first', () => {
    const cards = Array.from({ length: 30 }, (_, i) => card(i + 1));
    const w = laneWindow(cards, 24);
    expect(w.hidden).toBe(6);
    expect(w.cards[0]?.seq).toBe(7);
    expect(w.cards[w.cards.length - 1]?.seq).toBe(30);
    expect(laneWindow(cards.slice(0, 3)).hidden).toBe(0);
    expect(() => laneWindow(cards, 0)).toThrow();
  });

  it('tells the card in progress from finished and interrupted ones', () => {
    const c = card(3, { endStep: null, endUs: null, loopStep: 'R10 append' });
    const now = { isCurrent: true, readyStep: 'R8 save-wal' as const };
    const not = { isCurrent: false, readyStep: 'R8 save-wal' as const };
    expect(cardPhase(c, now, 32)).toEqual({ kind: 'current', step: 'R8 save-wal' });
    expect(cardPhase(card(2), not, 32)).toEqual({ kind: 'done' });
    expect(cardPhase(c, not, 32)).toEqual({ kind: 'interrupted' });
    // After a seek back the card ends after the cursor: it is still in progress there.
    expect(cardPhase(card(2), not, 21)).toEqual({ kind: 'current', step: 'R14 advance' });
  });

  it('finds the current card by number, newest incarnation first', () => {
    const old3 = card(3, { startStep: 5, endStep: null });
    const lane = [
      old3,
      card(1, { startStep: 40 }),
      card(2, { startStep: 50 }),
      card(3, { startStep: 60, endStep: null }),
    ];
    const cur = card(3, { startStep: 99 });
    expect(currentCardIndex(lane, { readyStep: 'R5 apply', currentReady: cur })).toBe(3);
    expect(currentCardIndex(lane, { readyStep: 'idle', currentReady: cur })).toBe(-1);
    expect(currentCardIndex(lane, { readyStep: 'R5 apply', currentReady: null })).toBe(-1);
    expect(currentCardIndex(lane, undefined)).toBe(-1);
  });

  it('writes entries and messages compactly', () => {
    expect(entryText({ term: 2, index: 4, type: 'EntryNormal', data: '(empty)' })).toBe('2/4 Normal (empty)');
    expect(entryText({ term: 2, index: 5, type: 'EntryConfChange', data: '' })).toBe('2/5 ConfChange');
    const names = (id: string): string => ({ b: 'infra2', c: 'infra3' })[id] ?? id;
    expect(messageText(m('MsgApp', 'b', 2), names)).toBe('MsgApp→infra2 (2)');
    expect(messageText(m('MsgVoteResp', 'c', 0, true), names)).toBe('MsgVoteResp→infra3 ✗');
    expect(
      groupMessages([m('MsgHeartbeat', 'b'), m('MsgApp', 'b', 1), m('MsgHeartbeat', 'c')], names),
    ).toEqual(['MsgHeartbeat→infra2, infra3', 'MsgApp (1)→infra2']);
    expect(firstFew([1, 2, 3, 4, 5], 3)).toEqual({ shown: [1, 2, 3], more: 2 });
  });
});
