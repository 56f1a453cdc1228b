import type { GlossaryMessages } from './glossary.en';

/** 术语表（简体中文），与 glossary.en.ts 键完全相同。 */
export const glossaryZhCN: GlossaryMessages = {
  ready: {
    term: 'Ready',
    definition:
      'raft 通过 Ready 通道交给 etcd 的一批工作：要保存的状态（HardState、日志条目、快照）、要应用的已提交条目，以及要发送的消息。etcd 的 raftNode.start 循环一次处理一个 Ready，处理完后调用 Advance。',
  },
  advance: {
    term: 'Advance',
    definition:
      '告诉 raft 上一个 Ready 已处理完毕（已保存、已发送、已交给应用）的调用。在调用 Advance 之前，raft 不会产生新的 Ready。',
  },
  hardState: {
    term: 'HardState',
    definition:
      '崩溃后也必须保留的 raft 状态：Term（任期）、Vote（投票）和 Commit（提交索引）。它一变化，etcd 就把它写入 WAL。',
  },
  softState: {
    term: 'SoftState',
    definition:
      '该成员所知的领导者（Lead）和它的 raft 角色（RaftState）。它不会被持久化，只有在发生变化时才出现在 Ready 中。',
  },
  mustSync: {
    term: 'MustSync',
    definition:
      '当 Ready 带有新的日志条目，或任期、投票发生变化时为真（仅提交索引变化不算）。此时 etcd 会在确认这个 Ready 之前对 WAL 执行 fsync，这样崩溃也不会丢失其他成员可能已经依赖的投票或条目。',
  },
  entries: {
    term: 'Entries',
    definition:
      'Ready 中必须追加到稳定存储（WAL 和 raft 的存储）的新日志条目。跟随者要先保存它们，再发送确认消息。',
  },
  committedEntries: {
    term: 'CommittedEntries',
    definition:
      'Ready 中已被法定多数成员保存、因此可以应用到状态机的条目。etcd 把它们交给负责应用的 goroutine，按顺序应用。',
  },
  messages: {
    term: 'Messages',
    definition:
      'Ready 中要发给其他成员的 raft 消息（MsgApp、MsgHeartbeat、投票及其响应）。领导者可以一边写 WAL 一边发送；跟随者要在保存之后才发送。',
  },
  readStates: {
    term: 'ReadStates',
    definition:
      'Ready 中对 ReadIndex 请求的答复：每一项把一个请求和它需要等待的提交索引对应起来。成员应用到该索引后，这次读取才会返回。',
  },
  term: {
    term: '任期',
    definition:
      'raft 的逻辑时钟（term）：每次选举都会开始一个更高的新任期，每个任期最多只有一个领导者。成员在消息中看到更高的任期时，会采用它并成为跟随者。',
  },
  vote: {
    term: 'Vote',
    definition:
      '该成员在当前任期投票给的成员（0 表示尚未投票）。它属于 HardState，因此成员重启后也不会在同一任期投两次票。',
  },
  commitIndex: {
    term: '提交索引',
    definition:
      '已知被法定多数投票成员保存的最高日志索引（commit index）；不超过它的条目已提交，永远不会丢失。etcd 的 committedIndex 跟随 raft 交给它的最后一个已提交条目。',
  },
  appliedIndex: {
    term: '应用索引',
    definition:
      'etcd 已应用到键值存储的最后一个条目的索引（appliedIndex）。raft 另有自己的 applied 索引，在 etcd 确认一个 Ready 时前移。',
  },
  gap: {
    term: '差距',
    definition:
      'committedIndex − appliedIndex：已提交但尚未应用的条目数。当它超过 maxGapBetweenApplyAndCommitIndex（5000）时，etcd 以“etcdserver: too many requests”拒绝新的提案。',
  },
  firstIndex: {
    term: '首个索引',
    definition: '日志中仍保留的最旧条目的索引。在它之前的条目已在快照之后被压缩删除。',
  },
  lastIndex: {
    term: '最后索引',
    definition: '日志中最新条目的索引，无论它已经保存，还是仍处于不稳定状态（尚未写入存储）。',
  },
  stableIndex: {
    term: '稳定索引',
    definition:
      '不超过这个索引的条目已持久化到存储中；之后的条目仍在 raft 的不稳定部分，等待某个 Ready 把它们保存下来。',
  },
  log: {
    term: '日志',
    definition:
      'raft 复制的有序条目列表（索引、任期、数据）。每个成员按相同顺序应用相同的已提交条目，因此都会到达相同的状态。',
  },
  msgApp: {
    term: 'MsgApp',
    definition:
      '领导者的追加消息：紧跟在某个索引和任期之后的条目，以及领导者的提交索引。跟随者检查自己的日志在该位置是否一致，并以 MsgAppResp 回复。',
  },
  msgProp: {
    term: 'MsgProp',
    definition:
      '提案：请求向日志添加一个条目。只有领导者会追加它；跟随者会把它转发给领导者，没有领导者时提案会被丢弃。',
  },
  msgHeartbeat: {
    term: 'MsgHeartbeat',
    definition:
      '领导者每个心跳间隔（etcd 默认 100 毫秒）发送一次，使跟随者不发起选举。它还告诉每个跟随者可以提交到哪里。',
  },
  readIndex: {
    term: 'ReadIndex',
    definition:
      '不写日志条目的线性一致读：领导者记下自己的提交索引，向法定多数确认自己仍是领导者，然后读取要等到该索引被应用后才执行。',
  },
  snapshot: {
    term: '快照',
    definition:
      '状态机与成员配置在某个索引和任期上的副本（snapshot），有了它就可以丢弃之前的日志。etcd 每应用 --snapshot-count 个条目（默认 10000）做一次快照；跟随者落后太多时，领导者会给它发送快照（MsgSnap）。',
  },
  learner: {
    term: '学习者',
    definition:
      '没有投票权的成员（learner）：它接收日志，但不计入法定多数，也从不发起选举。追上领导者之后，etcd 允许把它提升为投票成员。',
  },
  wal: {
    term: 'WAL',
    definition:
      'etcd 的预写日志（write-ahead log）：一个只追加的文件，记录 HardState、日志条目和快照标记；在 raft 继续之前写入，成员重启时重放。',
  },
  fsync: {
    term: 'fsync',
    definition:
      '强制把已写入的数据落到磁盘上的系统调用，使数据在断电后仍然存在。etcd 对每个 MustSync 的 Ready 都会 fsync WAL；磁盘慢会让 fsync 变慢，进而拖慢整个集群。',
  },
  quorum: {
    term: '法定多数',
    definition:
      '投票成员中的多数（quorum）：n 个中的 ⌊n/2⌋ + 1 个。选出领导者和提交条目都需要法定多数，任意两个法定多数至少有一个共同成员。',
  },
  leader: {
    term: '领导者',
    definition:
      '一个任期内唯一接受提案的成员（Leader）：它把提案追加到自己的日志并复制给其他成员，并靠发送心跳保持地位。',
  },
  follower: {
    term: '跟随者',
    definition:
      '接受领导者的条目并对投票请求作答的成员（Follower）。如果在一个选举超时内没有收到领导者的消息，它就发起选举。',
  },
  preCandidate: {
    term: '预候选人',
    definition:
      '在预投票中询问自己能否赢得选举、但尚未提高任期的成员（PreCandidate）。只有法定多数同意，它才成为候选人。',
  },
  candidate: {
    term: '候选人',
    definition:
      '提高了任期、投票给自己并向其他成员请求投票（MsgVote）的成员（Candidate）。获得法定多数的投票后，它成为领导者。',
  },
  preVote: {
    term: '预投票',
    definition:
      '不改变任何任期的额外一轮选举（pre-vote，消息 MsgPreVote）。它防止一个曾被隔离的成员回来时用更高的任期扰乱集群；etcd 默认开启。',
  },
  checkQuorum: {
    term: '法定多数检查',
    definition:
      '领导者在一个选举超时内没有收到法定多数成员的消息，就退为跟随者（check quorum）。etcd 总是开启它，所以被隔离的领导者会放弃领导地位。',
  },
  electionTimeout: {
    term: '选举超时',
    definition:
      '跟随者在收不到领导者消息时，等待多久才发起选举：etcd 默认 1000 毫秒，并在它的一到两倍之间随机选取，使成员很少同时发起选举。',
  },
  heartbeat: {
    term: '心跳',
    definition:
      '领导者定期发出的“我还在”信号（MsgHeartbeat），etcd 默认每 100 毫秒一次。计时器记录自上次发送以来经过的 tick 数。',
  },
  lead: {
    term: 'Lead',
    definition: '该成员当前所知并跟随的领导者（不知道领导者时为无）。它属于 SoftState。',
  },
  raftState: {
    term: 'RaftState',
    definition:
      '成员当前的 raft 角色：跟随者（StateFollower）、预候选人（StatePreCandidate）、候选人（StateCandidate）或领导者（StateLeader）。它属于 SoftState，不会被持久化。',
  },
  progress: {
    term: 'Progress',
    definition:
      '领导者为每个跟随者记录的进度：Match（已知复制到该成员的最高索引）、Next（下一个要发送的索引），以及状态 Probe、Replicate 或 Snapshot。',
  },
  waitRegistry: {
    term: 'wait 注册表',
    definition:
      'etcd 中以请求 ID 为键的进行中提案表（wait registry）。条目被应用时，对应的等待者被触发，客户端的请求随之返回。',
  },
  goroutine: {
    term: 'goroutine',
    definition:
      'Go 程序中的轻量级线程。在这里，etcd 成员的每个 goroutine 都是一个生成器，模拟器在 Go 会阻塞的位置一步一步地恢复它。',
  },
};
