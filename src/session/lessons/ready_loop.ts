/** Lesson: one Ready batch, step by step through etcd's raftNode.start. */
export const readyLoopLesson = {
  name: 'ready-loop',
  title: { en: 'One Ready batch, step by step', 'zh-CN': '一个 Ready 批次，逐步走完' },
  summary: {
    en: 'raft never does I/O itself: it hands etcd a Ready (new entries, committed entries, messages, HardState) and waits. etcd’s Ready loop applies, sends, persists and then calls Advance — and a leader sends before it persists, a follower only after.',
    'zh-CN':
      'raft 自己从不做 I/O：它把一个 Ready（新条目、已提交条目、消息、HardState）交给 etcd 后等待。etcd 的 Ready 循环依次应用、发送、持久化，最后调用 Advance——领导者先发送后持久化，跟随者则在持久化之后才发送。',
  },
  scenario: 'normal-startup',
  seed: 1,
  moments: [
    {
      until: { goal: 'leader-elected' },
      caption: {
        en: 'A leader is elected; from now on its Ready loop and its followers’ loops differ in one place.',
        'zh-CN': '领导者已选出；从现在起，它的 Ready 循环与跟随者的循环只在一处不同。',
      },
      highlight: ['cluster'],
    },
    {
      until: { goal: 'ready-step', step: 'R5 apply' },
      caption: {
        en: 'R5: the committed entries of the Ready go to the apply goroutine (EtcdServer.run) through applyc; applying happens in parallel with the rest of the loop.',
        'zh-CN':
          'R5：Ready 中的已提交条目经 applyc 交给应用协程（EtcdServer.run）；应用与循环的其余部分并行进行。',
      },
      highlight: ['ready', 'code'],
    },
    {
      until: { goal: 'ready-step', step: 'R6 leader-send', mustSync: true },
      caption: {
        en: 'R6, leader only: the leader sends its MsgApp messages before its own WAL write, so followers persist the entries while it does. That is safe: its own acknowledgement counts only once its write is durable.',
        'zh-CN':
          'R6，仅领导者：领导者在写自己的 WAL 之前就发送 MsgApp 消息，这样跟随者与它同时持久化这些条目。这是安全的：它自己的确认要等写入持久化之后才算数。',
      },
      highlight: ['ready', 'code'],
    },
    {
      until: { goal: 'ready-step', step: 'R8 save-wal', mustSync: true },
      caption: {
        en: 'R8: the HardState and the new entries are written to the WAL and fsynced, because MustSync is set.',
        'zh-CN': 'R8：HardState 和新条目被写入 WAL 并 fsync，因为设置了 MustSync。',
      },
      highlight: ['ready', 'code'],
    },
    {
      until: { goal: 'ready-step', step: 'R12 follower-send' },
      caption: {
        en: 'R12, followers only: a follower sends its answers (MsgAppResp) only after its entries are durable, because an answer promises that they are.',
        'zh-CN':
          'R12，仅跟随者：跟随者要等条目持久化之后才发送回应（MsgAppResp），因为回应意味着条目已经持久化。',
      },
      highlight: ['ready', 'code'],
    },
    {
      until: { goal: 'ready-step', step: 'R14 advance' },
      caption: {
        en: 'R14: Advance tells raft this Ready is handled; only then may raft hand out the next one.',
        'zh-CN': 'R14：Advance 告诉 raft 这个 Ready 已处理完；之后 raft 才能交出下一个。',
      },
      highlight: ['ready'],
    },
  ],
} as const;
