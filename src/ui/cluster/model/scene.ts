/**
 * The cluster drawing as data: where each member, link and message dot goes at the cursor. The
 * view only turns this into SVG, so everything that decides what students see is testable here.
 */
import type { ClusterSnapshot, InFlightMessage, LinkView, MemberSnapshot } from '../../../session/types';
import { circleLayout, flightProgress, laneEnds, lerp, memberPairs, stackLevels } from './layout';
import type { CircleLayout, LabelSide, Point } from './layout';
import { roleOf } from './roles';
import type { Role } from './roles';
import { memberTimer } from './timer_ring';
import type { MemberTimer } from './timer_ring';

export interface SceneMember {
  readonly index: number;
  readonly name: string;
  readonly at: Point;
  readonly up: boolean;
  readonly role: Role;
  readonly term: number;
  readonly leader: boolean;
  readonly labelSide: LabelSide;
  /** Removed from the cluster (drawn down, labelled removed rather than crashed). */
  readonly removed: boolean;
  readonly learner: boolean;
  /** The timer ring around the glyph (./timer_ring), null for none. */
  readonly timer: MemberTimer | null;
}

/** ok: both directions up; one-way: one direction cut; cut: partitioned; dead: an end is down. */
export type LinkState = 'ok' | 'one-way' | 'cut' | 'dead';

export interface SceneLink {
  readonly a: number;
  readonly b: number;
  readonly from: Point;
  readonly to: Point;
  readonly state: LinkState;
  readonly inFlight: number;
}

export interface SceneMessage {
  readonly id: number;
  readonly type: string;
  readonly family: MessageFamily;
  readonly at: Point;
  /** Label stacking level among messages at nearly the same spot. */
  readonly level: number;
  /** Unit vector perpendicular to travel, pointing to the lane's outer side (labels go there). */
  readonly normal: Point;
  readonly fromMember: number;
  readonly toMember: number;
  readonly progress: number;
}

export type MessageFamily = 'append' | 'heartbeat' | 'vote' | 'snapshot' | 'other';

export function messageFamily(type: string): MessageFamily {
  if (type === 'MsgApp' || type === 'MsgAppResp') return 'append';
  if (type === 'MsgHeartbeat' || type === 'MsgHeartbeatResp') return 'heartbeat';
  if (type.startsWith('MsgVote') || type.startsWith('MsgPreVote')) return 'vote';
  if (type === 'MsgSnap') return 'snapshot';
  return 'other';
}

export interface Scene {
  readonly layout: CircleLayout;
  readonly members: readonly SceneMember[];
  readonly links: readonly SceneLink[];
  readonly messages: readonly SceneMessage[];
}

/** Distance between the two directed tracks of a link, in px. */
export const laneOffsetPx = 5;

export function buildScene(
  snap: Pick<ClusterSnapshot, 'members' | 'links' | 'messages' | 'leader' | 'nowUs'>,
  width: number,
  height: number,
): Scene {
  const n = snap.members.length;
  const layout = circleLayout(n, width, height);
  const members = snap.members.map((m, i) =>
    sceneMember(m, layout.positions[i] ?? { x: 0, y: 0 }, snap.leader === i, layout.labelSides[i] ?? 'below'),
  );
  const links = memberPairs(n).map(([a, b]) => sceneLink(a, b, layout, snap.members, snap.links));
  const messages = sceneMessages(snap.messages, layout, snap.nowUs);
  return { layout, members, links, messages };
}

function sceneMember(
  m: MemberSnapshot,
  at: Point,
  clusterLeader: boolean,
  labelSide: LabelSide,
): SceneMember {
  const role = roleOf(m.role);
  return {
    index: m.index,
    name: m.name,
    at,
    up: m.up,
    role,
    term: m.term,
    leader: m.up && (role === 'Leader' || clusterLeader),
    labelSide,
    removed: m.removed === true,
    learner: m.learner === true,
    timer: memberTimer(m),
  };
}

function linkUp(links: readonly LinkView[], from: number, to: number): LinkView | undefined {
  return links.find((l) => l.fromMember === from && l.toMember === to);
}

function sceneLink(
  a: number,
  b: number,
  layout: CircleLayout,
  members: readonly MemberSnapshot[],
  links: readonly LinkView[],
): SceneLink {
  const pa = layout.positions[a] ?? { x: 0, y: 0 };
  const pb = layout.positions[b] ?? { x: 0, y: 0 };
  const ab = linkUp(links, a, b);
  const ba = linkUp(links, b, a);
  const bothAlive = members[a]?.up === true && members[b]?.up === true;
  // An unknown link (the engine publishes none before members attach) counts as up.
  const upAB = ab?.up ?? true;
  const upBA = ba?.up ?? true;
  let state: LinkState;
  if (!bothAlive) state = 'dead';
  else if (upAB && upBA) state = 'ok';
  else if (upAB || upBA) state = 'one-way';
  else state = 'cut';
  return { a, b, from: pa, to: pb, state, inFlight: (ab?.inFlight ?? 0) + (ba?.inFlight ?? 0) };
}

function sceneMessages(
  msgs: readonly InFlightMessage[],
  layout: CircleLayout,
  nowUs: number,
): SceneMessage[] {
  const raw = msgs.map((m) => {
    const a = layout.positions[m.fromMember] ?? { x: 0, y: 0 };
    const b = layout.positions[m.toMember] ?? { x: 0, y: 0 };
    const [s, e] = laneEnds(a, b, layout.nodeRadius, laneOffsetPx);
    const progress = flightProgress(m.sentUs, m.arriveUs, nowUs);
    const len = Math.hypot(b.x - a.x, b.y - a.y) || 1;
    const normal = { x: -(b.y - a.y) / len, y: (b.x - a.x) / len };
    return { m, at: lerp(s, e, progress), progress, normal };
  });
  const levels = stackLevels(
    raw.map((r) => ({ key: `${r.m.fromMember}>${r.m.toMember}`, progress: r.progress })),
    0.12,
  );
  return raw.map((r, i) => ({
    id: r.m.id,
    type: r.m.type,
    family: messageFamily(r.m.type),
    at: r.at,
    level: levels[i] ?? 0,
    normal: r.normal,
    fromMember: r.m.fromMember,
    toMember: r.m.toMember,
    progress: r.progress,
  }));
}

/** The accessible name of a member button, e.g. "infra1, Leader, term 2" (English). */
export function memberLabelParts(m: Pick<MemberSnapshot, 'name' | 'up' | 'role' | 'term'>): {
  name: string;
  role: Role | 'down';
  term: number;
} {
  return { name: m.name, role: m.up ? roleOf(m.role) : 'down', term: m.term };
}
