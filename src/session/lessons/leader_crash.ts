/** Lesson: the leader crashes; the followers notice by election timeout and elect a new one. */
export const leaderCrashLesson = {
  name: 'leader-crash',
  title: { en: 'The leader crashes', 'zh-CN': '领导者崩溃' },
  summary: {
    en: 'A healthy leader crashes. Its followers hear no more heartbeats, one of them times out, and the cluster elects a new leader at a higher term while the old one is down.',
    'zh-CN':
      '一个正常工作的领导者崩溃了。跟随者再也收不到心跳，其中一个超时，集群在旧领导者宕机期间以更高的任期选出新领导者。',
  },
  scenario: 'leader-crash',
  seed: 2,
  moments: [
    {
      until: { goal: 'leader-elected' },
      caption: {
        en: 'The cluster has a leader and serves writes; the leader sends a heartbeat to each follower every tick.',
        'zh-CN': '集群已有领导者并处理写入；领导者每个 tick 向每个跟随者发送心跳。',
      },
      highlight: ['cluster', 'timeline'],
    },
    {
      until: { goal: 'leadership-lost' },
      caption: {
        en: 'The leader crashes. Nothing tells the followers: they only notice that heartbeats stop coming.',
        'zh-CN': '领导者崩溃了。没有谁会通知跟随者：它们只会发现心跳不再到来。',
      },
      highlight: ['cluster', 'timeline'],
    },
    {
      until: { goal: 'leader-elected' },
      caption: {
        en: 'A follower whose election timeout ran out wins the election at a higher term; the leader timeline records why.',
        'zh-CN': '选举超时到期的跟随者在更高的任期赢得选举；领导者时间线记录了原因。',
      },
      highlight: ['timeline'],
      prediction: {
        question: {
          en: 'What does the timeline give as the cause of this election?',
          'zh-CN': '时间线给出的这次选举原因是什么？',
        },
        answers: [
          {
            text: { en: 'The leader crashed', 'zh-CN': '领导者崩溃' },
            when: { check: 'last-cause', cause: 'crash' },
          },
          {
            text: { en: 'A CheckQuorum step-down', 'zh-CN': 'CheckQuorum 退位' },
            when: { check: 'last-cause', cause: 'check-quorum' },
          },
          {
            text: { en: 'A leadership transfer', 'zh-CN': '领导权转移' },
            when: { check: 'last-cause', cause: 'transfer' },
          },
        ],
        why: {
          en: 'The old leader did not step down (a crashed process steps down from nothing) and did not hand over its leadership: it simply stopped. The followers campaigned because their election timeouts ran out, so the root cause is the crash.',
          'zh-CN':
            '旧领导者既没有退位（崩溃的进程无从退位），也没有移交领导权：它只是停止了。跟随者因为选举超时到期而发起竞选，所以根本原因是崩溃。',
        },
      },
    },
  ],
} as const;
