/** One follower is cut off: the majority keeps working and PreVote keeps the loner from disrupting it. */
export const minorityPartition = {
  name: 'minority-partition',
  title: { en: 'Minority partition', 'zh-CN': '少数派分区' },
  description: {
    en: 'One follower of five is partitioned away. The four others still form a quorum, so writes keep committing; the isolated member’s pre-votes fail, so its term does not grow and healing causes no election.',
    'zh-CN':
      '五个成员中的一个跟随者被分区隔离。其余四个仍构成多数派，写入照常提交；被隔离成员的预投票失败，任期不会增长，恢复网络时不会触发选举。',
  },
  seed: 3,
  members: 5,
  duration: '10s',
  workload: { opsPerSecond: 10, keySpace: 8 },
  timeline: [
    {
      when: 'leader-elected',
      after: '1s',
      action: 'partition',
      groups: [['follower']],
      caption: {
        en: 'One follower is partitioned from the rest.',
        'zh-CN': '一个跟随者与其他成员之间的网络被切断。',
      },
    },
    {
      at: '7s',
      action: 'heal',
      caption: {
        en: 'The network heals; the follower catches up without an election.',
        'zh-CN': '网络恢复；该跟随者追上日志，没有发生选举。',
      },
    },
  ],
  expect: { leaderChanges: '==0', noClientErrors: true, clientOk: '>=50' },
} as const;
