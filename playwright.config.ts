import { defineConfig } from '@playwright/test';

// Browser tests run in Debian's Chromium (no browser download is possible here). The flags keep
// Chromium from reaching for the network, which this machine does not have.
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const e2ePort = Number(process.env.E2E_PORT ?? 4180);
export const e2eBase = '/classroom/etcd-stepper/';

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  outputDir: 'test-results',
  reporter: [['list'], ['json', { outputFile: 'reports/playwright.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${e2ePort}${e2eBase}`,
    browserName: 'chromium',
    launchOptions: {
      executablePath: chromiumPath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    command: `node scripts/static-server.mjs --port ${e2ePort} --base ${e2eBase} --root dist`,
    url: `http://127.0.0.1:${e2ePort}${e2eBase}`,
    reuseExistingServer: false,
    timeout: 30_000,
  },
});
