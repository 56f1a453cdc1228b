/** Lesson: the leader ends up alone in a minority; the majority moves on without it. */
export const partitionLesson = {
  name: 'partition',
  title: { en: 'A partition: the majority moves on', 'zh-CN': '网络分区：多数派继续前进' },
  summary: {
    en: 'A five-member cluster’s leader is cut off from the other four. The four still form a majority and elect a new leader at a higher term; the isolated leader can commit nothing and steps down. When the partition heals it follows the new leader.',
    'zh-CN':
      '五成员集群的领导者与其他四个成员断开。这四个成员仍是多数派，以更高的任期选出新领导者；被隔离的领导者无法提交任何内容并退位。分区恢复后，它跟随新领导者。',
  },
  scenario: 'majority-partition',
  seed: 4,
  moments: [
    {
      until: { goal: 'scenario-action', entry: 0 },
      caption: {
        en: 'The leader is isolated: its messages to the other four are dropped, and theirs to it.',
        'zh-CN': '领导者被隔离：它发给其他四个成员的消息被丢弃，它们发给它的消息也一样。',
      },
      highlight: ['cluster'],
    },
    {
      until: { goal: 'leader-elected' },
      caption: {
        en: 'The majority has a new leader. Writes sent to it commit; writes sent to the old leader cannot.',
        'zh-CN': '多数派有了新领导者。发给它的写入可以提交；发给旧领导者的写入则不能。',
      },
      highlight: ['timeline', 'gauges'],
      prediction: {
        question: {
          en: 'The leader is gone from their side. What do the four members do?',
          'zh-CN': '它们这一侧没有了领导者。四个成员会怎么做？',
        },
        answers: [
          {
            text: { en: 'They elect a new leader at a higher term', 'zh-CN': '它们以更高的任期选出新领导者' },
            when: { check: 'term-at-least', value: 3 },
          },
          {
            text: { en: 'They wait for the old leader to come back', 'zh-CN': '它们等待旧领导者回来' },
            when: { check: 'last-cause', cause: 'startup' },
          },
        ],
        why: {
          en: 'Four of five is a majority. Their election timeouts run out because no heartbeat arrives, one of them wins a pre-vote and a vote, and the cluster goes on at a higher term without the old leader.',
          'zh-CN':
            '五个中的四个是多数派。由于收不到心跳，它们的选举超时到期，其中一个赢得预投票和正式投票，集群以更高的任期继续运行，不再需要旧领导者。',
        },
      },
    },
    {
      until: { goal: 'scenario-action', entry: 1 },
      caption: {
        en: 'The partition heals: the old leader, already a follower after CheckQuorum, hears a higher term and follows the new leader.',
        'zh-CN': '分区恢复：旧领导者在 CheckQuorum 后已是跟随者，它听到更高的任期，于是跟随新领导者。',
      },
      highlight: ['cluster', 'timeline'],
    },
  ],
} as const;
