import { test, expect } from '@playwright/test';
import * as sim from '../../src/sim';
import { kernelProgram, type ProgramResult } from './kernel_program';
import { watchPage } from './support';

test.describe('determinism across runtimes', () => {
  test('the kernel gives the same trace hash in Chromium as in Node', async ({ page }) => {
    const watch = watchPage(page, new URL(test.info().project.use.baseURL ?? 'http://127.0.0.1').origin);
    await page.goto('./');
    await page.waitForFunction(() => window.etcdStepper !== undefined);

    const seeds = [1, 2, 42, 2026];
    const inNode = seeds.map((seed) => kernelProgram(sim, seed));
    const inBrowser = await page.evaluate(
      ({ source, seeds }) => {
        // The program arrives as source text so that it runs unchanged against the page's bundle.
        const program = new Function(`return (${source})`)() as (s: unknown, seed: number) => ProgramResult;
        return seeds.map((seed) => program(window.etcdStepper!.sim, seed));
      },
      { source: kernelProgram.toString(), seeds },
    );

    expect(inBrowser).toEqual(inNode);
    // The program really exercises the kernel, and different seeds give different runs.
    expect(inNode[0]!.steps).toBeGreaterThan(100);
    expect(new Set(inNode.map((r) => r.hash)).size).toBe(seeds.length);
    watch.expectClean();
  });
});
