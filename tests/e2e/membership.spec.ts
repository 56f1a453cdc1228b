import { test, expect, type Page } from '@playwright/test';
import { watchPage } from './support';

/**
 * Membership in the classroom: the built-in "membership change" scenario adds infra4, which
 * appears in the cluster drawing, the gauges and the timeline; then the Membership controls add
 * a learner, promote it and hand it the leadership, and the timeline marks that leader change
 * with the cause "transfer".
 */
const origin = () => new URL(test.info().project.use.baseURL ?? 'http://127.0.0.1').origin;

async function idle(page: Page): Promise<void> {
  await page.waitForFunction(() => window.etcdSession !== undefined && !window.etcdSession.busy());
  await expect(page.getByRole('button', { name: 'Step Ready', exact: true })).toBeEnabled();
}

/** Plays until `done` holds (checked every 300 ms), then pauses. */
async function playUntil(page: Page, done: () => Promise<boolean>, what: string): Promise<void> {
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  for (let i = 0; i < 200; i++) {
    if (await done()) break;
    if (i === 199) throw new Error(`not reached: ${what}`);
    await page.waitForTimeout(300);
  }
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await idle(page);
}

/** Clicks a membership button until etcd answers OK (a busy cluster may refuse at first). */
async function untilOk(page: Page, button: RegExp, op: string, target: string): Promise<void> {
  const status = page.getByRole('list', { name: 'Last membership request' });
  for (let attempt = 0; attempt < 6; attempt++) {
    const before = (await status.textContent()) ?? '';
    await page.getByRole('button', { name: button }).click();
    const answered = async (): Promise<boolean> => {
      const text = (await status.textContent()) ?? '';
      return text !== before && text.includes(op) && !text.includes('pending');
    };
    await playUntil(page, answered, `${op} answer`);
    const text = (await status.textContent()) ?? '';
    if (text.includes('OK')) return;
    // The status line shows etcd's exact error (a learner not caught up yet, an unhealthy cluster).
    expect(text).toContain('etcdserver: ');
    await page.waitForTimeout(0);
  }
  throw new Error(`${op} ${target} never succeeded`);
}

test('membership change: infra4 joins; a learner is added, promoted and handed the leadership', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1600, height: 1100 });
  const watch = watchPage(page, origin());
  await page.goto('./');
  await page.evaluate(() => localStorage.clear());
  await page.goto('about:blank');
  await page.goto('./');
  await idle(page);
  await page.getByRole('combobox', { name: 'Scenario' }).selectOption('membership-change');
  await idle(page);
  await expect(page).toHaveURL(/scenario=membership-change/);
  await page.getByRole('slider', { name: 'Speed' }).fill('75');

  const cluster = page.getByRole('region', { name: 'Cluster', exact: true });
  const infra4 = cluster.getByRole('button', { name: /^infra4, / });
  // The scenario's add is a client call now (no fault marker): the scenario's progress line
  // counts it as its first action done.
  const progress = page.getByTestId('scenario-progress');
  await playUntil(
    page,
    async () => /^Scenario: (1 of 2|all 2) actions done/.test((await progress.textContent()) ?? ''),
    'the add',
  );
  await playUntil(
    page,
    async () =>
      (await infra4.count()) > 0 && /term [1-9]/.test((await infra4.getAttribute('aria-label')) ?? ''),
    'infra4 running',
  );
  await expect(infra4).toBeVisible();
  await expect(page.getByRole('region', { name: 'Index gauges', exact: true })).toContainText('infra4');
  await expect(page.getByRole('region', { name: 'Leader timeline', exact: true })).toContainText('infra4');
  await expect(page.getByRole('region', { name: 'Ready batches', exact: true })).toContainText('infra4');

  // Let the scenario remove its leader and the rest elect a new one.
  const removed = cluster.getByRole('button', { name: /, Removed$/ });
  await playUntil(page, async () => (await removed.count()) > 0, 'the leader removed');
  await playUntil(
    page,
    async () => (await cluster.getByRole('button', { name: /^infra\d, Leader, term \d+$/ }).count()) > 0,
    'a new leader',
  );

  await page.getByText('Membership', { exact: true }).click();
  await untilOk(page, /^Add learner$/, 'member-add', 'infra5');
  const infra5 = cluster.getByRole('button', { name: /^infra5 \(learner\), / });
  await playUntil(page, async () => (await infra5.count()) > 0, 'infra5 running as a learner');

  await page.getByRole('combobox', { name: 'Promote learner' }).selectOption({ label: 'infra5' });
  await untilOk(page, /^Promote infra5$/, 'member-promote', 'infra5');
  await playUntil(
    page,
    async () => (await cluster.getByRole('button', { name: /^infra5, / }).count()) > 0,
    'infra5 a voter',
  );

  await page.getByRole('combobox', { name: 'Transfer leadership to…' }).selectOption({ label: 'infra5' });
  await untilOk(page, /^Transfer leadership to infra5$/, 'move-leader', 'infra5');
  await playUntil(
    page,
    async () => (await cluster.getByRole('button', { name: /^infra5, Leader, / }).count()) > 0,
    'infra5 leads',
  );

  const timeline = page.getByRole('region', { name: 'Leader timeline', exact: true });
  const changes = timeline.getByRole('list', { name: 'Leader changes' }).getByRole('listitem');
  await expect(changes.last()).toContainText('infra5');
  await expect(changes.last()).toContainText('leadership transfer');
  await expect(timeline).toContainText('transfer');
  await expect(cluster.getByRole('button', { name: 'infra1, Removed' })).toBeVisible();
  // No engine notice ("The simulation stopped: …") appeared on the way.
  await expect(page.getByText('The simulation stopped')).toHaveCount(0);
  await page.screenshot({ path: 'reports/screenshots/membership-en.png', fullPage: true });
  watch.expectClean();
});
