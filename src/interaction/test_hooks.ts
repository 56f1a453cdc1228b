/**
 * Test hooks the harness needs from raft internals. Upstream keeps
 * SetRandomizedElectionTimeout in raft_test.go (package raft) so that it can reach the unexported
 * field; here the harness reaches it through the RawNode's raft instance.
 */
import type { RawNode } from '../raft/rawnode';

/** Pins the node's randomized election timeout until raft next resets it. */
export function setRandomizedElectionTimeout(rawNode: RawNode, timeout: number): void {
  rawNode.raft.randomizedElectionTimeout = timeout;
}
