import { readFileSync } from 'node:fs';
import { test, expect, type Page } from '@playwright/test';

/**
 * The page opened at `#/?seed=S&scenario=X&cursor=N` shows `Step N` and the trace hash that
 * `npm run sim -- --scenario X --seed S --steps N` prints, for every built-in scenario × seeds
 * 1–3 at its key moment and at its end. The pairs and hashes are listed in
 * tests/fixtures/scenario_hashes.json (scripts/scenario-hashes.ts writes them headless;
 * tests/session/scenario_parity*.test.ts checks the same pairs in Node).
 */
interface Pair {
  readonly scenario: string;
  readonly seed: number;
  readonly step: number;
  readonly moment: 'key' | 'end';
  readonly hash: string;
}

const pairs = JSON.parse(readFileSync('tests/fixtures/scenario_hashes.json', 'utf8')) as Pair[];

async function open(page: Page, p: Pair): Promise<void> {
  await page.goto('about:blank');
  await page.goto(`./#/?seed=${p.seed}&scenario=${p.scenario}&cursor=${p.step}`);
  await page.waitForFunction(
    (step) =>
      window.etcdSession !== undefined && !window.etcdSession.busy() && window.etcdSession.step() === step,
    p.step,
    { timeout: 60_000 },
  );
}

test.describe('the page equals npm run sim', () => {
  test('lists 12 scenarios × 3 seeds × 2 moments', () => {
    expect(pairs).toHaveLength(72);
  });
  for (const seed of [1, 2, 3]) {
    test(`every built-in scenario, seed ${seed}: header step and trace hash at the key moment and the end`, async ({
      page,
    }) => {
      test.setTimeout(600_000);
      for (const p of pairs.filter((x) => x.seed === seed)) {
        await open(page, p);
        const header = page.getByRole('group', { name: 'Simulation controls' });
        await expect(header.getByText(new RegExp(`^Step ${p.step} · `))).toBeVisible();
        await expect(
          page.getByTestId('trace-hash'),
          `${p.scenario} seed ${p.seed} step ${p.step}`,
        ).toHaveText(`trace hash ${p.hash}`);
      }
    });
  }
});
