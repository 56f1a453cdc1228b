/** The leader crashes; the followers notice its silence and elect a new one. */
export const leaderCrash = {
  name: 'leader-crash',
  title: { en: 'Leader crash and re-election', 'zh-CN': '领导者崩溃与重新选举' },
  description: {
    en: 'The leader crashes under load. After an election timeout without heartbeats a follower campaigns and wins; the old leader restarts as a follower and catches up.',
    'zh-CN':
      '领导者在负载下崩溃。跟随者在一个选举超时内收不到心跳后发起选举并获胜；旧领导者重启后成为跟随者并追上日志。',
  },
  seed: 2,
  members: 3,
  duration: '10s',
  workload: { opsPerSecond: 10, keySpace: 8 },
  timeline: [
    {
      when: 'leader-elected',
      after: '1s',
      action: 'crash',
      member: 'leader',
      caption: { en: 'The leader crashes.', 'zh-CN': '领导者崩溃。' },
    },
    {
      when: 'leader-changed',
      action: 'restart',
      member: 'crashed',
      after: '1s',
      caption: {
        en: 'A new leader is elected; the old one restarts and rejoins as a follower.',
        'zh-CN': '新的领导者已选出；旧领导者重启并以跟随者身份重新加入。',
      },
    },
  ],
  expect: { leaderChanges: '>=1', term: '>=3' },
} as const;
