/**
 * The session store: the one place the classroom UI reads the simulated cluster from. The engine
 * adapter (./engine) publishes a snapshot at the cursor plus the run's history; views subscribe
 * through the narrow selectors below so that a step re-renders only what changed. Actions are
 * forwarded to whatever controller is bound (the real engine in the app, a fake in tests); with
 * none bound the store holds the stub data of ./stub so views can be built and tested alone.
 */
import { create } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { BadUrlError } from '../../session/url';
import { stubGapSeries, stubHistory, stubReadyLanes, stubSnapshot } from './stub';
import type { StepReport } from '../../session/step_report';
import type { ScenarioProgress } from '../../cluster/scenario_script';
import type {
  ClusterSnapshot,
  EngineActivity,
  EventLine,
  GapSeries,
  Granularity,
  LeaderChange,
  MemberSnapshot,
  ReadyCard,
  RoleSegment,
  RunHistory,
  RunUntilGoal,
  TimedInput,
  UserInput,
} from '../../session/types';

/** A user-facing problem (bad URL, bad seed, refused action): shown in a banner, never thrown. */
export interface SessionNotice {
  /** bad-file: an import was refused (where = the file name); diverged: its replay differs. */
  readonly kind:
    | 'bad-url'
    | 'bad-seed'
    | 'bad-scenario'
    | 'engine'
    | 'bad-file'
    | 'diverged'
    /** A lesson link or file was refused (where = the link parameter or the file name). */
    | 'bad-lesson'
    /** The lesson was left because the run changed under it (message says how). */
    | 'lesson-closed';
  readonly message: string;
  /** Where it was wrong (URL parameter, field), if that applies. */
  readonly where: string;
  /** Each problem of a bad URL, for a translated list. */
  readonly errors?: readonly BadUrlError[];
  /** Each problem of a refused file, as `path: problem` (formatScenarioError). */
  readonly details?: readonly string[];
}

/** What the store needs from an engine; engine.ts implements it. */
export interface SessionController {
  play(): void;
  pause(): void;
  step(g: Granularity): void;
  stepBack(): void;
  runUntil(goal: RunUntilGoal): void;
  seek(step: number): void;
  reset(opts?: { readonly seed?: number; readonly scenario?: string; readonly size?: number }): void;
  issue(input: UserInput): void;
  setSpeed(stepsPerSecond: number): void;
  gapSeries(member: number): GapSeries;
  selectMember?(i: number): void;
}

export interface SessionState {
  readonly snapshot: ClusterSnapshot;
  readonly history: RunHistory;
  /** Ready cards per member (bounded ring, oldest first), including ones after the cursor. */
  readonly readyLanes: readonly (readonly ReadyCard[])[];
  /** Bounded log lines and events, oldest first, up to the frontier. */
  readonly events: readonly EventLine[];
  readonly inputs: readonly TimedInput[];
  readonly activity: EngineActivity;
  readonly playing: boolean;
  /** What the last Step / Step tick / Step Ready / Run until did (null after play or a seek). */
  readonly report: StepReport | null;
  /** Where the scenario's timeline stands: what it waits for next. */
  readonly scenarioProgress: ScenarioProgress | null;
  /** Kernel steps per second of wall time while playing. */
  readonly speed: number;
  readonly granularity: Granularity;
  readonly selectedMember: number;
  /** The goroutine whose line the Code region highlights (kernel id), or null for the first. */
  readonly selectedGoroutine: number | null;
  readonly notice: SessionNotice | null;
  /** Set once a real engine is bound (false = stub data). */
  readonly live: boolean;
  /** Bumped on each publish; gap series and other pull-data memoise on it. */
  readonly version: number;
}

export interface SessionActions {
  play(): void;
  pause(): void;
  togglePlay(): void;
  step(g?: Granularity): void;
  stepBack(): void;
  runUntil(goal: RunUntilGoal): void;
  seek(step: number): void;
  reset(opts?: { readonly seed?: number; readonly scenario?: string; readonly size?: number }): void;
  issue(input: UserInput): void;
  setSpeed(stepsPerSecond: number): void;
  setGranularity(g: Granularity): void;
  selectMember(i: number): void;
  selectGoroutine(id: number | null): void;
  setNotice(n: SessionNotice | null): void;
  gapSeries(member: number): GapSeries;
  /** Engine side: bind or unbind the controller. */
  bind(c: SessionController | null): void;
  /** Engine side: publish new data. */
  publish(patch: Partial<SessionState>): void;
}

export type SessionStore = SessionState & SessionActions;

export const defaultSpeed = 2000;

function initialState(): SessionState {
  return {
    snapshot: stubSnapshot,
    history: stubHistory,
    readyLanes: stubReadyLanes,
    events: [],
    inputs: [],
    activity: { kind: 'idle' },
    playing: false,
    report: null,
    scenarioProgress: null,
    speed: defaultSpeed,
    granularity: 'ready',
    selectedMember: 0,
    selectedGoroutine: null,
    notice: null,
    live: false,
    version: 0,
  };
}

export function createSessionStore() {
  let controller: SessionController | null = null;
  return create<SessionStore>()((set, get) => ({
    ...initialState(),
    play: () => controller?.play(),
    pause: () => controller?.pause(),
    togglePlay: () => (get().playing ? controller?.pause() : controller?.play()),
    step: (g) => controller?.step(g ?? get().granularity),
    stepBack: () => controller?.stepBack(),
    runUntil: (goal) => controller?.runUntil(goal),
    seek: (step) => controller?.seek(step),
    reset: (opts) => controller?.reset(opts),
    issue: (input) => controller?.issue(input),
    setSpeed: (sps) => {
      set({ speed: sps });
      controller?.setSpeed(sps);
    },
    setGranularity: (g) => set({ granularity: g }),
    selectMember: (i) => {
      set({ selectedMember: i, selectedGoroutine: null });
      controller?.selectMember?.(i);
    },
    selectGoroutine: (id) => set({ selectedGoroutine: id }),
    setNotice: (n) => set({ notice: n }),
    gapSeries: (member) => controller?.gapSeries(member) ?? stubGapSeries(member),
    bind: (c) => {
      controller = c;
      set(c === null ? initialState() : { live: true });
    },
    publish: (patch) => set((s) => ({ ...patch, version: s.version + 1 })),
  }));
}

/** The app's session store. */
export const useSession = createSessionStore();

// ---- narrow selectors (what the region views use) -------------------------------------------------

export const useSnapshot = (): ClusterSnapshot => useSession((s) => s.snapshot);
export const useMembers = (): readonly MemberSnapshot[] => useSession((s) => s.snapshot.members);
export const useMember = (i: number): MemberSnapshot | undefined => useSession((s) => s.snapshot.members[i]);
export const useCursor = (): { step: number; nowUs: number } =>
  useSession(useShallow((s) => ({ step: s.snapshot.step, nowUs: s.snapshot.nowUs })));
export const useSelectedMember = (): number => useSession((s) => s.selectedMember);
export const useHistory = (): RunHistory => useSession((s) => s.history);

/** Ready cards of member i that started at or before the cursor. */
export function readyLaneAt(
  lanes: readonly (readonly ReadyCard[])[],
  i: number,
  step: number,
): readonly ReadyCard[] {
  const lane = lanes[i] ?? [];
  let n = lane.length;
  while (n > 0 && (lane[n - 1]?.startStep ?? 0) > step) n--;
  return n === lane.length ? lane : lane.slice(0, n);
}

export const useReadyLane = (i: number): readonly ReadyCard[] =>
  useSession(useShallow((s) => readyLaneAt(s.readyLanes, i, s.snapshot.step)));

export interface LeaderTimeline {
  readonly segments: readonly RoleSegment[];
  readonly changes: readonly LeaderChange[];
  readonly size: number;
  readonly nowUs: number;
  readonly frontierUs: number;
}

export const useLeaderTimeline = (): LeaderTimeline =>
  useSession(
    useShallow((s) => ({
      segments: s.history.roleSegments,
      changes: s.history.leaderChanges,
      size: Math.max(s.snapshot.size, s.history.memberCount),
      nowUs: s.snapshot.nowUs,
      frontierUs: s.history.frontierUs,
    })),
  );

/** The gap series of member i (typed arrays up to the frontier; filter by step ≤ cursor). */
export function useGapSeries(i: number): GapSeries {
  const version = useSession((s) => s.version);
  const gapSeries = useSession((s) => s.gapSeries);
  void version;
  return gapSeries(i);
}

export const useRefusedProposals = (member: number) =>
  useSession(
    useShallow((s) => s.history.refused.filter((r) => r.member === member && r.step <= s.snapshot.step)),
  );
export const useClientCalls = () => useSession((s) => s.history.calls);
export const useMarkers = () => useSession((s) => s.history.markers);
export const useEvents = (): readonly EventLine[] => useSession((s) => s.events);
export const useInFlight = () => useSession((s) => s.snapshot.messages);
export const useLinks = () => useSession((s) => s.snapshot.links);
