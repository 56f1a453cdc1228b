/**
 * Joining a running cluster (--initial-cluster-state=existing, no WAL yet): bootstrap.go
 * bootstrapExistingClusterNoWAL and cluster_util.go GetClusterFromRemotePeers. The new member
 * learns the cluster ID and every member's ID from a running peer, takes its own ID from that
 * membership (the ID `member add` gave it), and later starts raft with no peers: the leader's
 * MsgApp (or MsgSnap) brings it the log, conf changes included.
 */
import { idString } from './ids';
import { RaftCluster, validateMaxLearnerConfig } from './membership';
import type { Member } from './membership';
import { memberString } from './reconfig_check';
import type { EtcdServer } from './server';
import type { ZapLogger } from './zap';
import { zap } from './zap';

export interface JoinSetup {
  readonly lg: ZapLogger;
  readonly name: string;
  readonly initialClusterToken: string;
  readonly maxLearners: number;
  /** --initial-cluster: name → peer URLs, in the flag's order. */
  readonly initialCluster: readonly (readonly [string, readonly string[]])[];
  /** The running member answering peer HTTP at a URL, if reachable now. */
  readonly peerServer: (url: string) => EtcdServer | undefined;
}

/** bootstrappedCluster of the join case: the local view with IDs assigned, and the remotes. */
export interface JoinedCluster {
  readonly cluster: RaftCluster;
  readonly remotes: readonly Member[];
}

export type JoinResult =
  { readonly ok: true; readonly value: JoinedCluster } | { readonly ok: false; readonly err: string };

/** bootstrapExistingClusterNoWAL: errors are the text NewServer returns (and etcdmain logs). */
export function bootstrapExistingClusterNoWAL(o: JoinSetup): JoinResult {
  if (!o.initialCluster.some(([name]) => name === o.name)) {
    return fail(`couldn't find local name "${o.name}" in the initial cluster configuration`);
  }
  const cl = RaftCluster.fromURLsMap(o.lg, o.initialClusterToken, o.initialCluster, o.maxLearners);
  const existing = getClusterFromRemotePeers(o, getRemotePeerURLs(cl, o.name));
  if (!existing.ok) return fail(`cannot fetch cluster info from peer urls: ${existing.err}`);
  const ex = existing.value;
  const verr = cl.assignIDsFrom(ex.members());
  if (verr !== undefined) return fail(`error validating peerURLs ${clusterString(ex)}: ${verr}`);
  // isCompatibleWithCluster is not modelled: every member runs this same version.
  const lerr = validateMaxLearnerConfig(o.maxLearners, ex.members(), false);
  if (lerr !== undefined) return fail(lerr.message);
  const self = cl.memberByName(o.name);
  if (self === undefined)
    return fail(`couldn't find local name "${o.name}" in the initial cluster configuration`);
  // Upstream sets the cluster ID here and the local ID in cluster.Finalize; same end state.
  cl.setID(self.id, ex.cid);
  return { ok: true, value: { cluster: cl, remotes: ex.members() } };
}

function fail(err: string): JoinResult {
  return { ok: false, err };
}

/** getRemotePeerURLs: every other member's peer URLs, sorted. */
function getRemotePeerURLs(cl: RaftCluster, local: string): string[] {
  return cl
    .members()
    .filter((m) => m.name !== local)
    .flatMap((m) => m.peerURLs)
    .sort();
}

type FetchResult =
  { readonly ok: true; readonly value: RaftCluster } | { readonly ok: false; readonly err: string };

/**
 * GetClusterFromRemotePeers: the first peer that answers GET /members gives the membership and
 * (in the X-Etcd-Cluster-ID header) the cluster ID. Model: the answer is read straight from the
 * running peer's RaftCluster through the cluster object, with no HTTP and no delay.
 */
function getClusterFromRemotePeers(o: JoinSetup, urls: readonly string[]): FetchResult {
  for (const u of urls) {
    const addr = `${u}/members`;
    const peer = o.peerServer(u);
    if (peer === undefined) {
      const host = u.replace(/^[a-z]+:\/\//, '');
      o.lg.warn(
        'etcdserver/cluster_util.go:86',
        'failed to get cluster response',
        zap.String('address', addr),
        zap.Error({ message: `Get "${addr}": dial tcp ${host}: connect: connection refused` }),
      );
      continue;
    }
    const membs = peer.cluster.members();
    if (membs.length > 0) return { ok: true, value: RaftCluster.fromMembers(o.lg, peer.cluster.cid, membs) };
    return { ok: false, err: 'failed to get raft cluster member(s) from the given URLs' };
  }
  return { ok: false, err: 'could not retrieve cluster information from the given URLs' };
}

/** RaftCluster.String(): how the error of a failed validation prints the existing cluster. */
function clusterString(c: RaftCluster): string {
  const ms = c.members().map((m) => `&${memberString(m)}`);
  const removed = c.removedIDs().map(idString);
  return `{ClusterID:${idString(c.cid)} Members:[${ms.join(' ')}] RemovedMemberIDs:[${removed.join(' ')}]}`;
}
