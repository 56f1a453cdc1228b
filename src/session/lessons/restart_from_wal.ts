/** Lesson: a power loss of the whole cluster; the WAL brings every acknowledged write back. */
export const restartFromWalLesson = {
  name: 'restart-from-wal',
  title: { en: 'Restart from the WAL', 'zh-CN': '从 WAL 重启' },
  summary: {
    en: 'Every member crashes at once and restarts. Each replays its write-ahead log on top of its last snapshot, the cluster elects a leader at a higher term, and a read sees a write made before the crash.',
    'zh-CN':
      '所有成员同时崩溃并重启。每个成员在最近的快照之上重放预写日志，集群以更高的任期选出领导者，读取能看到崩溃前的写入。',
  },
  scenario: 'restart-from-wal',
  seed: 11,
  moments: [
    {
      until: { goal: 'scenario-action', entry: 2 },
      caption: {
        en: 'Power loss: all three members crash at once. Whatever a member had not fsynced to its WAL is gone.',
        'zh-CN': '断电：三个成员同时崩溃。每个成员尚未 fsync 到 WAL 的内容都丢失了。',
      },
      highlight: ['cluster'],
    },
    {
      until: { goal: 'scenario-action', entry: 5 },
      caption: {
        en: 'They restart: each reads its snapshot and replays its WAL (HardState and entries) before raft starts.',
        'zh-CN': '它们重启：每个成员先读取快照并重放 WAL（HardState 和条目），然后才启动 raft。',
      },
      highlight: ['cluster', 'events'],
    },
    {
      until: { goal: 'leader-elected' },
      caption: {
        en: 'A leader is elected at a higher term than before the crash: terms are in the HardState, so they survive it.',
        'zh-CN': '以比崩溃前更高的任期选出领导者：任期保存在 HardState 中，所以能在崩溃后保留下来。',
      },
      highlight: ['timeline'],
      prediction: {
        question: {
          en: 'Before the crash the cluster was at term 2. What term does the new leader have?',
          'zh-CN': '崩溃前集群处于任期 2。新领导者的任期是多少？',
        },
        answers: [
          {
            text: { en: 'Term 3 or higher', 'zh-CN': '任期 3 或更高' },
            when: { check: 'term-at-least', value: 3 },
          },
          {
            text: { en: 'Term 1 again: everything starts over', 'zh-CN': '重新回到任期 1：一切从头开始' },
            when: { check: 'last-cause', cause: 'startup' },
          },
        ],
        why: {
          en: 'Each member persisted its term and vote in the WAL’s HardState before answering any message, so after the restart it remembers them and the next election moves the term forward, never back.',
          'zh-CN':
            '每个成员在回应任何消息之前都已把任期和投票写入 WAL 的 HardState，所以重启后它仍记得它们，下一次选举只会让任期前进，不会后退。',
        },
      },
    },
    {
      until: { goal: 'request-answered', outcome: 'ok' },
      caption: {
        en: 'A read after the restart is answered: the write it reads was acknowledged before the crash, so it was in a majority’s WAL.',
        'zh-CN': '重启后的读取得到答复：它读到的写入在崩溃前已被确认，因此存在于多数派的 WAL 中。',
      },
      highlight: ['events'],
    },
  ],
} as const;
