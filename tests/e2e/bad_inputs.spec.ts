import { readFile } from 'node:fs/promises';
import { test, expect, type Page } from '@playwright/test';
import { watchPage } from './support';
import { oversizeRequest } from '../../src/cluster/scenarios/oversize_request';

/**
 * Hand-edited links and files: an input naming a member the cluster does not have is refused at
 * its step and the run goes on; an input whose time was edited fails the replay and the previous
 * run comes back; inputs out of order, a bad link typed into an open tab, a deeply nested file, a
 * huge value and a huge seed are refused with their message while the current run stays; and the
 * lab refuses a huge add-nodes at once. In every case the engine is idle and Step is enabled
 * within a second of the message (nothing hangs), and the page logs no errors.
 */
const origin = () => new URL(test.info().project.use.baseURL ?? 'http://127.0.0.1').origin;

interface Position {
  step: number;
  hash: string;
}

interface RunDoc {
  format: string;
  version: number;
  seed: number;
  scenario: unknown;
  size: number;
  inputs: { step: number; atUs: number; input: Record<string, unknown> }[];
  cursor: number;
  traceHash: string;
}

const stepButton = (page: Page) => page.getByRole('button', { name: 'Step', exact: true });
const importInput = (page: Page) => page.getByLabel('Import scenario or run');

async function fresh(page: Page, url = './'): Promise<void> {
  await page.goto('./');
  await page.evaluate(() => localStorage.clear());
  // Leave the document first: a URL that differs only in its hash would not reload the page.
  await page.goto('about:blank');
  await page.goto(url);
  await idle(page);
}

async function idle(page: Page, timeout = 60_000): Promise<void> {
  await page.waitForFunction(() => window.etcdSession !== undefined && !window.etcdSession.busy(), null, {
    timeout,
  });
  await expect(stepButton(page)).toBeEnabled({ timeout });
}

async function position(page: Page): Promise<Position> {
  await idle(page);
  return page.evaluate(() => ({
    step: window.etcdSession?.step() ?? -1,
    hash: window.etcdSession?.traceHash() ?? '',
  }));
}

/** Right after a message appeared: the engine is idle and Step enabled within one second. */
async function settlesWithinASecond(page: Page): Promise<void> {
  const t0 = Date.now();
  await idle(page, 1_000);
  expect(Date.now() - t0).toBeLessThan(1_000);
}

function jsonFile(name: string, doc: unknown) {
  const text = typeof doc === 'string' ? doc : JSON.stringify(doc, null, 2);
  return { name, mimeType: 'application/json', buffer: Buffer.from(text) };
}

/** Steps a little so the run is somewhere other than step 0. */
async function advance(page: Page, readys: number): Promise<Position> {
  for (let i = 0; i < readys; i++) {
    await page.getByRole('button', { name: 'Step Ready', exact: true }).click();
    await idle(page);
  }
  return position(page);
}

/**
 * A real run with one user action, exported: normal-startup, three Step Readys, crash infra2
 * from the Client panel, one tick. Returns the run file, its link and its position.
 */
async function crashRun(page: Page): Promise<{ doc: RunDoc; url: string; at: Position }> {
  await advance(page, 3);
  const client = page.getByRole('form', { name: 'Client' });
  await client.getByRole('combobox', { name: 'Fault on' }).selectOption('1');
  await client.getByRole('button', { name: 'Crash infra2' }).click();
  await page.getByRole('button', { name: 'Step tick', exact: true }).click();
  const at = await position(page);
  await expect(page).toHaveURL(new RegExp(`cursor=${at.step}(&|$)`));
  const url = page.url();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export run', exact: true }).click();
  const text = await readFile((await (await download).path()) ?? '', 'utf8');
  const doc = JSON.parse(text) as RunDoc;
  expect(doc.inputs).toHaveLength(1);
  expect(doc.inputs[0]?.input).toEqual({ kind: 'crash', member: 1 });
  expect(doc.traceHash).toBe(at.hash);
  return { doc, url, at };
}

/** The link's hash part with its `in=` parameter replaced. */
function withInputs(url: string, inputs: string): string {
  const hash = new URL(url).hash;
  return hash.replace(/([?&])in=[^&]*/, `$1in=${encodeURIComponent(inputs)}`);
}

const input36 = (step: number, atUs: number, rest: string) =>
  `${step.toString(36)},${atUs.toString(36)},${rest}`;

function eventLine(page: Page, text: string) {
  return page
    .getByRole('region', { name: 'Event log', exact: true })
    .locator('ol.session-log > li')
    .filter({ hasText: text });
}

const replayAlert = (page: Page) => page.getByRole('alert').filter({ hasText: 'Not replayed' });
const importAlert = (page: Page) => page.getByRole('alert').filter({ hasText: 'Could not import' });

test.describe('bad inputs in links and files', () => {
  test('a link whose input names member 5 of 3 is replayed; the crash is refused at its step', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width: 1366, height: 900 });
    const watch = watchPage(page, origin());
    await fresh(page);
    const { doc, url } = await crashRun(page);
    const crash = doc.inputs[0]!;
    const link = withInputs(url, input36(crash.step, crash.atUs, 'c,5'));

    await fresh(page, `./${link}`);
    const refused = eventLine(
      page,
      `refused crash: there is no member 5 (the cluster has 3 at step ${crash.step})`,
    );
    await expect(refused).toHaveCount(1, { timeout: 30_000 });
    await settlesWithinASecond(page);
    expect((await position(page)).step).toBe(doc.cursor);
    await expect(page.getByRole('alert')).toHaveCount(0);
    // The run goes on.
    await stepButton(page).click();
    expect((await position(page)).step).toBe(doc.cursor + 1);
    watch.expectClean();
  });

  test('a run file whose input names a member beyond the cluster: refused at its step, the run goes on', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width: 1366, height: 900 });
    const watch = watchPage(page, origin());
    await fresh(page);
    const { doc, url, at } = await crashRun(page);
    const crash = doc.inputs[0]!;

    // Member 5 of a 3-member run with no member adds: the file is refused as it is read.
    const member5 = { ...doc, inputs: [{ ...crash, input: { kind: 'crash', member: 5 } }] };
    await importInput(page).setInputFiles(jsonFile('member5.run.json', member5));
    const refusedFile = importAlert(page);
    await expect(refusedFile).toContainText('Could not import “member5.run.json”; the current run is kept.');
    await expect(refusedFile).toContainText('inputs[0].input.member');
    await settlesWithinASecond(page);
    expect(await position(page)).toEqual(at);

    // Member 3 in a file that adds a member later at the same moment: the file may name it, but
    // at the crash the cluster has 3 members, so the crash is refused at its step. The same run
    // as a link gives the position and trace hash the file must match.
    const inputs = `${input36(crash.step, crash.atUs, 'c,3')};${input36(crash.step, crash.atUs, 'n,0')}`;
    await fresh(page, `./${withInputs(url, inputs)}`);
    const linked = await position(page);
    expect(linked.step).toBe(doc.cursor);
    const refused = `refused crash: there is no member 3 (the cluster has 3 at step ${crash.step})`;
    await expect(eventLine(page, refused)).toHaveCount(1);

    await page.getByRole('button', { name: 'Reset', exact: true }).click();
    expect((await position(page)).step).toBe(0);
    const file = {
      ...doc,
      inputs: [
        { ...crash, input: { kind: 'crash', member: 3 } },
        { ...crash, input: { kind: 'member-add', member: 0, learner: true } },
      ],
      traceHash: linked.hash,
    };
    await importInput(page).setInputFiles(jsonFile('member3.run.json', file));
    await expect(page.getByTestId('io-status')).toContainText(
      `Replayed “member3.run.json” to step ${doc.cursor}: trace hash ${linked.hash} matches the file.`,
      { timeout: 30_000 },
    );
    await settlesWithinASecond(page);
    await expect(eventLine(page, refused)).toHaveCount(1);
    expect(await position(page)).toEqual(linked);
    await expect(page.getByRole('alert')).toHaveCount(0);
    await stepButton(page).click();
    expect((await position(page)).step).toBe(doc.cursor + 1);
    watch.expectClean();
  });

  test('a run file whose input time was edited: not replayed, the previous run comes back', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width: 1366, height: 900 });
    const watch = watchPage(page, origin());
    await fresh(page);
    const { doc } = await crashRun(page);
    const crash = doc.inputs[0]!;

    await page.getByRole('button', { name: 'Reset', exact: true }).click();
    const before = await advance(page, 2);
    expect(before.step).toBeGreaterThan(0);

    const edited = { ...doc, inputs: [{ ...crash, atUs: crash.atUs - 1 }] };
    await importInput(page).setInputFiles(jsonFile('edited.run.json', edited));
    const alert = replayAlert(page);
    await expect(alert).toContainText(
      'Not replayed: the run could not be replayed, so the previous run is kept: replay passed the position of input 0',
      { timeout: 30_000 },
    );
    await settlesWithinASecond(page);
    expect(await position(page)).toEqual(before);
    await expect(page.getByTestId('trace-hash')).toContainText(before.hash);
    await stepButton(page).click();
    expect((await position(page)).step).toBe(before.step + 1);
    watch.expectClean();
  });

  test('a link with an edited input time typed into an open tab: the previous run is kept', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width: 1366, height: 900 });
    const watch = watchPage(page, origin());
    await fresh(page);
    const { doc, url } = await crashRun(page);
    const crash = doc.inputs[0]!;
    const link = withInputs(url, input36(crash.step, crash.atUs - 1, 'c,1'));

    await page.getByRole('button', { name: 'Reset', exact: true }).click();
    const before = await advance(page, 2);
    await page.evaluate((h) => {
      window.location.hash = h;
    }, link);
    const alert = replayAlert(page);
    await expect(alert).toContainText(
      'Not replayed: the run could not be replayed, so the previous run is kept: replay passed the position of input 0',
      { timeout: 30_000 },
    );
    await settlesWithinASecond(page);
    expect(await position(page)).toEqual(before);
    await stepButton(page).click();
    expect((await position(page)).step).toBe(before.step + 1);

    // At first load there is no previous run: the failed run stays where it failed, idle.
    await fresh(page, `./${link}`);
    await expect(replayAlert(page)).toContainText(
      'Not replayed: the run could not be replayed: replay passed the position of input 0',
      { timeout: 30_000 },
    );
    await settlesWithinASecond(page);
    const failedAt = await position(page);
    expect(failedAt.step).toBeGreaterThan(0);
    expect(failedAt.step).toBeLessThanOrEqual(crash.step + 1);
    await stepButton(page).click();
    expect((await position(page)).step).toBe(failedAt.step + 1);
    watch.expectClean();
  });

  test('a run file with inputs out of order is refused before it starts; the run is kept', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width: 1366, height: 900 });
    const watch = watchPage(page, origin());
    await fresh(page);
    const { doc, at } = await crashRun(page);
    const crash = doc.inputs[0]!;

    const swapped = {
      ...doc,
      inputs: [
        crash,
        { step: crash.step - 20, atUs: crash.atUs - 100, input: { kind: 'restart', member: 1 } },
      ],
    };
    await importInput(page).setInputFiles(jsonFile('swapped.run.json', swapped));
    const alert = importAlert(page);
    await expect(alert).toContainText('Could not import “swapped.run.json”; the current run is kept.');
    await expect(alert).toContainText(
      `inputs[1].step: goes back: ${crash.step - 20} comes after step ${crash.step}`,
    );
    await settlesWithinASecond(page);
    expect(await position(page)).toEqual(at);
    await stepButton(page).click();
    expect((await position(page)).step).toBe(at.step + 1);
    watch.expectClean();
  });

  test('a bad link typed into an open tab shows its notice and keeps the run', async ({ page }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width: 1366, height: 900 });
    const watch = watchPage(page, origin());
    await fresh(page);
    const before = await advance(page, 3);
    await page.evaluate(() => {
      window.location.hash = '#/?seed=abc&scenario=leader-crash';
    });
    const alert = page.getByRole('alert').filter({ hasText: 'This link could not be opened' });
    await expect(alert).toContainText('This link could not be opened, so its run was not started.');
    await settlesWithinASecond(page);
    expect(await position(page)).toEqual(before);
    await expect(page.getByRole('combobox', { name: 'Scenario' })).toHaveValue('normal-startup');
    await stepButton(page).click();
    expect((await position(page)).step).toBe(before.step + 1);
    watch.expectClean();
  });

  test('files past the limits are refused with their message; the run is kept', async ({ page }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width: 1366, height: 900 });
    const watch = watchPage(page, origin());
    await fresh(page);
    const before = await advance(page, 3);
    const alert = importAlert(page);

    // Nested far deeper than 32 levels: refused at once, no hang.
    const deep = `{"name": "deep", "extra": ${'['.repeat(5_000)}${']'.repeat(5_000)}}`;
    const t0 = Date.now();
    await importInput(page).setInputFiles(jsonFile('deep.json', deep));
    await expect(alert).toContainText('Could not import “deep.json”; the current run is kept.');
    await expect(alert).toContainText('nests deeper than 32 levels');
    expect(Date.now() - t0).toBeLessThan(5_000);
    await settlesWithinASecond(page);
    expect(await position(page)).toEqual(before);

    // A run file nested too deep (inside an input) is refused the same way.
    let nested: unknown = 1;
    for (let i = 0; i < 40; i++) nested = { n: nested };
    await importInput(page).setInputFiles(
      jsonFile('deep.run.json', {
        format: 'etcd-stepper-run',
        version: 1,
        seed: 1,
        scenario: 'normal-startup',
        size: 3,
        inputs: [{ step: 1, atUs: 0, input: nested }],
        cursor: 1,
        traceHash: '0123456789abcdef',
      }),
    );
    await expect(alert).toContainText('Could not import “deep.run.json”');
    await expect(alert).toContainText('nests deeper than 32 levels');
    await settlesWithinASecond(page);
    expect(await position(page)).toEqual(before);

    // A put of more than 2 MiB.
    const huge = {
      ...oversizeRequest,
      name: 'huge-put',
      timeline: [{ ...oversizeRequest.timeline[1], valueBytes: 2_097_153 }],
    };
    await importInput(page).setInputFiles(jsonFile('huge.json', huge));
    await expect(alert).toContainText('Could not import “huge.json”; the current run is kept.');
    await expect(alert).toContainText('timeline[0].valueBytes');
    await settlesWithinASecond(page);
    expect(await position(page)).toEqual(before);

    // A seed of 2^53 - 1.
    await importInput(page).setInputFiles(
      jsonFile('seed.json', { ...oversizeRequest, name: 'big-seed', seed: Number.MAX_SAFE_INTEGER }),
    );
    await expect(alert).toContainText('Could not import “seed.json”; the current run is kept.');
    await expect(alert).toContainText('seed');
    await expect(alert).toContainText('2147483647');
    await settlesWithinASecond(page);
    expect(await position(page)).toEqual(before);

    await expect(page.getByRole('combobox', { name: 'Scenario' })).toHaveValue('normal-startup');
    await stepButton(page).click();
    expect((await position(page)).step).toBe(before.step + 1);
    watch.expectClean();
  });

  test('the lab refuses add-nodes 2000000 at once and stays usable', async ({ page }) => {
    await page.setViewportSize({ width: 1366, height: 900 });
    const watch = watchPage(page, origin());
    await page.goto('./#/lab');
    await expect(page.getByRole('region', { name: 'Transcript', exact: true })).toBeVisible();
    await page.getByRole('button', { name: 'New session' }).click();
    const commands = page.getByRole('region', { name: 'Commands', exact: true });
    const line = commands.getByRole('combobox', { name: 'Command' });

    await line.fill('add-nodes 2000000');
    const t0 = Date.now();
    await line.press('Enter');
    // The command line checks the count before running it (the lab's own bound, 9 nodes).
    await expect(commands.getByRole('alert')).toHaveText('The lab runs at most 9 nodes.', {
      timeout: 1_000,
    });
    expect(Date.now() - t0).toBeLessThan(1_000);

    await line.fill('add-nodes 3');
    await line.press('Enter');
    await expect(page.getByText('Step 1 of 1')).toBeVisible({ timeout: 5_000 });
    await expect(line).toHaveValue('');
    await line.fill('campaign 1');
    await line.press('Enter');
    await expect(page.getByText('Step 2 of 2')).toBeVisible({ timeout: 5_000 });
    watch.expectClean();
  });
});
