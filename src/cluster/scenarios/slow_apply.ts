/** Apply falls behind commit on the leader until etcd pushes back with "too many requests". */
export const slowApply = {
  name: 'slow-apply',
  title: { en: 'Slow apply: too many requests', 'zh-CN': '应用缓慢：请求过多' },
  description: {
    en: 'The leader applies each entry slowly while clients keep writing. Its committed index runs ahead of its applied index; once the gap exceeds maxGapBetweenApplyAndCommitIndex (lowered to 5 for the classroom) new requests are refused with etcdserver: too many requests.',
    'zh-CN':
      '领导者应用每个条目都很慢，而客户端持续写入。已提交索引跑在已应用索引前面；当差距超过 maxGapBetweenApplyAndCommitIndex（课堂上调低为 5）时，新请求被拒绝，返回 etcdserver: too many requests。',
  },
  seed: 5,
  members: 3,
  duration: '6s',
  config: { maxGapBetweenApplyAndCommitIndex: 5 },
  workload: { opsPerSecond: 50, keySpace: 16, clients: 4, start: '2s' },
  timeline: [
    {
      when: 'leader-elected',
      action: 'slow-apply',
      member: 'leader',
      applyLatency: '100ms',
      caption: {
        en: 'The leader’s apply slows to 100 ms per entry.',
        'zh-CN': '领导者每应用一个条目需要 100 毫秒。',
      },
    },
    {
      // etcd refuses only when committed > applied + the limit (v3_server.go,
      // processInternalRaftRequestOnce): a gap equal to the limit is still accepted.
      when: 'gap > 5',
      action: 'put',
      key: 'probe',
      value: 'one-more',
      caption: {
        en: 'The apply gap is past the limit (committed > applied + 5): this put to the leader is refused.',
        'zh-CN': '应用差距已超过上限（已提交 > 已应用 + 5）：这次发往领导者的 put 被拒绝。',
      },
    },
  ],
  expect: { clientError: 'etcdserver: too many requests' },
} as const;
