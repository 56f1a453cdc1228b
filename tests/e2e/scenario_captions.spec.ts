import { test, expect, type Page } from '@playwright/test';
import { watchPage } from './support';

/**
 * Scenario captions outside lessons: the caption of the moment sits above the regions in the
 * page's language (the event log's caption lines too), and "Pause at captions" stops playing
 * when a new one is reached.
 */
const origin = () => new URL(test.info().project.use.baseURL ?? 'http://127.0.0.1').origin;

async function idle(page: Page): Promise<void> {
  await page.waitForFunction(() => window.etcdSession !== undefined && !window.etcdSession.busy(), null, {
    timeout: 60_000,
  });
}

test('the caption of the moment is shown in 简体中文 too; Pause at captions stops play', async ({ page }) => {
  const watch = watchPage(page, origin());
  await page.goto('./');
  await page.evaluate(() =>
    localStorage.setItem('etcd-stepper/preferences', JSON.stringify({ theme: 'light', language: 'zh-CN' })),
  );
  await page.goto('about:blank');
  await page.goto('./#/?seed=1&scenario=normal-startup&cursor=2000');
  await idle(page);
  const caption = page.getByTestId('scenario-caption');
  await expect(caption).toContainText('领导者已选出，客户端开始通过它写入。');
  const log = page.getByRole('region', { name: '事件日志' });
  await expect(log).toContainText('“领导者已选出，客户端开始通过它写入。”');
  await page.locator('header select').first().selectOption('en');
  await expect(caption).toContainText('A leader is elected; clients start writing through it.');
  await expect(page.getByRole('region', { name: 'Event log' })).toContainText(
    '“A leader is elected; clients start writing through it.”',
  );

  // Before the first caption the bar says what the scenario is about; with the box ticked,
  // playing stops once the caption is reached.
  // A fresh document: a link differing only in its hash would not reload the page.
  await page.goto('about:blank');
  await page.goto('./#/?seed=1&scenario=normal-startup');
  await idle(page);
  await expect(page.getByTestId('scenario-about')).toContainText('Three members start from scratch');
  await caption.getByRole('checkbox', { name: 'Pause at captions' }).check();
  await page.getByRole('slider', { name: 'Speed' }).fill('45');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect(page.getByTestId('scenario-caption-text')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
  const at = await page.evaluate(() => window.etcdSession?.step() ?? 0);
  await page.waitForTimeout(500);
  expect(await page.evaluate(() => window.etcdSession?.step() ?? 0)).toBe(at);
  watch.expectClean();
});
