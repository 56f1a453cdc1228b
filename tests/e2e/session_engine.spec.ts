import { test, expect, type Locator, type Page } from '@playwright/test';
import { watchPage } from './support';

/**
 * The session engine runs scenarios through the same interpreter as `npm run sim`: a scenario
 * opened at its end shows what the CLI reports (the no-quorum timeout, the read after a restart
 * from the WAL), seeking back to a marker shows that moment's Ready cards, and the status line
 * under the controls says what each step did. The end steps below are the `kernel steps` that
 * `npx tsx src/cli/sim.ts --scenario X --seed S --format summary` prints.
 */
const origin = () => new URL(test.info().project.use.baseURL ?? 'http://127.0.0.1').origin;

/** no-quorum, seed 7: 2648 kernel steps to its 15 s end. */
const noQuorumEnd = 2648;
const noQuorumEndHash = 'c2fab585a213fd6e';
/** restart-from-wal, seed 11: 15189 kernel steps to its 10 s end. */
const restartFromWalEnd = 15189;
const restartFromWalEndHash = 'f9869c3f6b7a0d4b';
/** leader-crash, seed 2 (tests/fixtures/scenario_hashes.json): the key moment and the end. */
const leaderCrashKey = 5124;
const leaderCrashEnd = 18990;

async function fresh(page: Page, url = './'): Promise<void> {
  await page.goto('./');
  await page.evaluate(() => localStorage.clear());
  // Leave the document first: a URL that differs only in its hash would not reload the page.
  await page.goto('about:blank');
  await page.goto(url);
  await idle(page);
}

/** Waits until the engine has finished the current job and the page shows its position. */
async function idle(page: Page, step?: number): Promise<void> {
  await page.waitForFunction(
    (want) =>
      window.etcdSession !== undefined &&
      !window.etcdSession.busy() &&
      (want === null || window.etcdSession.step() === want),
    step ?? null,
    { timeout: 90_000 },
  );
  await expect(page.getByRole('button', { name: 'Step Ready', exact: true })).toBeEnabled();
}

const cursor = (page: Page): Promise<number> => page.evaluate(() => window.etcdSession?.step() ?? -1);

/** Seconds of virtual time in "12.345 s", "1.2 s", "350 ms" or "20 µs" (both formats the page uses). */
const seconds = (text: string): number => {
  const m = /(\d+(?:\.\d+)?) (s|ms|µs)\b/.exec(text);
  if (m === null) throw new Error(`no virtual time in “${text}”`);
  return Number(m[1]) / (m[2] === 's' ? 1 : m[2] === 'ms' ? 1e3 : 1e6);
};

/** The header's "Step N · 1.234 s" as virtual seconds. */
async function headerSeconds(page: Page): Promise<number> {
  const header = page.getByRole('group', { name: 'Simulation controls' });
  return seconds((await header.getByText(/^Step \d+ · /).textContent()) ?? '');
}

function eventLog(page: Page): { region: Locator; lines: Locator } {
  const region = page.getByRole('region', { name: 'Event log', exact: true });
  return { region, lines: region.locator('ol.session-log > li') };
}

async function openRestartFromWalEnd(page: Page): Promise<void> {
  await fresh(page, `./#/?seed=11&scenario=restart-from-wal&cursor=${restartFromWalEnd}`);
  await idle(page, restartFromWalEnd);
  await expect(page.getByTestId('trace-hash')).toHaveText(`trace hash ${restartFromWalEndHash}`);
  await expect(page.getByTestId('scenario-progress')).toHaveText('Scenario: all 7 actions done');
}

/**
 * The scenario's last action, "get key-0" on the new leader, as the event log tells it: when the
 * members restarted (their own warn lines), when the get was asked (its caption, a cluster
 * line) and answered (the cluster's "client N: get key-0 on infraM → …" line), and where both
 * lines sit in the log (newest first).
 */
async function finalGet(page: Page) {
  const { region, lines } = eventLog(page);
  await region.getByRole('combobox', { name: 'Level' }).selectOption('warn');
  const restarts = lines.filter({ hasText: /scenario: restarted infra\d$/ });
  await expect(restarts).toHaveCount(3);
  const restartedAt = Math.max(
    ...(await restarts.locator('.session-log-time').allTextContents()).map(seconds),
  );
  await region.getByRole('combobox', { name: 'Level' }).selectOption('all');
  await region.getByRole('combobox', { name: 'Member' }).selectOption('cluster');
  const caption = lines.filter({ hasText: 'reads see the writes made before the crash.”' });
  await expect(caption).toHaveCount(1);
  const askedAt = seconds((await caption.locator('.session-log-time').textContent()) ?? '');
  // The scenario's get is the newest answer about key-0 (the workload only writes, and stops at 3 s).
  const answers = lines.filter({ hasText: /client \d+: get key-0 on infra\d → / });
  await expect(answers).toHaveCount(1);
  const answer = (await answers.textContent()) ?? '';
  const id = /client (\d+): get key-0/.exec(answer)?.[1] ?? '';
  const answeredAt = seconds((await answers.locator('.session-log-time').textContent()) ?? '');
  const all = await lines.allTextContents();
  const answerIndex = all.findIndex((l) => l.includes(`client ${id}: get key-0 on`));
  const captionIndex = all.findIndex((l) => l.includes('reads see the writes'));
  expect(answerIndex).toBeGreaterThanOrEqual(0);
  return { restartedAt, askedAt, id, answer, answeredAt, answerIndex, captionIndex };
}

test.describe('session engine', () => {
  test('no-quorum at its end: the put times out, in Recent requests and in the event log', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width: 1366, height: 768 });
    const watch = watchPage(page, origin());
    await fresh(page, `./#/?seed=7&scenario=no-quorum&cursor=${noQuorumEnd}`);
    await idle(page, noQuorumEnd);
    await expect(page.getByTestId('trace-hash')).toHaveText(`trace hash ${noQuorumEndHash}`);
    await expect(page.getByTestId('scenario-progress')).toHaveText('Scenario: all 3 actions done');

    const recent = page.getByRole('list', { name: 'Recent requests' });
    // A scenario's put is listed without its value (only the user's own puts note theirs).
    const put = recent
      .getByRole('listitem')
      .filter({ hasText: /^#\d+ put lost(=never-committed)? → infra\d/ });
    await expect(put).toHaveCount(1);
    await expect(put).toContainText('etcdserver: request timed out');
    await expect(put.locator('code')).toHaveText('etcdserver: request timed out');

    const { region, lines } = eventLog(page);
    await region.getByRole('combobox', { name: 'Member' }).selectOption('cluster');
    await expect(
      lines.filter({ hasText: /put lost on infra\d → error: etcdserver: request timed out$/ }),
    ).toHaveCount(1);
    await expect(
      page.getByRole('group', { name: 'Markers' }).getByRole('button', { name: /^Client error: put lost: / }),
    ).toHaveCount(1);
    watch.expectClean();
  });

  test('restart-from-wal at its end: the final get is sent and answered after the restart', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width: 1366, height: 768 });
    const watch = watchPage(page, origin());
    await openRestartFromWalEnd(page);
    const { restartedAt, askedAt, answer, answeredAt, answerIndex, captionIndex } = await finalGet(page);
    expect(askedAt).toBeGreaterThan(restartedAt);
    expect(answeredAt).toBeGreaterThanOrEqual(askedAt);
    // In the log's order too: newest first in the DOM, so the answer precedes the caption.
    expect(answerIndex, answer).toBeLessThan(captionIndex);
    watch.expectClean();
  });

  test('restart-from-wal at its end: the final get succeeds (reads see the writes)', async ({ page }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width: 1366, height: 768 });
    await openRestartFromWalEnd(page);
    const { id, answer } = await finalGet(page);
    expect(answer).toMatch(/→ OK \S/);
    const recent = page.getByRole('list', { name: 'Recent requests' });
    await expect(
      recent.getByRole('listitem').filter({ hasText: new RegExp(`^#${id} get key-0 → infra\\d\\s*OK`) }),
    ).toHaveCount(1, { timeout: 2_000 });
  });

  test('seeking back to the crash marker shows that moment’s Ready cards', async ({ page }) => {
    test.setTimeout(150_000);
    await page.setViewportSize({ width: 1366, height: 768 });
    const watch = watchPage(page, origin());
    await fresh(page, `./#/?seed=2&scenario=leader-crash&cursor=${leaderCrashEnd}`);
    await idle(page, leaderCrashEnd);

    const crash = page
      .getByRole('group', { name: 'Markers' })
      .getByRole('button', { name: /^Fault: scenario: crashed infra\d$/ });
    await expect(crash).toHaveCount(1);
    await crash.click();
    await page.waitForFunction((end) => window.etcdSession?.step() !== end, leaderCrashEnd);
    await idle(page);
    const at = await cursor(page);
    expect(at).toBeGreaterThan(0);
    expect(at).toBeLessThan(leaderCrashEnd);
    await expect(page).toHaveURL(new RegExp(`cursor=${at}(&|$)`));
    const now = await headerSeconds(page);

    const ready = page.getByRole('region', { name: 'Ready batches', exact: true });
    const lanes = ready.locator('section.rb-lane');
    await expect(lanes).toHaveCount(3);
    for (let i = 0; i < 3; i++) {
      const lane = lanes.nth(i);
      const head = (await lane.locator('h3').textContent()) ?? '';
      const count = Number(/(\d+) Readys?/.exec(head)?.[1] ?? '0');
      expect(count, head).toBeGreaterThan(0);
      await expect(lane.getByText('No Ready yet.'), head).toHaveCount(0);
      const cards = lane.getByRole('listitem', { name: /^infra\d Ready #\d+$/ });
      expect(await cards.count(), head).toBeGreaterThan(0);
      // Every card started at or before the cursor's moment.
      for (const time of await cards.locator('.rb-time').allTextContents()) {
        expect(seconds(time), `${head}: card at ${time}, cursor at ${now} s`).toBeLessThanOrEqual(now);
      }
    }
    watch.expectClean();
  });

  test('the status line says what Step, Step tick, Step Ready and Run until did', async ({ page }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width: 1366, height: 768 });
    const watch = watchPage(page, origin());
    await fresh(page);
    const report = page.getByTestId('step-report');

    await page.getByRole('button', { name: 'Step', exact: true }).click();
    await idle(page, 1);
    await expect(report).toHaveText(/^Ran .+; now at .+ \(.+\)$/);

    await page.getByRole('button', { name: 'Step tick', exact: true }).click();
    await idle(page);
    await expect(report).toHaveText(/ticked/);

    await page.getByRole('button', { name: 'Step Ready', exact: true }).click();
    await idle(page);
    await expect(report).toHaveText(/Ready \d+/);

    const before = await cursor(page);
    await page.getByRole('button', { name: 'Run until', exact: true }).click();
    await page.getByRole('menuitem', { name: 'proposal answered' }).click();
    await idle(page);
    const alert = page.getByRole('alert').filter({ hasText: 'none of your requests is waiting' });
    await expect(alert).toBeVisible();
    await expect(alert).toContainText('Send a put or get first.');
    await expect(report).toContainText('none of your requests is waiting');
    expect(await cursor(page)).toBe(before);
    await alert.getByRole('button', { name: 'Dismiss' }).click();
    await expect(alert).toBeHidden();
    watch.expectClean();
  });

  test('screenshots: the status line at 1366×768 in leader-crash, after the crash', async ({ page }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width: 1366, height: 768 });
    const watch = watchPage(page, origin());
    const report = page.getByTestId('step-report');
    const progress = page.getByTestId('scenario-progress');
    const setup = page.getByRole('textbox', { name: 'Seed' });

    // Between the crash (step 3039) and the restart: both lines have something to say.
    await fresh(page, './#/?seed=2&scenario=leader-crash&cursor=4000');
    await idle(page, 4000);
    await page.getByRole('button', { name: 'Step tick', exact: true }).click();
    await idle(page);
    await expect(report).toHaveText(/ticked/);
    await expect(progress).toHaveText(/^Scenario: 1 of 2 actions done; next, restart waits for /);
    await expectStatusLineFits(page, [report, progress], setup);
    await page.screenshot({ path: 'test-results/session-leader-crash-waiting-1366x768.png' });

    // The key moment (the new leader, the old one restarted), then one kernel step.
    await fresh(page, `./#/?seed=2&scenario=leader-crash&cursor=${leaderCrashKey}`);
    await idle(page, leaderCrashKey);
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    await idle(page, leaderCrashKey + 1);
    await expect(report).toHaveText(/^Ran .+; now at .+ \(.+\)$/);
    await expect(progress).toHaveText('Scenario: all 2 actions done');
    await expectStatusLineFits(page, [report, progress], setup);
    await page.screenshot({ path: 'test-results/session-leader-crash-1366x768.png' });
    watch.expectClean();
  });
});

/** The status lines sit inside the viewport, do not overlap each other, and stay above `below`. */
async function expectStatusLineFits(page: Page, lines: readonly Locator[], below: Locator): Promise<void> {
  const width = page.viewportSize()?.width ?? 0;
  const boxes = [];
  for (const l of lines) {
    const b = await l.boundingBox();
    expect(b).not.toBeNull();
    expect(b!.x).toBeGreaterThanOrEqual(0);
    expect(b!.x + b!.width).toBeLessThanOrEqual(width);
    // Not clipped: the text fits its box.
    expect(await l.evaluate((e) => e.scrollWidth <= e.clientWidth + 1)).toBe(true);
    boxes.push(b!);
  }
  const [a, b] = boxes;
  if (a !== undefined && b !== undefined) {
    const apart =
      a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
    expect(apart, JSON.stringify(boxes)).toBe(true);
  }
  const next = await below.boundingBox();
  expect(next).not.toBeNull();
  for (const box of boxes) expect(box.y + box.height).toBeLessThanOrEqual(next!.y);
}
