// Lint configuration. The block marked "determinism" is a product guarantee, not a style
// preference: the engine layers must be replayable bit for bit from a seed and an input log,
// so every source of wall-clock time, host randomness or host scheduling is banned there, by the
// local rule in eslint-rules/determinism.js.
// The block marked "layers" keeps every import pointing down the stack, so a lower layer can be
// read, tested and replayed without the ones above it.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import noHostNondeterminism from './eslint-rules/determinism.js';

export const engineFolders = [
  'src/sim',
  'src/raft',
  'src/etcd',
  'src/cluster',
  'src/interaction',
  'src/session',
];

// The custom rule resolves names through scopes, so aliases (`const M = Math`), the global object's
// other names (`globalThis.`, `window.`, `self.`), casts and destructuring are caught, while a local
// that merely shadows a global is not. See eslint-rules/determinism.js.
export const determinismRules = {
  'determinism/no-host-nondeterminism': 'error',
};

const layerOrder = 'sim → raft → etcd → cluster/interaction → session → ui/cli';

// What each folder must not import: everything above it, and its sibling on the same level.
export const layerForbids = {
  sim: ['raft', 'etcd', 'cluster', 'interaction', 'session', 'ui', 'cli'],
  raft: ['etcd', 'cluster', 'interaction', 'session', 'ui', 'cli'],
  etcd: ['cluster', 'interaction', 'session', 'ui', 'cli'],
  cluster: ['interaction', 'session', 'ui', 'cli'],
  interaction: ['etcd', 'cluster', 'session', 'ui', 'cli'],
  session: ['ui', 'cli'],
  ui: ['cli'],
  cli: ['ui'],
};

const layerMessage = (from, to) =>
  `src/${from} must not import src/${to}: imports point down the stack ${layerOrder}`;

// Any number of '../' then the target folder (optionally via src/), so subfolders are covered too.
// '\x2F' stands for '/' because the selector syntax below cannot hold a slash inside a regex.
const layerSource = (to) => `^(\\.\\.\\x2F)+(src\\x2F)?${to}(\\x2F|$)`;

function layerRules(from) {
  const forbids = layerForbids[from];
  return {
    // typescript-eslint's variant, which reports `import type` and `import x = require()` as well.
    'no-restricted-imports': 'off',
    '@typescript-eslint/no-restricted-imports': [
      'error',
      { patterns: forbids.map((to) => ({ regex: layerSource(to), message: layerMessage(from, to) })) },
    ],
    // Neither import rule sees `import('...')`, in type position or as a dynamic import.
    'no-restricted-syntax': [
      'error',
      ...forbids.flatMap((to) => [
        {
          selector: `TSImportType[source.value=/${layerSource(to)}/]`,
          message: layerMessage(from, to),
        },
        { selector: `ImportExpression[source.value=/${layerSource(to)}/]`, message: layerMessage(from, to) },
      ]),
    ],
  };
}

export default tseslint.config(
  {
    ignores: ['dist/**', 'node_modules/**', 'reports/**', 'test-results/**', 'playwright-report/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.browser, ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
  {
    // determinism
    files: engineFolders.map((folder) => `${folder}/**/*.{ts,tsx}`),
    plugins: { determinism: { rules: { 'no-host-nondeterminism': noHostNondeterminism } } },
    rules: determinismRules,
  },
  // layers
  ...Object.keys(layerForbids).map((from) => ({
    files: [`src/${from}/**/*.{ts,tsx}`],
    rules: layerRules(from),
  })),
);
