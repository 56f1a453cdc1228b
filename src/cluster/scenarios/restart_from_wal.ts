/** Every member crashes and restarts: the state comes back from each member's WAL and snapshot. */
export const restartFromWal = {
  name: 'restart-from-wal',
  title: { en: 'Restart from the WAL', 'zh-CN': '从 WAL 重启' },
  description: {
    en: 'After some writes, all three members crash at once and restart. Each replays its write-ahead log (HardState, entries) on top of its last snapshot; every acknowledged write is still there, and a new leader is elected at a higher term.',
    'zh-CN':
      '写入一些数据后，三个成员同时崩溃并重启。每个成员在最近的快照之上重放预写日志（HardState 和条目）；所有已确认的写入都还在，并在更高的任期选出新领导者。',
  },
  seed: 11,
  members: 3,
  duration: '10s',
  workload: { opsPerSecond: 20, keySpace: 8, stop: '3s' },
  timeline: [
    {
      at: '4s',
      action: 'crash',
      member: 'infra1',
      caption: { en: 'All members crash (power loss).', 'zh-CN': '所有成员同时崩溃（断电）。' },
    },
    { at: '4s', action: 'crash', member: 'infra2' },
    { at: '4s', action: 'crash', member: 'infra3' },
    {
      at: '5s',
      action: 'restart',
      member: 'infra1',
      caption: { en: 'They restart and replay their WALs.', 'zh-CN': '它们重启并重放各自的 WAL。' },
    },
    { at: '5s', action: 'restart', member: 'infra2' },
    { at: '5s', action: 'restart', member: 'infra3' },
    {
      // A restarted member serves clients only once it has published itself through the new
      // leader (EtcdServer.publishV3, then readych), a few hundred ms after the election.
      when: 'leader-elected',
      after: '1s',
      action: 'get',
      key: 'key-0',
      caption: {
        en: 'A new leader is elected and the members serve clients again; reads see the writes made before the crash.',
        'zh-CN': '选出新领导者，成员重新对外服务；读取能看到崩溃前的写入。',
      },
    },
  ],
  expect: {
    leaderChanges: '>=1',
    term: '>=3',
    commit: '>=40',
    logContains: ['restarting local member'],
    linearizable: true,
  },
} as const;
