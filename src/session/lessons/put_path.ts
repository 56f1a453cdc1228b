/** Lesson: one put, from the client through a follower and the leader's log to the reply. */
export const putPathLesson = {
  name: 'put-path',
  title: { en: 'A put’s path', 'zh-CN': '一次 put 的路径' },
  summary: {
    en: 'A client sends one put to a follower. Follow it: forwarded to the leader as a MsgProp, appended to the leader’s log, replicated in MsgApp, persisted by a majority, committed, applied by every member, and answered by the member it was sent to.',
    'zh-CN':
      '客户端向一个跟随者发送一次 put。跟着它走：作为 MsgProp 转发给领导者，追加到领导者的日志，通过 MsgApp 复制，被多数派持久化，提交，由每个成员应用，最后由接收它的成员回复客户端。',
  },
  scenario: 'write-path',
  seed: 1,
  moments: [
    {
      until: { goal: 'leader-elected' },
      caption: {
        en: 'infra1 is the leader at term 2. Only a leader may append to the raft log. Every member now publishes its own attributes through raft too, so the log fills with a few entries before the client writes.',
        'zh-CN':
          'infra1 在任期 2 成为领导者。只有领导者能向 raft 日志追加条目。每个成员随后也会通过 raft 发布自己的属性，所以在客户端写入之前，日志里已经有了几个条目。',
      },
      highlight: ['cluster', 'timeline'],
    },
    {
      until: { goal: 'scenario-action', entry: 0 },
      caption: {
        en: 'The client sends put greeting=hello to infra2, a follower. etcd’s server on infra2 gives the request an ID and registers a wait for its result (processInternalRaftRequestOnce).',
        'zh-CN':
          '客户端向跟随者 infra2 发送 put greeting=hello。infra2 上的 etcd 服务器为请求分配 ID，并登记等待它的结果（processInternalRaftRequestOnce）。',
      },
      highlight: ['cluster', 'events'],
    },
    {
      until: { goal: 'message-sent', type: 'MsgProp', from: 'infra2' },
      caption: {
        en: 'infra2 proposed the put to its raft node, and raft, being a follower, forwarded it to the leader as a MsgProp.',
        'zh-CN': 'infra2 把 put 提议给自己的 raft 节点；raft 身为跟随者，把它作为 MsgProp 转发给领导者。',
      },
      highlight: ['cluster', 'events'],
      prediction: {
        question: {
          en: 'The put arrived at infra2, a follower. What does infra2 do with it?',
          'zh-CN': 'put 到达了跟随者 infra2。infra2 会怎么处理它？',
        },
        answers: [
          {
            text: {
              en: 'Appends it to its own log and replicates it',
              'zh-CN': '追加到自己的日志并复制出去',
            },
            when: { check: 'sent', type: 'MsgApp', from: 'infra2', withEntries: true },
          },
          {
            text: { en: 'Forwards it to the leader in a MsgProp', 'zh-CN': '用 MsgProp 转发给领导者' },
            when: { check: 'sent', type: 'MsgProp', from: 'infra2' },
          },
          {
            text: {
              en: 'Refuses it with “etcdserver: not leader”',
              'zh-CN': '以 “etcdserver: not leader” 拒绝',
            },
            when: { check: 'last-answer', outcome: 'error', error: 'etcdserver: not leader' },
          },
        ],
        why: {
          en: 'Any etcd member accepts writes from clients. A follower’s raft node does not append a proposal itself: it forwards the MsgProp to the leader it knows (raft drops proposals only when there is no leader, or when DisableProposalForwarding is set, which etcd does not set).',
          'zh-CN':
            '任何 etcd 成员都接受客户端的写请求。跟随者的 raft 节点不会自己追加提议，而是把 MsgProp 转发给它所知道的领导者（只有在没有领导者，或设置了 etcd 并不设置的 DisableProposalForwarding 时，raft 才会丢弃提议）。',
        },
      },
    },
    {
      until: { goal: 'message-sent', type: 'MsgApp', from: 'infra1', withEntries: true },
      caption: {
        en: 'The leader appended the put to its log (its unstable entries) and sends it to both followers in MsgApp. The leader sends before its own WAL write is done: its Ready loop sends first and persists in parallel.',
        'zh-CN':
          '领导者把这次 put 追加到日志（不稳定条目）中，并通过 MsgApp 发给两个跟随者。领导者在自己的 WAL 写完之前就发送：它的 Ready 循环先发送，同时并行持久化。',
      },
      highlight: ['cluster', 'ready', 'gauges'],
    },
    {
      until: { goal: 'ready-step', member: 'infra2', step: 'R8 save-wal', mustSync: true },
      caption: {
        en: 'infra2 writes the new entry to its WAL and fsyncs it (this Ready has MustSync: new entries). A follower answers the MsgApp only after that write, so an acknowledged entry is on its disk.',
        'zh-CN':
          'infra2 把新条目写入 WAL 并执行 fsync（这个 Ready 的 MustSync 为真：有新条目）。跟随者只有在写完之后才回复 MsgApp，所以被确认的条目一定在它的磁盘上。',
      },
      highlight: ['ready', 'code'],
    },
    {
      until: { goal: 'request-answered', outcome: 'ok' },
      caption: {
        en: 'Once a majority (the leader and one follower) had the entry, the leader committed it; the commit index reached the followers; each member applied the put to its key-value store, and infra2, which holds the client’s wait, answered with the new revision.',
        'zh-CN':
          '一旦多数派（领导者和一个跟随者）拥有这个条目，领导者就提交了它；提交索引传到了跟随者；每个成员把 put 应用到键值存储，持有客户端等待的 infra2 带着新的 revision 作出回复。',
      },
      highlight: ['gauges', 'events'],
    },
  ],
} as const;
