/** Lesson: without a quorum nothing commits; etcd answers a write with its timeout error. */
export const noQuorumLesson = {
  name: 'no-quorum',
  title: { en: 'No quorum, no commit', 'zh-CN': '没有多数派，就没有提交' },
  summary: {
    en: 'Two of three members crash. The leader can still append a put to its own log, but no majority can acknowledge it, so it never commits; the leader steps down and the client gets etcd’s timeout error.',
    'zh-CN':
      '三个成员中有两个崩溃。领导者仍能把 put 追加到自己的日志，但没有多数派确认，它永远不会被提交；领导者退位，客户端收到 etcd 的超时错误。',
  },
  scenario: 'no-quorum',
  seed: 7,
  moments: [
    {
      until: { goal: 'scenario-action', entry: 0 },
      caption: {
        en: 'A follower crashes. Two of three members are left: still a majority, so the cluster still commits.',
        'zh-CN': '一个跟随者崩溃。还剩三个中的两个：仍是多数派，集群仍能提交。',
      },
      highlight: ['cluster'],
    },
    {
      until: { goal: 'scenario-action', entry: 2 },
      caption: {
        en: 'The other follower crashes too, and a client sends a put to the leader, which appends it to its log.',
        'zh-CN': '另一个跟随者也崩溃了，客户端向领导者发送一个 put，领导者把它追加到自己的日志。',
      },
      highlight: ['cluster', 'gauges'],
    },
    {
      until: { goal: 'leadership-lost' },
      caption: {
        en: 'CheckQuorum: the leader has not heard from a majority within an election timeout, so it steps down to follower.',
        'zh-CN': 'CheckQuorum：领导者在一个选举超时内没有收到多数派的回应，于是退位成为跟随者。',
      },
      highlight: ['timeline', 'events'],
    },
    {
      until: { goal: 'request-answered' },
      caption: {
        en: 'The client’s put is answered with an error: it was never committed.',
        'zh-CN': '客户端的 put 得到一个错误答复：它从未被提交。',
      },
      highlight: ['events'],
      prediction: {
        question: { en: 'What does the client get for its put?', 'zh-CN': '客户端的 put 会得到什么？' },
        answers: [
          {
            text: { en: 'OK, with a revision', 'zh-CN': 'OK，并带有 revision' },
            when: { check: 'last-answer', outcome: 'ok' },
          },
          {
            text: { en: 'etcdserver: request timed out', 'zh-CN': 'etcdserver: request timed out' },
            when: { check: 'last-answer', outcome: 'error', error: 'etcdserver: request timed out' },
          },
          {
            text: { en: 'etcdserver: too many requests', 'zh-CN': 'etcdserver: too many requests' },
            when: { check: 'last-answer', outcome: 'error', error: 'etcdserver: too many requests' },
          },
        ],
        why: {
          en: 'A write is acknowledged only once it is committed, and committing needs a majority. The server waits for its request timeout and then answers with the timeout error; the entry may stay in the old leader’s log, uncommitted, until a new leader overwrites it.',
          'zh-CN':
            '写入只有在提交后才会被确认，而提交需要多数派。服务器等到请求超时，然后返回超时错误；该条目可能留在旧领导者的日志中，一直未提交，直到新的领导者覆盖它。',
        },
      },
    },
  ],
} as const;
