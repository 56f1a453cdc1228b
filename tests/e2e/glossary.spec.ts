import { test, expect, type Page } from '@playwright/test';
import { watchPage } from './support';
import { glossaryEn, glossaryIds, type GlossaryId } from '../../src/ui/i18n/glossary.en';
import { glossaryZhCN } from '../../src/ui/i18n/glossary.zh-CN';

/**
 * The glossary and the view level in the page: a term read with the keyboard in English and in
 * 简体中文, the `?` dialog's glossary, the beginner view hiding the goroutine table and the trace
 * hash (and the expert view bringing them back), and screenshots with a popover open.
 */
const origin = () => new URL(test.info().project.use.baseURL ?? 'http://127.0.0.1').origin;

async function openFresh(page: Page): Promise<void> {
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto('./');
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await expect(page.getByRole('button', { name: 'Step Ready', exact: true })).toBeEnabled();
}

/** Presses Tab until a glossary term has the focus; returns its id. */
async function tabToTerm(page: Page): Promise<GlossaryId> {
  for (let i = 0; i < 300; i++) {
    await page.keyboard.press('Tab');
    const id = await page.evaluate(() => {
      const el = document.activeElement;
      return el instanceof HTMLElement && el.classList.contains('term') ? (el.dataset.term ?? null) : null;
    });
    if (id !== null) return id as GlossaryId;
  }
  throw new Error('no glossary term reached with Tab');
}

async function expectInViewport(page: Page, selector: string): Promise<void> {
  const box = await page.locator(selector).boundingBox();
  const view = page.viewportSize();
  expect(box).not.toBeNull();
  if (box === null || view === null) return;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(view.width);
  expect(box.y + box.height).toBeLessThanOrEqual(view.height);
}

async function stepReady(page: Page, n: number): Promise<void> {
  const button = page.getByRole('button', { name: 'Step Ready', exact: true });
  for (let i = 0; i < n; i++) {
    await button.click();
    await expect(button).toBeEnabled();
  }
}

test.describe('glossary', () => {
  test('a term read with the keyboard, in English and in Chinese', async ({ page }) => {
    const watch = watchPage(page, origin());
    await openFresh(page);

    // The first term in Tab order: focus alone opens its popover, which describes the button.
    await page.locator('header select').first().focus();
    const id = await tabToTerm(page);
    const term = page.locator(`button.term[data-term="${id}"]`).first();
    await expect(term).toBeFocused();
    await expect(term).toHaveAttribute('aria-expanded', 'true');
    const tip = page.getByRole('tooltip');
    await expect(tip).toHaveText(`${glossaryEn[id].term} ${glossaryEn[id].definition}`);
    await expect(term).toHaveAttribute('aria-describedby', (await tip.getAttribute('id')) ?? 'missing');
    await expectInViewport(page, '[role="tooltip"]');

    // Escape closes it and leaves the focus on the term; Enter pins it open again.
    await page.keyboard.press('Escape');
    await expect(tip).toHaveCount(0);
    await expect(term).toHaveAttribute('aria-expanded', 'false');
    await page.keyboard.press('Enter');
    await expect(tip).toBeVisible();
    // Tab away: blur closes it.
    await page.keyboard.press('Tab');
    await expect(page.locator('[role="tooltip"]')).toHaveCount(await countFocusedTerms(page));

    // 简体中文 through the header's language switch: the same term, read again with Tab.
    await page.locator('header select').first().selectOption('zh-CN');
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await page.locator('header select').first().focus();
    const zhId = await tabToTerm(page);
    expect(zhId).toBe(id);
    await expect(page.getByRole('tooltip')).toHaveText(
      `${glossaryZhCN[id].term} ${glossaryZhCN[id].definition}`,
    );
    watch.expectClean();
  });

  test('the help dialog lists every term with its definition', async ({ page }) => {
    const watch = watchPage(page, origin());
    await openFresh(page);
    await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('heading', { name: 'Glossary' })).toBeVisible();
    await expect(dialog.locator('[data-glossary]')).toHaveCount(glossaryIds.length);
    for (const id of ['mustSync', 'gap', 'hardState', 'quorum'] as const) {
      const entry = dialog.locator(`[data-glossary="${id}"]`);
      await expect(entry.locator('dt')).toHaveText(glossaryEn[id].term);
      await expect(entry.locator('dd')).toHaveText(glossaryEn[id].definition);
    }
    await expect(dialog.getByRole('row', { name: /Beginner \/ expert view/ })).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();

    // In Chinese the headword is translated and etcd's English name follows it.
    await page.locator('header select').first().selectOption('zh-CN');
    await page.getByRole('button', { name: '键盘快捷键' }).click();
    await expect(page.getByRole('dialog').locator('[data-glossary="quorum"] dt')).toHaveText(
      '法定多数 (quorum)',
    );
    await expect(page.getByRole('dialog').locator('[data-glossary="quorum"] dd')).toHaveText(
      glossaryZhCN.quorum.definition,
    );
    watch.expectClean();
  });

  test('beginner view hides the goroutine table and the trace hash; expert brings them back', async ({
    page,
  }) => {
    const watch = watchPage(page, origin());
    await openFresh(page);
    const html = page.locator('html');
    const hash = page.getByTestId('trace-hash');
    const goroutines = page.locator('section[data-region="code"] table.session-goroutines');
    const toggle = page.getByRole('checkbox', { name: 'Beginner view' });

    // Outside a lesson, with no choice made, the page is today's expert page.
    await expect(html).toHaveAttribute('data-view-level', 'expert');
    await expect(hash).toHaveText(/^trace hash [0-9a-f]{16}$/);
    await expect(goroutines).toBeVisible();
    await expect(toggle).not.toBeChecked();

    await toggle.check();
    await expect(html).toHaveAttribute('data-view-level', 'beginner');
    await expect(hash).toHaveCount(0);
    await expect(goroutines).toHaveCount(0);
    await expect(page.locator('section[data-region="code"] .session-code-body')).toBeVisible();

    // The choice persists across a reload.
    await page.reload();
    await expect(html).toHaveAttribute('data-view-level', 'beginner');
    await expect(page.getByRole('checkbox', { name: 'Beginner view' })).toBeChecked();
    await expect(hash).toHaveCount(0);

    // B toggles back to expert (outside a text field).
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('b');
    await expect(html).toHaveAttribute('data-view-level', 'expert');
    await expect(hash).toHaveText(/^trace hash [0-9a-f]{16}$/);
    await expect(goroutines).toBeVisible();
    watch.expectClean();
  });

  test('screenshots: a popover open at 1366x768, in presenter mode and in the dark theme', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    const watch = watchPage(page, origin());
    await openFresh(page);
    await stepReady(page, 8);

    // A MustSync badge in the Ready batches: open with a tap-like click.
    const mustSync = page.locator('section[data-region="ready"] button.term[data-term="mustSync"]').first();
    await mustSync.scrollIntoViewIfNeeded();
    await mustSync.click();
    await expect(page.getByRole('tooltip')).toContainText('fsync');
    await expectInViewport(page, '[role="tooltip"]');
    await page.screenshot({ path: 'reports/screenshots/glossary-popover-1366x768-en.png' });

    // The gap term in the gauges' toolbar, near the right of the page, in presenter mode.
    await page.keyboard.press('Escape');
    await page.getByRole('checkbox', { name: 'Presenter mode' }).check();
    await expect(page.locator('html')).toHaveAttribute('data-presenter', 'on');
    const gap = page.locator('section[data-region="gauges"] button.term[data-term="gap"]').first();
    await gap.focus();
    await expect(page.getByRole('tooltip')).toContainText('etcdserver: too many requests');
    await expectInViewport(page, '[role="tooltip"]');
    const size = await page.getByRole('tooltip').evaluate((el) => getComputedStyle(el).fontSize);
    expect(parseFloat(size)).toBeGreaterThanOrEqual(18);
    await page.screenshot({ path: 'reports/screenshots/glossary-popover-presenter-1366x768-en.png' });

    // Dark theme, Chinese, a role in the cluster legend.
    await page.locator('header button.theme-toggle').click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await page.locator('header select').first().selectOption('zh-CN');
    const leader = page.locator('section[data-region="cluster"] button.term[data-term="leader"]').first();
    await leader.focus();
    await expect(page.getByRole('tooltip')).toHaveText(`领导者 ${glossaryZhCN.leader.definition}`);
    await expectInViewport(page, '[role="tooltip"]');
    await page.screenshot({ path: 'reports/screenshots/glossary-popover-presenter-dark-zh-CN.png' });
    watch.expectClean();
  });
});

async function countFocusedTerms(page: Page): Promise<number> {
  return page.evaluate(() => (document.activeElement?.classList.contains('term') === true ? 1 : 0));
}
