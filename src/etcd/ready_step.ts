/**
 * The step of etcd's Ready loop (raftNode.start in etcdserver/raft.go) a member is at, R1–R14 as
 * the spec numbers them; observations and views name it without importing the loop itself.
 */
export const readySteps = [
  'idle',
  'R1 soft-state',
  'R2 read-state',
  'R5 apply',
  'R6 leader-send',
  'R7 save-snap',
  'R8 save-wal',
  'R9 snapshot',
  'R10 append',
  'R12 notify',
  'R12 wait-apply',
  'R12 follower-send',
  'R13 notify',
  'R14 advance',
] as const;

export type ReadyStep = (typeof readySteps)[number];
