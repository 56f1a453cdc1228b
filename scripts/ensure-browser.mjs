// Makes sure a Chromium for the end-to-end tests is present. No browser can be downloaded by
// Playwright here, so we use Debian's package: installed automatically when running as root
// (a fresh Debian machine or CI), otherwise we say exactly what to run.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export function chromiumPath() {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

function run(command, args) {
  execFileSync(command, args, {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

function hasCjkFont() {
  try {
    return execFileSync('fc-list', [':lang=zh'], { encoding: 'utf8' }).trim().length > 0;
  } catch {
    return false;
  }
}

export function ensureBrowser() {
  const path = chromiumPath();
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const packages = [];
  if (!existsSync(path)) {
    if (process.env.CHROMIUM_PATH) throw new Error(`CHROMIUM_PATH=${path} does not exist`);
    packages.push('chromium');
  }
  // Without a CJK font the 简体中文 screenshots show empty boxes; tests do not depend on it.
  const wantFont = !hasCjkFont();
  if (wantFont) packages.push('fonts-wqy-zenhei');
  if (packages.length === 0) return path;
  if (!isRoot) {
    if (packages.includes('chromium')) {
      throw new Error(
        `Chromium not found at ${path}. Install it with: sudo apt-get install -y --no-install-recommends chromium (or set CHROMIUM_PATH)`,
      );
    }
    return path;
  }
  console.log(`installing Debian packages: ${packages.join(' ')}`);
  try {
    run('apt-get', ['update', '-qq']);
    run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages]);
  } catch (error) {
    if (packages.includes('chromium') && !existsSync(path)) throw error;
    console.warn(`could not install ${packages.join(' ')}: ${error.message}`);
  }
  if (!existsSync(path)) throw new Error(`Chromium still missing at ${path} after apt-get install`);
  return path;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`chromium: ${ensureBrowser()}`);
}
