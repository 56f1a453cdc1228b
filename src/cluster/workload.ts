/**
 * The simulated clients of a run: single requests (a put, a get, a delete addressed to a member)
 * and an open-loop workload goroutine that offers requests at a fixed rate, choosing keys, reads
 * vs writes and (when no leader is known) the member from the seeded stream `workload`. Every
 * request is remembered with what the client knows (the value it wrote, whether a read was
 * serializable), so the run's client history can be handed to the linearizability checker.
 */
import { sleep } from '../sim/op';
import type { Proc } from '../sim/op';
import type { RandStream } from '../sim/rand';
import { stringFromBytes } from '../etcd/raft_request';
import type { RangeResponse } from '../etcd/v3_server';
import { ErrUnavailable } from './cluster';
import type { Cluster, ClientCall } from './cluster';
import { quorumLeader } from './cluster_probe';
import { outcomeOfError } from './history';
import type { KvOperation, KvOutcome } from './history';

/** One client request, as data (an input of a run). */
export interface ClientRequest {
  readonly op: 'put' | 'get' | 'delete';
  readonly member: number;
  readonly key: string;
  /** put: the value; when absent, a value of `valueBytes` bytes is made up. */
  readonly value?: string;
  readonly valueBytes?: number;
  /** get: serializable (may be stale) instead of linearizable. */
  readonly serializable?: boolean;
  readonly timeoutUs?: number;
  readonly clientId?: number;
}

/** Where workload requests go. */
export type WorkloadTarget = 'leader' | 'round-robin' | number;

export interface WorkloadSpec {
  /** Requests offered per virtual second, over all clients. */
  readonly opsPerSecond: number;
  /** Fraction of requests that are gets. */
  readonly readRatio: number;
  readonly keySpace: number;
  readonly valueBytes: number;
  readonly reads: 'linearizable' | 'serializable';
  readonly target: WorkloadTarget;
  readonly clients: number;
  /** Per-request client deadline (µs); absent = none (etcd's own request timeout applies). */
  readonly timeoutUs?: number;
}

interface CallInfo {
  readonly clientId: number;
  readonly value?: string;
  readonly serializable: boolean;
  /** Refused before it left the client (the member was down): it certainly did not happen. */
  readonly neverSent: boolean;
}

const maxValueBytes = 64 * 1024 * 1024;

/** The clients of one cluster: issues requests and keeps what is needed to build the history. */
export class Clients {
  private readonly info = new Map<number, CallInfo>();
  private generation = 0;
  private nextValue = 1;

  constructor(readonly cluster: Cluster) {}

  /** Sends one request now; returns the Cluster's call record. */
  request(r: ClientRequest): ClientCall<unknown> {
    const c = this.cluster;
    const opts = r.timeoutUs === undefined ? {} : { timeoutUs: r.timeoutUs };
    let call: ClientCall<unknown>;
    let value: string | undefined;
    if (r.op === 'put') {
      value = r.value ?? this.makeValue(r.valueBytes ?? 8);
      call = c.put(r.member, r.key, value, opts) as ClientCall<unknown>;
    } else if (r.op === 'get') {
      call = c.get(r.member, r.key, {
        ...opts,
        serializable: r.serializable === true,
      }) as ClientCall<unknown>;
    } else {
      call = c.delete(r.member, r.key, opts) as ClientCall<unknown>;
    }
    this.info.set(call.id, {
      clientId: r.clientId ?? 0,
      ...(value === undefined ? {} : { value }),
      serializable: r.serializable === true,
      neverSent: call.result !== null && !call.result.ok && call.result.err === ErrUnavailable,
    });
    return call;
  }

  /** The value a put call wrote (undefined for other calls or calls made elsewhere). */
  valueOf(callId: number): string | undefined {
    return this.info.get(callId)?.value;
  }

  /** A fresh value of n bytes that no other put of this run wrote (the checker likes distinct values). */
  makeValue(n: number): string {
    if (!Number.isSafeInteger(n) || n < 0 || n > maxValueBytes) throw new Error(`bad value size ${n}`);
    const tag = `v${this.nextValue++}`;
    return tag.length >= n ? tag : tag + '.'.repeat(n - tag.length);
  }

  /** Starts the workload goroutine (stopping any earlier one). */
  startWorkload(w: WorkloadSpec): void {
    const gen = ++this.generation;
    if (w.opsPerSecond <= 0) return;
    const k = this.cluster.kernel;
    k.go('workload', this.workload(w, gen, k.rand.stream('workload')));
  }

  stopWorkload(): void {
    this.generation++;
  }

  private *workload(w: WorkloadSpec, gen: number, rnd: RandStream): Proc {
    const periodUs = Math.max(1, Math.round(1_000_000 / w.opsPerSecond));
    for (let n = 0; n < 100_000_000 && gen === this.generation; n++) {
      const member = this.pickMember(w.target, n, rnd);
      if (member !== undefined) {
        const key = `key-${rnd.intn(w.keySpace)}`;
        const read = w.readRatio > 0 && rnd.float() < w.readRatio;
        this.request({
          op: read ? 'get' : 'put',
          member,
          key,
          valueBytes: w.valueBytes,
          serializable: w.reads === 'serializable',
          clientId: 1 + (n % w.clients),
          ...(w.timeoutUs === undefined ? {} : { timeoutUs: w.timeoutUs }),
        });
      }
      yield* sleep(periodUs, 'workload/sleep');
    }
  }

  /**
   * The leader, the n-th member, or a fixed one — among members that serve clients (a client
   * cannot connect to the others); with no leader known, a random serving member.
   */
  private pickMember(target: WorkloadTarget, n: number, rnd: RandStream): number | undefined {
    const c = this.cluster;
    const serving = (i: number): boolean => c.isUp(i) && c.server(i)?.readych.closed === true;
    if (typeof target === 'number') return target;
    if (target === 'round-robin') return n % c.members.length;
    const l = quorumLeader(c);
    if (l !== undefined && serving(l)) return l;
    const all = c.members.map((m) => m.index).filter(serving);
    return all.length === 0 ? undefined : all[rnd.intn(all.length)];
  }

  /** The client history so far, in invocation order. */
  history(): KvOperation[] {
    const out: KvOperation[] = [];
    for (const call of this.cluster.calls) {
      const info = this.info.get(call.id);
      if (info === undefined) continue;
      out.push(toOperation(call, info));
    }
    return out;
  }
}

function toOperation(call: ClientCall<unknown>, info: CallInfo): KvOperation {
  const base = {
    id: call.id,
    clientId: info.clientId,
    kind: call.op,
    key: call.key,
    invokeUs: call.startUs,
    ...(info.value === undefined ? {} : { value: info.value }),
    ...(info.serializable ? { serializable: true } : {}),
  };
  if (call.result === null || call.endUs === null) return { ...base, outcome: { kind: 'unknown' } };
  return { ...base, returnUs: call.endUs, outcome: outcomeOf(call, info) };
}

function outcomeOf(call: ClientCall<unknown>, info: CallInfo): KvOutcome {
  const r = call.result;
  if (r === null) return { kind: 'unknown' };
  if (!r.ok) return info.neverSent ? { kind: 'fail', error: r.err.message } : outcomeOfError(r.err.message);
  if (call.op === 'get') {
    const kv = (r.value as RangeResponse).kvs[0];
    return { kind: 'ok', value: kv === undefined ? null : stringFromBytes(kv.value) };
  }
  if (call.op === 'delete') return { kind: 'ok', deleted: (r.value as { deleted: number }).deleted };
  return { kind: 'ok' };
}
