/**
 * The lab's built-in teaching scripts (harness transcripts, kept with the harness in
 * src/interaction/samples). Their expected outputs were produced by this project's
 * harness (they are our own golden files); a unit test runs each and checks it still matches.
 */
import leaderCrashReelection from '../../../interaction/samples/leader_crash_reelection.txt?raw';
import partitionedFollower from '../../../interaction/samples/partitioned_follower.txt?raw';
import singleNodeElection from '../../../interaction/samples/single_node_election.txt?raw';
import threeNodeReplication from '../../../interaction/samples/three_node_replication.txt?raw';

export interface Sample {
  /** Also the i18n key under `lab.samples` for its title and summary. */
  readonly id:
    'singleNodeElection' | 'threeNodeReplication' | 'leaderCrashReelection' | 'partitionedFollower';
  readonly fileName: string;
  readonly text: string;
}

export const samples: readonly Sample[] = [
  { id: 'singleNodeElection', fileName: 'single_node_election.txt', text: singleNodeElection },
  { id: 'threeNodeReplication', fileName: 'three_node_replication.txt', text: threeNodeReplication },
  { id: 'leaderCrashReelection', fileName: 'leader_crash_reelection.txt', text: leaderCrashReelection },
  { id: 'partitionedFollower', fileName: 'partitioned_follower.txt', text: partitionedFollower },
];

export function sampleById(id: string): Sample | undefined {
  return samples.find((s) => s.id === id);
}
