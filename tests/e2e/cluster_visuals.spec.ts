import { test, expect, type Page } from '@playwright/test';
import { watchPage } from './support';

/**
 * What lessons show on the cluster: election-timer rings with their words, the term-coloured log
 * grid with committed/applied marks, the user's request drawn along its path, and fault badges.
 */
const origin = () => new URL(test.info().project.use.baseURL ?? 'http://127.0.0.1').origin;
const leaderButton = /^infra\d, Leader, term \d+$/;

async function idle(page: Page): Promise<void> {
  await page.waitForFunction(() => window.etcdSession !== undefined && !window.etcdSession.busy());
  await expect(page.getByRole('button', { name: 'Step Ready', exact: true })).toBeEnabled();
}

async function runUntil(page: Page, goal: string): Promise<void> {
  await page.getByRole('button', { name: 'Run until', exact: true }).click();
  await page.getByRole('menuitem', { name: goal }).click();
  await idle(page);
}

test.describe('cluster visuals', () => {
  test('timer rings, log grid, request path and a slow-disk badge', async ({ page }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width: 1366, height: 768 });
    const watch = watchPage(page, origin());
    await page.goto('./#/?seed=1&scenario=normal-startup');
    await idle(page);
    const cluster = page.getByRole('region', { name: 'Cluster', exact: true });
    await runUntil(page, 'leader elected');
    for (let i = 0; i < 5; i++) await runUntil(page, 'next commit');

    // Timer rings: followers count their election timeout, the leader its heartbeat.
    const leader = cluster.getByRole('button', { name: leaderButton });
    await expect(leader).toHaveAccessibleDescription(/^heartbeat timer \d+ of \d+ ticks$/);
    const followers = cluster.getByRole('button', { name: /^infra\d, Follower, term \d+$/ });
    await expect(followers).toHaveCount(2);
    for (const f of await followers.all()) {
      const desc = (await f.getAttribute('aria-describedby')) ?? '';
      const text = (await page.locator(`#${desc}`).textContent()) ?? '';
      const m = /^election timer (\d+) of (\d+) ticks$/.exec(text);
      expect(m, text).not.toBeNull();
      const [elapsed, timeout] = [Number(m?.[1]), Number(m?.[2])];
      // etcd's election timeout is 10 ticks; raft randomizes it in [10, 20).
      expect(timeout).toBeGreaterThanOrEqual(10);
      expect(timeout).toBeLessThan(20);
      expect(elapsed).toBeLessThan(timeout);
    }
    await expect(cluster.locator('.cv-timer-election')).toHaveCount(2);
    await expect(cluster.locator('.cv-timer-heartbeat')).toHaveCount(1);

    // Log grid: every member has a row of coloured cells, and committed/applied marks.
    const gauges = page.getByRole('region', { name: 'Index gauges', exact: true });
    // The region shows the gauges; its switch shows the log grid instead.
    await expect(gauges.locator('.lg-row')).toHaveCount(0);
    await gauges.getByRole('button', { name: 'Log by term' }).click();
    await expect(gauges.getByRole('button', { name: 'Log by term' })).toHaveAttribute('aria-pressed', 'true');
    const rows = gauges.locator('.lg-row');
    await expect(rows).toHaveCount(3);
    for (const row of await rows.all()) {
      expect(await row.locator('.lg-cell').count()).toBeGreaterThan(2);
      await expect(row.locator('.lg-commit-mark')).toHaveCount(1);
      await expect(row.locator('.lg-applied-mark')).toHaveCount(1);
      const fill = await row.locator('.lg-cell').last().getAttribute('fill');
      expect(fill).toMatch(/^#[0-9a-f]{6}$/);
    }
    await expect(gauges.locator('.visually-hidden li').first()).toContainText(
      /^infra1: .*term \d+.*committed \d+, applied \d+$/,
    );

    // A put through a follower.
    const leaderName = ((await leader.getAttribute('aria-label')) ?? '').slice(0, 6);
    const follower = leaderName === 'infra2' ? 0 : 1;
    const client = page.getByRole('form', { name: 'Client' });
    await client.getByRole('combobox', { name: 'Member' }).selectOption(String(follower));
    await client.getByRole('textbox', { name: 'Key' }).fill('lesson');
    await client.getByRole('textbox', { name: 'Value' }).fill('one');
    await expect(client.getByRole('button', { name: 'Send' })).toBeEnabled();
    await client.getByRole('button', { name: 'Send' }).click();
    await idle(page);
    const path = cluster.getByTestId('request-path');
    await expect(path).toHaveText(/^Your put lesson → infra\d: at the member it was sent to$/);
    const seen = new Set<string>();
    for (let i = 0; i < 400 && !seen.has('answered'); i++) {
      await page.getByRole('button', { name: 'Step', exact: true }).click();
      await idle(page);
      const cls = (await path.getAttribute('class')) ?? '';
      seen.add(cls.replace(/^.*cv-path-/, ''));
      if (cls.includes('cv-path-replicating') && !seen.has('shot')) {
        seen.add('shot');
        await page.screenshot({ path: 'reports/screenshots/cluster-visuals-1366x768.png' });
      }
    }
    expect(seen.has('forwarded')).toBe(true);
    await expect(path).toHaveText(/: answered OK$/);
    await gauges.screenshot({ path: 'reports/screenshots/cluster-visuals-loggrid.png' });

    // A slow disk on infra3 shows as a badge with its value.
    await page.getByText('More faults').click();
    const disk = page.getByRole('group', { name: 'Slow disk' });
    await disk.getByRole('combobox', { name: 'Member' }).selectOption('2');
    await disk.getByRole('spinbutton', { name: 'fsync (ms)' }).fill('50');
    await disk.getByRole('button', { name: /^Slow disk on / }).click();
    await idle(page);
    const badge = cluster.locator('.cv-fault-slow-disk');
    await expect(badge).toHaveText('slow disk · fsync 50 ms');
    await expect(cluster.getByRole('list', { name: 'Faults in force' })).toContainText(
      'slow disk · fsync 50 ms',
    );
    await page.getByText('More faults').click();
    await page.screenshot({ path: 'reports/screenshots/cluster-visuals-1366x768-fault.png' });
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.waitForTimeout(300);
    await page.screenshot({ path: 'reports/screenshots/cluster-visuals-1920x1080.png' });
    watch.expectClean();
  });

  test('stepping slowly, a delivered message is drawn reaching its member before it goes', async ({
    page,
  }) => {
    await page.goto('./#/?seed=1&scenario=normal-startup&cursor=300');
    await idle(page);
    const dots = page.locator('.cv-messages');
    await expect(dots).toHaveAttribute('data-glide', '450');
    let arrived = false;
    for (let i = 0; i < 80 && !arrived; i++) {
      await page.getByRole('button', { name: 'Step', exact: true }).click();
      await idle(page);
      arrived = (await page.locator('.cv-msg-arriving').count()) > 0;
    }
    expect(arrived).toBe(true);
    // One glide later it is gone.
    await expect(page.locator('.cv-msg-arriving')).toHaveCount(0, { timeout: 2000 });
    // Playing at full speed there is no glide.
    await page.getByRole('slider', { name: 'Speed' }).fill('100');
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await expect(dots).toHaveAttribute('data-glide', '0');
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
  });
});
