/**
 * A cluster of 1–7 etcd members on one kernel: the virtual network, a data dir (virtual disk +
 * backend) per member, crash and restart of a member, and a client API (put, get serializable
 * or linearizable, delete) addressed to a chosen member that returns the response or the exact
 * etcd error. Everything the UI shows about a member comes from memberState().
 */
import { background, withTimeout } from '../sim/context';
import type { Context } from '../sim/context';
import { Kernel } from '../sim/kernel';
import type { GoroutineInfo, RunResult } from '../sim/kernel';
import type { Ready } from '../raft/ready';
import type { TraceSink } from '../sim/trace';
import { step } from '../sim/op';
import type { Op } from '../sim/op';
import { getBasicStatus } from '../raft/status';
import type { BasicStatus } from '../raft/status';
import { StateType, stateTypeName } from '../raft/state_type';
import { mergeServerConfig, validateServerConfig } from '../etcd/config';
import type { BadConfigError, ServerConfig, ServerConfigOverrides } from '../etcd/config';
import { rollbackBackend } from '../etcd/bootstrap';
import type { DataDir } from '../etcd/bootstrap';
import { VirtualDisk } from '../etcd/disk';
import { startEtcd } from '../etcd/embed';
import { removeMember } from '../etcd/cluster_server';
import type { Member } from '../etcd/membership';
import { stopServer } from '../etcd/server_start';
import type { EtcdError } from '../etcd/errors';
import { idString } from '../etcd/ids';
import { bytesFromString, stringFromBytes } from '../etcd/raft_request';
import type { ReadyStep } from '../etcd/raftnode';
import type { EtcdServer } from '../etcd/server';
import type { PeerMessage } from '../etcd/transport';
import { deleteRange, put, range } from '../etcd/v3_server';
import type { DeleteRangeResponse, Outcome, PutResponse, RangeResponse } from '../etcd/v3_server';
import { LogRing, ZapLogger } from '../etcd/zap';
import type { Level, LogRecord } from '../etcd/zap';
import { Network } from './network';

/** The error a client sees when the member it talks to is down (gRPC Unavailable). */
export const ErrUnavailable = Object.freeze({
  kind: 'unavailable',
  message: 'rpc error: code = Unavailable desc = connection refused',
} as const);

export type ClientError = EtcdError | typeof ErrUnavailable;
export type ClientOutcome<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly err: ClientError };

/** One client call: filled in when the member answers. */
export interface ClientCall<T, O extends string = 'put' | 'get' | 'delete'> {
  readonly id: number;
  readonly op: O;
  readonly member: number;
  readonly key: string;
  readonly startUs: number;
  endUs: number | null;
  result: ClientOutcome<T> | null;
}

export interface ClusterOptions {
  readonly size: number;
  readonly seed: bigint | number;
  /** Overrides applied to every member's ServerConfig. */
  readonly config?: ServerConfigOverrides;
  /** Every log line of every member, JSON-encoded, with the member's name. */
  readonly logSink?: (member: string, line: string, record: LogRecord) => void;
  readonly logLevel?: Level;
  /** The delay between two members serving and their stream connecting (µs). */
  readonly connectDelayUs?: number;
  readonly traceCapacity?: number;
  /** Receives every kernel trace record (the record object is reused: copy what you keep). */
  readonly traceSink?: TraceSink;
}

/** What the UI shows about one member. */
export interface MemberState {
  readonly index: number;
  readonly name: string;
  readonly id: string;
  readonly up: boolean;
  readonly appliedIndex: number;
  readonly committedIndex: number;
  readonly gap: number;
  readonly lead: string;
  readonly term: number;
  readonly raftState: string;
  readonly status: BasicStatus | null;
  readonly readyStep: ReadyStep;
  /** The Ready the Ready loop is handling, or null between Readys. */
  readonly ready: Ready | null;
  readonly readyCount: number;
  readonly waitRegistrySize: number;
  readonly fifoQueueLength: number;
  /** The member's goroutines (its own, its raft node's, its transport's, its clients'). */
  readonly goroutines: readonly GoroutineInfo[];
  readonly walRecords: number;
  readonly walUnsynced: number;
}

interface MemberHandle {
  readonly index: number;
  readonly name: string;
  readonly peerURLs: readonly string[];
  readonly clientURLs: readonly string[];
  readonly cfg: ServerConfig;
  readonly dataDir: DataDir;
  readonly lg: ZapLogger;
  server: EtcdServer | null;
  incarnation: number;
  /** Id of this incarnation's main goroutine; older ids belong to earlier incarnations. */
  firstGid: number;
  up: boolean;
}

/** The local multi-member example's token (etcd's Procfile), which gives spec §6's IDs. */
export const defaultClusterToken = 'etcd-cluster-1';
export const maxClusterSize = 7;

export class Cluster {
  readonly kernel: Kernel;
  readonly network: Network<PeerMessage>;
  readonly members: readonly MemberHandle[];
  readonly calls: ClientCall<unknown>[] = [];
  private readonly opts: ClusterOptions;
  private nextCallId = 1;

  /** Builds the cluster; start() launches the members. Throws on a bad size or config. */
  constructor(opts: ClusterOptions) {
    if (!Number.isInteger(opts.size) || opts.size < 1 || opts.size > maxClusterSize) {
      throw new Error(`cluster size must be 1..${maxClusterSize} (got ${opts.size})`);
    }
    this.opts = opts;
    this.kernel = new Kernel({
      seed: opts.seed,
      traceCapacity: opts.traceCapacity ?? 4096,
      ...(opts.traceSink === undefined ? {} : { traceSink: opts.traceSink }),
    });
    const base = mergeServerConfig({ initialClusterToken: defaultClusterToken, ...(opts.config ?? {}) });
    this.network = new Network<PeerMessage>(this.kernel, {
      latencyUsMin: base.sim.networkLatencyUsMin,
      latencyUsMax: base.sim.networkLatencyUsMax,
      lossProbability: base.sim.networkLossProbability,
      up: true,
    });
    const ring = (): LogRing => new LogRing(base.sim.logRingCapacity);
    this.members = Array.from({ length: opts.size }, (_, i) => {
      const name = `infra${i + 1}`;
      const cfg = mergeServerConfig({ name }, base);
      const errs: BadConfigError[] = validateServerConfig(cfg);
      if (errs.length > 0) throw new Error(errs.map((e) => `${e.field}: ${e.message}`).join('; '));
      const lg = new ZapLogger({
        clock: () => this.kernel.nowUs,
        epochUnixMs: cfg.sim.epochUnixMs,
        level: opts.logLevel ?? 'info',
        ring: ring(),
        sink: (line, rec) => opts.logSink?.(name, line, rec),
      });
      const disk = new VirtualDisk(this.kernel, name, cfg.sim, this.kernel.rand.stream(`disk/${name}`));
      return {
        index: i,
        name,
        peerURLs: [`http://127.0.0.1:${i + 1}2380`],
        clientURLs: [i === 0 ? 'http://127.0.0.1:2379' : `http://127.0.0.1:${i + 1}2379`],
        cfg,
        dataDir: { disk, backend: null },
        lg,
        server: null,
        incarnation: 0,
        firstGid: 0,
        up: false,
      };
    });
  }

  /** Starts every member at the current virtual time, in index order. */
  start(): void {
    for (const m of this.members) this.launch(m);
  }

  private launch(m: MemberHandle): void {
    m.incarnation++;
    m.up = true;
    m.server = null;
    const inc = m.incarnation;
    const alive = (): boolean => m.up && m.incarnation === inc;
    const initialCluster = this.members.map((x) => [x.name, x.peerURLs] as const);
    const proc = startEtcd({
      kernel: this.kernel,
      cfg: m.cfg,
      lg: m.lg,
      dataDir: m.dataDir,
      network: this.network,
      initialCluster,
      clientURLs: m.clientURLs,
      peerURLs: m.peerURLs,
      alive,
      peerVersion: (id) => this.peerVersion(m, id),
      connectDelayUs: this.opts.connectDelayUs ?? 0,
      onServer: (s) => {
        m.server = s;
        // A server that stops by itself (removed from the cluster) takes its member down.
        this.kernel.go(
          `${m.name} watch-done`,
          guardMain(
            (function* (): Generator<Op, void, unknown> {
              yield* s.done.recvOk('cluster.watchDone');
              // Let the calls woken by done (ErrStopped) return before the member goes down.
              yield* step('cluster.watchDone/down');
              m.up = false;
            })(),
            alive,
          ),
        );
      },
    });
    // Goroutine ids only grow, so everything this incarnation starts has an id ≥ its main's.
    m.firstGid = this.kernel.go(`${m.name} etcd`, guardMain(proc, alive)).id;
  }

  /** What GET /version on another member answers, or undefined when it cannot be reached. */
  private peerVersion(from: MemberHandle, id: bigint): string | undefined {
    const to = this.members.find((x) => x.server?.memberId === id);
    if (to === undefined || !to.up || from.server === null) return undefined;
    return this.network.isConnected(from.server.memberId, id) ? '3.6.14' : undefined;
  }

  /** Kills member i: its goroutines stop, the network drops it, unsynced WAL records are lost. */
  crash(i: number): void {
    const m = this.member(i);
    if (!m.up) return;
    m.up = false;
    const s = m.server;
    if (s !== null) {
      s.r.ticker.stop();
      if (!s.r.node.stopc.closed) this.kernel.close(s.r.node.stopc);
      s.transport.stop();
    }
    this.network.detach(s?.memberId ?? 0n);
    m.dataDir.disk.crash();
    if (m.dataDir.backend !== null) rollbackBackend(m.dataDir.backend);
    m.server = null;
  }

  /**
   * Stops member i gracefully (EtcdServer.HardStop): run's shutdown sequence closes stopping,
   * drains the scheduler, waits for the GoAttach'd goroutines, stops raft and the transport and
   * closes done; pending proposals then fail with `etcdserver: server stopped`. The member
   * counts as down once done is closed; restart(i) brings it back.
   */
  stop(i: number): void {
    const m = this.member(i);
    const s = m.server;
    if (!m.up || s === null) return;
    this.kernel.go(
      `${m.name} HardStop`,
      (function* (): Generator<Op, void, unknown> {
        yield* stopServer(s);
        yield* step('cluster.stop/down');
        m.up = false;
      })(),
    );
  }

  /** Restarts a crashed member from its data dir. */
  restart(i: number): void {
    const m = this.member(i);
    if (m.up) return;
    this.launch(m);
  }

  isUp(i: number): boolean {
    return this.member(i).up;
  }

  server(i: number): EtcdServer | null {
    return this.member(i).server;
  }

  private member(i: number): MemberHandle {
    const m = this.members[i];
    if (m === undefined) throw new Error(`no member ${i}`);
    return m;
  }

  // ---- client API -------------------------------------------------------------------------

  put(
    i: number,
    key: string,
    value: string | Uint8Array,
    opts: { readonly timeoutUs?: number } = {},
  ): ClientCall<PutResponse> {
    const v = typeof value === 'string' ? bytesFromString(value) : value;
    return this.call('put', i, key, opts.timeoutUs, (s, ctx) => put(s, ctx, bytesFromString(key), v));
  }

  get(
    i: number,
    key: string,
    opts: { readonly serializable?: boolean; readonly timeoutUs?: number } = {},
  ): ClientCall<RangeResponse> {
    const serializable = opts.serializable === true;
    return this.call('get', i, key, opts.timeoutUs, (s, ctx) =>
      range(s, ctx, bytesFromString(key), { serializable }),
    );
  }

  delete(
    i: number,
    key: string,
    opts: { readonly timeoutUs?: number } = {},
  ): ClientCall<DeleteRangeResponse> {
    return this.call('delete', i, key, opts.timeoutUs, (s, ctx) => deleteRange(s, ctx, bytesFromString(key)));
  }

  /** etcdctl member remove, sent to member `via`, removing member `target`. */
  removeMember(
    via: number,
    target: number,
    opts: { readonly timeoutUs?: number } = {},
  ): ClientCall<readonly Member[], 'member-remove'> {
    const id = this.member(target).server?.memberId ?? 0n;
    const timeoutUs = opts.timeoutUs ?? this.member(via).cfg.electionMs * 1000 * 2 + 5_000_000;
    return this.call('member-remove', via, idString(id), timeoutUs, (s, ctx) => removeMember(s, ctx, id));
  }

  /** Starts a client call; key-value calls join `calls` (the client history), others do not. */
  private call<T, O extends string>(
    op: O,
    i: number,
    key: string,
    timeoutUs: number | undefined,
    f: (s: EtcdServer, ctx: Context) => Generator<Op, Outcome<T>, unknown>,
  ): ClientCall<T, O> {
    const k = this.kernel;
    const c: ClientCall<T, O> = {
      id: this.nextCallId++,
      op,
      member: i,
      key,
      startUs: k.nowUs,
      endUs: null,
      result: null,
    };
    if (op === 'put' || op === 'get' || op === 'delete') this.calls.push(c as unknown as ClientCall<unknown>);
    const s = this.member(i).server;
    const finish = (r: ClientOutcome<T>): void => {
      c.result = r;
      c.endUs = k.nowUs;
    };
    if (s === null || !this.member(i).up || !s.readych.closed) {
      // A member that is down, or not yet serving clients, refuses the connection.
      finish({ ok: false, err: ErrUnavailable });
      return c;
    }
    k.go(
      `client ${c.id} ${op} → ${s.name}`,
      (function* (): Generator<Op, void, unknown> {
        const [ctx, cancel] =
          timeoutUs === undefined ? [background(), () => undefined] : withTimeout(k, background(), timeoutUs);
        const r = yield* s.guarded(f(s, ctx));
        cancel();
        finish(r ?? { ok: false, err: ErrUnavailable });
      })(),
    );
    return c;
  }

  // ---- running and observing --------------------------------------------------------------

  runFor(us: number, maxSteps?: number): RunResult {
    return this.kernel.runFor(us, maxSteps === undefined ? undefined : { maxSteps });
  }

  runUntil(pred: () => boolean, maxSteps = 5_000_000): RunResult {
    return this.kernel.runUntil(() => pred(), { maxSteps });
  }

  /** Index of the member that every live member agrees leads, if any. */
  leader(): number | undefined {
    const up = this.members.filter((m) => m.up && m.server !== null);
    const leads = new Set(up.map((m) => m.server?.lead ?? 0n));
    if (leads.size !== 1) return undefined;
    const [lead] = leads;
    return this.members.find((m) => m.server?.memberId === lead && m.up)?.index;
  }

  /** Every live member has published itself and serves clients. */
  allReady(): boolean {
    return this.members.every((m) => !m.up || (m.server !== null && m.server.readych.closed));
  }

  memberState(i: number): MemberState {
    const m = this.member(i);
    const s = m.server;
    const disk = m.dataDir.disk;
    const goroutines = this.goroutinesOf(m);
    if (s === null) {
      return {
        index: i,
        name: m.name,
        id: '',
        up: m.up,
        appliedIndex: 0,
        committedIndex: 0,
        gap: 0,
        lead: '0',
        term: 0,
        raftState: stateTypeName(StateType.StateFollower),
        status: null,
        readyStep: 'idle',
        ready: null,
        readyCount: 0,
        waitRegistrySize: 0,
        fifoQueueLength: 0,
        goroutines,
        walRecords: disk.records().length,
        walUnsynced: disk.unsyncedCount,
      };
    }
    const raft = s.r.node.rn.raft;
    return {
      index: i,
      name: m.name,
      id: idString(s.memberId),
      up: m.up,
      appliedIndex: s.appliedIndex,
      committedIndex: s.committedIndex,
      gap: s.committedIndex - s.appliedIndex,
      lead: idString(s.lead),
      term: raft.term,
      raftState: stateTypeName(raft.state),
      status: getBasicStatus(raft),
      readyStep: s.r.readyStep,
      ready: s.r.currentReady,
      readyCount: s.r.readyCount,
      waitRegistrySize: s.w === undefined ? 0 : s.w.size,
      fifoQueueLength: s.sched?.pending() ?? 0,
      goroutines,
      walRecords: disk.records().length,
      walUnsynced: disk.unsyncedCount,
    };
  }

  /** Goroutines named after the member, its raft node or transport (by ID), or its clients. */
  private goroutinesOf(m: MemberHandle): GoroutineInfo[] {
    if (!m.up) return [];
    const id = m.server === null ? null : idString(m.server.memberId);
    const mine = (name: string): boolean =>
      name.startsWith(`${m.name} `) ||
      name.endsWith(`→ ${m.name}`) ||
      (id !== null && (name === `raft.node ${id}` || name.startsWith(`rafthttp ${id}`)));
    return this.kernel.goroutines().filter((g) => g.id >= m.firstGid && mine(g.name));
  }

  /** The value of key in member i's store (a serializable read without a client call). */
  localValue(i: number, key: string): string | undefined {
    const s = this.member(i).server;
    if (s === null) return undefined;
    const r = s.kv.range(bytesFromString(key));
    if (!r.ok) return undefined;
    const kv = r.result.kvs[0];
    return kv === undefined ? undefined : stringFromBytes(kv.value);
  }

  traceHash(): string {
    return this.kernel.traceHash();
  }
}

/** The member's main goroutine dies with the member, like every goroutine it owns. */
function* guardMain(proc: Generator<Op, void, unknown>, alive: () => boolean): Generator<Op, void, unknown> {
  let input: unknown = undefined;
  let thrown: { e: unknown } | null = null;
  for (let i = 0; ; i++) {
    if (!alive()) return;
    const r = thrown !== null ? proc.throw(thrown.e) : proc.next(input);
    thrown = null;
    if (r.done === true) return;
    try {
      input = yield r.value;
    } catch (e) {
      thrown = { e };
    }
  }
}
