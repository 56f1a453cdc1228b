/**
 * A member joins, then the leader is removed from the cluster. The add waits 5 s after the
 * election: with --strict-reconfig-check etcd refuses a reconfiguration until its peers have
 * been connected for HealthInterval (5 s), answering `etcdserver: unhealthy cluster`.
 */
export const membershipChange = {
  name: 'membership-change',
  title: { en: 'Add a member, remove the leader', 'zh-CN': '添加成员并移除领导者' },
  description: {
    en: 'A fourth member is added (it starts with --initial-cluster-state=existing, fetches the membership from a peer and catches up from the leader), then the current leader is removed. etcd changes membership one member at a time through raft configuration-change entries; once the removal is applied the old leader stops and the remaining three elect a new leader. etcd refuses reconfigurations until its peers have been connected for 5 s, so the add waits for that.',
    'zh-CN':
      '先添加第四个成员（它以 --initial-cluster-state=existing 启动，从其他成员获取成员列表，并从领导者追上日志），然后移除当前领导者。etcd 通过 raft 配置变更条目一次变更一个成员；移除生效后旧领导者停止，剩下的三个成员选出新领导者。成员之间连接满 5 秒之前 etcd 拒绝变更成员，所以添加要等这段时间。',
  },
  seed: 9,
  members: 3,
  duration: '15s',
  workload: { opsPerSecond: 5, keySpace: 8 },
  timeline: [
    {
      when: 'leader-elected',
      after: '5s',
      action: 'add-member',
      name: 'infra4',
      caption: { en: 'infra4 is added and started.', 'zh-CN': '添加并启动 infra4。' },
    },
    {
      when: 'applied(infra4) >= 10',
      action: 'remove-member',
      member: 'leader',
      caption: {
        en: 'infra4 has caught up; the leader is removed.',
        'zh-CN': 'infra4 已追上日志；移除领导者。',
      },
    },
  ],
  expect: { leaderChanges: '>=1', votingMembers: '==3' },
} as const;
