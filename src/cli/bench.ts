/**
 * `npm run bench [-- --only NAME]`: runs the reference workloads and prints one JSON object
 * per workload on its own line. With node's --expose-gc, each line also carries heapUsedMB
 * measured after a full GC.
 */
import { workloads } from './bench/registry';

function parseOnly(argv: readonly string[]): string | undefined {
  const i = argv.indexOf('--only');
  if (i < 0) return undefined;
  const name = argv[i + 1];
  if (name === undefined) throw new Error('bench: --only needs a workload name');
  return name;
}

function heapUsedMB(): number | undefined {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) return undefined;
  gc();
  return Math.round((process.memoryUsage().heapUsed / (1024 * 1024)) * 10) / 10;
}

function main(): number {
  let only: string | undefined;
  try {
    only = parseOnly(process.argv.slice(2));
  } catch (e) {
    console.error((e as Error).message);
    return 2;
  }
  const selected = workloads.filter((w) => only === undefined || w.name === only);
  if (selected.length === 0) {
    console.error(
      `bench: no workload named ${only ?? ''}; known: ${workloads.map((w) => w.name).join(', ')}`,
    );
    return 2;
  }
  for (const w of selected) {
    const result = w.run();
    const heap = heapUsedMB();
    const line: Record<string, number | string> = { workload: w.name, ...result };
    if (heap !== undefined) line['heapUsedMB'] = heap;
    console.log(JSON.stringify(line));
  }
  return 0;
}

process.exitCode = main();
