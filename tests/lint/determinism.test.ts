import { describe, expect, it } from 'vitest';
import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { readdirSync } from 'node:fs';
import noHostNondeterminism from '../../eslint-rules/determinism.js';

const repoRoot = resolve(fileURLToPath(import.meta.url), '../../..');
const eslint = new ESLint({ cwd: repoRoot });
const rule = 'determinism/no-host-nondeterminism';
// eslint.config.js's engineFolders (the config has no types to import it by).
const engineFolders = ['src/sim', 'src/raft', 'src/etcd', 'src/cluster', 'src/interaction', 'src/session'];

async function messagesFor(filePath: string, code: string): Promise<Linter.LintMessage[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(repoRoot, filePath) });
  return (result?.messages ?? []).filter((m) => m.severity === 2);
}

async function ruleIdsFor(filePath: string, code: string): Promise<string[]> {
  return (await messagesFor(filePath, code)).map((m) => m.ruleId ?? 'parse-error');
}

// [name, planted code, the API the message must name]
type Form = [string, string, string];

// The forms the sweep found slipping through the old no-restricted-* entries.
const sweep: Form[] = [
  ['globalThis.Math.random()', 'export const x = globalThis.Math.random();\n', 'Math.random'],
  ['const M = Math; M.random()', 'const M = Math;\nexport const x = M.random();\n', 'Math.random'],
  ['const D = Date; new D()', 'const D = Date;\nexport const x = new D();\n', 'new Date()'],
  ['Date() without new', 'export const x = Date();\n', 'Date()'],
  ['new globalThis.Date()', 'export const x = new globalThis.Date();\n', 'new Date()'],
  ['Intl.DateTimeFormat()', 'export const x = Intl.DateTimeFormat();\n', 'Intl'],
  ['n.toLocaleString()', 'export const f = (n: number): string => n.toLocaleString();\n', 'toLocaleString'],
  [
    'toLocaleDateString',
    'export const f = (d: { toLocaleDateString(): string }) => d.toLocaleDateString();\n',
    'toLocaleDateString',
  ],
  [
    'toLocaleTimeString',
    'export const f = (d: { toLocaleTimeString(): string }) => d.toLocaleTimeString();\n',
    'toLocaleTimeString',
  ],
  ['WeakRef', 'export const x = new WeakRef({});\n', 'WeakRef'],
  [
    'FinalizationRegistry',
    'export const x = new FinalizationRegistry(() => undefined);\n',
    'FinalizationRegistry',
  ],
  ['globalThis.performance.now()', 'export const x = globalThis.performance.now();\n', 'performance'],
  [
    'globalThis.crypto.getRandomValues',
    'export const x = globalThis.crypto.getRandomValues(new Uint8Array(4));\n',
    'crypto.getRandomValues',
  ],
  ['self.setTimeout', 'self.setTimeout(() => undefined, 1);\n', 'setTimeout'],
  ['MessageChannel', 'export const x = new MessageChannel();\n', 'MessageChannel'],
  ['process.uptime()', 'export const x = process.uptime();\n', 'process.uptime'],
  ['eval', "export const x = eval('1');\n", 'eval'],
  ['new Function', "export const x = new Function('return 1');\n", 'new Function'],
  [
    'Atomics.wait',
    'export const x = Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);\n',
    'Atomics.wait',
  ],
  ['navigator.hardwareConcurrency', 'export const x = navigator.hardwareConcurrency;\n', 'navigator'],
  [
    '(globalThis as any).setTimeout',
    '(globalThis as any).setTimeout(() => undefined, 1);\n',
    'a cast of globalThis',
  ],
  [
    '(globalThis as unknown as {…}).x()',
    'export const x = (globalThis as unknown as { x: () => number }).x();\n',
    'a cast of globalThis',
  ],
  ['(window as any).performance', 'export const x = (window as any).performance;\n', 'a cast of window'],
];

// The forms the old entries already caught.
const existing: Form[] = [
  ['Math.random()', 'export const x = Math.random();\n', 'Math.random'],
  ['Date.now()', 'export const x = Date.now();\n', 'Date.now'],
  ['performance.now()', 'export const x = performance.now();\n', 'performance'],
  [
    'crypto.getRandomValues',
    'export const x = crypto.getRandomValues(new Uint8Array(4));\n',
    'crypto.getRandomValues',
  ],
  ['crypto.randomUUID', 'export const x = crypto.randomUUID();\n', 'crypto.randomUUID'],
  ['setTimeout', 'setTimeout(() => undefined, 1);\n', 'setTimeout'],
  ['setInterval', 'setInterval(() => undefined, 1);\n', 'setInterval'],
  ['setImmediate', 'setImmediate(() => undefined);\n', 'setImmediate'],
  ['queueMicrotask', 'queueMicrotask(() => undefined);\n', 'queueMicrotask'],
  ['requestAnimationFrame', 'requestAnimationFrame(() => undefined);\n', 'requestAnimationFrame'],
  ['globalThis.setTimeout', 'globalThis.setTimeout(() => undefined, 1);\n', 'setTimeout'],
  ['globalThis.setInterval', 'globalThis.setInterval(() => undefined, 1);\n', 'setInterval'],
  ['window.setTimeout', 'window.setTimeout(() => undefined, 1);\n', 'setTimeout'],
  ['window.setInterval', 'window.setInterval(() => undefined, 1);\n', 'setInterval'],
  ['new Date()', 'export const x = new Date();\n', 'new Date()'],
  ['new Date(0)', 'export const x = new Date(0);\n', 'new Date()'],
  ['process.hrtime', 'export const x = process.hrtime.bigint();\n', 'process.hrtime'],
  ['for...in', 'for (const k in {}) console.log(k);\n', 'for...in'],
];

// Other spellings of the same reads.
const variants: Form[] = [
  ["Math['random']", "export const x = Math['random']();\n", 'Math.random'],
  ['Math[`random`]', 'export const x = Math[`random`]();\n', 'Math.random'],
  ['Math[key]', "const key = 'random';\nexport const x = Math[key]();\n", 'computed access to Math'],
  ["globalThis['setTimeout']", "globalThis['setTimeout'](() => undefined, 1);\n", 'setTimeout'],
  ['const { random } = Math', 'const { random } = Math;\nexport const x = random();\n', 'Math.random'],
  [
    'const { random: r = f } = Math',
    'const { random: r = () => 1 } = Math;\nexport const x = r();\n',
    'Math.random',
  ],
  ['const { now } = Date', 'const { now } = Date;\nexport const x = now();\n', 'Date.now'],
  [
    'const { Date: D } = globalThis',
    'const { Date: D } = globalThis;\nexport const x = new D();\n',
    'new Date()',
  ],
  [
    'const { Math: { random } } = globalThis',
    'const {\n  Math: { random },\n} = globalThis;\nexport const x = random();\n',
    'Math.random',
  ],
  [
    'const { setTimeout } = globalThis',
    'const { setTimeout } = globalThis;\nsetTimeout(() => undefined, 1);\n',
    'setTimeout',
  ],
  [
    'const g = globalThis; g.Date.now()',
    'const g = globalThis;\nexport const x = g.Date.now();\n',
    'Date.now',
  ],
  [
    'const D = globalThis.Date; D.now()',
    'const D = globalThis.Date;\nexport const x = D.now();\n',
    'Date.now',
  ],
  ['alias of an alias', 'const A = Math;\nconst B = A;\nexport const x = B.random();\n', 'Math.random'],
  ['optional chaining', 'export const x = globalThis?.performance?.now();\n', 'performance'],
  ['Math?.random()', 'export const x = Math?.random();\n', 'Math.random'],
  ['(Math as any).random()', 'export const x = (Math as any).random();\n', 'Math.random'],
  ['Math!.random()', 'export const x = Math!.random();\n', 'Math.random'],
  ["Reflect.get(Math, 'random')", "export const x = Reflect.get(Math, 'random');\n", 'Math used as a value'],
  [
    "Reflect.get(globalThis, 'Date')",
    "export const x = Reflect.get(globalThis, 'Date');\n",
    'globalThis used as a value',
  ],
  ['export const M = Math', 'export const M = Math;\n', 'Math used as a value'],
  ['export { M }', 'const M = Math;\nexport { M };\n', 'Math used as a value'],
  ['(0, Math).random', 'export const x = (0, Math).random();\n', 'Math used as a value'],
  ['new Date via self', 'export const x = new self.Date();\n', 'new Date()'],
  ['window.performance.now()', 'export const x = window.performance.now();\n', 'performance'],
  ['<any>self', 'export const x = (<any>self).x;\n', 'a cast of self'],
  ['globalThis!', 'export const x = globalThis!.Object;\n', 'a cast of globalThis'],
  ['Function() without new', "export const x = Function('return 1');\n", 'Function'],
  ['process.nextTick', 'process.nextTick(() => undefined);\n', 'process.nextTick'],
  ['localeCompare', "export const x = 'a'.localeCompare('b');\n", 'localeCompare'],
  [
    'const { toLocaleString } = n',
    'export const f = (n: number) => {\n  const { toLocaleString } = n;\n  return toLocaleString;\n};\n',
    'toLocaleString',
  ],
  [
    "import from 'node:crypto'",
    "import { randomBytes } from 'node:crypto';\nexport const x = randomBytes(4);\n",
    "'node:crypto'",
  ],
  [
    "import from 'perf_hooks'",
    "import { performance as p } from 'perf_hooks';\nexport const x = p.now();\n",
    "'perf_hooks'",
  ],
  [
    "import('node:timers/promises')",
    "export const x = import('node:timers/promises');\n",
    "'node:timers/promises'",
  ],
];

// Ways around a scope lookup or onto a host module.
const bypasses: Form[] = [
  [
    'declare const performance',
    'declare const performance: { now(): number };\nexport const x = performance.now();\n',
    'performance',
  ],
  [
    'declare function setTimeout',
    'declare function setTimeout(f: () => void): void;\nsetTimeout(() => 1);\n',
    'setTimeout',
  ],
  [
    'declare global { var Date }',
    'declare global {\n  var Date: DateConstructor;\n}\nexport const x = new Date();\n',
    'new Date()',
  ],
  ["require('crypto')", "export const x = require('crypto');\n", "'crypto'"],
  ["import x = require('node:os')", "import os = require('node:os');\nexport const x = os;\n", "'node:os'"],
  [
    'import(name)',
    "const name = 'node:crypto';\nexport const x = import(name);\n",
    'import() of a computed name',
  ],
  [
    "process.getBuiltinModule('crypto')",
    "export const x = process.getBuiltinModule('crypto');\n",
    'process.getBuiltinModule',
  ],
  ['Temporal.Now', 'export const x = Temporal.Now;\n', 'Temporal.Now'],
  ['AbortSignal.timeout', 'export const x = AbortSignal.timeout(5);\n', 'AbortSignal.timeout'],
  ['document.timeline', 'export const x = document.timeline;\n', 'document'],
];

const forms: Form[] = [...sweep, ...existing, ...variants, ...bypasses];

// Every banned global under every name of the global object, one per line.
const bannedGlobals = [
  'setTimeout',
  'setInterval',
  'setImmediate',
  'queueMicrotask',
  'requestAnimationFrame',
  'performance',
  'navigator',
  'Intl',
  'WeakRef',
  'FinalizationRegistry',
  'MessageChannel',
  'eval',
  'Function',
];
const guardedReads = [
  'Math.random',
  'Date.now',
  'crypto.getRandomValues',
  'crypto.randomUUID',
  'process.hrtime',
  'process.uptime',
  'Atomics.wait',
];
const prefixes = ['globalThis', 'window', 'self'];
const prefixed = (prefix: string): string[] => [
  ...bannedGlobals.map((g) => `export const x_${g} = ${prefix}.${g};`),
  ...guardedReads.map((r) => `export const x_${r.replace('.', '_')} = ${prefix}.${r};`),
  `export const x_new_Date = new ${prefix}.Date();`,
  `export const x_Date = ${prefix}.Date();`,
];

describe('determinism lint rule', () => {
  it('plants every form of the sweep', () => {
    expect(sweep).toHaveLength(23);
  });

  it('is on in every src folder but the UI and the CLI, and only there', async () => {
    const folders = readdirSync(resolve(repoRoot, 'src'), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => `src/${d.name}`);
    const on: string[] = [];
    for (const folder of folders) {
      const config = await eslint.calculateConfigForFile(resolve(repoRoot, folder, 'planted.ts'));
      if (config.rules?.[rule]?.[0] === 2) on.push(folder);
    }
    expect(on.sort()).toEqual([...engineFolders].sort());
    expect(folders.filter((f) => !on.includes(f)).sort()).toEqual(['src/cli', 'src/ui']);
  });

  describe.each(engineFolders)('in %s', (folder) => {
    it.each(forms)('fails a planted %s', async (_name, code, api) => {
      const messages = (await messagesFor(`${folder}/planted.ts`, code)).filter((m) => m.ruleId === rule);
      expect(messages.map((m) => m.message).join('\n')).toContain(api);
    });

    it.each(prefixes)('fails every banned global read through %s.', async (prefix) => {
      const lines = prefixed(prefix);
      const messages = await messagesFor(`${folder}/planted.ts`, lines.join('\n') + '\n');
      const reported = new Set(messages.filter((m) => m.ruleId === rule).map((m) => m.line));
      expect(lines.filter((_line, i) => !reported.has(i + 1))).toEqual([]);
    });
  });

  it('leaves the UI layer alone, where wall-clock animation is legitimate', async () => {
    for (const [, code] of forms) {
      expect(await ruleIdsFor('src/ui/planted.ts', code)).not.toContain(rule);
    }
    for (const prefix of prefixes) {
      expect(await ruleIdsFor('src/ui/planted.ts', prefixed(prefix).join('\n') + '\n')).not.toContain(rule);
    }
  });

  it('accepts deterministic engine code', async () => {
    const code = [
      'export function next(state: number): number {',
      '  return (state * 1103515245 + 12345) >>> 0;',
      '}',
      'export const m = Math.max(1, Math.floor(2.5), Math.PI);',
      'export const utc = Date.UTC(2020, 0, 1);',
      'export const isDate = (v: unknown): boolean => v instanceof Date;',
      "export const hasTimers = typeof globalThis === 'object' && 'Object' in globalThis;",
      'export const keys = (o: object): string[] => globalThis.Object.keys(o).sort();',
      'export let when: Date | undefined;',
      'export type Perf = typeof performance;',
      'export type Timer = ReturnType<typeof setTimeout>;',
      'export const clock = { now: (): number => 0, random: (): number => 4 };',
      'export const t = clock.now() + clock.random();',
      'for (const k of Object.keys(clock).sort()) console.log(k);',
      "export { sha1 } from './sha1';",
      '',
    ].join('\n');
    expect(await ruleIdsFor('src/raft/planted.ts', code)).not.toContain(rule);
  });

  it('accepts locals that shadow a banned global', async () => {
    const code = [
      'export function f(performance: { now(): number }): number {',
      '  return performance.now();',
      '}',
      'export function g(setTimeout: (f: () => void) => void): void {',
      '  setTimeout(() => undefined);',
      '}',
      'export function h(): number {',
      '  const Date = { now: (): number => 7 };',
      '  const Math = { random: (): number => 4 };',
      '  return Date.now() + Math.random();',
      '}',
      'export function k({ now }: { now(): number }): number {',
      '  return now();',
      '}',
      'export function self(): number {',
      '  const self = { setTimeout: (): number => 1 };',
      '  return self.setTimeout();',
      '}',
      'const crypto = { randomUUID: (): string => "00000000-0000-0000-0000-000000000000" };',
      'export const id = crypto.randomUUID();',
      '',
    ].join('\n');
    expect(await ruleIdsFor('src/sim/planted.ts', code)).not.toContain(rule);
  });

  it('passes on the real engine folders', async () => {
    // Only this rule, on the TypeScript parser: the full config is checked by `eslint .`.
    const scan = new ESLint({
      cwd: repoRoot,
      overrideConfigFile: true,
      overrideConfig: [
        {
          files: ['**/*.{ts,tsx}'],
          languageOptions: { parser: tseslint.parser, sourceType: 'module' },
          plugins: { determinism: { rules: { 'no-host-nondeterminism': noHostNondeterminism } } },
          rules: { [rule]: 'error' },
        },
      ],
    });
    const results = await scan.lintFiles(engineFolders.map((f) => `${f}/**/*.{ts,tsx}`));
    expect(results.length).toBeGreaterThan(100);
    const found = results.flatMap((r) => r.messages.map((m) => `${r.filePath}:${m.line} ${m.message}`));
    expect(found).toEqual([]);
  }, 120_000);
});
