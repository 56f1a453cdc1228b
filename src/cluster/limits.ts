/**
 * Bounds on what a scenario may ask of a run, so that one slice of the page stays short: a put's
 * value is generated in memory and copied through the WAL, the backend and every member.
 */

/**
 * The largest value a scenario's put or workload may carry: above etcd's default
 * --max-request-bytes (1.5 MiB, `etcdserver: request is too large`), so that refusal can still
 * be shown, but small enough that applying it stays cheap.
 */
export const maxValueBytes = 2 * 1024 * 1024;

/**
 * The deepest nesting a scenario or run file may have: the formats need six levels; a file that
 * nests thousands deep is refused before anything walks it recursively.
 */
export const maxJsonDepth = 32;

/** Whether a parsed JSON value nests deeper than `max` (walked with an explicit stack). */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: { readonly v: unknown; readonly depth: number }[] = [{ v: value, depth: 0 }];
  // Each value is visited once; the stack is bounded by the document's size.
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const { v, depth } = item;
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= max) return true;
    const children = Array.isArray(v) ? (v as unknown[]) : Object.values(v as Record<string, unknown>);
    for (const c of children) stack.push({ v: c, depth: depth + 1 });
  }
  return false;
}
