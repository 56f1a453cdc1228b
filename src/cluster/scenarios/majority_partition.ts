/** The leader ends up on the minority side: CheckQuorum makes it step down; the majority elects a new leader. */
export const majorityPartition = {
  name: 'majority-partition',
  title: { en: 'Majority partition and heal', 'zh-CN': '多数派分区与恢复' },
  description: {
    en: 'The leader is cut off from the other four members. With CheckQuorum it notices within an election timeout that it no longer hears from a quorum and steps down; the majority elects a new leader. After healing, the old leader follows the new one.',
    'zh-CN':
      '领导者与其他四个成员断开。启用 CheckQuorum 后，它在一个选举超时内发现自己联系不到多数派并退位；多数派选出新领导者。网络恢复后，旧领导者跟随新领导者。',
  },
  seed: 4,
  members: 5,
  duration: '12s',
  workload: { opsPerSecond: 10, keySpace: 8 },
  timeline: [
    {
      when: 'leader-elected',
      after: '1s',
      action: 'partition',
      groups: [['leader']],
      caption: {
        en: 'The leader is isolated in a minority of one.',
        'zh-CN': '领导者被隔离，成为只有一个成员的少数派。',
      },
    },
    {
      at: '8s',
      action: 'heal',
      caption: {
        en: 'The partition heals; the stale leader, already a follower, accepts the new leader.',
        'zh-CN': '分区恢复；已退位的旧领导者接受新领导者。',
      },
    },
  ],
  expect: { leaderChanges: '>=1', logContains: ['stepped down to follower since quorum is not active'] },
} as const;
