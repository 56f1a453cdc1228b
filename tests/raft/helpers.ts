import { SinkLogger, type LogLevelName } from '../../src/raft/logger';
import { EntryType, type Entry, type Snapshot } from '../../src/raft/raftpb/types';
import { emptyConfState } from '../../src/raft/raftpb/types';

/** A logger that records `LEVEL message` lines. */
export function recordingLogger(): { logger: SinkLogger; lines: string[] } {
  const lines: string[] = [];
  const logger = new SinkLogger((level: LogLevelName, message: string) => lines.push(`${level} ${message}`));
  return { logger, lines };
}

export const ent = (index: number, term: number, data?: string): Entry => ({
  index,
  term,
  type: EntryType.EntryNormal,
  data: data === undefined ? undefined : new TextEncoder().encode(data),
});

/** Entries with indexes from..to (inclusive) all of the given term. */
export const ents = (from: number, to: number, term: number): Entry[] => {
  const out: Entry[] = [];
  for (let i = from; i <= to; i++) out.push(ent(i, term));
  return out;
};

export const snap = (index: number, term: number): Snapshot => ({
  data: undefined,
  metadata: { index, term, confState: emptyConfState() },
});

export const ids = (es: readonly Entry[]): [number, number][] => es.map((e) => [e.index, e.term]);
