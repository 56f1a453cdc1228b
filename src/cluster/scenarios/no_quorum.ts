/** Two of three members are down: a proposal cannot commit and the client times out. */
export const noQuorum = {
  name: 'no-quorum',
  title: { en: 'Proposal without quorum', 'zh-CN': '无法达成多数派的提议' },
  description: {
    en: 'Both followers crash. The leader accepts a put and appends it, but no quorum can acknowledge it, so it never commits; CheckQuorum makes the leader step down, and the request ends with a timeout error.',
    'zh-CN':
      '两个跟随者都崩溃了。领导者接受一次写入并追加到日志，但没有多数派能确认它，因此永远无法提交；CheckQuorum 使领导者退位，请求以超时错误结束。',
  },
  seed: 7,
  members: 3,
  duration: '15s',
  timeline: [
    {
      when: 'leader-elected',
      after: '1s',
      action: 'crash',
      member: 'follower',
      caption: {
        en: 'A follower crashes; two of three remain, still a quorum.',
        'zh-CN': '一个跟随者崩溃；三个中还剩两个，仍是多数派。',
      },
    },
    {
      at: '0s',
      action: 'crash',
      member: 'follower',
      caption: { en: 'The other follower crashes: no quorum.', 'zh-CN': '另一个跟随者也崩溃：失去多数派。' },
    },
    {
      at: '0s',
      action: 'put',
      key: 'lost',
      value: 'never-committed',
      caption: {
        en: 'A put is proposed; it can be appended but not committed.',
        'zh-CN': '提交一次写入；它能被追加但无法被提交。',
      },
    },
  ],
  expect: {
    clientError: 'etcdserver: request timed out',
    logContains: ['stepped down to follower since quorum is not active'],
  },
} as const;
