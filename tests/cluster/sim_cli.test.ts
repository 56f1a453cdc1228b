import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');

function sim(args: string[]): { out: string; code: number } {
  try {
    const out = execFileSync(tsx, [join(root, 'src', 'cli', 'sim.ts'), ...args], {
      cwd: root,
      encoding: 'utf8',
    });
    return { out, code: 0 };
  } catch (e) {
    const err = e as { status: number; stdout: string; stderr: string };
    return { out: `${err.stdout}${err.stderr}`, code: err.status };
  }
}

describe('npm run sim', () => {
  it('prints a summary whose last line carries the trace hash, the same for the same seed', () => {
    const a = sim([
      '--members',
      '3',
      '--seed',
      '9',
      '--duration',
      '3s',
      '--put-rate',
      '10',
      '--format',
      'summary',
    ]);
    expect(a.code).toBe(0);
    const lines = a.out.trim().split('\n');
    expect(lines[lines.length - 1]).toMatch(/^trace-hash: [0-9a-f]{16}$/);
    expect(a.out).toContain('leader changes: 1');
    expect(a.out).toMatch(/clients: issued=\d+ ok=\d+/);
    const b = sim([
      '--members',
      '3',
      '--seed',
      '9',
      '--duration',
      '3s',
      '--put-rate',
      '10',
      '--format',
      'summary',
    ]);
    expect(b.out.trim().split('\n').pop()).toBe(lines[lines.length - 1]);
  }, 60_000);

  it('log format prints member-prefixed zap lines; json format one JSON object per line', () => {
    const log = sim(['--members', '1', '--seed', '2', '--duration', '1s', '--format', 'log']);
    expect(log.out).toContain('infra1 | {"level":"info"');
    expect(log.out).toContain('"msg":"ready to serve client requests"');
    const json = sim(['--members', '1', '--seed', '2', '--duration', '1s', '--format', 'json']);
    const rows = json.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows[0]?.['member']).toBe('infra1');
    expect(typeof rows[rows.length - 1]?.['traceHash']).toBe('string');
  }, 60_000);

  it('rejects bad usage with exit code 2', () => {
    expect(sim(['--members', '9']).code).toBe(2);
    expect(sim(['--duration', 'soon']).code).toBe(2);
    expect(sim(['--format', 'xml']).code).toBe(2);
  }, 60_000);
});
