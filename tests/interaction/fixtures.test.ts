/**
 * This project's own interaction scripts (tests/fixtures/interaction), written to exercise
 * harness commands the upstream scripts use little (tick-election on a single voter,
 * report-unreachable, send-snapshot with compaction, raft-state). Their expected outputs were
 * derived by hand from upstream v3.6.0's behaviour.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runConformance } from '../../src/interaction/conformance';
import { repoRoot, scriptFiles } from './conformance_dir';

const fixturesDir = join(repoRoot, 'tests/fixtures/interaction');

describe('project interaction scripts', () => {
  const files = scriptFiles(fixturesDir);

  it('has at least three scripts', () => {
    expect(files.length).toBeGreaterThanOrEqual(3);
  });

  for (const name of files) {
    it(name, () => {
      const r = runConformance(name, readFileSync(join(fixturesDir, name), 'utf8'));
      expect(r.crash).toBeUndefined();
      expect(r.actual).toBe(r.expected);
      expect(r.passed).toBe(true);
    });
  }
});
