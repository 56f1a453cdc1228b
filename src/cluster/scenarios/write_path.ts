/** One put sent to a follower, on an otherwise quiet cluster: the write path end to end. */
export const writePath = {
  name: 'write-path',
  title: { en: 'A put, from client to reply', 'zh-CN': '一次 put：从客户端到回复' },
  description: {
    en: 'Three members elect a leader; then a client sends one put to a follower. The follower forwards it to the leader as a MsgProp, the leader appends it and replicates it in a MsgApp, a majority persists it, it commits, every member applies it, and the follower answers the client with the new revision.',
    'zh-CN':
      '三个成员选出领导者后，客户端向一个跟随者发送一次 put。跟随者把它作为 MsgProp 转发给领导者，领导者追加日志并通过 MsgApp 复制，多数派持久化后提交，每个成员应用它，最后跟随者带着新的 revision 回复客户端。',
  },
  seed: 1,
  members: 3,
  duration: '3s',
  timeline: [
    {
      when: 'leader-elected',
      after: '500ms',
      action: 'put',
      key: 'greeting',
      value: 'hello',
      member: 'follower',
      caption: {
        en: 'A client sends put greeting=hello to a follower.',
        'zh-CN': '客户端向一个跟随者发送 put greeting=hello。',
      },
    },
  ],
  expect: { leaderElectedWithin: '3s', leaderChanges: '==0', clientOk: '>=1', noClientErrors: true },
} as const;
