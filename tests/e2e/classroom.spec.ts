import { test, expect, type Page } from '@playwright/test';
import { watchPage } from './support';

/**
 * The classroom session: the controls step the default 3-member startup, step back restores
 * the exact previous state, keyboard shortcuts work, a shared URL reproduces the run (same trace
 * hash), a corrupted URL shows what was wrong and keeps the app alive, and the `?` dialog opens
 * and closes with focus handled.
 */
const origin = () => new URL(test.info().project.use.baseURL ?? 'http://127.0.0.1').origin;
const leaderButton = /^infra\d, Leader, term \d+$/;

async function fresh(page: Page, url = './'): Promise<void> {
  await page.goto('./');
  await page.evaluate(() => localStorage.clear());
  // A URL that differs from the current one only in its hash would not reload the page, and the
  // test must see a real first load of that URL: leave the document first.
  await page.goto('about:blank');
  await page.goto(url);
  await idle(page);
}

/** Waits until the engine has finished the current job and the page shows its position. */
async function idle(page: Page): Promise<void> {
  await page.waitForFunction(() => window.etcdSession !== undefined && !window.etcdSession.busy());
  await expect(page.getByRole('button', { name: 'Step Ready', exact: true })).toBeEnabled();
}

async function position(page: Page): Promise<{ step: number; hash: string }> {
  await idle(page);
  return page.evaluate(() => ({
    step: window.etcdSession?.step() ?? -1,
    hash: window.etcdSession?.traceHash() ?? '',
  }));
}

async function shownHash(page: Page): Promise<string> {
  const text = (await page.getByTestId('trace-hash').textContent()) ?? '';
  return text.replace(/^.*\s/, '');
}

async function stepReadyUntilLeader(page: Page): Promise<number> {
  const cluster = page.getByRole('region', { name: 'Cluster', exact: true });
  for (let i = 1; i <= 300; i++) {
    await page.getByRole('button', { name: 'Step Ready', exact: true }).click();
    await idle(page);
    if ((await cluster.getByRole('button', { name: leaderButton }).count()) > 0) return i;
  }
  throw new Error('no leader after 300 Step Ready clicks');
}

test.describe('classroom session', () => {
  test('Step Ready to a leader: timeline, Ready cards and gauges; Step back restores the state', async ({
    page,
  }) => {
    test.setTimeout(180_000);
    await page.setViewportSize({ width: 1600, height: 1000 });
    const watch = watchPage(page, origin());
    await fresh(page);
    expect((await position(page)).step).toBe(0);

    const clicks = await stepReadyUntilLeader(page);
    expect(clicks).toBeGreaterThan(1);

    const timeline = page.getByRole('region', { name: 'Leader timeline', exact: true });
    await expect(timeline.getByRole('list', { name: 'Leader changes' }).getByRole('listitem')).toHaveCount(1);
    await expect(timeline.getByRole('list', { name: 'Leader changes' })).toContainText(
      'first election after startup',
    );
    const ready = page.getByRole('region', { name: 'Ready batches', exact: true });
    await expect.poll(() => ready.locator('[aria-label*="Ready #"]').count()).toBeGreaterThan(0);
    // Let the leader's empty entry commit and apply, then read the gauges.
    await page.getByRole('button', { name: 'Run until', exact: true }).click();
    await page.getByRole('menuitem', { name: 'next commit' }).click();
    await idle(page);
    const gauges = page.getByRole('region', { name: 'Index gauges', exact: true });
    await expect(gauges).toContainText('applied');
    await expect(gauges).toContainText('committed');

    const before = await position(page);
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    const after = await position(page);
    expect(after.step).toBe(before.step + 1);
    await page.getByRole('button', { name: 'Step back', exact: true }).click();
    expect(await position(page)).toEqual(before);
    await expect.poll(() => shownHash(page)).toBe(before.hash);

    // Step back undoes a whole Step Ready, not one kernel step.
    await page.getByRole('button', { name: 'Step Ready', exact: true }).click();
    expect((await position(page)).step).toBeGreaterThan(before.step);
    await page.getByRole('button', { name: 'Step back', exact: true }).click();
    expect(await position(page)).toEqual(before);

    await page.screenshot({ path: 'reports/screenshots/classroom-1600x1000-en.png', fullPage: true });
    await page.locator('header select').first().selectOption('zh-CN');
    await expect(page.getByRole('button', { name: '单步一个 Ready', exact: true })).toBeVisible();
    await page.screenshot({ path: 'reports/screenshots/classroom-1600x1000-zh-CN.png', fullPage: true });
    await page.locator('header button.theme-toggle').click();
    await page.screenshot({ path: 'reports/screenshots/classroom-1600x1000-zh-CN-dark.png', fullPage: true });
    watch.expectClean();
  });

  test('keyboard shortcuts and the ? dialog', async ({ page }) => {
    await page.setViewportSize({ width: 1366, height: 768 });
    const watch = watchPage(page, origin());
    await fresh(page);
    await page.locator('body').click({ position: { x: 5, y: 5 } });

    await page.keyboard.press('ArrowRight');
    expect((await position(page)).step).toBe(1);
    await page.keyboard.press('ArrowRight');
    expect((await position(page)).step).toBe(2);
    await page.keyboard.press('ArrowLeft');
    expect((await position(page)).step).toBe(1);
    await page.keyboard.press('Shift+ArrowRight');
    const afterTick = (await position(page)).step;
    expect(afterTick).toBeGreaterThan(1);
    await page.keyboard.press('r');
    expect((await position(page)).step).toBeGreaterThan(afterTick);
    await page.keyboard.press('l');
    await idle(page);
    await expect(
      page.getByRole('region', { name: 'Cluster', exact: true }).getByRole('button', { name: leaderButton }),
    ).toHaveCount(1);

    // Space plays, Space pauses.
    await page.keyboard.press(' ');
    await expect(page.getByRole('button', { name: 'Pause', exact: true })).toBeVisible();
    await page.waitForTimeout(300);
    await page.keyboard.press(' ');
    await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();

    await page.keyboard.press('?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('button', { name: 'Close' })).toBeFocused();
    await expect(dialog).toContainText('Step Ready');
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();

    await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('button', { name: 'Keyboard shortcuts' })).toBeFocused();
    watch.expectClean();
  });

  test('a shared URL reproduces the run: same step and trace hash', async ({ page, browser }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width: 1366, height: 768 });
    const watch = watchPage(page, origin());
    await fresh(page);
    await page.getByRole('button', { name: 'Run until', exact: true }).click();
    await page.getByRole('menuitem', { name: 'leader elected' }).click();
    await idle(page);
    // Wait for the leader to serve clients, then write through a follower and crash one member.
    for (let i = 0; i < 5; i++) {
      await page.getByRole('button', { name: 'Run until', exact: true }).click();
      await page.getByRole('menuitem', { name: 'next commit' }).click();
      await idle(page);
    }
    const client = page.getByRole('form', { name: 'Client' });
    await client.getByRole('textbox', { name: 'Key' }).fill('lesson');
    await client.getByRole('textbox', { name: 'Value' }).fill('one');
    await client.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('button', { name: 'Run until', exact: true }).click();
    await page.getByRole('menuitem', { name: 'proposal answered' }).click();
    await idle(page);
    await client.getByRole('combobox', { name: 'Fault on' }).selectOption('2');
    await client.getByRole('button', { name: 'Crash infra3' }).click();
    await page.getByRole('button', { name: 'Step tick', exact: true }).click();
    const here = await position(page);
    await expect(page).toHaveURL(new RegExp(`cursor=${here.step}(&|$)`));
    expect(page.url()).toContain('in=');
    const shared = page.url();

    const other = await browser.newPage();
    const watchOther = watchPage(other, origin());
    await other.goto(shared);
    await idle(other);
    expect(await position(other)).toEqual(here);
    await expect.poll(() => shownHash(other)).toBe(here.hash);
    const otherClient = other.getByRole('form', { name: 'Client' });
    await otherClient.getByRole('combobox', { name: 'Fault on' }).selectOption('2');
    await expect(otherClient.getByRole('button', { name: 'Restart infra3' })).toBeVisible();
    await other.close();
    watch.expectClean();
    watchOther.expectClean();
  });

  test('a corrupted URL says what was wrong and where, and starts a fresh run', async ({ page }) => {
    await page.setViewportSize({ width: 1366, height: 768 });
    const watch = watchPage(page, origin());
    await fresh(page, './#/?seed=12ab&scenario=normal-startup&cursor=40&in=zz');
    const alert = page.getByRole('alert').filter({ hasText: 'could not be opened' });
    await expect(alert).toBeVisible();
    await expect(alert).toContainText('seed: must be a whole number from 0 to 2147483647 (got “12ab”)');
    await expect(alert).toContainText('in[0]: cannot read the input “zz”');
    for (const name of ['Cluster', 'Ready batches', 'Index gauges', 'Leader timeline', 'Code', 'Event log']) {
      await expect(page.getByRole('region', { name, exact: true })).toBeVisible();
    }
    expect((await position(page)).step).toBe(0);
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    expect((await position(page)).step).toBe(1);
    await page.screenshot({ path: 'reports/screenshots/classroom-bad-url-en.png' });
    await alert.getByRole('button', { name: 'Dismiss' }).click();
    await expect(alert).toBeHidden();

    // The seed field refuses what is not a seed, and a good one starts a fresh run.
    const seed = page.getByRole('textbox', { name: 'Seed' });
    await seed.fill('abc');
    await expect(page.getByText('The seed must be a whole number from 0 to 2147483647.')).toBeVisible();
    await expect(seed).toHaveAttribute('aria-invalid', 'true');
    await seed.fill('42');
    await seed.press('Enter');
    await idle(page);
    await expect(page).toHaveURL(/seed=42&/);
    await page.getByRole('button', { name: 'Step Ready', exact: true }).click();
    expect((await position(page)).step).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Reset', exact: true }).click();
    expect((await position(page)).step).toBe(0);
    watch.expectClean();
  });
  test('slow apply: playing the scenario flags the refused proposal on the gauge', async ({ page }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width: 1920, height: 1080 });
    const watch = watchPage(page, origin());
    await fresh(page);
    await page.getByRole('combobox', { name: 'Scenario' }).selectOption('slow-apply');
    await idle(page);
    await expect(page).toHaveURL(/scenario=slow-apply/);
    await page.getByRole('slider', { name: 'Speed' }).fill('75');
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    const gauges = page.getByRole('region', { name: 'Index gauges', exact: true });
    await expect(gauges).toContainText('etcdserver: too many requests', { timeout: 60_000 });
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    await idle(page);
    const events = page.getByRole('region', { name: 'Event log', exact: true });
    await expect(events).toContainText('error: etcdserver: too many requests');
    await expect(
      page
        .getByRole('group', { name: 'Markers' })
        .getByRole('button', { name: /^Client error:/ })
        .first(),
    ).toBeAttached();
    await page.screenshot({ path: 'reports/screenshots/classroom-slow-apply-1920x1080-en.png' });

    await page.getByRole('checkbox', { name: 'Presenter mode' }).check();
    await expect(page.locator('html')).toHaveAttribute('data-presenter', 'on');
    await page.screenshot({ path: 'reports/screenshots/classroom-presenter-1920x1080-en.png' });
    await page.keyboard.press('p');
    await expect(page.locator('html')).toHaveAttribute('data-presenter', 'off');
    watch.expectClean();
  });

  test('the Code region highlights the selected goroutine’s line', async ({ page }) => {
    await page.setViewportSize({ width: 1366, height: 900 });
    const watch = watchPage(page, origin());
    await fresh(page);
    await page.keyboard.press('l');
    await idle(page);
    const code = page.getByRole('region', { name: 'Code', exact: true });
    // By default the Ready loop's goroutine: at a listed line, or (inside a helper such as the
    // WAL's fsync) a sentence that names where it is.
    await expect(code.getByRole('figure').or(code.getByText(/outside these listings/))).toBeVisible();
    await code.getByRole('combobox', { name: 'Member' }).selectOption('1');
    await expect(code.getByRole('table', { name: 'Goroutines of infra2' })).toBeVisible();
    await code.getByRole('button', { name: /EtcdServer.run$/ }).click();
    await expect(code.getByRole('figure')).toContainText('EtcdServer.run');
    await expect(code.locator('[aria-current="step"]')).toHaveCount(1);
    const events = page.getByRole('region', { name: 'Event log', exact: true });
    await events.getByRole('combobox', { name: 'Level' }).selectOption('warn');
    await events.getByRole('combobox', { name: 'Level' }).selectOption('all');
    await events.getByRole('combobox', { name: 'Member' }).selectOption('cluster');
    await expect(events.locator('ol.session-log li', { hasText: 'became leader' })).toHaveCount(0);
    await events.getByRole('combobox', { name: 'Member' }).selectOption('all');
    await expect(events.locator('ol.session-log li', { hasText: 'became leader at term 2' })).toHaveCount(1);
    await expect(page.getByTestId('event-announcer')).toContainText('elected leader, term 2');
    watch.expectClean();
  });
});
