/**
 * The configuration keys a scenario may override, in one table: each key's type, its bounds and
 * where it lands (a ServerConfig field, a simulator knob of ServerConfig.sim, a raft knob etcd
 * hard-codes, or the simulated client). The scenario schema, the serializer and the mapping to
 * ServerConfigOverrides are all derived from this table, so adding a knob is one line here.
 *
 * Server-side bounds are checked again by validateServerConfig (src/etcd/config.ts) with etcd's
 * own texts (e.g. the 5 × heartbeat rule); this table only rejects what can never make sense.
 */
import type { ServerConfig, ServerConfigOverrides, SimKnobs } from '../etcd/config';

/** A latency drawn uniformly from [minUs, maxUs]. */
export interface LatencyRange {
  readonly minUs: number;
  readonly maxUs: number;
}

type SimRangeName = 'fsyncUs' | 'walAppendUs' | 'networkLatencyUs' | 'snapshotSaveUs';
type ServerNumberField = {
  [K in keyof ServerConfig]: ServerConfig[K] extends number ? K : never;
}[keyof ServerConfig];
type ServerBooleanField = {
  [K in keyof ServerConfig]: ServerConfig[K] extends boolean ? K : never;
}[keyof ServerConfig];

export type ConfigKeySpec =
  | { readonly kind: 'int'; readonly min: number; readonly max?: number; readonly server: ServerNumberField }
  | { readonly kind: 'int'; readonly min: number; readonly max?: number; readonly raft: 'heartbeatTick' }
  | { readonly kind: 'int'; readonly min: number; readonly max?: number; readonly client: 'requestTimeoutMs' }
  | { readonly kind: 'bool'; readonly server: ServerBooleanField }
  | { readonly kind: 'probability'; readonly sim: 'networkLossProbability' }
  | { readonly kind: 'duration'; readonly sim: 'applyUsPerEntry' }
  | { readonly kind: 'range'; readonly simRange: SimRangeName };

/**
 * Every key a scenario's `config` block accepts. Times named *Ms are integer milliseconds as
 * etcd's flags are; latencies are durations ("2ms") or ranges ({ "min": "1ms", "max": "4ms" }).
 */
export const scenarioConfigKeys = {
  /** etcd --heartbeat-interval: the raft tick. */
  tickMs: { kind: 'int', min: 1, max: 60_000, server: 'tickMs' },
  /** The same flag under the name most people know it by; must agree with tickMs if both are set. */
  heartbeatMs: { kind: 'int', min: 1, max: 60_000, server: 'tickMs' },
  /** etcd --election-timeout. */
  electionMs: { kind: 'int', min: 1, max: 50_000, server: 'electionMs' },
  /** raft HeartbeatTick: etcd hard-codes 1; the comparison workload W1 uses 5. */
  heartbeatTick: { kind: 'int', min: 1, max: 1000, raft: 'heartbeatTick' },
  preVote: { kind: 'bool', server: 'preVote' },
  checkQuorum: { kind: 'bool', server: 'checkQuorum' },
  maxGapBetweenApplyAndCommitIndex: { kind: 'int', min: 0, server: 'maxGapBetweenApplyAndCommitIndex' },
  maxRequestBytes: { kind: 'int', min: 1, server: 'maxRequestBytes' },
  snapshotCount: { kind: 'int', min: 0, server: 'snapshotCount' },
  snapshotCatchUpEntries: { kind: 'int', min: 0, server: 'snapshotCatchUpEntries' },
  maxSizePerMsg: { kind: 'int', min: 1, server: 'maxSizePerMsg' },
  maxInflightMsgs: { kind: 'int', min: 1, server: 'maxInflightMsgs' },
  /** The simulated client's per-request deadline (clientv3 context timeout). */
  requestTimeoutMs: { kind: 'int', min: 1, max: 3_600_000, client: 'requestTimeoutMs' },
  walFsyncLatency: { kind: 'range', simRange: 'fsyncUs' },
  walAppendLatency: { kind: 'range', simRange: 'walAppendUs' },
  snapshotSaveLatency: { kind: 'range', simRange: 'snapshotSaveUs' },
  networkLatency: { kind: 'range', simRange: 'networkLatencyUs' },
  networkLossProbability: { kind: 'probability', sim: 'networkLossProbability' },
  /** Apply time per committed entry. */
  applyLatency: { kind: 'duration', sim: 'applyUsPerEntry' },
} as const satisfies Record<string, ConfigKeySpec>;

export type ScenarioConfigKey = keyof typeof scenarioConfigKeys;

type ValueOf<S> = S extends { kind: 'int' }
  ? number
  : S extends { kind: 'bool' }
    ? boolean
    : S extends { kind: 'probability' }
      ? number
      : S extends { kind: 'duration' }
        ? number
        : S extends { kind: 'range' }
          ? LatencyRange
          : never;

/** A parsed `config` block: ints in their own unit, durations in µs, ranges in µs. */
export type ScenarioConfig = {
  readonly [K in ScenarioConfigKey]?: ValueOf<(typeof scenarioConfigKeys)[K]>;
};

export const scenarioConfigKeyNames: readonly ScenarioConfigKey[] = Object.keys(
  scenarioConfigKeys,
) as ScenarioConfigKey[];

/** What a cluster needs from a scenario's config, split by who consumes it. */
export interface ClusterConfigParts {
  readonly server: ServerConfigOverrides;
  readonly raft: { readonly heartbeatTick?: number };
  readonly client: { readonly requestTimeoutUs?: number };
}

/** Maps a parsed config block onto ServerConfigOverrides (src/etcd/config.ts) and the rest. */
export function clusterConfigParts(cfg: ScenarioConfig): ClusterConfigParts {
  const server: Record<string, number | boolean> = {};
  const sim: Record<string, number> = {};
  let heartbeatTick: number | undefined;
  let requestTimeoutUs: number | undefined;
  for (const key of scenarioConfigKeyNames) {
    const value = cfg[key];
    if (value === undefined) continue;
    const spec: ConfigKeySpec = scenarioConfigKeys[key];
    if ('server' in spec) server[spec.server] = value as number | boolean;
    else if ('raft' in spec) heartbeatTick = value as number;
    else if ('client' in spec) requestTimeoutUs = (value as number) * 1000;
    else if ('sim' in spec) sim[spec.sim] = value as number;
    else {
      const r = value as LatencyRange;
      sim[`${spec.simRange}Min`] = r.minUs;
      sim[`${spec.simRange}Max`] = r.maxUs;
    }
  }
  const overrides = { ...server, ...(Object.keys(sim).length > 0 ? { sim: sim as Partial<SimKnobs> } : {}) };
  return {
    server: overrides as ServerConfigOverrides,
    raft: heartbeatTick === undefined ? {} : { heartbeatTick },
    client: requestTimeoutUs === undefined ? {} : { requestTimeoutUs },
  };
}
