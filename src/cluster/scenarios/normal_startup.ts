/** Three members boot, elect a leader and serve a light write load. */
export const normalStartup = {
  name: 'normal-startup',
  title: { en: 'Normal startup', 'zh-CN': '正常启动' },
  description: {
    en: 'Three members start from scratch, campaign (with PreVote), elect a leader at term 2 and serve ten puts a second.',
    'zh-CN': '三个成员从零启动，发起（带 PreVote 的）选举，在任期 2 选出领导者，并处理每秒十次写入。',
  },
  seed: 1,
  members: 3,
  duration: '5s',
  workload: { opsPerSecond: 10, keySpace: 8, valueBytes: 8 },
  timeline: [
    {
      when: 'leader-elected',
      action: 'start-workload',
      caption: {
        en: 'A leader is elected; clients start writing through it.',
        'zh-CN': '领导者已选出，客户端开始通过它写入。',
      },
    },
  ],
  expect: {
    leaderElectedWithin: '3s',
    leaderChanges: '==0',
    clientOk: '>=10',
    noClientErrors: true,
    logContains: ['elected leader'],
  },
} as const;
