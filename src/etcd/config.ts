/**
 * ServerConfig: one member's configuration with etcd v3.6's defaults (embed/config.go:NewConfig,
 * server/config/config.go, the constants of server.go / raft.go / v3_server.go; spec §1.1), plus
 * the simulator's own knobs (disk, apply and network latencies, the log clock). Every field can
 * be overridden for the classroom (a 10 ms tick, an apply gap limit of 5, …); validation returns
 * typed errors naming the field, with etcd's own texts where etcd has a check.
 *
 * Units: etcd's *Ms fields stay in milliseconds as the flags are; simulator knobs are in µs (the
 * kernel's unit). Derived durations (reqTimeoutUs, …) are in µs.
 */

/** The simulator's knobs; none of these exist in etcd. */
export interface SimKnobs {
  /** WAL write (page cache) latency per Save, uniform in [min, max] µs. */
  readonly walAppendUsMin: number;
  readonly walAppendUsMax: number;
  /** fdatasync latency, paid only when the Ready must be synced (raft.MustSync). */
  readonly fsyncUsMin: number;
  readonly fsyncUsMax: number;
  /** Writing a .snap file (SaveSnap). */
  readonly snapshotSaveUsMin: number;
  readonly snapshotSaveUsMax: number;
  /** Apply time per committed entry in applyAll. */
  readonly applyUsPerEntry: number;
  /** One-way network latency between two members, uniform in [min, max] µs. */
  readonly networkLatencyUsMin: number;
  readonly networkLatencyUsMax: number;
  /** Probability that the network loses a message, in [0, 1]. */
  readonly networkLossProbability: number;
  /** The wall-clock instant virtual time 0 stands for (unix ms); log timestamps and reqIDGen use it. */
  readonly epochUnixMs: number;
  /** Records kept per member logger for the UI. */
  readonly logRingCapacity: number;
}

export interface ServerConfig {
  /** --name */
  readonly name: string;
  /** --heartbeat-interval (TickMs). */
  readonly tickMs: number;
  /** --election-timeout (ElectionMs). */
  readonly electionMs: number;
  /** --initial-election-tick-advance */
  readonly initialElectionTickAdvance: boolean;
  /** --pre-vote */
  readonly preVote: boolean;
  /** raft CheckQuorum: hard-coded true by etcd (bootstrap.go:raftConfig); a classroom switch here. */
  readonly checkQuorum: boolean;
  /** raft HeartbeatTick: hard-coded 1 by etcd (bootstrap.go:raftConfig); a classroom/benchmark knob here. */
  readonly heartbeatTick: number;
  /** --snapshot-count (DefaultSnapshotCount). */
  readonly snapshotCount: number;
  /** --experimental-snapshot-catchup-entries (DefaultSnapshotCatchUpEntries). */
  readonly snapshotCatchUpEntries: number;
  /** memorySnapshotCount in server.go: not configurable in etcd. */
  readonly memorySnapshotCount: number;
  /** --max-request-bytes (DefaultMaxRequestBytes). */
  readonly maxRequestBytes: number;
  /** --max-txn-ops (DefaultMaxTxnOps). */
  readonly maxTxnOps: number;
  /** --quota-backend-bytes resolved (0 → DefaultQuotaBytes). */
  readonly quotaBackendBytes: number;
  /** maxGapBetweenApplyAndCommitIndex in v3_server.go: a constant in etcd. */
  readonly maxGapBetweenApplyAndCommitIndex: number;
  /** raft MaxSizePerMsg (raft.go maxSizePerMsg). */
  readonly maxSizePerMsg: number;
  /** raft MaxInflightMsgs (raft.go maxInflightMsgs = 4096 / 8). */
  readonly maxInflightMsgs: number;
  /** --max-learners (membership.DefaultMaxLearners). */
  readonly maxLearners: number;
  /** --strict-reconfig-check */
  readonly strictReconfigCheck: boolean;
  /** --initial-cluster-token */
  readonly initialClusterToken: string;
  /** rafthttp ConnReadTimeout / ConnWriteTimeout (--raft-read-timeout / --raft-write-timeout). */
  readonly connReadTimeoutMs: number;
  readonly connWriteTimeoutMs: number;
  /** The simulator's knobs. */
  readonly sim: SimKnobs;
}

/** embed/config.go maxElectionMs. */
export const maxElectionMs = 50000;
/** server.go recommendedMaxRequestBytes: above this bootstrap only warns. */
export const recommendedMaxRequestBytes = 10 * 1024 * 1024;
/** v3_server.go traceThreshold, readIndexRetryTime, applyTimeout (µs). */
export const traceThresholdUs = 100_000;
export const readIndexRetryTimeUs = 500_000;
export const applyTimeoutUs = 1_000_000;
/** server.go HealthInterval: how long peers must have been connected for a reconfiguration (µs). */
export const healthIntervalUs = 5_000_000;
/** server.go readyPercentThreshold: a learner's Match / the leader's Match needed to promote it. */
export const readyPercentThreshold = 0.9;
/** raft.go internalTimeout: the Ready loop's read-state hand-off timeout (µs). */
export const internalTimeoutUs = 1_000_000;
/** server.go releaseDelayAfterSnapshot (µs). */
export const releaseDelayAfterSnapshotUs = 30_000_000;
/** server.go maxInFlightMsgSnap: capacity of msgSnapC. */
export const maxInFlightMsgSnap = 16;
/** server.go monitorVersionInterval = ConnWriteTimeout − 1 s (µs, at the default 5 s). */
export const monitorVersionIntervalUs = 4_000_000;
/** etcd's version strings (version/version.go). */
export const serverVersion = '3.6.14';
export const clusterVersion = '3.6.0';

/** 2026-01-01T00:00:00Z: the default instant virtual time 0 stands for. */
export const defaultEpochUnixMs = 1_767_225_600_000;

export const defaultSimKnobs: SimKnobs = Object.freeze({
  walAppendUsMin: 50,
  walAppendUsMax: 200,
  fsyncUsMin: 1_000,
  fsyncUsMax: 4_000,
  snapshotSaveUsMin: 5_000,
  snapshotSaveUsMax: 20_000,
  applyUsPerEntry: 20,
  networkLatencyUsMin: 500,
  networkLatencyUsMax: 2_000,
  networkLossProbability: 0,
  epochUnixMs: defaultEpochUnixMs,
  logRingCapacity: 2_000,
});

/** embed.NewConfig's defaults, as the server sees them (spec §1.1). */
export const defaultServerConfig: ServerConfig = Object.freeze({
  name: 'default',
  tickMs: 100,
  electionMs: 1000,
  initialElectionTickAdvance: true,
  preVote: true,
  checkQuorum: true,
  heartbeatTick: 1,
  snapshotCount: 10000,
  snapshotCatchUpEntries: 5000,
  memorySnapshotCount: 100,
  maxRequestBytes: 1.5 * 1024 * 1024,
  maxTxnOps: 128,
  quotaBackendBytes: 2 * 1024 * 1024 * 1024,
  maxGapBetweenApplyAndCommitIndex: 5000,
  maxSizePerMsg: 1024 * 1024,
  maxInflightMsgs: 4096 / 8,
  maxLearners: 1,
  strictReconfigCheck: true,
  initialClusterToken: 'etcd-cluster',
  connReadTimeoutMs: 5000,
  connWriteTimeoutMs: 5000,
  sim: defaultSimKnobs,
});

/** A partial override: any field, and any field of `sim`. */
export type ServerConfigOverrides = Partial<Omit<ServerConfig, 'sim'>> & {
  readonly sim?: Partial<SimKnobs>;
};

/** A user error in a configuration: which field, and what is wrong with it. */
export interface BadConfigError {
  readonly kind: 'bad-config';
  readonly field: string;
  readonly message: string;
}

/** Config.ElectionTicks: ElectionMs / TickMs, integer division. */
export function electionTicks(cfg: ServerConfig): number {
  return Math.floor(cfg.electionMs / cfg.tickMs);
}

/** ServerConfig.ReqTimeout: 5 s + 2 × ElectionTicks × TickMs (7 s by default), in µs. */
export function reqTimeoutUs(cfg: ServerConfig): number {
  return 5_000_000 + 2 * electionTicks(cfg) * cfg.tickMs * 1000;
}

/** ServerConfig.ElectionTimeout: ElectionTicks × TickMs, in µs. */
export function electionTimeoutUs(cfg: ServerConfig): number {
  return electionTicks(cfg) * cfg.tickMs * 1000;
}

/** ServerConfig.PeerDialTimeout: 1 s + ElectionTicks × TickMs, in µs. */
export function peerDialTimeoutUs(cfg: ServerConfig): number {
  return 1_000_000 + electionTicks(cfg) * cfg.tickMs * 1000;
}

/** The leader-failure window of parseProposeCtxErr: 2 × ElectionTicks × TickMs, in µs. */
export function leaderFailWindowUs(cfg: ServerConfig): number {
  return 2 * electionTicks(cfg) * cfg.tickMs * 1000;
}

/** The heartbeat contention threshold (raft.go): 2 × heartbeat (HeartbeatTick ticks), in µs. */
export function heartbeatContentionUs(cfg: ServerConfig): number {
  return 2 * cfg.tickMs * cfg.heartbeatTick * 1000;
}

/** The server's MinLeaseTTL in whole seconds: ceil(((3 × ElectionTicks) div 2) × TickMs). */
export function minLeaseTTLSeconds(cfg: ServerConfig): number {
  return Math.ceil((Math.floor((3 * electionTicks(cfg)) / 2) * cfg.tickMs) / 1000);
}

/** Merges overrides onto the defaults (or onto `base`), without validating. */
export function mergeServerConfig(
  overrides: ServerConfigOverrides,
  base: ServerConfig = defaultServerConfig,
): ServerConfig {
  const { sim, ...rest } = overrides;
  return Object.freeze({ ...base, ...rest, sim: Object.freeze({ ...base.sim, ...(sim ?? {}) }) });
}

/** Builds a validated config: the defaults with `overrides`, or every problem found. */
export function newServerConfig(
  overrides: ServerConfigOverrides = {},
):
  | { readonly ok: true; readonly config: ServerConfig }
  | { readonly ok: false; readonly errors: readonly BadConfigError[] } {
  const config = mergeServerConfig(overrides);
  const errors = validateServerConfig(config);
  return errors.length === 0 ? { ok: true, config } : { ok: false, errors };
}

function bad(field: string, message: string): BadConfigError {
  return { kind: 'bad-config', field, message };
}

/**
 * Every problem with cfg, in field order; empty when it is valid. The tick/election checks use
 * embed/config.go:Config.Validate's texts; the rest are the simulator's.
 */
export function validateServerConfig(cfg: ServerConfig): BadConfigError[] {
  const errs: BadConfigError[] = [];
  errs.push(...validateTiming(cfg));
  const ints: [string, number, number][] = [
    ['heartbeatTick', cfg.heartbeatTick, 1],
    ['snapshotCount', cfg.snapshotCount, 0],
    ['snapshotCatchUpEntries', cfg.snapshotCatchUpEntries, 0],
    ['memorySnapshotCount', cfg.memorySnapshotCount, 1],
    ['maxRequestBytes', cfg.maxRequestBytes, 1],
    ['maxTxnOps', cfg.maxTxnOps, 1],
    ['quotaBackendBytes', cfg.quotaBackendBytes, 0],
    ['maxGapBetweenApplyAndCommitIndex', cfg.maxGapBetweenApplyAndCommitIndex, 0],
    ['maxSizePerMsg', cfg.maxSizePerMsg, 1],
    ['maxInflightMsgs', cfg.maxInflightMsgs, 1],
    ['maxLearners', cfg.maxLearners, 0],
    ['connReadTimeoutMs', cfg.connReadTimeoutMs, 1],
    ['connWriteTimeoutMs', cfg.connWriteTimeoutMs, 1],
  ];
  for (const [field, v, min] of ints) {
    if (!Number.isSafeInteger(v) || v < min)
      errs.push(bad(field, `${field} must be an integer ≥ ${min} (set to ${v})`));
  }
  if (
    Number.isSafeInteger(cfg.heartbeatTick) &&
    cfg.heartbeatTick >= electionTicks(cfg) &&
    errs.length === 0
  ) {
    // raft.Config.validate: "election tick must be greater than heartbeat tick"
    errs.push(
      bad(
        'heartbeatTick',
        `heartbeatTick (${cfg.heartbeatTick}) must be less than the election ticks (${electionTicks(cfg)})`,
      ),
    );
  }
  if (cfg.name.length === 0) errs.push(bad('name', 'name must not be empty'));
  if (cfg.initialClusterToken.length === 0) {
    errs.push(bad('initialClusterToken', 'initialClusterToken must not be empty'));
  }
  errs.push(...validateSimKnobs(cfg.sim));
  return errs;
}

function validateTiming(cfg: ServerConfig): BadConfigError[] {
  const errs: BadConfigError[] = [];
  if (!Number.isSafeInteger(cfg.tickMs) || cfg.tickMs <= 0) {
    errs.push(bad('tickMs', `--heartbeat-interval must be >0 (set to ${cfg.tickMs}ms)`));
  }
  if (!Number.isSafeInteger(cfg.electionMs) || cfg.electionMs <= 0) {
    errs.push(bad('electionMs', `--election-timeout must be >0 (set to ${cfg.electionMs}ms)`));
  }
  if (errs.length > 0) return errs;
  if (5 * cfg.tickMs > cfg.electionMs) {
    errs.push(
      bad(
        'electionMs',
        `--election-timeout[${cfg.electionMs}ms] should be at least as 5 times as --heartbeat-interval[${cfg.tickMs}ms]`,
      ),
    );
  }
  if (cfg.electionMs > maxElectionMs) {
    errs.push(
      bad(
        'electionMs',
        `--election-timeout[${cfg.electionMs}ms] is too long, and should be set less than ${maxElectionMs}ms`,
      ),
    );
  }
  return errs;
}

function validateSimKnobs(sim: SimKnobs): BadConfigError[] {
  const errs: BadConfigError[] = [];
  const ranges: [string, number, number][] = [
    ['walAppendUs', sim.walAppendUsMin, sim.walAppendUsMax],
    ['fsyncUs', sim.fsyncUsMin, sim.fsyncUsMax],
    ['snapshotSaveUs', sim.snapshotSaveUsMin, sim.snapshotSaveUsMax],
    ['networkLatencyUs', sim.networkLatencyUsMin, sim.networkLatencyUsMax],
  ];
  for (const [name, min, max] of ranges) {
    if (!Number.isSafeInteger(min) || min < 0) {
      errs.push(bad(`sim.${name}Min`, `sim.${name}Min must be an integer ≥ 0 µs (set to ${min})`));
    } else if (!Number.isSafeInteger(max) || max < min) {
      errs.push(
        bad(
          `sim.${name}Max`,
          `sim.${name}Max must be an integer ≥ sim.${name}Min (${min}) µs (set to ${max})`,
        ),
      );
    }
  }
  if (!Number.isSafeInteger(sim.applyUsPerEntry) || sim.applyUsPerEntry < 0) {
    errs.push(
      bad(
        'sim.applyUsPerEntry',
        `sim.applyUsPerEntry must be an integer ≥ 0 µs (set to ${sim.applyUsPerEntry})`,
      ),
    );
  }
  const p = sim.networkLossProbability;
  if (!(p >= 0 && p <= 1)) {
    errs.push(
      bad('sim.networkLossProbability', `sim.networkLossProbability must be within [0, 1] (set to ${p})`),
    );
  }
  if (!Number.isSafeInteger(sim.epochUnixMs) || sim.epochUnixMs < 0) {
    errs.push(
      bad('sim.epochUnixMs', `sim.epochUnixMs must be a non-negative integer (set to ${sim.epochUnixMs})`),
    );
  }
  if (!Number.isSafeInteger(sim.logRingCapacity) || sim.logRingCapacity < 0) {
    errs.push(
      bad(
        'sim.logRingCapacity',
        `sim.logRingCapacity must be an integer ≥ 0 (set to ${sim.logRingCapacity})`,
      ),
    );
  }
  return errs;
}
