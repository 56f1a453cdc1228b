/**
 * EtcdServer (server/etcdserver/server.go): one etcd member. This file holds the struct, the
 * state the UI observes, GoAttach, Process and the raftReadyHandler callbacks. The member's
 * behaviour is split across files the way upstream splits its methods: server_start.ts (Start,
 * start, run, adjustTicks, publishV3), apply.ts (applyAll and below), v3_server.ts (the write
 * and read paths) and monitors.ts (the timed GoAttach'd goroutines).
 */
import type { Chan } from '../sim/chan';
import type { CancelFunc, Context } from '../sim/context';
import { background } from '../sim/context';
import type { Kernel } from '../sim/kernel';
import { Notifier } from '../sim/notify';
import type { Op, Proc } from '../sim/op';
import { WaitGroup } from '../sim/waitgroup';
import type { Node } from '../raft/node';
import type { NodeID } from '../raft/raftpb/types';
import { StateType } from '../raft/state_type';
import type { MemoryStorage } from '../raft/storage';
import type { ServerConfig } from './config';
import { electionTicks, reqTimeoutUs } from './config';
import type { VirtualDisk } from './disk';
import type { EtcdError } from './errors';
import { idString } from './ids';
import { Generator as IDGenerator } from './idutil';
import type { Member, RaftCluster } from './membership';
import type { KVStore, KeyValue, ResponseHeader } from './mvcc';
import type { Transport } from './transport';
import type { Backend } from './backend';
import type { Message } from '../raft/raftpb/types';
import type { RaftReadyHandler } from './raftnode';
import { RaftNode } from './raftnode';
import type { FIFOScheduler } from './schedule';
import type { MemberObserver } from './observation';
import { Wait } from './wait';
import { WaitTime } from './wait_time';
import type { ZapLogger } from './zap';
import { zap } from './zap';

/** apply.Result: what the applier hands the waiting proposer. */
export interface ApplyResult {
  readonly resp: ApplyResponse | undefined;
  readonly err: EtcdError | undefined;
}

export type ApplyResponse =
  | {
      readonly kind: 'put';
      readonly header: ResponseHeader;
      readonly prevKv: KeyValue | undefined;
    }
  | { readonly kind: 'deleteRange'; readonly header: ResponseHeader; readonly deleted: number }
  | {
      readonly kind: 'range';
      readonly header: ResponseHeader;
      readonly kvs: KeyValue[];
      readonly count: number;
    }
  | { readonly kind: 'empty' };

/** confChangeResponse: what a conf change's waiter gets. */
export interface ConfChangeResponse {
  readonly kind: 'confChange';
  readonly members: readonly Member[];
  /** Signalled once raft has advanced past the Ready that carried the conf change. */
  readonly raftAdvancedC: Chan<undefined>;
  readonly err: EtcdError | undefined;
}

/** What a waiter in the registry receives: an apply result, a conf change response, or nil. */
export type WaitValue = ApplyResult | ConfChangeResponse | null;

/** The notifier of one linearizable-read round (v3_server.go notifier). */
export class ReadNotifier {
  readonly c: Chan<undefined>;
  err: EtcdError | undefined = undefined;
  constructor(private readonly k: Kernel) {
    this.c = k.chan<undefined>('readNotifier');
  }
  notify(err: EtcdError | undefined): void {
    this.err = err;
    this.k.close(this.c);
  }
}

export interface EtcdServerParts {
  readonly kernel: Kernel;
  readonly cfg: ServerConfig;
  readonly lg: ZapLogger;
  readonly memberId: bigint;
  readonly cluster: RaftCluster;
  readonly node: Node;
  readonly raftStorage: MemoryStorage;
  readonly disk: VirtualDisk;
  readonly transport: Transport;
  readonly backend: Backend;
  /** Members' reachability for monitorClusterVersions' /version fetch. */
  readonly peerVersion: (id: bigint) => string | undefined;
  /** Is this incarnation of the member still alive (false after a crash)? */
  readonly alive: () => boolean;
  readonly clientURLs: readonly string[];
  /**
   * The member serving peer HTTP at a peer URL, if this member can reach it now (the model of a
   * peer HTTP request such as promoteMemberHTTP); undefined is a refused connection.
   */
  readonly peerServer?: (url: string) => EtcdServer | undefined;
  /** Told of what this member does, in order (see observation.ts). */
  readonly observer?: MemberObserver;
}

export class EtcdServer {
  readonly k: Kernel;
  readonly cfg: ServerConfig;
  readonly lg: ZapLogger;
  readonly memberId: bigint;
  readonly cluster: RaftCluster;
  readonly r: RaftNode;
  readonly kv: KVStore;
  readonly disk: VirtualDisk;
  readonly transport: Transport;
  readonly reqIDGen: IDGenerator;
  readonly attributes: { readonly name: string; readonly clientURLs: readonly string[] };
  readonly peerVersion: (id: bigint) => string | undefined;
  readonly alive: () => boolean;
  readonly peerServer: (url: string) => EtcdServer | undefined;
  readonly observer: MemberObserver | undefined;

  // Atomics of upstream (appliedIndex, committedIndex, term, lead).
  appliedIndex = 0;
  committedIndex = 0;
  term = 0;
  lead: NodeID = 0n;
  /** leadElectedTime in virtual µs; null is Go's zero time. */
  leadElectedTimeUs: number | null = null;
  /** Members whose conf change entries have been applied to the backend (the members bucket). */
  readonly backendMembers: Set<bigint>;
  readonly backend: Backend;
  inflightSnapshots = 0;
  forceDiskSnapshot = false;

  readonly readych: Chan<undefined>;
  readonly errorc: Chan<EtcdError>;
  readonly firstCommitInTerm: Notifier;
  readonly clusterVersionChanged: Notifier;
  readonly wg: WaitGroup;

  // Created by start() (upstream does the same; see spec §1.4 "what NewServer does not build").
  w!: Wait<WaitValue>;
  applyWait!: WaitTime;
  done!: Chan<undefined>;
  stop!: Chan<undefined>;
  stopping!: Chan<undefined>;
  ctx: Context = background();
  cancel: CancelFunc = () => undefined;
  readwaitc!: Chan<undefined>;
  readNotifier!: ReadNotifier;
  leaderChanged!: Notifier;
  sched: FIFOScheduler | null = null;

  // Metrics the UI shows.
  readonly metrics = {
    leaderChangesSeen: 0,
    hasLeader: 0,
    isLeader: 0,
    proposalsApplied: 0,
    proposalsPending: 0,
    proposalsFailed: 0,
    slowReadIndexes: 0,
    readIndexesFailed: 0,
  };
  /** ReadIndex request IDs of the round in flight (UI). */
  readonly readRequestIDs = new Set<bigint>();
  confirmedIndex = 0;

  constructor(p: EtcdServerParts) {
    this.k = p.kernel;
    this.cfg = p.cfg;
    this.lg = p.lg;
    this.memberId = p.memberId;
    this.cluster = p.cluster;
    this.backend = p.backend;
    this.kv = p.backend.kv;
    this.backendMembers = p.backend.backendMembers;
    this.disk = p.disk;
    this.transport = p.transport;
    this.peerVersion = p.peerVersion;
    this.alive = p.alive;
    this.peerServer = p.peerServer ?? ((): undefined => undefined);
    this.observer = p.observer;
    this.attributes = { name: p.cfg.name, clientURLs: [...p.clientURLs] };
    const name = p.cfg.name;
    this.readych = this.k.chan<undefined>(`${name} readych`);
    this.errorc = this.k.chan<EtcdError>(`${name} errorc`, 1);
    this.firstCommitInTerm = new Notifier(this.k, `${name} firstCommitInTerm`);
    this.clusterVersionChanged = new Notifier(this.k, `${name} clusterVersionChanged`);
    this.wg = new WaitGroup(this.k, `${name} wg`);
    this.reqIDGen = new IDGenerator(p.memberId, p.cfg.sim.epochUnixMs + Math.floor(this.k.nowUs / 1000));
    this.r = new RaftNode({
      kernel: this.k,
      lg: this.lg,
      node: p.node,
      raftStorage: p.raftStorage,
      storage: p.disk,
      transport: p.transport,
      heartbeatMs: p.cfg.tickMs,
      heartbeatTick: p.cfg.heartbeatTick,
      isIDRemoved: (id) => this.cluster.isIDRemoved(id),
      go: (n, proc) => this.go(n, proc),
      name,
      ...(p.observer === undefined ? {} : { observer: p.observer }),
    });
  }

  get name(): string {
    return this.cfg.name;
  }

  /** Starts a goroutine owned by this member: after a crash it stops at its next resume. */
  go(name: string, proc: Proc): void {
    this.k.go(name, proc, this.alive);
  }

  /** Wraps a generator so it ends (without running its finally blocks) once the member crashed. */
  guarded<T>(gen: Generator<Op, T, unknown>): Generator<Op, T | undefined, unknown> {
    return guard(gen, this.alive);
  }

  /**
   * GoAttach: runs f in a goroutine the server waits for on shutdown; refused (with a warning)
   * once the server is stopping.
   */
  goAttach(name: string, f: () => Proc): void {
    if (this.stopping.closed) {
      this.lg.warn('etcdserver/server.go:2547', 'server has stopped; skipping GoAttach');
      return;
    }
    this.wg.add(1);
    const wg = this.wg;
    this.go(
      `${this.name} ${name}`,
      (function* (): Proc {
        try {
          yield* f();
        } finally {
          wg.done();
        }
      })(),
    );
  }

  // ---- small accessors upstream has as methods -------------------------------------------

  /** Leader(): the member this one believes leads, 0n for none. */
  leader(): NodeID {
    return this.lead;
  }

  isLeader(): boolean {
    return this.lead === this.memberId;
  }

  electionTicks(): number {
    return electionTicks(this.cfg);
  }

  reqTimeoutUs(): number {
    return reqTimeoutUs(this.cfg);
  }

  /** isActive: ticked within the last 3 ticks. */
  isActive(): boolean {
    return this.k.nowUs - this.r.latestTickUs < 3 * this.cfg.tickMs * 1000;
  }

  /** The response header the gRPC layer fills in (api/v3rpc/header.go). */
  header(revision: number): ResponseHeader {
    return { clusterId: this.cluster.cid, memberId: this.memberId, revision, raftTerm: this.term };
  }

  /** The raftReadyHandler of run(): what the Ready loop calls back into. */
  readyHandler(): RaftReadyHandler {
    return {
      getLead: () => this.lead,
      updateLead: (lead) => {
        this.lead = lead;
      },
      updateLeadership: (newLeader) => this.updateLeadership(newLeader),
      updateCommittedIndex: (ci) => {
        if (ci > this.committedIndex) this.committedIndex = ci;
      },
    };
  }

  private updateLeadership(newLeader: boolean): void {
    if (newLeader) this.metrics.leaderChangesSeen++;
    this.metrics.hasLeader = this.lead === 0n ? 0 : 1;
    this.metrics.isLeader = this.isLeader() ? 1 : 0;
    // Lessor demote/promote and the compactor are not modelled (no leases, no auto-compaction).
    if (this.isLeader() && newLeader) this.leadElectedTimeUs = this.k.nowUs;
    if (newLeader) this.leaderChanged.notify();
  }

  /** The fields most log lines of this member carry. */
  localMemberField(): ReturnType<typeof zap.String> {
    return zap.String('local-member-id', idString(this.memberId));
  }

  /** Process: the transport hands an inbound raft message to the server. */
  process(m: Message): Generator<Op, { readonly message: string } | undefined, unknown> {
    return processMessage(this, m);
  }

  /** The raft role as raft's Node sees it (for the UI). */
  raftState(): StateType {
    return this.r.node.rn.raft.state;
  }
}

/** Process: an inbound raft message from the transport (spec §4.3 step 3). */
export function* processMessage(
  s: EtcdServer,
  m: Message,
): Generator<Op, { readonly message: string } | undefined, unknown> {
  if (s.cluster.isIDRemoved(m.from)) {
    s.lg.warn(
      'etcdserver/server.go:720',
      'rejected Raft message from removed member',
      s.localMemberField(),
      zap.String('removed-member-id', idString(m.from)),
    );
    return { message: 'cannot process message from removed member' };
  }
  if (m.to !== s.memberId) {
    s.lg.warn(
      'etcdserver/server.go:727',
      'rejected Raft message to mismatch member',
      s.localMemberField(),
      zap.String('mismatch-member-id', idString(m.to)),
    );
    return { message: 'cannot process message to mismatch member' };
  }
  const err = yield* s.r.node.step(s.ctx, m);
  return err === undefined ? undefined : { message: err.message };
}

/**
 * Runs gen until it finishes, or until alive() turns false at one of its resumes; panics the
 * kernel throws in are forwarded into gen, so its try/finally still act as Go's defer/recover.
 */
function* guard<T>(
  gen: Generator<Op, T, unknown>,
  alive: () => boolean,
): Generator<Op, T | undefined, unknown> {
  let input: unknown = undefined;
  let thrown: { e: unknown } | null = null;
  for (;;) {
    if (!alive()) return undefined;
    let r: IteratorResult<Op, T>;
    if (thrown !== null) {
      const t = thrown;
      thrown = null;
      r = gen.throw(t.e);
    } else {
      r = gen.next(input);
    }
    if (r.done === true) return r.value;
    try {
      input = yield r.value;
    } catch (e) {
      thrown = { e };
    }
  }
}
