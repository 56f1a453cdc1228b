import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// Import cycles inside an engine folder make its files impossible to read (or load) one at a
// time from the bottom up. Type-only imports count: they are still an arrow between files.

const repoRoot = resolve(fileURLToPath(import.meta.url), '../../..');
const folders = ['src/sim', 'src/raft', 'src/etcd', 'src/cluster'];
/** Folders that must stay free of cycles. */
const acyclic = ['src/raft', 'src/etcd'];
/** Cycles that existed when this test was written; they may shrink, not grow. */
const knownCycles = [
  ['src/sim/chan.ts', 'src/sim/goroutine.ts', 'src/sim/kernel.ts', 'src/sim/op.ts', 'src/sim/waitgroup.ts'],
  ['src/cluster/cluster_probe.ts', 'src/cluster/run_record.ts', 'src/cluster/workload.ts'],
];

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return tsFiles(p);
    return /\.tsx?$/.test(e.name) ? [p] : [];
  });
}

// `import … from`, `export … from`, `import '…'` and `import('…')` (type position or dynamic).
const specifier =
  /\b(?:import|export)\s(?:[^;'"]*?\sfrom\s*)?['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

function importsOf(file: string): string[] {
  // Drop comments first, so an import quoted in a doc comment is not an arrow.
  const text = readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '');
  const out: string[] = [];
  for (const m of text.matchAll(specifier)) {
    const spec = m[1] ?? m[2] ?? '';
    if (!spec.startsWith('.')) continue;
    const base = resolve(dirname(file), spec.replace(/\.js$/, ''));
    const hit = [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')].find(
      (c) => existsSync(c) && statSync(c).isFile(),
    );
    if (hit === undefined) throw new Error(`${relative(repoRoot, file)}: cannot resolve '${spec}'`);
    out.push(relative(repoRoot, hit));
  }
  return out;
}

/** Strongly connected components of more than one file, or a file importing itself (Tarjan). */
function cycles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) !== index.get(v)) return;
    const scc: string[] = [];
    for (;;) {
      const w = stack.pop()!;
      onStack.delete(w);
      scc.push(w);
      if (w === v) break;
    }
    if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(scc.sort());
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return out;
}

const graph = new Map<string, string[]>();
for (const folder of folders) {
  for (const file of tsFiles(join(repoRoot, folder))) graph.set(relative(repoRoot, file), importsOf(file));
}
const found = cycles(graph);

describe('import cycles in the engine folders', () => {
  it('reads the import graph, type-only imports included', () => {
    expect(graph.get('src/etcd/server_start.ts')).toContain('src/etcd/server.ts');
    // bootstrap.ts has `import type { PeerNetwork } from './peer_network'`.
    expect(graph.get('src/etcd/bootstrap.ts')).toContain('src/etcd/peer_network.ts');
    expect(graph.get('src/etcd/server.ts')).not.toContain('src/etcd/server_start.ts');
  });

  it('finds a planted cycle', () => {
    const planted = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ]);
    expect(cycles(planted)).toEqual([['a', 'b', 'c']]);
  });

  it.each(acyclic)('%s has no import cycle', (folder) => {
    expect(found.filter((c) => c[0]!.startsWith(`${folder}/`))).toEqual([]);
  });

  it('the other folders have no cycle beyond the known ones', () => {
    const grown = found.filter((c) => !knownCycles.some((k) => c.every((f) => k.includes(f))));
    expect(grown).toEqual([]);
  });
});
