// @vitest-environment jsdom
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import type { Root } from 'react-dom/client';
import i18next from 'i18next';
import { en } from '../../../src/ui/i18n/en';
import { clusterEn } from '../../../src/ui/i18n/cluster.en';
import { useSession } from '../../../src/ui/session/store';
import { ClusterView } from '../../../src/ui/cluster/views/ClusterView';
import { ReadyBatches } from '../../../src/ui/cluster/views/ReadyBatches';
import { IndexGauges } from '../../../src/ui/cluster/views/IndexGauges';
import { LeaderTimeline } from '../../../src/ui/cluster/views/LeaderTimeline';
import { LogGrid } from '../../../src/ui/cluster/views/LogGrid';
import type { LeaderChange, RoleSegment } from '../../../src/session/types';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root | null = null;
let host: HTMLElement | null = null;

beforeAll(async () => {
  await i18next.init({
    resources: { en: { translation: { ...en, cluster: clusterEn } } },
    lng: 'en',
    interpolation: { escapeValue: false },
    initAsync: false,
  });
});

afterEach(() => {
  act(() => root?.unmount());
  host?.remove();
  root = null;
});

function render(node: React.ReactNode): HTMLElement {
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
  act(() => root?.render(node));
  return host;
}

describe('views on the stub session (before the engine is bound)', () => {
  it('ClusterView: members are buttons named by role and term; Enter opens the inspector', () => {
    const el = render(<ClusterView />);
    const buttons = Array.from(el.querySelectorAll('[role="button"]'));
    expect(buttons.map((b) => b.getAttribute('aria-label'))).toEqual([
      'infra1, Leader, term 2',
      'infra2, Follower, term 2',
      'infra3, Follower, term 2',
    ]);
    act(() => buttons[1]?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true })));
    const inspector = el.querySelector('aside');
    expect(inspector?.textContent).toContain('infra2 in detail');
    expect(inspector?.textContent).toContain('HardState');
    expect(inspector?.textContent).toContain('raftNode.start/select');
    expect(useSession.getState().selectedMember).toBe(1);
    act(() => inspector?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true })));
    expect(el.querySelector('aside')).toBeNull();
  });

  it('ClusterView: the leader inspector has a progress table', () => {
    const el = render(<ClusterView />);
    act(() =>
      (el.querySelector('[role="button"]') as SVGGElement).dispatchEvent(
        new MouseEvent('click', { bubbles: true }),
      ),
    );
    expect(el.querySelector('aside')?.textContent).toContain('Progress of each follower');
  });

  it('ReadyBatches: cards are list items labelled by member and number, with HardState and Entries', () => {
    const el = render(<ReadyBatches />);
    const card = el.querySelector('li[aria-label="infra1 Ready #1"]');
    expect(card).not.toBeNull();
    expect(card?.textContent).toContain('HardState');
    expect(card?.textContent).toContain('Entries (1)');
    expect(card?.textContent).toContain('MustSync=true');
    act(() => (el.querySelector('button[aria-pressed]') as HTMLButtonElement).click());
    expect(el.querySelector('li[aria-label="infra1 Ready #1"] pre')?.textContent).toContain(
      'HardState Term:2',
    );
  });

  it('IndexGauges: numbers for every member and a table', () => {
    const el = render(<IndexGauges />);
    expect(el.textContent).toContain('first 1 · applied 4 · committed 4 · last 4');
    const rows = el.querySelectorAll('table tbody tr');
    expect(rows).toHaveLength(3);
    expect(el.textContent).toContain('5000');
  });

  it('LeaderTimeline: one lane per member, markers seek', () => {
    const segments: RoleSegment[] = [
      { member: 0, role: 'StateFollower', term: 1, startStep: 0, startUs: 0, endStep: 10, endUs: 100_000 },
      {
        member: 0,
        role: 'StateLeader',
        term: 2,
        startStep: 10,
        startUs: 100_000,
        endStep: null,
        endUs: null,
      },
    ];
    const changes: LeaderChange[] = [
      {
        step: 10,
        timeUs: 100_000,
        member: 0,
        previous: null,
        term: 2,
        cause: 'election-timeout',
        evidence: '',
      },
    ];
    const before = useSession.getState();
    act(() =>
      useSession.setState({
        history: { ...before.history, roleSegments: segments, leaderChanges: changes },
        snapshot: { ...before.snapshot, step: 20, nowUs: 200_000 },
      }),
    );
    const onSeek = vi.fn();
    const el = render(<LeaderTimeline onSeek={onSeek} />);
    expect(el.querySelectorAll('.lt-name')).toHaveLength(3);
    const marker = el.querySelector('.lt-marker');
    expect(marker?.getAttribute('aria-label')).toContain('infra1 became leader in term 2');
    expect(marker?.getAttribute('aria-label')).toContain('election timeout');
    act(() => marker?.dispatchEvent(new MouseEvent('click', { bubbles: true })));
    expect(onSeek).toHaveBeenCalledWith(10);
    act(() => useSession.setState(before));
  });
});

describe('crashed members', () => {
  it('are named without a term and drawn crossed', () => {
    const before = useSession.getState();
    const members = before.snapshot.members.map((m, i) =>
      i === 2 ? { ...m, up: false, role: 'down' as const, term: 0 } : m,
    );
    act(() => useSession.setState({ snapshot: { ...before.snapshot, members } }));
    const el = render(<ClusterView />);
    const down = el.querySelector('[aria-label="infra3, Crashed"]');
    expect(down).not.toBeNull();
    expect(down?.querySelector('.cv-crossed')).not.toBeNull();
    expect(down?.textContent).not.toContain('term');
    act(() => useSession.setState(before));
  });
});

describe('ClusterView timer rings', () => {
  it('draws a ring per live member and describes it in words', () => {
    const el = render(<ClusterView />);
    const rings = Array.from(el.querySelectorAll('.cv-timer'));
    expect(rings.map((r) => r.getAttribute('class'))).toEqual([
      'cv-timer cv-timer-heartbeat',
      'cv-timer cv-timer-election',
      'cv-timer cv-timer-election',
    ]);
    const b = el.querySelectorAll('[role="button"]')[1];
    const desc = el.querySelector(`#${b?.getAttribute('aria-describedby') ?? 'none'}`);
    expect(desc?.textContent).toBe('election timer 3 of 14 ticks');
    expect(rings[1]?.querySelector('.cv-timer-arc')?.getAttribute('d')).not.toBe('');
  });
});

describe('LogGrid', () => {
  it('draws a row per member with term-coloured cells and commit/applied marks', () => {
    const el = render(<LogGrid />);
    const rows = Array.from(el.querySelectorAll('.lg-row'));
    expect(rows).toHaveLength(3);
    const cells = Array.from(rows[0]?.querySelectorAll('.lg-cell') ?? []);
    expect(cells.map((c) => c.getAttribute('data-term'))).toEqual(['1', '2', '2', '2']);
    expect(cells[0]?.getAttribute('fill')).not.toBe(cells[1]?.getAttribute('fill'));
    expect(el.querySelectorAll('.lg-commit-mark').length).toBeGreaterThanOrEqual(3);
    expect(el.querySelectorAll('.lg-row .lg-applied-mark')).toHaveLength(3);
    expect(el.querySelector('.visually-hidden li')?.textContent).toBe(
      'infra1: index 1 term 1, indexes 2–4 term 2; committed 4, applied 4',
    );
  });
});

describe('ClusterView fault badges', () => {
  it('draws a badge with text on the member a fault is about', () => {
    const snap = useSession.getState().snapshot;
    act(() =>
      useSession.getState().publish({
        snapshot: { ...snap, faults: [{ kind: 'slow-disk', member: 2, fsyncUs: 50_000 }] },
      }),
    );
    const el = render(<ClusterView />);
    const badge = el.querySelector('.cv-fault-slow-disk');
    expect(badge?.textContent).toBe('slow disk · fsync 50 ms');
    act(() => useSession.getState().publish({ snapshot: snap }));
  });
});
