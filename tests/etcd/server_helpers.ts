/** Helpers for the member-model tests: a cluster that keeps its log lines, and run-until helpers. */
import { expect } from 'vitest';
import { Cluster } from '../../src/cluster/cluster';
import type { ClientCall, ClusterOptions } from '../../src/cluster/cluster';
import type { LogRecord } from '../../src/etcd/zap';

export interface LoggedCluster {
  readonly c: Cluster;
  /** Every line as `<member> <json>`. */
  readonly lines: string[];
  readonly records: { member: string; rec: LogRecord }[];
}

export function newCluster(
  opts: Partial<ClusterOptions> & { size?: number; seed?: number } = {},
): LoggedCluster {
  const lines: string[] = [];
  const records: { member: string; rec: LogRecord }[] = [];
  const c = new Cluster({
    size: opts.size ?? 3,
    seed: opts.seed ?? 1,
    ...opts,
    logSink: (member, line, rec) => {
      lines.push(`${member} ${line}`);
      records.push({ member, rec });
    },
  });
  c.start();
  return { c, lines, records };
}

/** Runs until every member serves clients and has applied the cluster version. */
export function runUntilReady(c: Cluster, maxSteps = 2_000_000): void {
  const r = c.runUntil(
    () => c.allReady() && c.members.every((m) => !m.up || m.server?.cluster.version() !== undefined),
    maxSteps,
  );
  expect(r.kind).toBe('predicate');
}

/** Runs until the call has its result. */
export function settle<T, O extends string>(
  c: Cluster,
  call: ClientCall<T, O>,
  maxSteps = 2_000_000,
): NonNullable<ClientCall<T, O>['result']> {
  const r = c.runUntil(() => call.result !== null, maxSteps);
  expect(r.kind).toBe('predicate');
  if (call.result === null) throw new Error('no result');
  return call.result;
}

/** The messages of one member's records, in order. */
export function messagesOf(l: LoggedCluster, member: string): string[] {
  return l.records.filter((r) => r.member === member).map((r) => r.rec.msg);
}

/** Checks that `want` appears in `got` as a subsequence (in that order). */
export function expectSubsequence(got: readonly string[], want: readonly string[]): void {
  let i = 0;
  for (const g of got) if (i < want.length && g === want[i]) i++;
  expect(i === want.length ? 'all found in order' : `missing from #${i}: ${want[i]}`).toBe(
    'all found in order',
  );
}
