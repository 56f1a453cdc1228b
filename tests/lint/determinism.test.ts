import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

const repoRoot = resolve(fileURLToPath(import.meta.url), '../../..');
const eslint = new ESLint({ cwd: repoRoot });

async function ruleIdsFor(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(repoRoot, filePath) });
  return (result?.messages ?? []).filter((m) => m.severity === 2).map((m) => m.ruleId ?? 'parse-error');
}

const planted: Array<[string, string, string]> = [
  ['Math.random()', 'export const x = Math.random();\n', 'determinism/no-host-nondeterminism'],
  ['Date.now()', 'export const x = Date.now();\n', 'determinism/no-host-nondeterminism'],
  ['performance.now()', 'export const x = performance.now();\n', 'determinism/no-host-nondeterminism'],
  [
    'crypto.getRandomValues',
    'export const x = crypto.getRandomValues(new Uint8Array(4));\n',
    'determinism/no-host-nondeterminism',
  ],
  ['setTimeout', 'setTimeout(() => undefined, 1);\n', 'determinism/no-host-nondeterminism'],
  ['setInterval', 'setInterval(() => undefined, 1);\n', 'determinism/no-host-nondeterminism'],
  [
    'globalThis.setTimeout',
    'globalThis.setTimeout(() => undefined, 1);\n',
    'determinism/no-host-nondeterminism',
  ],
  ['new Date()', 'export const x = new Date();\n', 'determinism/no-host-nondeterminism'],
];

describe('determinism lint rule', () => {
  for (const folder of ['src/sim', 'src/raft', 'src/etcd', 'src/cluster', 'src/interaction', 'src/session']) {
    it.each(planted)(`fails a planted %s in ${folder}`, async (_name, code, rule) => {
      expect(await ruleIdsFor(`${folder}/planted.ts`, code)).toContain(rule);
    });
  }

  it('accepts the same code in the UI layer, where wall-clock animation is legitimate', async () => {
    for (const [, code] of planted) {
      expect(await ruleIdsFor('src/ui/planted.ts', code)).toEqual([]);
    }
  });

  it('accepts deterministic engine code', async () => {
    const code =
      'export function next(state: number): number {\n  return (state * 1103515245 + 12345) >>> 0;\n}\n';
    expect(await ruleIdsFor('src/raft/planted.ts', code)).toEqual([]);
  });
});
