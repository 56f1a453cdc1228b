/**
 * A rich, hand-made session for looking at the four regions without the engine: five members,
 * a leader mid-Ready, a crashed member, a partitioned pre-candidate, messages in flight, a gap
 * near a classroom limit of 5 and refused proposals. Used by the preview page and view tests.
 */
import { stubSnapshot } from '../../../src/ui/session/stub';
import type {
  ClusterSnapshot,
  GapSeries,
  MemberSnapshot,
  MessageView,
  ReadyCard,
  RoleSegment,
  RunHistory,
} from '../../../src/session/types';

export const ids = [
  '8211f1d0f64f3269',
  '91bc3c398fb3c146',
  'fd422379fda50e48',
  'a3c7e9f1b2d40e11',
  'c9f0d1e2a3b4c5d6',
];
const base = stubSnapshot.members[0] as MemberSnapshot;

function member(i: number, patch: Partial<MemberSnapshot>): MemberSnapshot {
  return {
    ...base,
    index: i,
    name: `infra${i + 1}`,
    id: ids[i] ?? '',
    progress: null,
    gapLimit: 5,
    ...patch,
  };
}

const hs = (term: number, vote: number, commit: number) => ({ term, vote: ids[vote] ?? '0', commit });

function msg(type: string, from: number, to: number, entries = 0, reject = false): MessageView {
  return {
    type,
    from: ids[from] ?? '',
    to: ids[to] ?? '',
    term: 3,
    logTerm: 3,
    index: 40,
    commit: 41,
    entries,
    reject,
  };
}

function card(memberIdx: number, seq: number, step: number, patch: Partial<ReadyCard>): ReadyCard {
  return {
    seq,
    member: memberIdx,
    startStep: step,
    startUs: step * 1000,
    endStep: step + 8,
    endUs: step * 1000 + 800,
    loopStep: 'R14 advance',
    softState: null,
    hardState: null,
    readStates: [],
    entries: [],
    committedEntries: [],
    messages: [],
    snapshot: null,
    mustSync: false,
    description: '',
    ...patch,
  };
}

const current = card(0, 31, 990, {
  endStep: null,
  endUs: null,
  loopStep: 'R8 save-wal',
  hardState: hs(3, 0, 41),
  entries: [
    { term: 3, index: 44, type: 'EntryNormal', data: 'put k7=v7' },
    { term: 3, index: 45, type: 'EntryNormal', data: 'put k8=v8' },
  ],
  committedEntries: [{ term: 3, index: 41, type: 'EntryNormal', data: 'put k4=v4' }],
  messages: [msg('MsgApp', 0, 1, 2), msg('MsgApp', 0, 3, 2), msg('MsgHeartbeat', 0, 4)],
  mustSync: true,
  description:
    'Ready MustSync=true:\nHardState Term:3 Vote:1 Commit:41\nEntries:\n3/44 EntryNormal "put k7=v7"\n3/45 EntryNormal "put k8=v8"\nCommittedEntries:\n3/41 EntryNormal "put k4=v4"\nMessages:\n1->2 MsgApp Term:3 Log:3/43 Commit:41 Entries:[...]\n',
});

function leaderLane(): ReadyCard[] {
  const out: ReadyCard[] = [
    card(0, 1, 10, {
      softState: { lead: '0', raftState: 'StatePreCandidate' },
      messages: [msg('MsgPreVote', 0, 1), msg('MsgPreVote', 0, 2)],
      description: 'Ready MustSync=false:\nLead:0 State:StatePreCandidate\nMessages:\n…',
    }),
    card(0, 2, 30, {
      softState: { lead: '0', raftState: 'StateCandidate' },
      hardState: hs(2, 0, 0),
      mustSync: true,
      messages: [msg('MsgVote', 0, 1), msg('MsgVote', 0, 2)],
    }),
    card(0, 3, 60, {
      softState: { lead: ids[0] ?? '', raftState: 'StateLeader' },
      entries: [{ term: 2, index: 4, type: 'EntryNormal', data: '(empty)' }],
      mustSync: true,
    }),
  ];
  for (let s = 4; s < 31; s++) {
    out.push(
      card(0, s, 60 + s * 30, {
        hardState: hs(3, 0, 10 + s),
        committedEntries: [{ term: 3, index: 10 + s, type: 'EntryNormal', data: `put k${s}=v${s}` }],
        messages: [msg('MsgApp', 0, 1, 1), msg('MsgApp', 0, 3, 1)],
        mustSync: true,
      }),
    );
  }
  out.push(current);
  return out;
}

const follower2Lane: ReadyCard[] = Array.from({ length: 6 }, (_, k) =>
  card(1, 24 + k, 800 + k * 30, {
    hardState: hs(3, 0, 35 + k),
    entries: [{ term: 3, index: 38 + k, type: 'EntryNormal', data: `put k${k}=v${k}` }],
    messages: [msg('MsgAppResp', 1, 0)],
    mustSync: true,
    ...(k === 5 ? { endStep: null, endUs: null, loopStep: 'R12 follower-send' as const } : {}),
  }),
);

export const richMembers: MemberSnapshot[] = [
  member(0, {
    role: 'StateLeader',
    term: 3,
    lead: ids[0] ?? '',
    leadMember: 0,
    hardState: hs(3, 0, 41),
    raftApplied: 40,
    appliedIndex: 40,
    committedIndex: 41,
    gap: 1,
    firstIndex: 12,
    lastIndex: 45,
    stableIndex: 43,
    readyStep: 'R8 save-wal',
    readyCount: 31,
    currentReady: current,
    progress: [0, 1, 2, 3, 4].map((j) => ({
      id: ids[j] ?? '',
      member: j,
      match: j === 2 ? 20 : j === 4 ? 30 : 43,
      next: j === 2 ? 21 : 44,
      state: j === 2 ? 'StateProbe' : 'StateReplicate',
      recentActive: j !== 2 && j !== 4,
    })),
    goroutines: [
      {
        id: 11,
        name: 'infra1 raftNode.start',
        state: 'runnable',
        label: 'raftNode.start/save-wal',
        waitingOn: [],
        sleepUntilUs: null,
      },
      {
        id: 12,
        name: 'infra1 raft.node.run',
        state: 'select',
        label: 'node.run/select',
        waitingOn: ['recv propc', 'recv recvc', 'send readyc'],
        sleepUntilUs: null,
      },
      {
        id: 13,
        name: 'infra1 EtcdServer.run',
        state: 'select',
        label: 'EtcdServer.run/select',
        waitingOn: ['recv applyc'],
        sleepUntilUs: null,
      },
      {
        id: 14,
        name: 'infra1 disk fsync',
        state: 'sleep',
        label: 'wal.sync',
        waitingOn: [],
        sleepUntilUs: 1_002_500,
      },
    ],
  }),
  member(1, {
    role: 'StateFollower',
    term: 3,
    lead: ids[0] ?? '',
    leadMember: 0,
    hardState: hs(3, 0, 41),
    raftApplied: 36,
    appliedIndex: 36,
    committedIndex: 41,
    gap: 5,
    firstIndex: 12,
    lastIndex: 43,
    stableIndex: 43,
    readyStep: 'R12 follower-send',
    readyCount: 29,
    currentReady: follower2Lane[5] ?? null,
  }),
  member(2, {
    up: false,
    role: 'down',
    term: 0,
    lead: '0',
    leadMember: null,
    hardState: hs(0, 5, 0),
    raftApplied: 0,
    appliedIndex: 0,
    committedIndex: 0,
    gap: 0,
    firstIndex: 0,
    lastIndex: 0,
    stableIndex: 0,
    readyCount: 0,
    goroutines: [],
  }),
  member(3, {
    role: 'StateFollower',
    term: 3,
    lead: ids[0] ?? '',
    leadMember: 0,
    hardState: hs(3, 0, 41),
    raftApplied: 41,
    appliedIndex: 41,
    committedIndex: 41,
    gap: 0,
    firstIndex: 12,
    lastIndex: 43,
    stableIndex: 43,
    readyCount: 27,
  }),
  member(4, {
    role: 'StatePreCandidate',
    term: 2,
    lead: '0',
    leadMember: null,
    hardState: hs(2, 0, 30),
    raftApplied: 30,
    appliedIndex: 30,
    committedIndex: 30,
    gap: 0,
    firstIndex: 12,
    lastIndex: 30,
    stableIndex: 30,
    readyCount: 22,
    electionElapsed: 9,
    electionTimeout: 12,
  }),
];

const nowUs = 1_000_000;

export const richSnapshot: ClusterSnapshot = {
  ...stubSnapshot,
  step: 1000,
  nowUs,
  size: 5,
  members: richMembers,
  leader: 0,
  messages: [
    {
      id: 1,
      fromMember: 0,
      toMember: 1,
      type: 'MsgApp',
      term: 3,
      index: 43,
      entries: 2,
      sentUs: nowUs - 400,
      arriveUs: nowUs + 600,
    },
    {
      id: 2,
      fromMember: 0,
      toMember: 1,
      type: 'MsgHeartbeat',
      term: 3,
      index: 0,
      entries: 0,
      sentUs: nowUs - 420,
      arriveUs: nowUs + 580,
    },
    {
      id: 3,
      fromMember: 1,
      toMember: 0,
      type: 'MsgAppResp',
      term: 3,
      index: 43,
      entries: 0,
      sentUs: nowUs - 700,
      arriveUs: nowUs + 300,
    },
    {
      id: 4,
      fromMember: 0,
      toMember: 3,
      type: 'MsgApp',
      term: 3,
      index: 43,
      entries: 2,
      sentUs: nowUs - 100,
      arriveUs: nowUs + 900,
    },
    {
      id: 5,
      fromMember: 3,
      toMember: 0,
      type: 'MsgHeartbeatResp',
      term: 3,
      index: 0,
      entries: 0,
      sentUs: nowUs - 800,
      arriveUs: nowUs + 200,
    },
  ],
  links: [0, 1, 2, 3, 4].flatMap((a) =>
    [0, 1, 2, 3, 4]
      .filter((b) => b !== a)
      .map((b) => ({
        fromMember: a,
        toMember: b,
        up: !(a === 2 || b === 2 || a === 4 || b === 4),
        inFlight: 0,
      })),
  ),
};

const seg = (
  m: number,
  role: RoleSegment['role'],
  term: number,
  s: number,
  e: number | null,
): RoleSegment => ({
  member: m,
  role,
  term,
  startStep: s,
  startUs: s * 1000,
  endStep: e,
  endUs: e === null ? null : e * 1000,
});

export const richHistory: RunHistory = {
  frontierStep: 1000,
  frontierUs: nowUs,
  roleSegments: [
    seg(0, 'StateFollower', 1, 0, 10),
    seg(0, 'StatePreCandidate', 1, 10, 30),
    seg(0, 'StateCandidate', 2, 30, 60),
    seg(0, 'StateLeader', 2, 60, 500),
    seg(0, 'StateFollower', 3, 500, 540),
    seg(0, 'StateCandidate', 3, 540, 560),
    seg(0, 'StateLeader', 3, 560, null),
    seg(1, 'StateFollower', 1, 0, 60),
    seg(1, 'StateFollower', 2, 60, 500),
    seg(1, 'StateLeader', 3, 500, 520),
    seg(1, 'StateFollower', 3, 520, null),
    seg(2, 'StateFollower', 1, 0, 60),
    seg(2, 'StateFollower', 2, 60, 700),
    seg(2, 'down', 2, 700, null),
    seg(3, 'StateFollower', 1, 0, 60),
    seg(3, 'StateFollower', 2, 60, null),
    seg(4, 'StateFollower', 1, 0, 60),
    seg(4, 'StateFollower', 2, 60, 800),
    seg(4, 'StatePreCandidate', 2, 800, null),
  ],
  leaderChanges: [
    {
      step: 60,
      timeUs: 60_000,
      member: 0,
      previous: null,
      term: 2,
      cause: 'startup',
      evidence: 'raft.node: 8211f1d0f64f3269 elected leader 8211f1d0f64f3269 at term 2',
    },
    { step: 500, timeUs: 500_000, member: 1, previous: 0, term: 3, cause: 'transfer', evidence: '' },
    { step: 520, timeUs: 520_000, member: null, previous: 1, term: 3, cause: 'check-quorum', evidence: '' },
    {
      step: 560,
      timeUs: 560_000,
      member: 0,
      previous: null,
      term: 3,
      cause: 'election-timeout',
      evidence: '',
    },
  ],
  calls: [],
  refused: [
    { step: 900, timeUs: 900_000, member: 1, callId: 7, error: 'etcdserver: too many requests', gap: 6 },
    { step: 950, timeUs: 950_000, member: 1, callId: 8, error: 'etcdserver: too many requests', gap: 6 },
  ],
  markers: [],
  memberCount: 5,
  version: 1,
};

export const richLanes: readonly (readonly ReadyCard[])[] = [
  leaderLane(),
  follower2Lane,
  [],
  [
    card(3, 27, 950, {
      hardState: hs(3, 0, 41),
      committedEntries: [{ term: 3, index: 41, type: 'EntryNormal', data: 'put k4=v4' }],
      messages: [msg('MsgHeartbeatResp', 3, 0)],
    }),
  ],
  [
    card(4, 22, 800, {
      softState: { lead: '0', raftState: 'StatePreCandidate' },
      messages: [
        msg('MsgPreVote', 4, 0),
        msg('MsgPreVote', 4, 1),
        msg('MsgPreVote', 4, 2),
        msg('MsgPreVote', 4, 3),
      ],
    }),
  ],
];

/** A gap that climbs towards the limit of 5 on infra2 and stays small elsewhere. */
export function richGapSeries(memberIdx: number): GapSeries {
  const n = 200;
  const steps = new Float64Array(n);
  const timesUs = new Float64Array(n);
  const gap = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    steps[i] = i * 5;
    timesUs[i] = i * 5000;
    gap[i] = memberIdx === 1 ? Math.min(6, Math.floor(i / 30)) : memberIdx === 0 ? (i % 7 === 0 ? 1 : 0) : 0;
  }
  return { steps, timesUs, applied: new Float64Array(n), committed: new Float64Array(n), gap };
}
