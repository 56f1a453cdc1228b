// The UI bench: loads the built app (dist/index.html, from file:// exactly as a teacher would)
// in Chromium through playwright-core, measures how long a Step and a Step Ready take to show
// on screen, plays the default scenario for N seconds at full speed, seeks backwards, and
// counts main-thread long tasks (PerformanceObserver 'longtask', > 50 ms) in each phase.
// Prints one JSON line. Usage: npm run bench:ui -- [--seconds 10] [--samples 40] [--speed 100]
// [--width 1600] [--height 1000]
// Build first (npm run build or npx vite build).
import { chromium } from 'playwright-core';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? Number(args[i + 1]) : fallback;
};
const seconds = option('seconds', 10);
const samples = option('samples', 40);
// Speed slider position 0…100 (log scale: 50 = 1,000 steps/s, 100 = 100,000 steps/s).
const speed = option('speed', 100);
const width = option('width', 1600);
const height = option('height', 1000);
const index = resolve('dist/index.html');
if (!existsSync(index)) {
  console.error('bench:ui: dist/index.html is missing; run `npx vite build` first');
  process.exit(2);
}

const percentile = (xs, p) => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return Number(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))].toFixed(2));
};

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
try {
  const page = await browser.newPage({ viewport: { width, height } });
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries())
        window.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(pathToFileURL(index).href);
  await page.waitForFunction(() => window.etcdSession !== undefined);

  const idle = () => page.waitForFunction(() => !window.etcdSession.busy());
  const longTasksSince = (t) =>
    page.evaluate((t0) => window.__longTasks.filter((x) => x.start >= t0).map((x) => x.duration), t);
  const now = () => page.evaluate(() => performance.now());

  // Latency of one control: click, then wait for the step to change and the next frame to paint.
  const measure = (name) =>
    page.evaluate(async (label) => {
      const button = [...document.querySelectorAll('button')].find((b) => b.textContent === label);
      const before = window.etcdSession.step();
      const t0 = performance.now();
      button.click();
      for (
        let i = 0;
        i < 100_000 && (window.etcdSession.busy() || window.etcdSession.step() === before);
        i++
      ) {
        await new Promise((r) => setTimeout(r, 0));
      }
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      return performance.now() - t0;
    }, name);

  const t0 = await now();
  const step = [];
  for (let i = 0; i < samples; i++) step.push(await measure('Step'));
  const ready = [];
  for (let i = 0; i < samples; i++) ready.push(await measure('Step Ready'));
  const stepPhaseLong = await longTasksSince(t0);

  // Play at full speed.
  await page.getByRole('slider', { name: 'Speed' }).fill(String(speed));
  const playStart = await now();
  const stepAtStart = await page.evaluate(() => window.etcdSession.step());
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await page.waitForTimeout(seconds * 1000);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  const playEnd = await now();
  const stepAtEnd = await page.evaluate(() => window.etcdSession.step());
  const playLong = await longTasksSince(playStart);
  const slices = await page.evaluate(() => window.etcdSession.sliceDurations());
  const publishes = await page.evaluate(() => window.etcdSession.publishDurations());

  // Seek back to the middle of the run (a replay from step 0, sliced).
  const target = Math.floor(stepAtEnd / 2);
  const seekStart = await now();
  await page.getByRole('slider', { name: 'Position in the run' }).fill(String(target));
  await idle();
  const seekEnd = await now();
  const seekLong = await longTasksSince(seekStart);
  const reached = await page.evaluate(() => window.etcdSession.step());

  const all = await longTasksSince(0);
  console.log(
    JSON.stringify({
      bench: 'ui',
      browser: browser.version(),
      stepLatencyMs: { p50: percentile(step, 50), p95: percentile(step, 95), samples: step.length },
      stepReadyLatencyMs: { p50: percentile(ready, 50), p95: percentile(ready, 95), samples: ready.length },
      play: {
        speedSlider: speed,
        seconds: Number(((playEnd - playStart) / 1000).toFixed(2)),
        kernelSteps: stepAtEnd - stepAtStart,
        stepsPerSecond: Math.round((stepAtEnd - stepAtStart) / ((playEnd - playStart) / 1000)),
        engineSliceMs: {
          p50: percentile(slices, 50),
          p95: percentile(slices, 95),
          max: percentile(slices, 100),
        },
        publishMs: {
          p50: percentile(publishes, 50),
          p95: percentile(publishes, 95),
          max: percentile(publishes, 100),
        },
        longTasks: playLong.length,
        longTaskMaxMs: playLong.length === 0 ? 0 : Math.max(...playLong),
      },
      seekBack: {
        fromStep: stepAtEnd,
        toStep: reached,
        ms: Math.round(seekEnd - seekStart),
        longTasks: seekLong.length,
        longTaskMaxMs: seekLong.length === 0 ? 0 : Math.max(...seekLong),
      },
      stepping: { longTasks: stepPhaseLong.length },
      longTasksTotal: all.length,
      initialJsGzipBytes: initialJsGzipBytes(),
    }),
  );
} finally {
  await browser.close();
}

/** The gzip size of the scripts index.html loads (the budget: under 250 kB). */
function initialJsGzipBytes() {
  const html = readFileSync(index, 'utf8');
  const scripts = [...html.matchAll(/<script[^>]*src="\.\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
  const names = scripts.length > 0 ? scripts : readdirSync('dist/assets').filter((f) => f.endsWith('.js'));
  return names.reduce(
    (sum, f) =>
      sum + gzipSync(readFileSync(resolve('dist', f.startsWith('assets/') ? f : `assets/${f}`))).length,
    0,
  );
}
