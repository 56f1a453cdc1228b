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
import { sleep, step } from '../sim/op';
import type { Op } from '../sim/op';
import type { BasicStatus } from '../raft/status';
import { StateType, stateTypeName } from '../raft/state_type';
import { mergeServerConfig, validateServerConfig } from '../etcd/config';
import type { BadConfigError, ServerConfig, ServerConfigOverrides } from '../etcd/config';
import { rollbackBackend } from '../etcd/backend';
import type { DataDir } from '../etcd/bootstrap';
import { VirtualDisk } from '../etcd/disk';
import { startEtcd } from '../etcd/embed';
import { addMember, promoteMember, removeMember } from '../etcd/cluster_server';
import { newMember } from '../etcd/membership';
import type { Member } from '../etcd/membership';
import { maintenanceMoveLeader } from '../etcd/move_leader';
import { stopServer } from '../etcd/server_start';
import { ErrGRPCNotSupportedForLearner, togRPCError } from '../etcd/errors';
import type { EtcdError } from '../etcd/errors';
import { computeMemberID, idString } from '../etcd/ids';
import { bytesFromString, stringFromBytes } from '../etcd/raft_request';
import type { ReadyStep } from '../etcd/raftnode';
import type { EtcdServer } from '../etcd/server';
import type { PeerMessage } from '../etcd/transport';
import { deleteRange, put, range } from '../etcd/v3_server';
import type { DeleteRangeResponse, Outcome, PutResponse, RangeResponse } from '../etcd/v3_server';
import { LogRing, ZapLogger } from '../etcd/zap';
import type { Level, LogRecord } from '../etcd/zap';
import { basicStatusOf, roleOf, termOf } from '../etcd/member_view';
import type { MemberObserver } from '../etcd/observation';
import { Network } from './network';
import type { DropReason } from './network';
import type { AnyObservation, ClusterObserver } from './observation';

/** The error a client sees when the member it talks to is down (gRPC Unavailable). */
export const ErrUnavailable = Object.freeze({
  kind: 'unavailable',
  message: 'rpc error: code = Unavailable desc = connection refused',
} as const);

/** The simulator holds at most maxClusterSize members: `member add` beyond that is refused. */
export const ErrClusterFull = Object.freeze({
  kind: 'cluster-full',
  message: 'simulator: a cluster holds at most 7 members',
} as const);

export type ClientError = EtcdError | typeof ErrUnavailable | typeof ErrClusterFull;
export type ClientOutcome<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly err: ClientError };

/** What `etcdctl member add` gets back. */
export interface MemberAddResponse {
  /** The member as added (ID from its peer URLs and the time; no name until it publishes). */
  readonly member: Member;
  /** The membership after the change, as the member that applied it sees it. */
  readonly members: readonly Member[];
  /** The new member's index in the Cluster. */
  readonly index: number;
}

export interface MemberOpOptions {
  /** The member the request is sent to (default: the leader). */
  readonly via?: number;
  readonly timeoutUs?: number;
}

export interface AddMemberOptions extends MemberOpOptions {
  /** Add as a learner (`member add --learner`). */
  readonly learner?: boolean;
  /** Peer URLs of the new member (default: the next free infraN's URL). */
  readonly peerURLs?: readonly string[];
  /** Start the new member's process once the add succeeded (default true). */
  readonly start?: boolean;
}

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
  /** Told of every member's and the cluster's observations (more with addObserver). */
  readonly observer?: ClusterObserver;
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

/**
 * How a member came to be: one of the initial members, or added at run time ('adding' while
 * its MemberAdd is in flight, 'added' once it succeeded, 'add-failed' if it did not).
 */
export type MemberOrigin = 'initial' | 'adding' | 'added' | 'add-failed';

interface MemberHandle {
  readonly index: number;
  readonly name: string;
  readonly peerURLs: readonly string[];
  readonly clientURLs: readonly string[];
  readonly cfg: ServerConfig;
  readonly dataDir: DataDir;
  readonly lg: ZapLogger;
  /** The member ID (known while the member is down; 0n until a run-time add computed it). */
  id: bigint;
  origin: MemberOrigin;
  /** --initial-cluster and --initial-cluster-state of the member's command line. */
  initialCluster: readonly (readonly [string, readonly string[]])[];
  readonly initialClusterState: 'new' | 'existing';
  server: EtcdServer | null;
  incarnation: number;
  /** Id of this incarnation's main goroutine; older ids belong to earlier incarnations. */
  firstGid: number;
  up: boolean;
  /** A graceful stop was asked for (so its done is not reported as a removal). */
  hardStopped: boolean;
}

/** The local multi-member example's token (etcd's Procfile), which gives spec §6's IDs. */
export const defaultClusterToken = 'etcd-cluster-1';
export const maxClusterSize = 7;

export class Cluster {
  readonly kernel: Kernel;
  readonly network: Network<PeerMessage>;
  readonly calls: ClientCall<unknown>[] = [];
  private readonly handles: MemberHandle[];
  private readonly opts: ClusterOptions;
  private readonly base: ServerConfig;
  private nextCallId = 1;
  private readonly observers: ClusterObserver[] = [];

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
    this.base = base;
    this.handles = Array.from({ length: opts.size }, (_, i) => this.newHandle(i, memberPeerURLs(i), 'new'));
    const initialCluster = this.handles.map((x) => [x.name, x.peerURLs] as const);
    for (const h of this.handles) {
      h.initialCluster = initialCluster;
      h.id = computeMemberID(h.peerURLs, h.cfg.initialClusterToken);
    }
    if (opts.observer !== undefined) this.addObserver(opts.observer);
  }

  /**
   * Adds an observer (called after the earlier ones). A member reads whether anyone observes
   * when its NewServer runs, so an observer added after start() but before the first kernel
   * step sees every member; one added later sees members from their next (re)start on, and
   * the cluster-level observations at once.
   */
  addObserver(o: ClusterObserver): void {
    this.observers.push(o);
    if (this.observers.length === 1) this.observeNetwork();
  }

  /** Hands an observation to every observer, in order (Faults reports through it too). */
  notify(member: number | null, o: AnyObservation): void {
    for (const x of this.observers) x.observe(member, o);
  }

  private observeNetwork(): void {
    const message = (
      phase: 'sent' | 'delivered' | 'dropped',
      from: bigint,
      to: bigint,
      msg: PeerMessage,
      reason: DropReason | null,
    ): void => {
      const f = this.indexOfId(from) ?? null;
      const t = this.indexOfId(to) ?? null;
      this.notify(f, { kind: 'message', phase, from: f, to: t, message: msg.m, reason });
    };
    this.network.observer = {
      sent: (from, to, msg) => message('sent', from, to, msg, null),
      delivered: (from, to, msg) => message('delivered', from, to, msg, null),
      dropped: (from, to, msg, reason) => message('dropped', from, to, msg, reason),
    };
  }

  /** Every member, initial and added, by index (infra1 is 0). */
  get members(): readonly MemberHandle[] {
    return this.handles;
  }

  /** A member's handle: its config, logger and virtual disk (nothing runs yet). */
  private newHandle(i: number, peerURLs: readonly string[], state: 'new' | 'existing'): MemberHandle {
    const name = `infra${i + 1}`;
    const cfg = mergeServerConfig({ name }, this.base);
    const errs: BadConfigError[] = validateServerConfig(cfg);
    if (errs.length > 0) throw new Error(errs.map((e) => `${e.field}: ${e.message}`).join('; '));
    const lg = new ZapLogger({
      clock: () => this.kernel.nowUs,
      epochUnixMs: cfg.sim.epochUnixMs,
      level: this.opts.logLevel ?? 'info',
      ring: new LogRing(this.base.sim.logRingCapacity),
      sink: (line, rec) => this.opts.logSink?.(name, line, rec),
    });
    const disk = new VirtualDisk(this.kernel, name, cfg.sim, this.kernel.rand.stream(`disk/${name}`));
    return {
      index: i,
      name,
      peerURLs: [...peerURLs],
      clientURLs: [i === 0 ? 'http://127.0.0.1:2379' : `http://127.0.0.1:${i + 1}2379`],
      cfg,
      dataDir: { disk, backend: null },
      lg,
      id: 0n,
      origin: state === 'new' ? 'initial' : 'adding',
      initialCluster: [],
      initialClusterState: state,
      server: null,
      incarnation: 0,
      firstGid: 0,
      up: false,
      hardStopped: false,
    };
  }

  /** Starts every member at the current virtual time, in index order. */
  start(): void {
    for (const m of this.members) this.launch(m);
  }

  private launch(m: MemberHandle): void {
    m.incarnation++;
    m.up = true;
    m.hardStopped = false;
    m.server = null;
    const inc = m.incarnation;
    const alive = (): boolean => m.up && m.incarnation === inc;
    const joining = m.initialClusterState === 'existing';
    this.notify(m.index, { kind: 'member', phase: 'started', incarnation: inc });
    const observers = this.observers;
    const forward: MemberObserver = { observe: (o) => this.notify(m.index, o) };
    const notifyDown = (phase: 'stopped' | 'removed' | 'exited'): void =>
      this.notify(m.index, { kind: 'member', phase, incarnation: inc });
    const proc = startEtcd({
      // Read by NewServer, i.e. at the member's first step (see addObserver).
      get observer(): MemberObserver | undefined {
        return observers.length > 0 ? forward : undefined;
      },
      kernel: this.kernel,
      cfg: m.cfg,
      lg: m.lg,
      dataDir: m.dataDir,
      network: this.network,
      initialCluster: m.initialCluster,
      ...(joining ? { initialClusterState: 'existing' as const } : {}),
      peerServer: (url) => this.peerServer(m, url),
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
              if (m.up) notifyDown(m.hardStopped ? 'stopped' : 'removed');
              m.up = false;
            })(),
            alive,
          ),
        );
      },
    });
    // A member whose bootstrap failed (it could not join) has exited: it is down.
    const main = joining
      ? exitsWhenDone(
          proc,
          () => m.server === null && alive(),
          () => {
            notifyDown('exited');
            m.up = false;
          },
        )
      : proc;
    // Goroutine ids only grow, so everything this incarnation starts has an id ≥ its main's.
    m.firstGid = this.kernel.go(`${m.name} etcd`, guardMain(main, alive)).id;
  }

  /**
   * The model of a peer HTTP request from member `from` to a peer URL (GET /members while
   * joining, POST /members/promote): the member serving there, if it is up, serves peers and
   * the links both ways are up; undefined stands for a refused connection.
   */
  private peerServer(from: MemberHandle, url: string): EtcdServer | undefined {
    const to = this.handles.find((x) => x.peerURLs.includes(url));
    const s = to?.server ?? null;
    if (to === undefined || !to.up || s === null || !this.network.isAttached(s.memberId)) return undefined;
    if (from.id === s.memberId) return s;
    const up = (a: bigint, b: bigint): boolean => this.network.linkConfig(a, b).up;
    return up(from.id, s.memberId) && up(s.memberId, from.id) ? s : undefined;
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
    this.notify(i, { kind: 'member', phase: 'crashed', incarnation: m.incarnation });
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
    m.hardStopped = true;
    const inc = m.incarnation;
    const notify = (): void => this.notify(i, { kind: 'member', phase: 'stopped', incarnation: inc });
    this.kernel.go(
      `${m.name} HardStop`,
      (function* (): Generator<Op, void, unknown> {
        yield* stopServer(s);
        yield* step('cluster.stop/down');
        if (m.up && m.incarnation === inc) notify();
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

  /** Whether member i runs; false for an index no member has (yet). */
  isUp(i: number): boolean {
    return this.handles[i]?.up ?? false;
  }

  /** Member i's server; null while it is down, and for an index no member has (yet). */
  server(i: number): EtcdServer | null {
    return this.handles[i]?.server ?? null;
  }

  /** Member i's ID, known while it is down (0n while a run-time add has not computed it). */
  memberId(i: number): bigint {
    return this.member(i).id;
  }

  /** The index of the member with this ID, if any. */
  indexOfId(id: bigint): number | undefined {
    const i = this.handles.findIndex((h) => h.id === id);
    return i < 0 ? undefined : i;
  }

  private member(i: number): MemberHandle {
    const m = this.handles[i];
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
    return this.call(
      'get',
      i,
      key,
      opts.timeoutUs,
      (s, ctx) => range(s, ctx, bytesFromString(key), { serializable }),
      { learnerOK: serializable },
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
    const id = this.member(target).id;
    const timeoutUs = opts.timeoutUs ?? this.memberOpTimeoutUs(via);
    return this.call('member-remove', via, idString(id), timeoutUs, (s, ctx) =>
      grpc(removeMember(s, ctx, id)),
    );
  }

  /**
   * etcdctl member add (voter, or learner with `learner`), sent to `via` (default: the leader).
   * The new member gets the next index (infraN+1) at once, so it can be named; once the add has
   * been applied its process starts with --initial-cluster-state=existing and the
   * ETCD_INITIAL_CLUSTER `member add` prints, and joins. A failed add leaves no member behind.
   */
  addMember(opts: AddMemberOptions = {}): ClientCall<MemberAddResponse, 'member-add'> {
    const via = opts.via ?? this.defaultVia();
    const index = this.handles.length;
    if (index >= maxClusterSize) return this.refuse('member-add', via, '', ErrClusterFull);
    const h = this.newHandle(index, opts.peerURLs ?? memberPeerURLs(index), 'existing');
    this.handles.push(h);
    const learner = opts.learner === true;
    const timeoutUs = opts.timeoutUs ?? this.memberOpTimeoutUs(via);
    const k = this.kernel;
    return this.call(
      'member-add',
      via,
      h.peerURLs.join(','),
      timeoutUs,
      function* (s, ctx): Generator<Op, Outcome<MemberAddResponse>, unknown> {
        // The gRPC handler (v3rpc/member.go MemberAdd): no name, no token, the time in the ID.
        const nowSeconds = Math.floor((s.cfg.sim.epochUnixMs + Math.floor(k.nowUs / 1000)) / 1000);
        const m = newMember('', h.peerURLs, '', nowSeconds, learner);
        h.id = m.id;
        const r = yield* grpc(addMember(s, ctx, m));
        return r.ok ? { ok: true, value: { member: m, members: r.value, index } } : r;
      },
      { onDone: (r) => this.memberAdded(h, r, opts.start !== false) },
    );
  }

  /** After MemberAdd: start the new member (ok), or forget it (failed). */
  private memberAdded(h: MemberHandle, r: ClientOutcome<MemberAddResponse>, start: boolean): void {
    if (!r.ok) {
      h.origin = 'add-failed';
      if (this.handles[this.handles.length - 1] === h) this.handles.pop();
      return;
    }
    h.origin = 'added';
    h.initialCluster = initialClusterOf(r.value.members, r.value.member.id, h.name);
    if (start) this.kernel.go(`operator starts ${h.name}`, this.startWhenKnown(h));
  }

  /**
   * The operator starts the new member once every running member has applied its MemberAdd:
   * a real operator takes longer than that, and a joining member that asks a peer which has not
   * applied it yet fails to bootstrap (`member count is unequal`), as in etcd.
   */
  private *startWhenKnown(h: MemberHandle): Generator<Op, void, unknown> {
    for (let i = 0; i < 100; i++) {
      const known = this.handles.every(
        (x) => x === h || !x.up || x.server === null || x.server.cluster.isMemberExist(h.id),
      );
      if (known) break;
      yield* sleep(this.base.tickMs * 1000, 'operator/wait-member-add-applied');
    }
    if (!h.up) this.launch(h);
  }

  /** etcdctl member promote of learner `target`, sent to `via` (default: the leader). */
  promoteMember(target: number, opts: MemberOpOptions = {}): ClientCall<readonly Member[], 'member-promote'> {
    const via = opts.via ?? this.defaultVia();
    const id = this.member(target).id;
    const timeoutUs = opts.timeoutUs ?? this.memberOpTimeoutUs(via);
    return this.call('member-promote', via, idString(id), timeoutUs, (s, ctx) =>
      grpc(promoteMember(s, ctx, id)),
    );
  }

  /**
   * etcdctl move-leader: the maintenance MoveLeader request, sent to `via` (default: the
   * leader; any other member answers `etcdserver: not leader`), to make member `to` the leader.
   */
  moveLeader(to: number, opts: MemberOpOptions = {}): ClientCall<undefined, 'move-leader'> {
    const via = opts.via ?? this.defaultVia();
    const id = this.member(to).id;
    const timeoutUs = opts.timeoutUs ?? this.memberOpTimeoutUs(via);
    return this.call('move-leader', via, idString(id), timeoutUs, function* (s, ctx): Generator<
      Op,
      Outcome<undefined>,
      unknown
    > {
      const err = yield* maintenanceMoveLeader(s, ctx, id);
      return err === undefined ? { ok: true, value: undefined } : { ok: false, err: togRPCError(err) };
    });
  }

  /** The member a membership request goes to by default: the leader, else the first live one. */
  private defaultVia(): number {
    return this.leader() ?? this.handles.find((h) => h.up)?.index ?? 0;
  }

  /** etcdctl's request timeout for membership calls, generous enough for an election. */
  private memberOpTimeoutUs(via: number): number {
    return this.member(via).cfg.electionMs * 1000 * 2 + 5_000_000;
  }

  /** A call refused before it reaches any member. */
  private refuse<T, O extends string>(op: O, i: number, key: string, err: ClientError): ClientCall<T, O> {
    const now = this.kernel.nowUs;
    const c: ClientCall<T, O> = {
      id: this.nextCallId++,
      op,
      member: i,
      key,
      startUs: now,
      endUs: now,
      result: null,
    };
    c.result = { ok: false, err };
    if (this.observers.length > 0) {
      this.notify(i, { kind: 'client', phase: 'started', call: c.id, op, key });
      this.notify(i, { kind: 'client', phase: 'answered', call: c.id, op, ok: false, error: err.message });
    }
    return c;
  }

  /** Starts a client call; key-value calls join `calls` (the client history), others do not. */
  private call<T, O extends string>(
    op: O,
    i: number,
    key: string,
    timeoutUs: number | undefined,
    f: (s: EtcdServer, ctx: Context) => Generator<Op, Outcome<T>, unknown>,
    opts: { readonly learnerOK?: boolean; readonly onDone?: (r: ClientOutcome<T>) => void } = {},
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
    if (this.observers.length > 0) this.notify(i, { kind: 'client', phase: 'started', call: c.id, op, key });
    const finish = (r: ClientOutcome<T>): void => {
      c.result = r;
      c.endUs = k.nowUs;
      if (this.observers.length > 0) {
        const error = r.ok ? null : r.err.message;
        this.notify(i, { kind: 'client', phase: 'answered', call: c.id, op, ok: r.ok, error });
      }
      opts.onDone?.(r);
    };
    if (s === null || !this.member(i).up || !s.readych.closed) {
      // A member that is down, or not yet serving clients, refuses the connection.
      finish({ ok: false, err: ErrUnavailable });
      return c;
    }
    if (opts.learnerOK !== true && s.cluster.isMemberExist(s.memberId) && s.cluster.isLocalMemberLearner()) {
      // The gRPC interceptor: a learner serves only serializable reads and Status.
      finish({ ok: false, err: ErrGRPCNotSupportedForLearner });
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
    return {
      index: i,
      name: m.name,
      id: idString(s.memberId),
      up: m.up,
      appliedIndex: s.appliedIndex,
      committedIndex: s.committedIndex,
      gap: s.committedIndex - s.appliedIndex,
      lead: idString(s.lead),
      term: termOf(s),
      raftState: stateTypeName(roleOf(s)),
      status: basicStatusOf(s),
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

/** infraN's peer URL (N = i + 1), as etcd's local multi-member example assigns them. */
function memberPeerURLs(i: number): string[] {
  return [`http://127.0.0.1:${i + 1}2380`];
}

/** The server's error as the gRPC client sees it (togRPCError). */
function* grpc<T>(g: Generator<Op, Outcome<T>, unknown>): Generator<Op, Outcome<T>, unknown> {
  const r = yield* g;
  return r.ok ? r : { ok: false, err: togRPCError(r.err) };
}

/**
 * The ETCD_INITIAL_CLUSTER `etcdctl member add` prints: every member's peer URLs under its name
 * (the new member's under the name given to it; a member that never started has none yet), and
 * etcd groups the URLs by name, as a name → URLs map.
 */
function initialClusterOf(
  members: readonly Member[],
  newID: bigint,
  newName: string,
): (readonly [string, readonly string[]])[] {
  const byName = new Map<string, string[]>();
  for (const m of members) {
    const name = m.id === newID ? newName : m.name;
    byName.set(name, [...(byName.get(name) ?? []), ...m.peerURLs]);
  }
  return Array.from(byName);
}

/** Runs proc, then calls onExit if shouldExit() holds (a process that ended by itself). */
function* exitsWhenDone(
  proc: Generator<Op, void, unknown>,
  shouldExit: () => boolean,
  onExit: () => void,
): Generator<Op, void, unknown> {
  yield* proc;
  if (shouldExit()) onExit();
}
