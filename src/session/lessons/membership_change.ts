/** Lesson: a member joins, then the leader itself is removed from the configuration. */
export const membershipChangeLesson = {
  name: 'membership-change',
  title: { en: 'Adding a member, removing the leader', 'zh-CN': '添加成员，移除领导者' },
  summary: {
    en: 'etcd changes its membership one member at a time, through configuration-change entries that raft commits like any other. A fourth member joins and catches up; then the leader is removed, stops, and the remaining three elect a new leader.',
    'zh-CN':
      'etcd 一次只变更一个成员，通过 raft 像提交普通条目一样提交的配置变更条目完成。第四个成员加入并追上日志；随后领导者被移除并停止，剩下的三个成员选出新领导者。',
  },
  scenario: 'membership-change',
  seed: 9,
  moments: [
    {
      until: { goal: 'scenario-action', entry: 0 },
      caption: {
        en: 'etcdctl member add: a ConfChange entry adds infra4; once it is applied, infra4 starts with --initial-cluster-state=existing and learns the membership from a peer.',
        'zh-CN':
          'etcdctl member add：一个 ConfChange 条目添加 infra4；应用之后，infra4 以 --initial-cluster-state=existing 启动，并从其他成员获知成员列表。',
      },
      highlight: ['cluster', 'gauges'],
    },
    {
      until: { goal: 'scenario-action', entry: 1 },
      caption: {
        en: 'infra4 has caught up from the leader. Now the leader itself is removed with another ConfChange entry.',
        'zh-CN': 'infra4 已从领导者追上日志。现在用另一个 ConfChange 条目移除领导者本身。',
      },
      highlight: ['cluster', 'events'],
    },
    {
      until: { goal: 'leadership-lost' },
      caption: {
        en: 'The removal is applied: the removed leader stops serving, and the cluster has no leader for a moment.',
        'zh-CN': '移除生效：被移除的领导者停止服务，集群暂时没有领导者。',
      },
      highlight: ['timeline'],
    },
    {
      until: { goal: 'leader-elected' },
      caption: {
        en: 'The remaining three members elect a new leader; the leader timeline names the removal as the cause.',
        'zh-CN': '剩下的三个成员选出新领导者；领导者时间线把移除列为原因。',
      },
      highlight: ['timeline'],
      prediction: {
        question: {
          en: 'Why does the cluster elect a new leader here?',
          'zh-CN': '集群为什么在这里选出新领导者？',
        },
        answers: [
          {
            text: { en: 'The leader was removed from the configuration', 'zh-CN': '领导者被移出了集群配置' },
            when: { check: 'last-cause', cause: 'removal' },
          },
          {
            text: { en: 'The leader crashed', 'zh-CN': '领导者崩溃了' },
            when: { check: 'last-cause', cause: 'crash' },
          },
          {
            text: { en: 'The leader handed over leadership', 'zh-CN': '领导者移交了领导权' },
            when: { check: 'last-cause', cause: 'transfer' },
          },
        ],
        why: {
          en: 'Nothing failed and nobody transferred leadership: the leader applied the entry that removed it, stopped, and the others’ election timeouts ran out. A removed member never campaigns again; the new configuration of three needs two votes.',
          'zh-CN':
            '没有任何故障，也没有人移交领导权：领导者应用了移除自己的条目后停止，其他成员的选举超时随之到期。被移除的成员不会再参加竞选；新的三成员配置需要两票。',
        },
      },
    },
  ],
} as const;
