/**
 * Per-step metrics of a Run for the UI's charts and cursor: after every kernel step the members'
 * term, leader (as a member slot), raft state, commit, applied and apply gap go into a
 * MetricsHistory (typed arrays; a row only when something changed), and the run's checkpoints
 * are noted there too so seeking can find the nearest one.
 */
import { StateType } from '../raft/state_type';
import { memberStateDown, MetricsHistory, downSample } from './metrics_history';
import type { MemberSample } from './metrics_history';
import type { Run } from './run_record';
import { memberGauges } from '../etcd/member_view';
import type { MemberGauges } from '../etcd/member_view';

const lastRaftState: number = StateType.StatePreCandidate;
const down: MemberSample = downSample;
const downCode: number = memberStateDown;

/** Attaches a MetricsHistory to the run (from its current step on) and returns it. */
export function recordMetrics(run: Run): MetricsHistory {
  const c = run.cluster;
  const h = new MetricsHistory(c.members.length);
  // One mutable sample per slot, refilled in place: this runs after every kernel step.
  const samples: Mutable<MemberSample>[] = c.members.map(() => ({ ...down }));
  const slotOf = new Map<bigint, number>(c.members.map((m) => [run.faults.memberId(m.index), m.index]));
  let checkpoints = run.checkpoints.length;
  const leadIds: bigint[] = c.members.map(() => 0n);
  // One gauge reader per slot, renewed only when the member restarts with a new server.
  const gauges: (MemberGauges | null)[] = c.members.map(() => null);
  const record = (): void => {
    let changed = false;
    const members = c.members;
    for (let i = 0; i < members.length; i++) {
      const m = members[i] as (typeof members)[number];
      const x = samples[m.index] as Mutable<MemberSample>;
      const s = m.server;
      if (!m.up || s === null) {
        if (x.state !== downCode) {
          Object.assign(x, down);
          changed = true;
        }
        continue;
      }
      let g = gauges[m.index];
      if (g === null || g === undefined || g.server !== s) {
        g = memberGauges(s);
        gauges[m.index] = g;
      }
      const raw: number = g.role;
      const state = (raw > lastRaftState ? downCode : raw) as MemberSample['state'];
      const lead = g.lead;
      if (lead !== leadIds[m.index]) {
        // A bigint Map lookup per member per step is measurable: only on a change of leader.
        leadIds[m.index] = lead;
        x.lead = lead === 0n ? -1 : (slotOf.get(lead) ?? -1);
        changed = true;
      }
      const committed = g.commit;
      const applied = s.appliedIndex;
      const diff = s.committedIndex - applied;
      const gap = diff > 0 ? diff : 0;
      const term = g.term;
      if (
        x.term !== term ||
        x.state !== state ||
        x.committed !== committed ||
        x.applied !== applied ||
        x.gap !== gap
      ) {
        x.term = term;
        x.state = state;
        x.committed = committed;
        x.applied = applied;
        x.gap = gap;
        changed = true;
      }
    }
    // Most steps change nothing these charts show; MetricsHistory would drop the row anyway.
    if (changed || h.length === 0) h.record(run.step, run.nowUs, samples);
    const cps = run.checkpoints;
    if (checkpoints < cps.length) {
      for (; checkpoints < cps.length; checkpoints++) h.addCheckpoint(cps[checkpoints]?.step ?? 0);
    }
  };
  record();
  run.onStep(record);
  return h;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
