import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

const repoRoot = resolve(fileURLToPath(import.meta.url), '../../..');
const eslint = new ESLint({ cwd: repoRoot });

async function errorsFor(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(repoRoot, filePath) });
  return (result?.messages ?? []).filter((m) => m.severity === 2).map((m) => m.message);
}

const layerMessage = (from: string, to: string): string =>
  `src/${from} must not import src/${to}: imports point down the stack`;

// [virtual file, code, layer it imports from, layer it must not reach]
const upward: Array<[string, string, string, string]> = [
  ['src/sim/planted.ts', "import { Raft } from '../raft/raft';\nexport const x = Raft;\n", 'sim', 'raft'],
  [
    'src/raft/planted.ts',
    "import { Server } from '../etcd/server';\nexport const x = Server;\n",
    'raft',
    'etcd',
  ],
  [
    'src/raft/tracker/planted.ts',
    "import type { Y } from '../../etcd/y';\nexport type X = Y;\n",
    'raft',
    'etcd',
  ],
  [
    'src/etcd/planted.ts',
    "import type { Network } from '../cluster/network';\nexport type X = Network;\n",
    'etcd',
    'cluster',
  ],
  [
    'src/etcd/sub/planted.ts',
    "import { Cluster } from '../../cluster/cluster';\nexport const x = Cluster;\n",
    'etcd',
    'cluster',
  ],
  ['src/etcd/planted.ts', "export * from '../session/engine';\n", 'etcd', 'session'],
  ['src/etcd/planted.ts', "import ui = require('../ui/App');\nexport { ui };\n", 'etcd', 'ui'],
  [
    'src/cluster/planted.ts',
    "import { Engine } from '../session/engine';\nexport const x = Engine;\n",
    'cluster',
    'session',
  ],
  [
    'src/cluster/planted.ts',
    "import { type InteractionEnv } from '../interaction/interaction_env';\nexport type X = InteractionEnv;\n",
    'cluster',
    'interaction',
  ],
  [
    'src/cluster/scenarios/planted.ts',
    "export type X = import('../../interaction/interaction_env').InteractionEnv;\n",
    'cluster',
    'interaction',
  ],
  [
    'src/interaction/planted.ts',
    "import { Run } from '../cluster/run_record';\nexport const x = Run;\n",
    'interaction',
    'cluster',
  ],
  [
    'src/interaction/handlers/planted.ts',
    "export const x = import('../../etcd/server');\n",
    'interaction',
    'etcd',
  ],
  ['src/session/planted.ts', "import { App } from '../ui/App';\nexport const x = App;\n", 'session', 'ui'],
  [
    'src/session/planted.ts',
    "import type { Sim } from '../cli/sim';\nexport type X = Sim;\n",
    'session',
    'cli',
  ],
  ['src/ui/planted.ts', "import { main } from '../cli/sim';\nexport const x = main;\n", 'ui', 'cli'],
  [
    'src/ui/session/planted.tsx',
    "import type { Sim } from '../../cli/sim';\nexport type X = Sim;\n",
    'ui',
    'cli',
  ],
  ['src/cli/planted.ts', "import { App } from '../ui/App';\nexport const x = App;\n", 'cli', 'ui'],
];

const downward: Array<[string, string]> = [
  ['src/raft/planted.ts', "import { Kernel } from '../sim/kernel';\nexport const x = Kernel;\n"],
  ['src/etcd/planted.ts', "import type { Raft } from '../raft/raft';\nexport type X = Raft;\n"],
  ['src/cluster/planted.ts', "import { Server } from '../etcd/server';\nexport const x = Server;\n"],
  ['src/interaction/planted.ts', "import { RawNode } from '../raft/rawnode';\nexport const x = RawNode;\n"],
  ['src/session/planted.ts', "import { Cluster } from '../cluster/cluster';\nexport const x = Cluster;\n"],
  ['src/ui/planted.ts', "import { Engine } from '../session/engine';\nexport const x = Engine;\n"],
  [
    'src/ui/session/planted.ts',
    "import { Cluster } from '../../cluster/cluster';\nexport const x = Cluster;\n",
  ],
  ['src/cli/planted.ts', "import { Run } from '../cluster/run_record';\nexport const x = Run;\n"],
  ['src/etcd/planted.ts', "import { serve } from './server';\nexport const x = serve;\n"],
];

describe('layers lint rule', () => {
  it.each(upward)('fails %s: %s', async (file, code, from, to) => {
    const errors = await errorsFor(file, code);
    expect(errors.some((m) => m.includes(layerMessage(from, to)))).toBe(true);
  });

  it.each(downward)('accepts %s: %s', async (file, code) => {
    expect(await errorsFor(file, code)).toEqual([]);
  });
});
