/**
 * Where the conformance scripts live: $RAFT_CONFORMANCE_DIR, or ../shared/conformance/raft next
 * to the repository root.
 */
import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export const conformanceDir = resolve(
  repoRoot,
  process.env.RAFT_CONFORMANCE_DIR ?? '../shared/conformance/raft',
);

/** The *.txt files of a folder, sorted; empty when the folder does not exist. */
export function scriptFiles(dir: string): string[] {
  if (!existsSync(dir)) {
    return [];
  }
  return readdirSync(dir)
    .filter((n) => n.endsWith('.txt') && !n.startsWith('.'))
    .sort();
}

/**
 * True when the scripts are absent and we are not in CI: tests that read them skip. Under
 * CI=true they run anyway and fail, because a missing oracle must never look green there.
 */
export const conformanceMissingOutsideCI =
  scriptFiles(conformanceDir).length === 0 && process.env.CI !== 'true';
