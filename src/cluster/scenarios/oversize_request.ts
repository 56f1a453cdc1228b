/** A put bigger than --max-request-bytes is refused before it reaches raft. */
export const oversizeRequest = {
  name: 'oversize-request',
  title: { en: 'Oversize request', 'zh-CN': '请求过大' },
  description: {
    en: 'A client writes a value larger than --max-request-bytes (lowered to 4 KiB here; 1.5 MiB by default). The server refuses it before proposing, with etcdserver: request is too large; smaller writes still succeed.',
    'zh-CN':
      '客户端写入一个大于 --max-request-bytes（此处调低为 4 KiB，默认 1.5 MiB）的值。服务器在提议之前就拒绝它，返回 etcdserver: request is too large；较小的写入仍然成功。',
  },
  seed: 6,
  members: 3,
  duration: '4s',
  config: { maxRequestBytes: 4096 },
  timeline: [
    {
      when: 'leader-elected',
      after: '200ms',
      action: 'put',
      key: 'small',
      value: 'fits',
      caption: { en: 'A small put succeeds.', 'zh-CN': '一次小写入成功。' },
    },
    {
      when: 'leader-elected',
      after: '200ms',
      action: 'put',
      key: 'big',
      valueBytes: 8192,
      caption: { en: 'An 8 KiB put is refused.', 'zh-CN': '一次 8 KiB 的写入被拒绝。' },
    },
  ],
  expect: { clientError: 'etcdserver: request is too large', clientOk: '>=1' },
} as const;
