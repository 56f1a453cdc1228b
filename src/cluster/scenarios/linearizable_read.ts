/** Linearizable reads keep returning the latest write while leadership moves. */
export const linearizableRead = {
  name: 'linearizable-read',
  title: { en: 'Linearizable reads across a leader change', 'zh-CN': '领导者变更期间的线性一致读' },
  description: {
    en: 'Clients mix linearizable gets with puts while the leader crashes. Each get goes through ReadIndex: the serving member confirms with a quorum that its leader is still the leader before answering, so no read returns a value older than a write that had already completed. The history is checked for linearizability.',
    'zh-CN':
      '客户端在领导者崩溃期间混合执行线性一致读和写入。每次读取都经过 ReadIndex：提供服务的成员先向多数派确认领导者仍然有效再回答，因此任何读取都不会返回比已完成写入更旧的值。最后对历史进行线性一致性检查。',
  },
  seed: 10,
  members: 3,
  duration: '10s',
  workload: {
    opsPerSecond: 40,
    readRatio: 0.5,
    keySpace: 4,
    reads: 'linearizable',
    target: 'round-robin',
    clients: 5,
  },
  timeline: [
    {
      when: 'leader-elected',
      after: '2s',
      action: 'crash',
      member: 'leader',
      caption: { en: 'The leader crashes mid-load.', 'zh-CN': '领导者在负载中崩溃。' },
    },
    {
      when: 'leader-changed',
      action: 'get',
      key: 'k0',
      member: 'follower',
      consistency: 'linearizable',
      caption: {
        en: 'A linearizable read on a follower of the new leader: it waits for a confirmed read index.',
        'zh-CN': '在新领导者的跟随者上做一次线性一致读：它要等待已确认的读索引。',
      },
    },
    {
      at: '7s',
      action: 'restart',
      member: 'crashed',
      caption: { en: 'The old leader comes back as a follower.', 'zh-CN': '旧领导者以跟随者身份恢复。' },
    },
  ],
  expect: { leaderChanges: '>=1', clientOk: '>=100', linearizable: true },
} as const;
