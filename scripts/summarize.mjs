// Adds up the runners' JSON reports into the one line CI reads:
//   total: N passed, N failed, N skipped
// A runner whose report is missing counts as one failure: a suite that did not run is not green.
import { existsSync, readFileSync } from 'node:fs';

export const reports = {
  vitest: 'reports/vitest.json',
  playwright: 'reports/playwright.json',
};

function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

export function summarize() {
  const totals = { passed: 0, failed: 0, skipped: 0 };
  const lines = [];
  if (existsSync(reports.vitest)) {
    const r = readJson(reports.vitest);
    const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
    totals.passed += r.numPassedTests ?? 0;
    totals.failed += (r.numFailedTests ?? 0) + (r.success === false && !r.numFailedTests ? 1 : 0);
    totals.skipped += skipped;
    lines.push(`vitest: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
  } else {
    totals.failed += 1;
    lines.push(`vitest: no report at ${reports.vitest}`);
  }
  if (existsSync(reports.playwright)) {
    const s = readJson(reports.playwright).stats ?? {};
    const passed = (s.expected ?? 0) + (s.flaky ?? 0);
    totals.passed += passed;
    totals.failed += s.unexpected ?? 0;
    totals.skipped += s.skipped ?? 0;
    lines.push(`playwright: ${passed} passed, ${s.unexpected ?? 0} failed, ${s.skipped ?? 0} skipped`);
  } else {
    totals.failed += 1;
    lines.push(`playwright: no report at ${reports.playwright}`);
  }
  return { totals, lines };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { totals, lines } = summarize();
  for (const line of lines) console.log(line);
  console.log(`total: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
  process.exit(totals.failed === 0 ? 0 : 1);
}
