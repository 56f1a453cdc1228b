/** Lesson: apply falls behind commit; past the gap limit etcd refuses new proposals. */
export const applyGapLesson = {
  name: 'apply-gap',
  title: { en: 'The apply gap and back-pressure', 'zh-CN': '应用差距与背压' },
  summary: {
    en: 'Committing an entry and applying it are two steps. When the leader applies slowly, committed runs ahead of applied; once the gap passes maxGapBetweenApplyAndCommitIndex (5000 in etcd, 5 here) the server refuses new proposals with etcdserver: too many requests.',
    'zh-CN':
      '提交条目和应用条目是两个步骤。当领导者应用得很慢时，已提交索引会跑在已应用索引前面；一旦差距超过 maxGapBetweenApplyAndCommitIndex（etcd 中为 5000，这里为 5），服务器就以 etcdserver: too many requests 拒绝新的提议。',
  },
  scenario: 'slow-apply',
  seed: 5,
  moments: [
    {
      until: { goal: 'scenario-action', entry: 0 },
      caption: {
        en: 'The leader’s apply slows to 100 ms per entry: raft still commits at network speed.',
        'zh-CN': '领导者每应用一个条目需要 100 毫秒：raft 仍以网络速度提交。',
      },
      highlight: ['gauges'],
    },
    {
      until: { goal: 'gap-over-limit' },
      caption: {
        en: 'Committed is now more than 5 entries ahead of applied on the leader: the gap is over its limit.',
        'zh-CN': '领导者上的已提交索引比已应用索引领先超过 5 个条目：差距超过了上限。',
      },
      highlight: ['gauges'],
    },
    {
      until: { goal: 'request-answered', outcome: 'error', error: 'etcdserver: too many requests' },
      caption: {
        en: 'A write arriving while the gap is over the limit is refused before it is proposed.',
        'zh-CN': '在差距超过上限时到达的写入，在被提议之前就被拒绝。',
      },
      highlight: ['gauges', 'events'],
      prediction: {
        question: {
          en: 'A client writes while the gap is over the limit. What does it get?',
          'zh-CN': '差距超过上限时，客户端写入会得到什么？',
        },
        answers: [
          {
            text: { en: 'OK: it just waits longer', 'zh-CN': 'OK：只是等得更久' },
            when: { check: 'last-answer', outcome: 'ok' },
          },
          {
            text: { en: 'etcdserver: too many requests', 'zh-CN': 'etcdserver: too many requests' },
            when: { check: 'last-answer', outcome: 'error', error: 'etcdserver: too many requests' },
          },
          {
            text: { en: 'etcdserver: request timed out', 'zh-CN': 'etcdserver: request timed out' },
            when: { check: 'last-answer', outcome: 'error', error: 'etcdserver: request timed out' },
          },
        ],
        why: {
          en: 'processInternalRaftRequestOnce checks the gap first: when committed > applied + the limit it returns ErrTooManyRequests without proposing, so a slow state machine pushes back on clients instead of growing an unbounded backlog.',
          'zh-CN':
            'processInternalRaftRequestOnce 首先检查差距：当已提交 > 已应用 + 上限时，它不提议而直接返回 ErrTooManyRequests，因此慢的状态机会对客户端施加背压，而不是让积压无限增长。',
        },
      },
    },
  ],
} as const;
