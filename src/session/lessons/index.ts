/**
 * The built-in lessons, in teaching order. Each is data in the lesson format (../lesson.ts) and
 * is validated like a teacher's own file would be.
 */
import { parseLesson } from '../lesson';
import type { LessonResult } from '../lesson';
import { firstElection } from './first_election';
import { leaderCrashLesson } from './leader_crash';
import { noQuorumLesson } from './no_quorum';
import { restartFromWalLesson } from './restart_from_wal';
import { partitionLesson } from './partition';
import { applyGapLesson } from './apply_gap';
import { readyLoopLesson } from './ready_loop';
import { membershipChangeLesson } from './membership_change';
import { putPathLesson } from './put_path';

export const builtinLessonDocuments: readonly { readonly name: string }[] = [
  firstElection,
  putPathLesson,
  readyLoopLesson,
  applyGapLesson,
  leaderCrashLesson,
  partitionLesson,
  noQuorumLesson,
  restartFromWalLesson,
  membershipChangeLesson,
];

export const builtinLessonNames: readonly string[] = builtinLessonDocuments.map((d) => d.name);

export function builtinLesson(name: string): LessonResult {
  const doc = builtinLessonDocuments.find((d) => d.name === name);
  if (doc === undefined) {
    return {
      ok: false,
      errors: [
        {
          kind: 'bad-scenario',
          path: '',
          message: `unknown lesson "${name}" (expected one of ${builtinLessonNames.join(', ')})`,
        },
      ],
    };
  }
  return parseLesson(doc);
}
