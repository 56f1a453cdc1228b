// @vitest-environment jsdom
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import type { Root } from 'react-dom/client';
import i18next from 'i18next';
import { en } from '../../src/ui/i18n/en';
import { effectiveViewLevel, useViewLevelAttribute } from '../../src/ui/store/view_level';
import { useLessonOpen } from '../../src/ui/store/lesson_flag';
import { loadViewLevel, usePreferences } from '../../src/ui/store/preferences';
import { MemberInspector } from '../../src/ui/cluster/views/MemberInspector';
import { ReadyBatches } from '../../src/ui/cluster/views/ReadyBatches';
import { CodeView } from '../../src/ui/session/views/CodeView';
import { ControlsBar } from '../../src/ui/session/controls/ControlsBar';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root | null = null;
let host: HTMLElement | null = null;

beforeAll(async () => {
  await i18next.init({
    resources: { en: { translation: en } },
    lng: 'en',
    interpolation: { escapeValue: false },
    initAsync: false,
  });
});

beforeEach(() => {
  localStorage.clear();
  usePreferences.setState({ viewLevel: null });
  useLessonOpen.setState({ open: false });
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

describe('effectiveViewLevel', () => {
  it.each([
    [null, false, 'expert'],
    [null, true, 'beginner'],
    ['expert', true, 'expert'],
    ['beginner', false, 'beginner'],
    ['beginner', true, 'beginner'],
    ['expert', false, 'expert'],
  ] as const)('choice %s, lesson open %s: %s', (chosen, open, expected) => {
    expect(effectiveViewLevel(chosen, open)).toBe(expected);
  });
});

describe('the view level preference', () => {
  it('is saved on its own key and read back; garbage means no choice', () => {
    usePreferences.getState().setViewLevel('beginner');
    expect(localStorage.getItem('etcd-stepper/view-level')).toBe('beginner');
    expect(loadViewLevel(localStorage)).toBe('beginner');
    expect(loadViewLevel({ getItem: () => 'novice' })).toBeNull();
    expect(loadViewLevel(undefined)).toBeNull();
    expect(
      loadViewLevel({
        getItem: () => {
          throw new Error('SecurityError');
        },
      }),
    ).toBeNull();
  });

  it('sets data-view-level on <html>, following the lesson flag until the user chooses', () => {
    function Probe() {
      useViewLevelAttribute();
      return null;
    }
    render(<Probe />);
    const html = document.documentElement;
    expect(html.dataset.viewLevel).toBe('expert');
    act(() => useLessonOpen.getState().setOpen(true));
    expect(html.dataset.viewLevel).toBe('beginner');
    act(() => usePreferences.getState().setViewLevel('expert'));
    expect(html.dataset.viewLevel).toBe('expert');
    act(() => useLessonOpen.getState().setOpen(false));
    act(() => usePreferences.getState().setViewLevel('beginner'));
    expect(html.dataset.viewLevel).toBe('beginner');
  });
});

describe('the beginner view hides expert details', () => {
  const captions = (el: HTMLElement): string[] =>
    Array.from(el.querySelectorAll('caption')).map((c) => c.textContent ?? '');
  const rowHeads = (el: HTMLElement): string[] =>
    Array.from(el.querySelectorAll('th[scope="row"]')).map((c) => c.textContent ?? '');

  it('MemberInspector: goroutines, progress, wait registry and WAL counts only in expert', () => {
    const el = render(<MemberInspector member={0} onClose={() => {}} />);
    expect(captions(el)).toEqual(expect.arrayContaining(['Progress of each follower (leader’s view)']));
    expect(captions(el).some((c) => /^\d+ goroutines?$/.test(c))).toBe(true);
    expect(rowHeads(el)).toEqual(
      expect.arrayContaining(['WAL records', 'Pending proposals (wait registry)']),
    );
    act(() => usePreferences.getState().setViewLevel('beginner'));
    expect(captions(el).some((c) => /goroutine/.test(c))).toBe(false);
    expect(captions(el)).not.toContain('Progress of each follower (leader’s view)');
    expect(rowHeads(el)).not.toContain('WAL records');
    expect(rowHeads(el)).not.toContain('Pending proposals (wait registry)');
    // What a beginner needs stays, with its terms marked.
    expect(captions(el)).toEqual(expect.arrayContaining(['HardState', 'SoftState']));
    expect(el.querySelector('caption button[data-term="hardState"]')).not.toBeNull();
    expect(rowHeads(el)).toEqual(expect.arrayContaining(['Gap (committed − applied)', 'Term', 'Vote']));
  });

  it('CodeView: the goroutine table only in expert, the listing in both', () => {
    const el = render(<CodeView />);
    expect(el.querySelector('table.session-goroutines')).not.toBeNull();
    act(() => usePreferences.getState().setViewLevel('beginner'));
    expect(el.querySelector('table.session-goroutines')).toBeNull();
    expect(el.querySelector('.session-code-body')).not.toBeNull();
  });

  it('ReadyBatches: no raw text toggle and MustSync only when set, headline kept', () => {
    const el = render(<ReadyBatches />);
    const toggle = (): HTMLButtonElement | undefined =>
      Array.from(el.querySelectorAll('button')).find((b) => b.textContent === 'raft’s text');
    expect(toggle()).toBeDefined();
    const card = (): Element | null => el.querySelector('li[aria-label="infra1 Ready #1"]');
    expect(card()?.textContent).toContain('MustSync=true');
    act(() => usePreferences.getState().setViewLevel('beginner'));
    expect(toggle()).toBeUndefined();
    expect(card()?.querySelector('.rb-card-head')?.textContent).toContain('#1');
    expect(card()?.textContent).toContain('MustSync');
    expect(card()?.textContent).not.toContain('MustSync=true');
    expect(card()?.textContent).toContain('HardState');
  });

  it('ControlsBar: the trace hash only in expert', () => {
    const el = render(<ControlsBar />);
    expect(el.querySelector('[data-testid="trace-hash"]')?.textContent).toMatch(/^trace hash /);
    act(() => usePreferences.getState().setViewLevel('beginner'));
    expect(el.querySelector('[data-testid="trace-hash"]')).toBeNull();
    act(() => usePreferences.getState().setViewLevel('expert'));
    expect(el.querySelector('[data-testid="trace-hash"]')).not.toBeNull();
  });
});
