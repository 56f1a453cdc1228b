/**
 * The cluster membership (server/etcdserver/api/membership): members with their raft
 * attributes (peer URLs, learner flag) and attributes (name, client URLs), the set of removed
 * IDs, the cluster version, and ValidateConfigurationChange with etcd's errors. The conf change
 * context is the JSON etcd puts there (ConfigChangeContext: the Member plus isPromote).
 *
 * Simplified (cluster.go): one in-memory map stands for both the v2 store and the bbolt
 * members bucket, so shouldApplyV3 only chooses which log line a replay prints.
 */
import { ConfChangeType } from '../raft/raftpb/types';
import type { ConfChange } from '../raft/raftpb/types';
import {
  ErrIDExists,
  ErrIDNotFound,
  ErrIDRemoved,
  ErrMemberNotLearner,
  ErrPeerURLexists,
  ErrTooManyLearners,
} from './errors';
import type { EtcdError } from './errors';
import { compareIDs, computeClusterID, computeMemberID, idString } from './ids';
import type { ZapLogger } from './zap';
import { zap } from './zap';

export interface RaftAttributes {
  readonly peerURLs: readonly string[];
  readonly isLearner: boolean;
}

export interface Attributes {
  readonly name: string;
  readonly clientURLs: readonly string[];
}

export interface Member extends RaftAttributes, Attributes {
  readonly id: bigint;
}

/** membership.ConfigChangeContext */
export interface ConfigChangeContext {
  readonly member: Member;
  readonly isPromote: boolean;
}

/** NewMember / NewMemberAsLearner: the ID comes from the peer URLs, the token and (for run-time adds) the time. */
export function newMember(
  name: string,
  peerURLs: readonly string[],
  clusterName: string,
  nowUnixSeconds?: number,
  isLearner = false,
): Member {
  const id = computeMemberID(peerURLs, clusterName, nowUnixSeconds);
  return { id, name, peerURLs: [...peerURLs], clientURLs: [], isLearner };
}

/** The Member's JSON as etcd encodes it (types.ID as a JSON number, omitempty fields left out). */
function memberJSONFields(m: Member): string {
  // Go marshals a nil slice as null: a promotion's context carries a member with only its ID.
  const urls = m.peerURLs.length === 0 ? 'null' : JSON.stringify(m.peerURLs);
  let s = `"id":${BigInt.asUintN(64, m.id).toString()},"peerURLs":${urls}`;
  if (m.isLearner) s += ',"isLearner":true';
  if (m.name !== '') s += `,"name":${JSON.stringify(m.name)}`;
  if (m.clientURLs.length > 0) s += `,"clientURLs":${JSON.stringify(m.clientURLs)}`;
  return s;
}

const utf8 = new TextEncoder();
const utf8d = new TextDecoder();

/** json.Marshal(member): raft.Peer.Context at bootstrap, and the context of UpdateNode. */
export function marshalMember(m: Member): Uint8Array {
  return utf8.encode(`{${memberJSONFields(m)}}`);
}

/** json.Marshal(ConfigChangeContext): the context of AddNode / AddLearnerNode. */
export function marshalConfigChangeContext(c: ConfigChangeContext): Uint8Array {
  return utf8.encode(`{${memberJSONFields(c.member)},"isPromote":${c.isPromote ? 'true' : 'false'}}`);
}

/** Parses a Member (or ConfigChangeContext) JSON; the id is read as a 64-bit integer exactly. */
export function unmarshalConfigChangeContext(b: Uint8Array | undefined): ConfigChangeContext | undefined {
  if (b === undefined) return undefined;
  const text = utf8d.decode(b);
  const idm = /"id"\s*:\s*(\d+)/.exec(text);
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const strings = (v: unknown): string[] =>
    Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  const member: Member = {
    id: idm?.[1] === undefined ? 0n : BigInt(idm[1]),
    peerURLs: strings(doc['peerURLs']),
    isLearner: doc['isLearner'] === true,
    name: typeof doc['name'] === 'string' ? doc['name'] : '',
    clientURLs: strings(doc['clientURLs']),
  };
  return { member, isPromote: doc['isPromote'] === true };
}

/** version.Cluster: "major.minor" of a version string. */
export function clusterVersionString(ver: string): string {
  const parts = ver.split('.');
  return parts.length >= 2 ? `${parts[0]}.${parts[1]}` : ver;
}

const at = (line: number): string => `membership/cluster.go:${line}`;

export class RaftCluster {
  private readonly membersMap = new Map<bigint, Member>();
  private readonly removed = new Set<bigint>();
  private versionValue: string | undefined = undefined;
  cid = 0n;
  localID = 0n;

  constructor(
    private readonly lg: ZapLogger,
    readonly token: string,
    readonly maxLearners = 1,
  ) {}

  /** NewClusterFromURLsMap: members from --initial-cluster (name → peer URLs), cluster ID from their IDs. */
  static fromURLsMap(
    lg: ZapLogger,
    token: string,
    urlsMap: readonly (readonly [string, readonly string[]])[],
    maxLearners = 1,
  ): RaftCluster {
    const c = new RaftCluster(lg, token, maxLearners);
    for (const [name, urls] of urlsMap) {
      const m = newMember(name, urls, token);
      if (c.membersMap.has(m.id)) throw new Error(`member exists with identical ID ${idString(m.id)}`);
      c.membersMap.set(m.id, m);
    }
    c.genID();
    return c;
  }

  /** NewClusterFromMembers: a cluster as a remote peer's /members answer describes it. */
  static fromMembers(lg: ZapLogger, cid: bigint, members: readonly Member[], maxLearners = 1): RaftCluster {
    const c = new RaftCluster(lg, '', maxLearners);
    c.cid = cid;
    for (const m of members) c.restoreMember(m);
    return c;
  }

  /** genID: the cluster ID from the sorted member IDs. */
  genID(): void {
    this.cid = computeClusterID(this.memberIDs());
  }

  setID(localID: bigint, cid: bigint): void {
    this.localID = localID;
    this.cid = cid;
  }

  /** Members(): sorted by ID. */
  members(): Member[] {
    return this.memberIDs().map((id) => this.membersMap.get(id) as Member);
  }

  /** MemberIDs(): sorted ascending. */
  memberIDs(): bigint[] {
    return Array.from(this.membersMap.keys()).sort(compareIDs);
  }

  member(id: bigint): Member | undefined {
    return this.membersMap.get(id);
  }

  memberByName(name: string): Member | undefined {
    return this.members().find((m) => m.name === name);
  }

  /** VotingMembers(): the non-learners, sorted by ID. */
  votingMembers(): Member[] {
    return this.members().filter((m) => !m.isLearner);
  }

  isIDRemoved(id: bigint): boolean {
    return this.removed.has(id);
  }

  /** IsMemberExist */
  isMemberExist(id: bigint): boolean {
    return this.membersMap.has(id);
  }

  /** PeerURLs(): every member's peer URLs, sorted. */
  peerURLs(): string[] {
    return this.members()
      .flatMap((m) => m.peerURLs)
      .sort();
  }

  /** ClientURLs(): every member's client URLs, sorted. */
  clientURLs(): string[] {
    return this.members()
      .flatMap((m) => m.clientURLs)
      .sort();
  }

  private ids(): readonly ReturnType<typeof zap.String>[] {
    return [
      zap.String('cluster-id', idString(this.cid)),
      zap.String('local-member-id', idString(this.localID)),
    ];
  }

  /** AddMember: logs `added member` (or `ignore already added member` on a v2-only replay). */
  addMember(m: Member, shouldApplyV3 = true): void {
    const known = this.membersMap.has(m.id);
    this.membersMap.set(m.id, { ...m, peerURLs: [...m.peerURLs], clientURLs: [...m.clientURLs] });
    const fields = [
      ...this.ids(),
      zap.String('added-peer-id', idString(m.id)),
      zap.Strings('added-peer-peer-urls', m.peerURLs),
      zap.Bool('added-peer-is-learner', m.isLearner),
    ];
    if (!shouldApplyV3 && known) this.lg.info(at(433), 'ignore already added member', ...fields);
    else this.lg.info(at(424), 'added member', ...fields);
  }

  /** RemoveMember: the ID joins the removed set for good. */
  removeMember(id: bigint, shouldApplyV3 = true): void {
    const m = this.membersMap.get(id);
    this.membersMap.delete(id);
    this.removed.add(id);
    if (m === undefined) {
      this.lg.info(
        at(477),
        'ignore already removed member',
        ...this.ids(),
        zap.String('removed-remote-peer-id', idString(id)),
      );
      return;
    }
    const fields = [
      ...this.ids(),
      zap.String('removed-remote-peer-id', idString(id)),
      zap.Strings('removed-remote-peer-urls', m.peerURLs),
      zap.Bool('removed-remote-peer-is-learner', m.isLearner),
    ];
    if (shouldApplyV3) this.lg.info(at(460), 'removed member', ...fields);
    else this.lg.warn(at(469), 'skipped removing already removed member', ...fields);
  }

  /** UpdateAttributes (ClusterMemberAttrSet, published by every member at start). */
  updateAttributes(id: bigint, attr: Attributes): void {
    const m = this.membersMap.get(id);
    if (m !== undefined) {
      this.membersMap.set(id, { ...m, name: attr.name, clientURLs: [...attr.clientURLs] });
      return;
    }
    if (!this.removed.has(id)) {
      this.lg.panic(
        at(503),
        'failed to update; member unknown',
        ...this.ids(),
        zap.String('unknown-remote-peer-id', idString(id)),
      );
    }
    this.lg.warn(
      at(511),
      'skipped attributes update of removed member',
      ...this.ids(),
      zap.String('updated-peer-id', idString(id)),
    );
  }

  /** PromoteMember: a learner becomes a voter. */
  promoteMember(id: bigint): void {
    const m = this.membersMap.get(id);
    if (m === undefined) return;
    this.membersMap.set(id, { ...m, isLearner: false });
    this.lg.info(at(583), 'promote member', ...this.ids(), zap.String('promoted-member-id', idString(id)));
  }

  /** UpdateRaftAttributes (ConfChangeUpdateNode). */
  updateRaftAttributes(id: bigint, raftAttr: RaftAttributes): void {
    const m = this.membersMap.get(id);
    if (m === undefined) return;
    this.membersMap.set(id, { ...m, peerURLs: [...raftAttr.peerURLs], isLearner: raftAttr.isLearner });
    this.lg.info(
      at(648),
      'updated member',
      ...this.ids(),
      zap.String('updated-remote-peer-id', idString(id)),
      zap.Strings('updated-remote-peer-urls', raftAttr.peerURLs),
      zap.Bool('updated-remote-peer-is-learner', raftAttr.isLearner),
    );
  }

  /**
   * cluster.Recover's quiet loads (members, removed IDs, version read back from the backend at a
   * restart): no apply-time log lines; the caller prints the `recovered/added member from store`
   * lines itself.
   */
  restoreMember(m: Member): void {
    this.membersMap.set(m.id, { ...m, peerURLs: [...m.peerURLs], clientURLs: [...m.clientURLs] });
  }

  restoreRemoved(id: bigint): void {
    this.removed.add(id);
  }

  restoreVersion(ver: string | undefined): void {
    this.versionValue = ver;
  }

  /** The removed IDs, ascending (what the backend's members_removed bucket holds). */
  removedIDs(): bigint[] {
    return Array.from(this.removed).sort(compareIDs);
  }

  /**
   * Recover: replaces the members and the version with what the backend (or a snapshot) holds,
   * without the apply-time log lines (cluster.go:Recover logs its own lines; callers do that).
   */
  recover(members: readonly Member[], ver: string | undefined): void {
    this.membersMap.clear();
    for (const m of members)
      this.membersMap.set(m.id, { ...m, peerURLs: [...m.peerURLs], clientURLs: [...m.clientURLs] });
    if (ver !== undefined) this.versionValue = ver;
  }

  /** Version(): the cluster version ("3.6.0"), undefined until decided. */
  version(): string | undefined {
    return this.versionValue;
  }

  /** SetVersion: logs `set initial cluster version` or `updated cluster version`, then calls onSet. */
  setVersion(ver: string, onSet?: (ver: string) => void): void {
    const old = this.versionValue;
    if (old !== undefined) {
      this.lg.info(
        at(681),
        'updated cluster version',
        ...this.ids(),
        zap.String('from', clusterVersionString(old)),
        zap.String('to', clusterVersionString(ver)),
      );
    } else {
      this.lg.info(
        at(689),
        'set initial cluster version',
        ...this.ids(),
        zap.String('cluster-version', clusterVersionString(ver)),
      );
    }
    this.versionValue = ver;
    onSet?.(ver);
  }

  /**
   * ValidateConfigurationChange(cc) against this cluster's own members and removed IDs:
   * undefined when the change may be applied, else etcd's error.
   */
  validateConfigurationChange(cc: ConfChange): EtcdError | undefined {
    return validateConfigurationChange(
      cc,
      { members: Array.from(this.membersMap.values()), isRemoved: (id) => this.removed.has(id) },
      this.maxLearners,
      this.lg,
    );
  }

  /** IsReadyToAddVotingMember: the started voters stay a quorum of the grown voter set. */
  isReadyToAddVotingMember(): boolean {
    let nmembers = 1;
    let nstarted = 0;
    for (const m of this.votingMembers()) {
      if (isStarted(m)) nstarted++;
      nmembers++;
    }
    // Adding a second member to a one-member cluster (restoring a cluster from a backup).
    if (nstarted === 1 && nmembers === 2) return true;
    return this.quorumOfStarted(
      736,
      'rejecting member add; started member will be less than quorum',
      nstarted,
      nmembers,
    );
  }

  /** IsReadyToRemoveVotingMember: the started voters left are a quorum of the voters left. */
  isReadyToRemoveVotingMember(id: bigint): boolean {
    const rest = this.votingMembers().filter((m) => m.id !== id);
    const nstarted = rest.filter(isStarted).length;
    return this.quorumOfStarted(
      766,
      'rejecting member remove; started member will be less than quorum',
      nstarted,
      rest.length,
    );
  }

  /** IsReadyToPromoteMember: counts the learner as a started voter-to-be. */
  isReadyToPromoteMember(): boolean {
    const voters = this.votingMembers();
    const nstarted = 1 + voters.filter(isStarted).length;
    return this.quorumOfStarted(
      792,
      'rejecting member promote; started member will be less than quorum',
      nstarted,
      1 + voters.length,
    );
  }

  private quorumOfStarted(line: number, rejectMsg: string, nstarted: number, nmembers: number): boolean {
    const nquorum = Math.floor(nmembers / 2) + 1;
    if (nstarted >= nquorum) return true;
    this.lg.warn(
      at(line),
      rejectMsg,
      zap.Int('number-of-started-member', nstarted),
      zap.Int('quorum', nquorum),
      zap.String('cluster-id', idString(this.cid)),
      zap.String('local-member-id', idString(this.localID)),
    );
    return false;
  }

  /**
   * ValidateClusterAndAssignIDs (cluster.go), this cluster being the local one built from
   * --initial-cluster: every existing member's peer URLs must match one local member, which then
   * takes the existing member's ID. Returns the error text, or undefined. Simplified: URLs are
   * compared as sorted strings (netutil.URLStringsEqual also resolves host names).
   */
  assignIDsFrom(existing: readonly Member[]): string | undefined {
    const local = this.members();
    if (existing.length !== local.length) return 'member count is unequal';
    const key = (urls: readonly string[]): string => [...urls].sort().join(',');
    const ided: Member[] = [];
    for (const em of existing) {
      const lm = local.find((m) => key(m.peerURLs) === key(em.peerURLs));
      if (lm === undefined) {
        return `PeerURLs: no match found for existing member (${idString(em.id)}, [${em.peerURLs.join(' ')}]), last resolver error (<nil>)`;
      }
      ided.push({ ...lm, id: em.id });
    }
    this.membersMap.clear();
    for (const m of ided) this.membersMap.set(m.id, m);
    return undefined;
  }

  /** IsLocalMemberLearner */
  isLocalMemberLearner(): boolean {
    return this.membersMap.get(this.localID)?.isLearner === true;
  }
}

/** Member.IsStarted: a member counts as started once it has published its name. */
export function isStarted(m: Member): boolean {
  return m.name.length !== 0;
}

/** What ValidateConfigurationChange reads: the members bucket and the removed-members bucket. */
export interface MembersView {
  readonly members: readonly Member[];
  readonly isRemoved: (id: bigint) => boolean;
}

/**
 * ValidateConfigurationChange (cluster.go): undefined when the change may be applied to the
 * given members, else etcd's error. A context that does not parse is a programmer error (etcd
 * panics). The apply path passes the members its backend holds, a caller may pass any view.
 */
export function validateConfigurationChange(
  cc: ConfChange,
  view: MembersView,
  maxLearners: number,
  lg: ZapLogger,
): EtcdError | undefined {
  const id = cc.nodeID;
  if (view.isRemoved(id)) return ErrIDRemoved;
  const byID = (x: bigint): Member | undefined => view.members.find((m) => m.id === x);
  switch (cc.type) {
    case ConfChangeType.ConfChangeAddNode:
    case ConfChangeType.ConfChangeAddLearnerNode: {
      const ctx = unmarshalConfigChangeContext(cc.context);
      if (ctx === undefined) lg.panic(at(334), 'failed to unmarshal confChangeContext');
      const existing = byID(id);
      if (ctx.isPromote) {
        if (existing === undefined) return ErrIDNotFound;
        return existing.isLearner ? undefined : ErrMemberNotLearner;
      }
      if (existing !== undefined) return ErrIDExists;
      if (peerURLTaken(view.members, ctx.member.peerURLs, undefined)) return ErrPeerURLexists;
      if (ctx.member.isLearner && cc.type === ConfChangeType.ConfChangeAddLearnerNode)
        return validateMaxLearnerConfig(maxLearners, view.members, true);
      return undefined;
    }
    case ConfChangeType.ConfChangeRemoveNode:
      return byID(id) === undefined ? ErrIDNotFound : undefined;
    case ConfChangeType.ConfChangeUpdateNode: {
      if (byID(id) === undefined) return ErrIDNotFound;
      const ctx = unmarshalConfigChangeContext(cc.context);
      if (ctx === undefined) lg.panic(at(390), 'failed to unmarshal member');
      return peerURLTaken(view.members, ctx.member.peerURLs, id) ? ErrPeerURLexists : undefined;
    }
  }
}

/** ValidateMaxLearnerConfig: with scaleUpLearners, room for one more learner is needed. */
export function validateMaxLearnerConfig(
  maxLearners: number,
  members: readonly Member[],
  scaleUpLearners: boolean,
): EtcdError | undefined {
  const learners = members.filter((m) => m.isLearner).length + (scaleUpLearners ? 1 : 0);
  return learners > maxLearners ? ErrTooManyLearners : undefined;
}

function peerURLTaken(
  members: readonly Member[],
  urls: readonly string[],
  except: bigint | undefined,
): boolean {
  const taken = new Set<string>();
  for (const m of members) if (m.id !== except) for (const u of m.peerURLs) taken.add(u);
  return urls.some((u) => taken.has(u));
}
