// @vitest-environment jsdom
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import type { Root } from 'react-dom/client';
import i18next from 'i18next';
import { en } from '../../../src/ui/i18n/en';
import { zhCN } from '../../../src/ui/i18n/zh-CN';
import { Term, TermIn, popoverPosition } from '../../../src/ui/shell/Term';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root | null = null;
let host: HTMLElement | null = null;

beforeAll(async () => {
  await i18next.init({
    resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
    lng: 'en',
    interpolation: { escapeValue: false },
    initAsync: false,
  });
});

afterEach(async () => {
  act(() => root?.unmount());
  host?.remove();
  root = null;
  await act(() => i18next.changeLanguage('en'));
});

function render(node: React.ReactNode): HTMLElement {
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
  act(() => root?.render(node));
  return host;
}

const tip = (): HTMLElement | null => document.querySelector('[role="tooltip"]');
const fire = (el: Element, event: Event): void => {
  act(() => {
    el.dispatchEvent(event);
  });
};

describe('Term', () => {
  it('is a button labelled by its text; closed, it has no popover in the page', () => {
    const el = render(
      <p>
        The <Term id="mustSync">MustSync</Term> flag
      </p>,
    );
    const button = el.querySelector('button.term') as HTMLButtonElement;
    expect(button.type).toBe('button');
    expect(button.textContent).toBe('MustSync');
    expect(el.textContent).toBe('The MustSync flag');
    expect(button.getAttribute('aria-expanded')).toBe('false');
    expect(button.hasAttribute('aria-describedby')).toBe(false);
    expect(tip()).toBeNull();
  });

  it('opens on keyboard focus, describes the button, and closes on blur', () => {
    const el = render(<Term id="hardState">HardState</Term>);
    const button = el.querySelector('button') as HTMLButtonElement;
    act(() => button.focus());
    const t = tip();
    expect(t?.textContent).toBe(`HardState ${en.glossary.hardState.definition}`);
    expect(t?.textContent).toContain('Term, Vote and Commit');
    expect(button.getAttribute('aria-expanded')).toBe('true');
    expect(button.getAttribute('aria-describedby')).toBe(t?.id);
    // The popover lives in <body>, not inside the term's own box.
    expect(t?.parentElement).toBe(document.body);
    act(() => button.blur());
    expect(tip()).toBeNull();
    expect(button.getAttribute('aria-expanded')).toBe('false');
  });

  it('opens on hover and closes shortly after the pointer leaves', async () => {
    const el = render(<Term id="gap">gap</Term>);
    const button = el.querySelector('button') as HTMLButtonElement;
    fire(button, new MouseEvent('mouseover', { bubbles: true }));
    expect(tip()?.textContent).toContain('etcdserver: too many requests');
    fire(button, new MouseEvent('mouseout', { bubbles: true }));
    expect(tip()).not.toBeNull();
    await act(() => new Promise((r) => setTimeout(r, 250)));
    expect(tip()).toBeNull();
  });

  it('a click pins it open (a tap on a projector laptop); a second click closes it', async () => {
    const el = render(<Term id="quorum" />);
    const button = el.querySelector('button') as HTMLButtonElement;
    expect(button.textContent).toBe('quorum');
    fire(button, new MouseEvent('mouseover', { bubbles: true }));
    act(() => button.click());
    fire(button, new MouseEvent('mouseout', { bubbles: true }));
    await act(() => new Promise((r) => setTimeout(r, 250)));
    expect(tip()?.textContent).toContain('⌊n/2⌋ + 1');
    act(() => button.click());
    expect(tip()).toBeNull();
  });

  it('Escape closes it without reaching the panel around it', () => {
    let panelEscapes = 0;
    const el = render(
      <div
        onKeyDown={(e) => {
          if (e.key === 'Escape') panelEscapes++;
        }}
      >
        <Term id="wal">WAL</Term>
      </div>,
    );
    const button = el.querySelector('button') as HTMLButtonElement;
    act(() => button.focus());
    expect(tip()).not.toBeNull();
    fire(button, new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(tip()).toBeNull();
    expect(panelEscapes).toBe(0);
    // Closed, Escape goes on to the panel (which closes itself).
    fire(button, new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(panelEscapes).toBe(1);
  });

  it('Escape closes a popover opened by hover wherever the focus is', () => {
    const el = render(<Term id="fsync">fsync</Term>);
    fire(el.querySelector('button') as HTMLButtonElement, new MouseEvent('mouseover', { bubbles: true }));
    expect(tip()).not.toBeNull();
    fire(document.body, new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(tip()).toBeNull();
  });

  it('speaks the page’s language', async () => {
    await act(() => i18next.changeLanguage('zh-CN'));
    const el = render(<Term id="learner" />);
    const button = el.querySelector('button') as HTMLButtonElement;
    expect(button.textContent).toBe('学习者');
    act(() => button.focus());
    expect(tip()?.textContent).toBe(`学习者 ${zhCN.glossary.learner.definition}`);
  });
});

describe('TermIn', () => {
  it('marks the first occurrence of the headword, whatever its case, and keeps the text', () => {
    const el = render(<TermIn id="gap" text="Gap limit (maxGapBetweenApplyAndCommitIndex): 5000" />);
    expect(el.textContent).toBe('Gap limit (maxGapBetweenApplyAndCommitIndex): 5000');
    expect(el.querySelector('button.term')?.textContent).toBe('Gap');
  });

  it('leaves a text without the headword unmarked', () => {
    const el = render(<TermIn id="leader" text="Index gauges" />);
    expect(el.textContent).toBe('Index gauges');
    expect(el.querySelector('button')).toBeNull();
  });
});

describe('popoverPosition', () => {
  const view = { width: 1366, height: 768 };
  const size = { width: 300, height: 120 };

  it('goes below the term, aligned with its left edge', () => {
    expect(popoverPosition({ left: 100, top: 50, bottom: 70 }, size, view)).toEqual({ left: 100, top: 76 });
  });

  it('stays inside the right edge', () => {
    expect(popoverPosition({ left: 1300, top: 50, bottom: 70 }, size, view).left).toBe(1366 - 300 - 8);
  });

  it('flips above the term near the bottom of the screen', () => {
    expect(popoverPosition({ left: 10, top: 700, bottom: 720 }, size, view)).toEqual({
      left: 10,
      top: 700 - 6 - 120,
    });
  });

  it('never leaves the top-left corner, even when larger than the screen', () => {
    const p = popoverPosition({ left: -40, top: 5, bottom: 20 }, { width: 2000, height: 2000 }, view);
    expect(p).toEqual({ left: 8, top: 8 });
  });
});
