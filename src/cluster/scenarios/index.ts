/**
 * The built-in scenarios, as data in the same JSON shape a user file has. Each has captions in
 * English and Simplified Chinese and an `expect` block naming the effect a runner must observe.
 */
import { parseScenario } from '../scenario';
import type { ScenarioResult } from '../scenario';
import { leaderCrash } from './leader_crash';
import { linearizableRead } from './linearizable_read';
import { majorityPartition } from './majority_partition';
import { membershipChange } from './membership_change';
import { minorityPartition } from './minority_partition';
import { noQuorum } from './no_quorum';
import { normalStartup } from './normal_startup';
import { oversizeRequest } from './oversize_request';
import { restartFromWal } from './restart_from_wal';
import { slowApply } from './slow_apply';
import { snapshotCatchUp } from './snapshot_catchup';
import { writePath } from './write_path';

/** In teaching order. */
export const builtinScenarioDocuments: readonly { readonly name: string }[] = [
  normalStartup,
  writePath,
  leaderCrash,
  minorityPartition,
  majorityPartition,
  slowApply,
  oversizeRequest,
  noQuorum,
  snapshotCatchUp,
  membershipChange,
  linearizableRead,
  restartFromWal,
];

export const builtinScenarioNames: readonly string[] = builtinScenarioDocuments.map((d) => d.name);

/** A built-in scenario by name, validated; an unknown name is a bad-scenario error. */
export function builtinScenario(name: string): ScenarioResult {
  const doc = builtinScenarioDocuments.find((d) => d.name === name);
  if (doc === undefined) {
    return {
      ok: false,
      errors: [
        {
          kind: 'bad-scenario',
          path: '',
          message: `unknown scenario "${name}" (expected one of ${builtinScenarioNames.join(', ')})`,
        },
      ],
    };
  }
  return parseScenario(doc);
}
