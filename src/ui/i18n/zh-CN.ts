import type { Messages } from './en';

/** 简体中文. Keys mirror en.ts exactly; a test fails when one is missing. */
export const zhCN: Messages = {
  app: {
    name: 'etcd 单步模拟器',
    tagline: '可逐步执行的确定性 etcd v3.6 集群',
    skipToContent: '跳到模拟器',
  },
  header: {
    language: '语言',
    theme: '主题',
    themeLight: '浅色',
    themeDark: '深色',
    switchToDark: '切换到深色主题',
    switchToLight: '切换到浅色主题',
  },
  regions: {
    cluster: {
      title: '集群',
      empty: '这里将显示各成员、它们的角色与任期，以及成员之间正在传输的消息。',
    },
    ready: {
      title: 'Ready 批次',
      empty:
        '这里将按 Ready 循环产生的顺序显示每个成员的 Ready 批次：SoftState、HardState、日志条目、已提交条目和消息。',
    },
    gauges: {
      title: '索引仪表',
      empty: '每个成员的首个、已应用、已提交和最后索引，以及已应用与已提交之间的差距。',
    },
    timeline: {
      title: '领导者时间线',
      empty: '每个任期由谁担任领导者，以及每次领导者变更的原因。',
    },
    code: {
      title: '代码',
      empty: '所选 goroutine 正在执行的 etcd 函数，并高亮当前行。',
    },
    events: {
      title: '事件日志',
      empty: 'etcd 的日志行和集群事件（文本形式）。',
    },
  },
  errors: {
    crashedTitle: '此视图出现错误',
    crashedBody: '模拟本身不受影响。详情：',
    retry: '重试',
  },
};
