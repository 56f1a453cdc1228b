// `npm test`: every test the project has, in one command, exactly as CI runs it.
//  1. unit, property and conformance tests (Vitest)
//  2. a production build (the end-to-end tests exercise what ships)
//  3. end-to-end tests in Debian's Chromium (Playwright)
// then one closing line `total: N passed, N failed, N skipped`. Exit status 0 iff nothing failed.
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdirSync, rmSync } from 'node:fs';
import { ensureBrowser } from './ensure-browser.mjs';
import { reports, summarize } from './summarize.mjs';

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const env = { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' };

/** A free loopback port, so that the e2e server never collides with another run on this machine. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function step(title, command, args) {
  console.log(`\n=== ${title} ===`);
  const result = spawnSync(command, args, { stdio: 'inherit', env });
  return result.status === 0;
}

rmSync('reports', { recursive: true, force: true });
mkdirSync('reports/screenshots', { recursive: true });

const failures = [];
if (
  !step('unit, property and conformance tests', npx, [
    'vitest',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${reports.vitest}`,
  ])
) {
  failures.push('vitest');
}

let browserReady = true;
if (!step('production build for the end-to-end tests', npx, ['vite', 'build', '--logLevel', 'warn'])) {
  failures.push('build');
  browserReady = false;
}
if (browserReady) {
  try {
    env.CHROMIUM_PATH = ensureBrowser();
  } catch (error) {
    console.error(String(error.message ?? error));
    failures.push('browser');
    browserReady = false;
  }
}
if (browserReady) env.E2E_PORT ??= String(await freePort());
if (browserReady && !step('end-to-end tests (Chromium)', npx, ['playwright', 'test'])) {
  failures.push('playwright');
}

const { totals, lines } = summarize();
console.log('');
for (const line of lines) console.log(line);
if (failures.length > 0) console.log(`failed steps: ${failures.join(', ')}`);
console.log(`total: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failures.length === 0 && totals.failed === 0 ? 0 : 1);
