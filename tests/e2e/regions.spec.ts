import { test, expect, type Page } from '@playwright/test';
import { watchPage } from './support';

/**
 * The four visual regions on the default 3-member startup: step Ready by Ready until a leader is
 * elected, then check what each region shows and take screenshots of each region in both
 * languages, both themes and at a laptop and a projector size.
 */
const origin = () => new URL(test.info().project.use.baseURL ?? 'http://127.0.0.1').origin;
const leaderButton = /^infra\d, Leader, term \d+$/;
const maxReadySteps = 400;

async function stepUntilLeader(page: Page): Promise<number> {
  const stepReady = page.getByRole('button', { name: 'Step Ready', exact: true });
  await expect(stepReady).toBeEnabled();
  const cluster = page.getByRole('region', { name: 'Cluster', exact: true });
  for (let i = 1; i <= maxReadySteps; i++) {
    await stepReady.click();
    await expect(stepReady).toBeEnabled();
    if ((await cluster.getByRole('button', { name: leaderButton }).count()) > 0) return i;
  }
  throw new Error(`no leader after ${maxReadySteps} Step Ready clicks`);
}

/** Steps a little further so the leader's first entry commits and reaches the gauges. */
async function stepReadyTimes(page: Page, n: number): Promise<void> {
  const stepReady = page.getByRole('button', { name: 'Step Ready', exact: true });
  for (let i = 0; i < n; i++) {
    await stepReady.click();
    await expect(stepReady).toBeEnabled();
  }
}

async function setLook(page: Page, language: 'en' | 'zh-CN', theme: 'light' | 'dark'): Promise<void> {
  const combo = page.locator('header select').first();
  await combo.selectOption(language);
  await expect(page.locator('html')).toHaveAttribute('lang', language);
  const current = await page.locator('html').getAttribute('data-theme');
  if (current !== theme) await page.locator('header button.theme-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
}

const regionIds = ['cluster', 'ready', 'gauges', 'timeline'] as const;

async function shootRegions(page: Page, tag: string): Promise<void> {
  for (const id of regionIds) {
    await page
      .locator(`section[data-region="${id}"]`)
      .screenshot({ path: `reports/screenshots/region-${id}-${tag}.png` });
  }
}

test.describe('visual regions', () => {
  test('stepping the 3-member startup to a leader shows it in every region', async ({ page }) => {
    test.setTimeout(180_000);
    await page.setViewportSize({ width: 1366, height: 768 });
    const watch = watchPage(page, origin());
    await page.goto('./');
    await page.evaluate(() => localStorage.clear());
    await page.reload();

    const cluster = page.getByRole('region', { name: 'Cluster', exact: true });
    await expect(cluster.getByRole('button', { name: /^infra1, \w+, term \d+$/ })).toBeVisible();
    const clicks = await stepUntilLeader(page);
    test.info().annotations.push({ type: 'Step Ready clicks to a leader', description: String(clicks) });
    await stepReadyTimes(page, 6);

    // Cluster: a member says Leader, with a term.
    await expect(cluster.getByRole('button', { name: leaderButton })).toHaveCount(1);

    // Ready batches: cards labelled "infraN Ready #k" with HardState and Entries sections.
    const ready = page.getByRole('region', { name: 'Ready batches', exact: true });
    const cards = ready.getByRole('listitem', { name: /^infra\d Ready #\d+$/ });
    await expect.poll(() => cards.count()).toBeGreaterThan(2);
    await expect(cards.filter({ hasText: 'HardState' }).first()).toBeVisible();
    await expect(cards.filter({ hasText: /Entries \(\d+\)/ }).first()).toBeAttached();
    await ready.getByRole('button', { name: 'raft’s text' }).click();
    await expect(
      ready
        .locator('pre.rb-text')
        .filter({ hasText: /^Ready MustSync=/ })
        .first(),
    ).toBeAttached();
    await ready.getByRole('button', { name: 'raft’s text' }).click();

    // Index gauges: numbers for applied and committed, and the same in a table.
    const gauges = page.getByRole('region', { name: 'Index gauges', exact: true });
    await expect(gauges.getByText(/applied \d+ · committed \d+/).first()).toBeVisible();
    await gauges.getByRole('button', { name: 'Table' }).click();
    const table = gauges.getByRole('table', { name: 'Indexes of each member' });
    await expect(table).toBeVisible();
    await expect(table.getByRole('row')).toHaveCount(4);
    await gauges.getByRole('button', { name: 'Table' }).click();

    // Leader timeline: a leader-change marker with its cause; clicking it seeks there.
    const timeline = page.getByRole('region', { name: 'Leader timeline', exact: true });
    const marker = timeline.getByRole('button', { name: /became leader in term \d+/ }).first();
    await expect(marker).toBeAttached();
    await timeline.getByRole('group', { name: /^Leader timeline\./ }).focus();
    await page.keyboard.press('+');
    await page.keyboard.press('0');

    // Clicking a member opens the inspector with its full state; Escape closes it.
    await cluster.getByRole('button', { name: /^infra2, / }).click();
    const inspector = cluster.getByRole('complementary', { name: 'infra2 in detail' });
    await expect(inspector).toBeVisible();
    await expect(inspector.getByRole('table', { name: 'HardState' })).toBeVisible();
    await expect(inspector.getByRole('table', { name: /goroutines?$/ })).toBeAttached();
    await page.screenshot({ path: 'reports/screenshots/regions-inspector-1366x768-en.png' });
    await page.keyboard.press('Escape');
    await expect(inspector).toBeHidden();

    // Keyboard: a member is a focusable button that Enter opens.
    await cluster.getByRole('button', { name: leaderButton }).focus();
    await page.keyboard.press('Enter');
    await expect(cluster.getByRole('complementary', { name: /in detail$/ })).toBeVisible();
    await expect(
      cluster.getByRole('complementary').getByRole('table', { name: /Progress of each follower/ }),
    ).toBeVisible();
    await page.keyboard.press('Escape');

    for (const size of [
      { width: 1366, height: 768 },
      { width: 1920, height: 1080 },
    ]) {
      await page.setViewportSize(size);
      for (const language of ['en', 'zh-CN'] as const) {
        for (const theme of ['light', 'dark'] as const) {
          await setLook(page, language, theme);
          await shootRegions(page, `${size.width}x${size.height}-${language}-${theme}`);
        }
      }
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({
        path: `reports/screenshots/regions-${size.width}x${size.height}-zh-CN-dark.png`,
      });
    }
    await setLook(page, 'en', 'light');

    // Seeking from a marker moves the cursor back to the election.
    const before = await page.getByTestId('trace-hash').textContent();
    await timeline
      .getByRole('button', { name: /became leader in term \d+/ })
      .first()
      .click();
    await expect(page.getByTestId('trace-hash')).not.toHaveText(before ?? '');
    await expect(cluster.getByRole('button', { name: leaderButton })).toHaveCount(1);
    watch.expectClean();
  });

  test('a crashed member is greyed and crossed, an isolated one has its links cut', async ({ page }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width: 1366, height: 768 });
    const watch = watchPage(page, origin());
    await page.goto('./');
    await stepUntilLeader(page);
    const cluster = page.getByRole('region', { name: 'Cluster', exact: true });
    const faultOn = page.getByRole('combobox', { name: 'Fault on' });
    await expect(faultOn).toBeVisible();

    await faultOn.selectOption({ label: 'infra3' });
    await page.getByRole('button', { name: 'Crash infra3' }).click();
    await expect(cluster.getByRole('button', { name: /^infra3, Crashed$/ })).toBeVisible();
    await expect(cluster.locator('.cv-member.role-down .cv-crossed')).toHaveCount(1);
    await expect(cluster.locator('.cv-link-dead')).toHaveCount(2);
    await cluster.screenshot({ path: 'reports/screenshots/region-cluster-crashed-1366x768-en.png' });

    await page.getByRole('button', { name: 'Restart infra3' }).click();
    await faultOn.selectOption({ label: 'infra2' });
    await page.getByRole('button', { name: 'Isolate infra2' }).click();
    // Isolated: both of infra2's links are cut, the link between the other two is not.
    const links = cluster.locator('svg.cv-svg g.cv-link');
    await expect
      .poll(async () => (await links.evaluateAll((g) => g.map((x) => x.getAttribute('class')))).sort())
      .toEqual(['cv-link cv-link-cut', 'cv-link cv-link-cut', 'cv-link cv-link-ok']);
    await cluster.screenshot({ path: 'reports/screenshots/region-cluster-partition-1366x768-en.png' });
    watch.expectClean();
  });
});
