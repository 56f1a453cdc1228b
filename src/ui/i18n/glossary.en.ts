/**
 * The glossary: every etcd and raft term the page shows, with a definition of one to three
 * sentences, faithful to etcd v3.6 and go.etcd.io/raft v3.6. Wired into en.ts as `glossary`;
 * `<Term id="…">` (src/ui/shell/Term.tsx) shows an entry, the `?` dialog lists them all.
 * `term` is the headword as the UI writes it in this language.
 */
export const glossaryEn = {
  ready: {
    term: 'Ready',
    definition:
      'The batch of work raft hands to etcd on the Ready channel: state to save (HardState, entries, snapshot), committed entries to apply, and messages to send. etcd’s raftNode.start loop handles one Ready at a time and calls Advance when done.',
  },
  advance: {
    term: 'Advance',
    definition:
      'The call that tells raft the last Ready has been handled: saved, sent and handed to apply. Raft produces no new Ready until Advance is called.',
  },
  hardState: {
    term: 'HardState',
    definition:
      'The raft state that must survive a crash: Term, Vote and Commit. etcd writes it to the WAL whenever it changes.',
  },
  softState: {
    term: 'SoftState',
    definition:
      'The leader this member knows (Lead) and its raft role (RaftState). It is not persisted, and appears in a Ready only when it changed.',
  },
  mustSync: {
    term: 'MustSync',
    definition:
      'True when the Ready carries new log entries or a changed term or vote (a new commit index alone does not count). etcd then fsyncs the WAL before the Ready is acknowledged, so a crash cannot lose a vote or an entry another member may already rely on.',
  },
  entries: {
    term: 'Entries',
    definition:
      'New log entries in a Ready that must be appended to stable storage (the WAL and raft’s storage). A follower saves them before it sends its acknowledgements.',
  },
  committedEntries: {
    term: 'CommittedEntries',
    definition:
      'Entries of a Ready that a quorum has stored, so they can be applied to the state machine. etcd hands them to its apply goroutine, which applies them in order.',
  },
  messages: {
    term: 'Messages',
    definition:
      'The raft messages of a Ready to be sent to other members (MsgApp, MsgHeartbeat, votes and their responses). The leader may send them while it writes its WAL; a follower sends only after saving.',
  },
  readStates: {
    term: 'ReadStates',
    definition:
      'Answers to ReadIndex requests in a Ready: each pairs a request with the commit index it must wait for. The read is served once the member has applied up to that index.',
  },
  term: {
    term: 'term',
    definition:
      'Raft’s logical clock: every election starts a new, higher term, and each term has at most one leader. A member that sees a higher term in a message adopts it and becomes a follower.',
  },
  vote: {
    term: 'Vote',
    definition:
      'The member this one voted for in the current term (none = 0). It is part of the HardState, so a restarted member cannot vote twice in the same term.',
  },
  commitIndex: {
    term: 'commit index',
    definition:
      'The highest log index known to be stored on a quorum of voters; entries up to it are committed and will never be lost. etcd’s committedIndex follows the last committed entry raft has handed it.',
  },
  appliedIndex: {
    term: 'applied index',
    definition:
      'The index of the last entry etcd has applied to its key-value store (appliedIndex). Raft keeps its own applied index, which moves when etcd acknowledges a Ready.',
  },
  gap: {
    term: 'gap',
    definition:
      'committedIndex − appliedIndex: entries committed but not yet applied. When it grows beyond maxGapBetweenApplyAndCommitIndex (5000), etcd refuses new proposals with “etcdserver: too many requests”.',
  },
  firstIndex: {
    term: 'first index',
    definition:
      'The index of the oldest entry still kept in the log. Entries before it were compacted away after a snapshot.',
  },
  lastIndex: {
    term: 'last index',
    definition:
      'The index of the newest entry in the log, whether already saved or still unstable (not yet written to storage).',
  },
  stableIndex: {
    term: 'stable index',
    definition:
      'Entries up to this index are persisted in storage; those after it are still in raft’s unstable part, waiting for a Ready to save them.',
  },
  log: {
    term: 'log',
    definition:
      'The ordered list of entries (index, term, data) that raft replicates. Every member applies the same committed entries in the same order, so all reach the same state.',
  },
  msgApp: {
    term: 'MsgApp',
    definition:
      'The leader’s append message: entries that follow a given index and term, plus the leader’s commit index. The follower checks that its log matches at that point and answers with MsgAppResp.',
  },
  msgProp: {
    term: 'MsgProp',
    definition:
      'A proposal: a request to add an entry to the log. Only the leader appends it; a follower forwards it to the leader, and with no leader the proposal is dropped.',
  },
  msgHeartbeat: {
    term: 'MsgHeartbeat',
    definition:
      'Sent by the leader every heartbeat interval (100 ms by default in etcd) so that followers do not start an election. It also tells each follower how far it may commit.',
  },
  readIndex: {
    term: 'ReadIndex',
    definition:
      'A linearizable read without writing a log entry: the leader notes its commit index, confirms with a quorum that it is still the leader, and the read waits until that index is applied.',
  },
  snapshot: {
    term: 'snapshot',
    definition:
      'A copy of the state machine and the membership at one index and term, which lets the log before it be discarded. etcd takes one every --snapshot-count applied entries (10000 by default) and the leader sends one (MsgSnap) to a follower too far behind.',
  },
  learner: {
    term: 'learner',
    definition:
      'A non-voting member: it receives the log but does not count towards a quorum and never campaigns. etcd lets it be promoted to a voter once it has caught up with the leader.',
  },
  wal: {
    term: 'WAL',
    definition:
      'etcd’s write-ahead log: an append-only file of HardStates, entries and snapshot markers, written before raft moves on and replayed when the member restarts.',
  },
  fsync: {
    term: 'fsync',
    definition:
      'The system call that forces written data onto the disk, so it survives a power cut. etcd fsyncs the WAL for every Ready with MustSync; a slow disk makes fsync, and so the whole cluster, slow.',
  },
  quorum: {
    term: 'quorum',
    definition:
      'A majority of the voting members: ⌊n/2⌋ + 1 of n. Electing a leader and committing an entry each need a quorum, and any two quorums share a member.',
  },
  leader: {
    term: 'Leader',
    definition:
      'The one member of a term that accepts proposals, appends them to its log and replicates them to the others. It keeps its role by sending heartbeats.',
  },
  follower: {
    term: 'Follower',
    definition:
      'A member that accepts entries from the leader and answers votes. If it hears nothing from a leader for an election timeout, it starts an election.',
  },
  preCandidate: {
    term: 'PreCandidate',
    definition:
      'A member asking in a pre-vote whether it could win an election, without raising its term yet. Only if a quorum says yes does it become a candidate.',
  },
  candidate: {
    term: 'Candidate',
    definition:
      'A member that raised its term, voted for itself and asks the others for votes (MsgVote). With votes from a quorum it becomes the leader.',
  },
  preVote: {
    term: 'pre-vote',
    definition:
      'An extra election round (MsgPreVote) that does not change any term. It keeps a member that was cut off from disrupting the cluster with a higher term when it comes back; etcd enables it by default.',
  },
  checkQuorum: {
    term: 'check quorum',
    definition:
      'A leader that has not heard from a quorum within an election timeout steps down to follower. etcd always turns this on, so an isolated leader gives up its role.',
  },
  electionTimeout: {
    term: 'election timeout',
    definition:
      'How long a follower waits without hearing from a leader before it campaigns: 1000 ms by default in etcd, picked at random between one and two times that so that members rarely campaign at once.',
  },
  heartbeat: {
    term: 'heartbeat',
    definition:
      'The leader’s regular “still here” signal (MsgHeartbeat), every 100 ms by default in etcd. The timer counts ticks since the last one was sent.',
  },
  lead: {
    term: 'Lead',
    definition:
      'The leader this member currently follows, as it knows it (none when it knows no leader). It is part of the SoftState.',
  },
  raftState: {
    term: 'RaftState',
    definition:
      'The member’s raft role: StateFollower, StatePreCandidate, StateCandidate or StateLeader. It is part of the SoftState.',
  },
  progress: {
    term: 'Progress',
    definition:
      'The leader’s record of each follower: Match (highest index known to be replicated there), Next (the next index to send) and a state, Probe, Replicate or Snapshot.',
  },
  waitRegistry: {
    term: 'wait registry',
    definition:
      'etcd’s table of proposals in flight, keyed by request ID. When an entry is applied its waiter is triggered, and the client’s request returns.',
  },
  goroutine: {
    term: 'goroutine',
    definition:
      'A lightweight thread of a Go program. Here each goroutine of an etcd member is a generator that the simulator resumes one step at a time, at the points where Go would block.',
  },
};

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
/** The shape every translation of the glossary must have. */
export type GlossaryMessages = Widen<typeof glossaryEn>;
/** The id of a glossary entry, as `<Term id>` takes it. */
export type GlossaryId = keyof typeof glossaryEn;
export const glossaryIds = Object.keys(glossaryEn) as GlossaryId[];
