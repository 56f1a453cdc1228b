import { readFile } from 'node:fs/promises';
import { test, expect, type Page } from '@playwright/test';
import { watchPage } from './support';
import { slowApply } from '../../src/cluster/scenarios/slow_apply';

/**
 * Import and export in the classroom: a scenario file loads and runs from step 0; a broken file
 * is refused with the file, field and problem named while the current run goes on; an exported
 * run re-imports to the same step and trace hash; and the "More faults" panel's slow apply makes
 * the leader refuse proposals with etcdserver: too many requests, flagged on the gauge.
 */
const origin = () => new URL(test.info().project.use.baseURL ?? 'http://127.0.0.1').origin;
const leaderButton = /^infra(\d), Leader, term \d+$/;

async function fresh(page: Page): Promise<void> {
  await page.goto('./');
  await page.evaluate(() => localStorage.clear());
  await page.goto('./');
  await idle(page);
}

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

async function runUntil(page: Page, goal: string): Promise<void> {
  await page.getByRole('button', { name: 'Run until', exact: true }).click();
  await page.getByRole('menuitem', { name: goal }).click();
  await idle(page);
}

function jsonFile(name: string, doc: unknown) {
  const text = typeof doc === 'string' ? doc : JSON.stringify(doc, null, 2);
  return { name, mimeType: 'application/json', buffer: Buffer.from(text) };
}

const importInput = (page: Page) => page.getByLabel('Import scenario or run');

/** The index of the member the Cluster region shows as leader. */
async function leaderIndex(page: Page): Promise<number> {
  const cluster = page.getByRole('region', { name: 'Cluster', exact: true });
  const name =
    (await cluster.getByRole('button', { name: leaderButton }).first().getAttribute('aria-label')) ?? '';
  return Number(leaderButton.exec(name)?.[1] ?? '1') - 1;
}

test.describe('classroom import and export', () => {
  test('a scenario file loads and runs from step 0', async ({ page }) => {
    await page.setViewportSize({ width: 1366, height: 900 });
    const watch = watchPage(page, origin());
    await fresh(page);
    await page.getByRole('button', { name: 'Step Ready', exact: true }).click();
    expect((await position(page)).step).toBeGreaterThan(0);

    await importInput(page).setInputFiles(jsonFile('slow-apply.json', { ...slowApply, seed: 9 }));
    await expect(page.getByTestId('io-status')).toContainText(
      'Loaded the scenario “slow-apply” from “slow-apply.json”',
    );
    expect((await position(page)).step).toBe(0);
    await expect(page.getByRole('combobox', { name: 'Scenario' })).toHaveValue('slow-apply');
    await expect(page.getByRole('textbox', { name: 'Seed' })).toHaveValue('9');
    await runUntil(page, 'leader elected');
    expect((await position(page)).step).toBeGreaterThan(0);
    await expect(page).toHaveURL(/seed=9&scenario=slow-apply/);
    await page.locator('header select').first().selectOption('zh-CN');
    await expect(page.getByLabel('导入场景或运行')).toBeVisible();
    await expect(page.getByRole('button', { name: '导出运行', exact: true })).toBeVisible();
    await expect(page.getByText('更多故障')).toBeVisible();
    watch.expectClean();
  });

  test('a broken file is refused with the file, field and problem; the run is kept', async ({ page }) => {
    await page.setViewportSize({ width: 1366, height: 900 });
    const watch = watchPage(page, origin());
    await fresh(page);
    for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'Step Ready', exact: true }).click();
    const before = await position(page);

    const broken = {
      ...slowApply,
      name: 'broken',
      timeline: [{ at: '1s', action: 'crsh', member: 'infra1' }],
    };
    await importInput(page).setInputFiles(jsonFile('broken.json', broken));
    const alert = page.getByRole('alert').filter({ hasText: 'Could not import' });
    await expect(alert).toContainText('Could not import “broken.json”; the current run is kept.');
    await expect(alert).toContainText('timeline[0].action: unknown action "crsh" (expected one of');
    expect(await position(page)).toEqual(before);

    await importInput(page).setInputFiles(
      jsonFile('run.json', { format: 'etcd-stepper-run', version: 2, seed: 1, scenario: 'x' }),
    );
    await expect(alert).toContainText('Could not import “run.json”');
    await expect(alert).toContainText('version: unsupported version 2 (this app reads version 1)');
    await importInput(page).setInputFiles(jsonFile('half.json', '{"name": "half", '));
    await expect(alert).toContainText('invalid JSON');
    expect(await position(page)).toEqual(before);
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    expect((await position(page)).step).toBe(before.step + 1);
    await alert.getByRole('button', { name: 'Dismiss' }).click();
    await expect(alert).toBeHidden();
    watch.expectClean();
  });

  test('export run, then import it: same step and trace hash', async ({ page }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width: 1366, height: 900 });
    const watch = watchPage(page, origin());
    await fresh(page);
    await runUntil(page, 'leader elected');
    const leader = await leaderIndex(page);
    const follower = (leader + 1) % 3;
    await page.getByText('More faults').click();
    const drop = page.getByRole('group', { name: 'Drop next messages' });
    await drop.getByRole('combobox', { name: 'From' }).selectOption(String(leader));
    await drop.getByRole('combobox', { name: 'To' }).selectOption(String(follower));
    await drop.getByRole('spinbutton', { name: 'Count' }).fill('3');
    await drop.getByRole('combobox', { name: 'Message type' }).selectOption('MsgHeartbeat');
    await drop.getByRole('button', { name: /^Drop next 3 on / }).click();
    await drop.getByRole('spinbutton', { name: 'Latency (ms)' }).fill('20');
    await drop.getByRole('button', { name: /latency$/ }).click();
    const disk = page.getByRole('group', { name: 'Slow disk' });
    await disk.getByRole('spinbutton', { name: 'fsync (ms)' }).fill('30');
    await disk.getByRole('button', { name: /^Slow disk on / }).click();
    await runUntil(page, 'next commit');
    await runUntil(page, 'next commit');
    const here = await position(page);
    await expect(page).toHaveURL(new RegExp(`cursor=${here.step}(&|$)`));
    expect(page.url()).toMatch(/in=[^&]*%2Cx%2C/); // the drop is in the shared link

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export run', exact: true }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe(`normal-startup-seed1-step${here.step}.run.json`);
    const text = await readFile((await file.path()) ?? '', 'utf8');
    const doc = JSON.parse(text) as { traceHash: string; inputs: unknown[]; cursor: number };
    expect(doc.traceHash).toBe(here.hash);
    expect(doc.cursor).toBe(here.step);
    expect(doc.inputs).toHaveLength(3);

    await page.getByRole('button', { name: 'Reset', exact: true }).click();
    expect((await position(page)).step).toBe(0);
    await importInput(page).setInputFiles(jsonFile('exported.run.json', text));
    await expect(page.getByTestId('io-status')).toContainText(
      `Replayed “exported.run.json” to step ${here.step}: trace hash ${here.hash} matches the file.`,
      { timeout: 60_000 },
    );
    expect(await position(page)).toEqual(here);
    await expect(page.getByTestId('trace-hash')).toContainText(here.hash);

    // A run file whose hash does not match says the run diverged.
    await importInput(page).setInputFiles(
      jsonFile('other.run.json', { ...doc, traceHash: '00000000deadbeef' }),
    );
    await expect(page.getByRole('alert').filter({ hasText: 'diverged' })).toContainText(
      'The run in “other.run.json” diverged on replay',
      { timeout: 60_000 },
    );
    watch.expectClean();
  });

  test('slow apply through the More faults panel: too many requests on the gauge', async ({ page }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width: 1600, height: 1000 });
    const watch = watchPage(page, origin());
    await fresh(page);
    const tiny = {
      name: 'tiny-gap',
      title: { en: 'A small apply gap limit', 'zh-CN': '较小的应用差距上限' },
      members: 3,
      duration: '10s',
      config: { maxGapBetweenApplyAndCommitIndex: 3 },
    };
    await importInput(page).setInputFiles(jsonFile('tiny-gap.json', tiny));
    await expect(page.getByTestId('io-status')).toContainText('Loaded the scenario “tiny-gap”');
    await expect(page.getByRole('combobox', { name: 'Scenario' })).toHaveValue('tiny-gap');
    await runUntil(page, 'leader elected');
    await runUntil(page, 'next commit');
    const leader = await leaderIndex(page);

    await page.getByText('More faults').click();
    const slow = page.getByRole('group', { name: 'Slow disk' });
    await slow.getByRole('combobox', { name: 'Member' }).selectOption(String(leader));
    await slow.getByRole('spinbutton', { name: 'Apply per entry (ms)' }).fill('300');
    await slow.getByRole('button', { name: `Slow apply on infra${leader + 1}` }).click();

    const client = page.getByRole('form', { name: 'Client' });
    await client.getByRole('combobox', { name: 'Member' }).selectOption(String(leader));
    const send = client.getByRole('button', { name: 'Send' });
    // One put per tick: each commits within the tick, while the leader applies one entry per
    // 300 ms, so the gap grows by about one per put until the leader refuses the next one.
    const gauges = page.getByRole('region', { name: 'Index gauges', exact: true });
    for (let i = 0; i < 12; i++) {
      await send.click();
      await page.getByRole('button', { name: 'Step tick', exact: true }).click();
      await idle(page);
      if ((await gauges.getByText('etcdserver: too many requests').count()) > 0) break;
    }
    await expect(gauges).toContainText('etcdserver: too many requests');
    await expect(page.getByRole('region', { name: 'Event log', exact: true })).toContainText(
      'applies each entry in 300000µs',
    );
    await page.screenshot({ path: 'reports/screenshots/classroom-io-en.png', fullPage: true });
    watch.expectClean();
  });
});
