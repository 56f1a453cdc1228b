// Lint configuration. The block marked "determinism" is a product guarantee, not a style
// preference: the engine layers must be replayable bit for bit from a seed and an input log,
// so every source of wall-clock time, host randomness or host scheduling is banned there.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export const engineFolders = [
  'src/sim',
  'src/raft',
  'src/etcd',
  'src/cluster',
  'src/interaction',
  'src/session',
];

const determinismMessage =
  'is banned in the engine layers: use the sim kernel (virtual clock, seeded streams, timers) instead';

export const determinismRules = {
  'no-restricted-properties': [
    'error',
    { object: 'Math', property: 'random', message: `Math.random ${determinismMessage}` },
    { object: 'Date', property: 'now', message: `Date.now ${determinismMessage}` },
    { object: 'performance', property: 'now', message: `performance.now ${determinismMessage}` },
    {
      object: 'crypto',
      property: 'getRandomValues',
      message: `crypto.getRandomValues ${determinismMessage}`,
    },
    { object: 'crypto', property: 'randomUUID', message: `crypto.randomUUID ${determinismMessage}` },
    { object: 'globalThis', property: 'setTimeout', message: `setTimeout ${determinismMessage}` },
    { object: 'globalThis', property: 'setInterval', message: `setInterval ${determinismMessage}` },
    { object: 'window', property: 'setTimeout', message: `setTimeout ${determinismMessage}` },
    { object: 'window', property: 'setInterval', message: `setInterval ${determinismMessage}` },
    { object: 'process', property: 'hrtime', message: `process.hrtime ${determinismMessage}` },
  ],
  'no-restricted-globals': [
    'error',
    { name: 'setTimeout', message: `setTimeout ${determinismMessage}` },
    { name: 'setInterval', message: `setInterval ${determinismMessage}` },
    { name: 'setImmediate', message: `setImmediate ${determinismMessage}` },
    { name: 'queueMicrotask', message: `queueMicrotask ${determinismMessage}` },
    { name: 'requestAnimationFrame', message: `requestAnimationFrame ${determinismMessage}` },
    { name: 'performance', message: `performance ${determinismMessage}` },
  ],
  'no-restricted-syntax': [
    'error',
    { selector: "NewExpression[callee.name='Date']", message: `new Date() ${determinismMessage}` },
    {
      selector: 'ForInStatement',
      message: 'for...in is banned in the engine layers: iterate sorted keys or a Map explicitly',
    },
  ],
};

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
    rules: determinismRules,
  },
);
