import { test, expect } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { regionNames, watchPage } from './support';

const origin = () => new URL(test.info().project.use.baseURL ?? 'http://127.0.0.1').origin;

test.describe('app shell', () => {
  test('shows every region, switches language and theme, and stays offline', async ({ page }) => {
    await page.setViewportSize({ width: 1366, height: 768 });
    const watch = watchPage(page, origin());
    await page.goto('./');

    await expect(page.getByRole('heading', { level: 1, name: 'etcd Stepper' })).toBeVisible();
    for (const name of regionNames.en) {
      await expect(page.getByRole('region', { name, exact: true })).toBeVisible();
    }

    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    for (const name of regionNames['zh-CN']) {
      await expect(page.getByRole('region', { name, exact: true })).toBeVisible();
    }
    await expect(page).toHaveTitle('etcd 单步模拟器');

    const before = await page.locator('html').getAttribute('data-theme');
    await page.getByRole('button', { name: before === 'dark' ? '切换到浅色主题' : '切换到深色主题' }).click();
    const after = await page.locator('html').getAttribute('data-theme');
    expect(after).not.toBe(before);
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe(after === 'dark' ? 'rgb(13, 17, 23)' : 'rgb(246, 248, 250)');

    // Preferences survive a reload.
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('data-theme', after ?? '');
    await expect(page.getByRole('region', { name: '集群', exact: true })).toBeVisible();

    await page.screenshot({ path: 'reports/screenshots/shell-1366x768-zh-CN.png', fullPage: true });
    watch.expectClean();
  });

  test('lays the six regions out without overlap on a 1920x1080 projector', async ({ page }) => {
    await page.setViewportSize({ width: 1920, height: 1080 });
    const watch = watchPage(page, origin());
    await page.goto('./');
    const boxes = [];
    for (const name of regionNames.en) {
      const box = await page.getByRole('region', { name, exact: true }).boundingBox();
      expect(box, name).not.toBeNull();
      boxes.push({ name, ...box! });
    }
    for (const a of boxes) {
      // On a projector everything fits on one screen: no scrolling to find a region.
      expect(a.y + a.height, `${a.name} bottom`).toBeLessThanOrEqual(1080);
      for (const b of boxes) {
        if (a === b) continue;
        const overlap =
          a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
        expect(overlap, `${a.name} overlaps ${b.name}`).toBe(false);
      }
    }
    await page.screenshot({ path: 'reports/screenshots/shell-1920x1080-en.png' });
    watch.expectClean();
  });

  test('runs from the dist folder opened as a file, with no server and no network', async ({ page }) => {
    const indexPath = resolve(fileURLToPath(import.meta.url), '../../../dist/index.html');
    const watch = watchPage(page, 'file');
    await page.goto(`file://${indexPath}`);
    for (const name of regionNames.en) {
      await expect(page.getByRole('region', { name, exact: true })).toBeVisible();
    }
    watch.expectClean();
  });
});
