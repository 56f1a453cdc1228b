/**
 * Stub session data: a three-member cluster just after its first election, written by hand so
 * views can render (and be tested) before or without the engine. The engine replaces all of it
 * on its first publish.
 */
import type { ClusterSnapshot, GapSeries, MemberSnapshot, ReadyCard, RunHistory } from '../../session/types';

const ids = ['8211f1d0f64f3269', '91bc3c398fb3c146', 'fd422379fda50e48'];

function stubMember(i: number): MemberSnapshot {
  const leader = i === 0;
  return {
    index: i,
    name: `infra${i + 1}`,
    id: ids[i] ?? '',
    up: true,
    removed: false,
    learner: false,
    role: leader ? 'StateLeader' : 'StateFollower',
    term: 2,
    lead: ids[0] ?? '0',
    leadMember: 0,
    hardState: { term: 2, vote: ids[0] ?? '0', commit: 4 },
    raftApplied: 4,
    appliedIndex: 4,
    committedIndex: 4,
    gap: 0,
    gapLimit: 5000,
    firstIndex: 1,
    lastIndex: 4,
    stableIndex: 4,
    electionElapsed: leader ? 0 : 3,
    electionTimeout: 14,
    heartbeatElapsed: 0,
    heartbeatTimeout: 1,
    leadTransferee: '0',
    progress: leader
      ? ids.map((id, j) => ({
          id,
          member: j,
          match: 4,
          next: 5,
          state: 'StateReplicate',
          recentActive: true,
        }))
      : null,
    readyStep: 'idle',
    readyCount: 5,
    currentReady: null,
    waitRegistrySize: 0,
    fifoQueueLength: 0,
    walRecords: 7,
    walUnsynced: 0,
    logTail: { fromIndex: 1, terms: [1, 2, 2, 2] },
    goroutines: [
      {
        id: 10 + i,
        name: `infra${i + 1} raftNode.start`,
        state: 'select',
        label: 'raftNode.start/select',
        waitingOn: ['recv ticker', 'recv readyc'],
        sleepUntilUs: null,
      },
    ],
  };
}

const members = [0, 1, 2].map(stubMember);

export const stubSnapshot: ClusterSnapshot = {
  step: 0,
  nowUs: 0,
  traceHash: '0000000000000000',
  seed: 1,
  scenario: 'normal-startup',
  size: 3,
  initialSize: 3,
  members,
  leader: 0,
  messages: [],
  links: [],
  faults: [],
  requestPath: null,
  halted: null,
};

export const stubHistory: RunHistory = {
  frontierStep: 0,
  frontierUs: 0,
  roleSegments: [],
  leaderChanges: [],
  calls: [],
  refused: [],
  markers: [],
  memberCount: 3,
  version: 0,
};

const stubCard: ReadyCard = {
  seq: 1,
  member: 0,
  startStep: 0,
  startUs: 0,
  endStep: 0,
  endUs: 0,
  loopStep: 'R14 advance',
  softState: { lead: ids[0] ?? '0', raftState: 'StateLeader' },
  hardState: { term: 2, vote: ids[0] ?? '0', commit: 3 },
  readStates: [],
  entries: [{ term: 2, index: 4, type: 'EntryNormal', data: '(empty)' }],
  committedEntries: [],
  messages: [],
  snapshot: null,
  mustSync: true,
  description:
    'Lead:8211f1d0f64f3269 State:StateLeader\nHardState Term:2 Vote:8211f1d0f64f3269 Commit:3\nEntries:\n2/4 EntryNormal ""',
};

export const stubReadyLanes: readonly (readonly ReadyCard[])[] = [[stubCard], [], []];

const empty = new Float64Array(0);
export function stubGapSeries(member: number): GapSeries {
  void member;
  return { steps: empty, timesUs: empty, applied: empty, committed: empty, gap: empty };
}
