/**
 * Identities of log entries and well-formed runs of them (upstream types.go: entryID,
 * logSlice). A logSlice is what a leader at `term` sends: the entries right after `prev`.
 */
import type { Entry } from './raftpb/types';

/** Identifies one log entry: the term that created it and its index. */
export interface EntryID {
  term: number;
  index: number;
}

/** pbEntryID: the ID of an entry. */
export function pbEntryID(e: Entry): EntryID {
  return { term: e.term, index: e.index };
}

/**
 * A contiguous run of entries as seen by the leader of `term`: entries[i].index is
 * prev.index+1+i, terms never decrease, and none exceeds `term`. Code that builds one from
 * untrusted input (a received message) checks it with logSliceValid.
 */
export interface LogSlice {
  term: number;
  prev: EntryID;
  entries: Entry[];
}

/** logSlice.lastIndex: index of the last entry, or prev.index when empty. */
export function logSliceLastIndex(s: LogSlice): number {
  return s.prev.index + s.entries.length;
}

/** logSlice.lastEntryID: ID of the last entry, or prev when empty. */
export function logSliceLastEntryID(s: LogSlice): EntryID {
  const last = s.entries[s.entries.length - 1];
  return last === undefined ? s.prev : pbEntryID(last);
}

function formatEntryID(id: EntryID): string {
  return `{term:${id.term} index:${id.index}}`;
}

/** logSlice.valid: undefined when well-formed, else an error text naming the first violation. */
export function logSliceValid(s: LogSlice): string | undefined {
  let prev = s.prev;
  for (const e of s.entries) {
    const id = pbEntryID(e);
    if (id.term < prev.term || id.index !== prev.index + 1) {
      return `leader term ${s.term}: entries ${formatEntryID(prev)} and ${formatEntryID(id)} not consistent`;
    }
    prev = id;
  }
  if (s.term < prev.term) {
    return `leader term ${s.term}: entry ${formatEntryID(prev)} has a newer term`;
  }
  return undefined;
}
