/**
 * The batch of work RawNode hands to the application (upstream node.go: Ready). Kept in its
 * own file so that both rawnode.ts (which builds Readys) and util.ts (which describes them)
 * can import it without a cycle.
 */
import type { Entry, HardState, Message, Snapshot } from './raftpb/types';
import type { ReadState } from './read_only';
import type { SoftState } from './state_type';

export type { ReadState } from './read_only';

export interface Ready {
  /** Present only when it changed since the last Ready (Go: nil pointer when unchanged). */
  softState: SoftState | undefined;
  /** Empty (all zero) when unchanged. */
  hardState: HardState;
  readStates: ReadState[];
  /** Entries to append to stable storage before sending messages. */
  entries: Entry[];
  /** Empty (metadata.index 0) when there is no snapshot to apply. */
  snapshot: Snapshot;
  committedEntries: Entry[];
  messages: Message[];
  mustSync: boolean;
}
