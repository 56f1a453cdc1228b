/** A follower is down while the leader snapshots and compacts: it is caught up by MsgSnap. */
export const snapshotCatchUp = {
  name: 'snapshot-catchup',
  title: { en: 'Lagging follower caught up by snapshot', 'zh-CN': '落后的跟随者通过快照追上' },
  description: {
    en: 'A follower is down while the others commit many entries. With --snapshot-count lowered to 20 and 5 catch-up entries kept, the leader has compacted the entries the follower lacks, so it sends a snapshot (MsgSnap) instead of log entries.',
    'zh-CN':
      '一个跟随者宕机期间，其他成员提交了大量条目。由于 --snapshot-count 调低为 20 且只保留 5 个追赶条目，领导者已经压缩掉该跟随者缺少的条目，只能发送快照（MsgSnap）而不是日志条目。',
  },
  seed: 8,
  members: 3,
  duration: '10s',
  config: { snapshotCount: 20, snapshotCatchUpEntries: 5 },
  workload: { opsPerSecond: 40, keySpace: 16 },
  timeline: [
    {
      when: 'leader-elected',
      after: '500ms',
      action: 'crash',
      member: 'follower',
      caption: { en: 'A follower crashes.', 'zh-CN': '一个跟随者崩溃。' },
    },
    {
      when: 'commit >= 100',
      action: 'restart',
      member: 'crashed',
      caption: {
        en: 'It restarts far behind a compacted log: the leader sends a snapshot.',
        'zh-CN': '它重启时已远远落后于被压缩的日志：领导者发送快照。',
      },
    },
  ],
  expect: { messages: { MsgSnap: '>=1' }, commit: '>=100' },
} as const;
