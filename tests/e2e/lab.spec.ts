import { test, expect, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { existsSync, readdirSync } from 'node:fs';
import { parseScript } from '../../src/ui/lab/model/script';
import { commandNames } from '../../src/interaction/handlers';
import { watchPage } from './support';

const origin = () => new URL(test.info().project.use.baseURL ?? 'http://127.0.0.1').origin;
const samplesDir = resolve(fileURLToPath(import.meta.url), '../../../src/interaction/samples');

function sampleExpectations(fileName: string): { text: string; outputs: string[] } {
  const text = readFileSync(resolve(samplesDir, fileName), 'utf8');
  const parsed = parseScript(fileName, text);
  if (!parsed.ok) throw new Error(`sample ${fileName} does not parse`);
  return { text, outputs: parsed.script.directives.map((d) => d.expected ?? '') };
}

async function openLab(page: Page) {
  await page.goto('./#/lab');
  await expect(page.getByRole('region', { name: 'Transcript', exact: true })).toBeVisible();
}

async function transcriptOutputs(page: Page): Promise<string[]> {
  return page.locator('[data-step-output]').evaluateAll((els) => els.map((e) => e.textContent ?? ''));
}

test.describe('Raft lab', () => {
  test('steps through a built-in sample, forwards and backwards, matching its expected output', async ({
    page,
  }) => {
    await page.setViewportSize({ width: 1366, height: 768 });
    const watch = watchPage(page, origin());
    await page.goto('./');
    await page.getByRole('link', { name: 'Raft lab' }).click();
    await expect(page).toHaveURL(/#\/lab$/);
    await expect(page.getByRole('link', { name: 'Raft lab' })).toHaveAttribute('aria-current', 'page');

    const { outputs } = sampleExpectations('three_node_replication.txt');
    await page.getByLabel('Sample script').selectOption({ label: 'Three-node election and replication' });
    await page.getByRole('button', { name: 'Load sample' }).click();
    await expect(page.getByText(`Step 0 of ${outputs.length}`)).toBeVisible();

    const forward = page.getByRole('button', { name: 'Step forward' });
    for (let i = 1; i <= outputs.length; i++) {
      await forward.click();
      await expect(page.getByText(`Step ${i} of ${outputs.length}`)).toBeVisible();
    }
    await expect(forward).toBeDisabled();
    await expect.poll(() => transcriptOutputs(page)).toEqual(outputs);
    await expect(page.getByText('No differences', { exact: true })).toBeVisible();
    await expect(page.locator('.lab-step-differs')).toHaveCount(0);

    // Backwards replays the prefix; forwards again gives the same transcript.
    const back = page.getByRole('button', { name: 'Step back' });
    await back.click();
    await back.click();
    await expect(page.getByText(`Step ${outputs.length - 2} of ${outputs.length}`)).toBeVisible();
    await expect.poll(() => transcriptOutputs(page)).toEqual(outputs.slice(0, -2));
    await forward.click();
    await forward.click();
    await expect.poll(() => transcriptOutputs(page)).toEqual(outputs);
    await expect(page.getByText('No differences', { exact: true })).toBeVisible();

    // The keyboard steps too (a presenter's clicker sends Page Up / Page Down).
    await page.keyboard.press('PageUp');
    await page.keyboard.press('ArrowLeft');
    await expect(page.getByText(`Step ${outputs.length - 2} of ${outputs.length}`)).toBeVisible();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('PageDown');
    await expect(page.getByText(`Step ${outputs.length} of ${outputs.length}`)).toBeVisible();
    await expect.poll(() => transcriptOutputs(page)).toEqual(outputs);

    // The members panel shows the leader and its followers' Progress.
    const members = page.getByRole('region', { name: 'Members', exact: true });
    await expect(
      members.getByRole('table', { name: 'Progress as seen by leader 1 (status 1)' }),
    ).toBeVisible();
    await expect(members.getByRole('row', { name: /^1 Leader 1/ })).toBeVisible();

    // Back to the cluster mode and into the lab again: the session is still there.
    await page.getByRole('link', { name: 'etcd cluster' }).click();
    await expect(page.getByRole('region', { name: 'Cluster', exact: true })).toBeVisible();
    await page.getByRole('link', { name: 'Raft lab' }).click();
    await expect.poll(() => transcriptOutputs(page)).toEqual(outputs);
    watch.expectClean();
  });

  test('issues commands from the UI, exports the session and re-imports it with no differences', async ({
    page,
  }, testInfo) => {
    await page.setViewportSize({ width: 1366, height: 900 });
    const watch = watchPage(page, origin());
    await openLab(page);
    await page.getByRole('button', { name: 'New session' }).click();

    const commands = page.getByRole('region', { name: 'Commands', exact: true });
    for (const name of commandNames) {
      await expect(commands.getByRole('button', { name, exact: true })).toBeVisible();
    }

    // add-nodes through its form (defaults: 3 voters bootstrapped at index 10).
    await commands.getByRole('button', { name: 'add-nodes', exact: true }).click();
    const form = commands.getByRole('form', { name: 'Arguments of add-nodes' });
    await expect(form.getByLabel('Number of nodes')).toHaveValue('3');
    await form.getByRole('checkbox', { name: '1' }).first().isChecked();
    await form.getByRole('combobox', { name: 'prevote' }).selectOption('true');
    await expect(form.getByText('add-nodes 3 voters=(1,2,3) index=10 prevote=true')).toBeVisible();
    await form.getByRole('button', { name: 'Run add-nodes' }).click();
    await expect(page.getByText('Step 1 of 1')).toBeVisible();

    await commands.getByRole('button', { name: 'campaign', exact: true }).click();
    await commands.getByRole('button', { name: 'Run campaign' }).click();
    await commands.getByRole('button', { name: 'stabilize', exact: true }).click();
    await commands.getByRole('button', { name: 'Run stabilize' }).click();
    await expect(page.getByText('Step 3 of 3')).toBeVisible();

    // A typed command; a bad one first, which must not crash or change the session.
    const line = commands.getByRole('combobox', { name: 'Command' });
    await line.fill('campaign 9');
    await line.press('Enter');
    await expect(commands.getByRole('alert')).toHaveText('“9” is not a node. Nodes are numbered 1 to 3.');
    await expect(page.getByText('Step 3 of 3')).toBeVisible();
    await line.fill('propose 1 hello');
    await line.press('Enter');
    await expect(page.getByText('Step 4 of 4')).toBeVisible();
    await expect(line).toHaveValue('');

    // Process node 1's Ready from its card, then deliver one group from the queue and drop the other.
    await page.getByRole('button', { name: /^process-ready 1: / }).click();
    const queue = page.getByRole('region', { name: 'Message queue', exact: true });
    await queue.getByRole('checkbox', { name: /^Select 1->2 MsgApp/ }).check();
    await expect(queue.getByText('deliver-msgs 2', { exact: true })).toBeVisible();
    await queue.getByRole('button', { name: 'Deliver selected' }).click();
    await queue.getByRole('checkbox', { name: /^Select 1->3 MsgApp/ }).check();
    await queue.getByRole('button', { name: 'Drop selected' }).click();
    await expect(page.getByText('Step 7 of 7')).toBeVisible();

    // A tick on a follower offers to pin its election timeout first.
    await line.fill('tick-election 2');
    await expect(commands.getByText(/may start an election/)).toBeVisible();
    await commands.getByRole('button', { name: 'Pin node 2’s timeout to 3 ticks, then run' }).click();
    await expect(page.getByText('Step 9 of 9')).toBeVisible();
    // The stabilize form is still open from before: forms stay open for repeated use.
    await expect(commands.getByRole('button', { name: 'stabilize', exact: true })).toHaveAttribute(
      'aria-expanded',
      'true',
    );
    await commands.getByRole('button', { name: 'Run stabilize' }).click();
    await page.getByRole('button', { name: 'raft-state', exact: true }).click();
    await commands.getByRole('button', { name: 'Run raft-state' }).click();
    await expect(page.getByText('Step 11 of 11')).toBeVisible();
    const ours = await transcriptOutputs(page);

    const downloadPromise = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export session' }).click();
    const download = await downloadPromise;
    const saved = testInfo.outputPath('session.txt');
    await download.saveAs(saved);
    const exported = readFileSync(saved, 'utf8');
    expect(exported).toContain('add-nodes 3 voters=(1,2,3) index=10 prevote=true\n----\n');
    expect(exported).toContain('set-randomized-election-timeout 2 timeout=3\n----\nok\n\ntick-election 2\n');
    expect(exported).toContain('deliver-msgs drop=(3)\n----\ndropped: 1->3 MsgApp');

    await page.getByRole('button', { name: 'New session' }).click();
    await expect(page.locator('[data-step-output]')).toHaveCount(0);
    await page.getByLabel('Import an interaction file (.txt)').setInputFiles(saved);
    await expect(page.getByText('Imported session.txt: ran 11 commands')).toBeVisible();
    await expect(page.getByText('No differences', { exact: true })).toBeVisible();
    await expect(page.locator('.lab-step-differs')).toHaveCount(0);
    await expect.poll(() => transcriptOutputs(page)).toEqual(ours);
    watch.expectClean();
  });

  test('highlights an imported output that differs, with its line', async ({ page }) => {
    const watch = watchPage(page, origin());
    await openLab(page);
    const { text } = sampleExpectations('single_node_election.txt');
    const right = '1: StateLeader (Voter) Term:1 Lead:1';
    const lines = text.split('\n');
    const wrongLine = lines.indexOf(right) + 1;
    expect(wrongLine).toBeGreaterThan(0);
    const wrong = text.replace(right, '1: StateFollower (Voter) Term:7 Lead:0');
    await page.getByLabel('Import an interaction file (.txt)').setInputFiles({
      name: 'wrong.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from(wrong),
    });
    await expect(
      page.getByText(`1 difference from the expected output (first at line ${wrongLine})`),
    ).toBeVisible();
    const differing = page.locator('.lab-step-differs');
    await expect(differing).toHaveCount(1);
    const diff = differing.getByRole('group', { name: /^Difference in step/ });
    await expect(diff).toContainText(`Differs from the file at line ${wrongLine}`);
    await expect(diff.locator('.lab-diff-expected')).toHaveText('- 1: StateFollower (Voter) Term:7 Lead:0');
    await expect(diff.locator('.lab-diff-actual')).toHaveText(`+ ${right}`);
    await diff.scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'reports/screenshots/lab-difference-en.png' });
    watch.expectClean();
  });

  test('rejects a malformed file with a clear error and keeps the session', async ({ page }) => {
    const watch = watchPage(page, origin());
    await openLab(page);
    await page.getByRole('button', { name: 'Load sample' }).click();
    await page.getByRole('button', { name: 'Step forward' }).click();
    await page.getByRole('button', { name: 'Step forward' }).click();
    const before = await transcriptOutputs(page);
    await page.getByLabel('Import an interaction file (.txt)').setInputFiles({
      name: 'broken.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('raft-state\n----\n----\nok\n----\n----\nnot blank\n'),
    });
    await expect(
      page.getByText(
        'Could not read broken.txt, line 1: non-blank line after end of double ---- separator section. The current session is kept.',
      ),
    ).toBeVisible();
    await expect(page.getByText('Step 2 of 8')).toBeVisible();
    await expect.poll(() => transcriptOutputs(page)).toEqual(before);
    await page.getByLabel('Import an interaction file (.txt)').setInputFiles({
      name: 'nothing.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('# only a comment\n'),
    });
    await expect(
      page.getByText('nothing.txt contains no commands. The current session is kept.'),
    ).toBeVisible();
    watch.expectClean();
  });

  test('looks right in English and Chinese (screenshots)', async ({ page }) => {
    const watch = watchPage(page, origin());
    for (const [width, height] of [
      [1366, 768],
      [1920, 1080],
    ] as const) {
      await page.setViewportSize({ width, height });
      await openLab(page);
      await page.reload();
      await page.getByLabel('Sample script').selectOption({ label: 'Leader crash and re-election' });
      await page.getByRole('button', { name: 'Load sample' }).click();
      await page.getByRole('button', { name: 'Go here: run up to step 12' }).click();
      await page.getByRole('button', { name: 'tick-election', exact: true }).click();
      await page.getByLabel('Node', { exact: true }).selectOption('3');
      await page.screenshot({
        path: `reports/screenshots/lab-${width}x${height}-en.png`,
        fullPage: width < 1600,
      });
    }
    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
    await expect(page.getByRole('link', { name: 'Raft 实验室' })).toHaveAttribute('aria-current', 'page');
    await expect(page.getByRole('region', { name: '记录', exact: true })).toBeVisible();
    await page.screenshot({ path: 'reports/screenshots/lab-1920x1080-zh-CN.png' });
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.screenshot({ path: 'reports/screenshots/lab-1366x768-zh-CN.png', fullPage: true });
    await page.getByRole('combobox', { name: '语言' }).selectOption('en');
    watch.expectClean();
  });

  test('runs from the dist folder opened as a file', async ({ page }) => {
    const indexPath = resolve(fileURLToPath(import.meta.url), '../../../dist/index.html');
    const watch = watchPage(page, 'file');
    await page.goto(`file://${indexPath}#/lab`);
    await page.getByRole('button', { name: 'Load sample' }).click();
    await page.getByRole('button', { name: 'Run to end' }).click();
    await expect(page.getByText('Step 8 of 8')).toBeVisible();
    await expect(page.getByText('No differences', { exact: true })).toBeVisible();
    watch.expectClean();
  });

  test('reads well in the dark theme (screenshot)', async ({ page }) => {
    await page.setViewportSize({ width: 1366, height: 768 });
    const watch = watchPage(page, origin());
    await openLab(page);
    if ((await page.locator('html').getAttribute('data-theme')) !== 'dark') {
      await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    }
    await page.getByLabel('Sample script').selectOption({ label: 'Partitioned follower catching up' });
    await page.getByRole('button', { name: 'Load sample' }).click();
    await page.getByRole('button', { name: 'Go here: run up to step 8' }).click();
    const queue = page.getByRole('region', { name: 'Message queue', exact: true });
    await queue
      .getByRole('checkbox', { name: /^Select 1->3 MsgApp/ })
      .first()
      .check();
    await expect(queue.getByText('deliver-msgs drop=(3)', { exact: true })).toBeVisible();
    await page.screenshot({ path: 'reports/screenshots/lab-1366x768-dark-en.png', fullPage: true });
    await page.getByRole('button', { name: 'Switch to light theme' }).click();
    watch.expectClean();
  });

  test('imports every upstream interaction script and finds no differences', async ({ page }) => {
    const dir = resolve(fileURLToPath(import.meta.url), '../../../../shared/conformance/raft');
    test.skip(
      !existsSync(dir) && process.env.CI !== 'true',
      'the upstream scripts are not next to the repository',
    );
    const watch = watchPage(page, origin());
    await openLab(page);
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.txt'))
      .sort();
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      await page.getByLabel('Import an interaction file (.txt)').setInputFiles(resolve(dir, f));
      await expect(page.getByText(`Imported ${f}: ran`)).toBeVisible();
      await expect(page.getByText('No differences', { exact: true }), f).toBeVisible();
    }
    watch.expectClean();
  });
});
