/** Lesson: three members boot, elect a leader with PreVote, and serve the first write. */
export const firstElection = {
  name: 'first-election',
  title: { en: 'The first election', 'zh-CN': '第一次选举' },
  summary: {
    en: 'Three etcd members start as followers, one times out first, wins a pre-vote and then a vote, and its Ready loop starts replicating.',
    'zh-CN':
      '三个 etcd 成员以跟随者身份启动，其中一个最先超时，先赢得预投票再赢得正式投票，随后它的 Ready 循环开始复制日志。',
  },
  scenario: 'normal-startup',
  seed: 1,
  moments: [
    {
      until: { goal: 'leader-elected' },
      caption: {
        en: 'A leader is elected: its randomized election timeout ran out first, it won a pre-vote round (etcd enables PreVote) and then a real vote at term 2.',
        'zh-CN':
          '领导者已选出：它的随机选举超时最先到期，先赢得一轮预投票（etcd 默认开启 PreVote），再在任期 2 赢得正式投票。',
      },
      highlight: ['cluster', 'timeline'],
      prediction: {
        question: { en: 'Which member becomes the first leader?', 'zh-CN': '哪个成员会成为第一个领导者？' },
        answers: [
          { text: { en: 'infra1', 'zh-CN': 'infra1' }, when: { check: 'leader-is', member: 'infra1' } },
          { text: { en: 'infra2', 'zh-CN': 'infra2' }, when: { check: 'leader-is', member: 'infra2' } },
          { text: { en: 'infra3', 'zh-CN': 'infra3' }, when: { check: 'leader-is', member: 'infra3' } },
        ],
        why: {
          en: 'Nothing about a member makes it the leader: each draws its election timeout at random between electionTick and twice that. The one that times out first campaigns first, and the others grant it their votes because its log is at least as up to date as theirs. Another seed gives another leader.',
          'zh-CN':
            '没有哪个成员天生就是领导者：每个成员在 electionTick 到其两倍之间随机选取选举超时。最先超时的成员最先发起竞选，其他成员因为它的日志至少和自己一样新而投票给它。换一个种子，领导者就可能不同。',
        },
      },
    },
    {
      until: { goal: 'ready-step', step: 'R6 leader-send' },
      caption: {
        en: "The leader's Ready loop (raftNode.start) sends its messages before it writes the same Ready to its WAL: the leader may send first and persist in parallel; followers persist first.",
        'zh-CN':
          '领导者的 Ready 循环（raftNode.start）先发送消息，再把同一个 Ready 写入 WAL：领导者可以先发送、并行持久化；跟随者则必须先持久化。',
      },
      highlight: ['ready', 'code'],
    },
    {
      until: { goal: 'request-answered', outcome: 'ok' },
      caption: {
        en: 'The first client put is answered: proposed on the leader, appended, sent in MsgApp, committed by a majority, applied to the key-value store, and answered with its revision.',
        'zh-CN':
          '第一个客户端 put 得到答复：在领导者上提议、追加到日志、通过 MsgApp 发送、被多数派提交、应用到键值存储，并带着它的 revision 返回。',
      },
      highlight: ['gauges', 'events'],
    },
  ],
} as const;
