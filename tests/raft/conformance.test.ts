/**
 * etcd raft's own interaction scripts, one test per file: the TypeScript raft library driven by
 * the TypeScript harness must print every expected block byte for byte.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runConformance } from '../../src/interaction/conformance';
import { conformanceDir, scriptFiles } from '../interaction/conformance_dir';

const present = existsSync(conformanceDir);
const inCI = process.env.CI === 'true';

describe('raft interaction conformance', () => {
  if (!present) {
    const reason = `conformance folder not found: ${conformanceDir} (set RAFT_CONFORMANCE_DIR)`;
    if (inCI) {
      it('has its conformance folder', () => {
        expect.fail(reason);
      });
    } else {
      console.warn(`skipping raft conformance: ${reason}`);
      it.skip(`conformance scripts (${reason})`, () => undefined);
    }
    return;
  }

  for (const name of scriptFiles(conformanceDir)) {
    it(name, () => {
      const r = runConformance(name, readFileSync(join(conformanceDir, name), 'utf8'));
      if (!r.passed) {
        const at = r.firstDifferenceLine ?? 1;
        const window = (text: string): string =>
          text
            .split('\n')
            .slice(Math.max(0, at - 4), at + 3)
            .join('\n');
        const details = r.crash === undefined ? '' : `\npanic at ${r.crash.pos}: ${r.crash.message}`;
        expect(window(r.actual), `first difference at line ${at}${details}`).toBe(window(r.expected));
      }
      expect(r.passed).toBe(true);
    });
  }

  it('gives the same output on a second run of every script (determinism)', () => {
    for (const name of scriptFiles(conformanceDir)) {
      const text = readFileSync(join(conformanceDir, name), 'utf8');
      expect(runConformance(name, text).actual).toBe(runConformance(name, text).actual);
    }
  });
});
