import { expect, type Page } from '@playwright/test';

/**
 * Collects everything that would make a classroom run unreliable: console errors, uncaught page
 * errors, and any request that leaves the page's own origin (the app must work fully offline).
 */
export function watchPage(page: Page, allowedOrigin: string | 'file') {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('request', (request) => {
    const url = request.url();
    const local =
      allowedOrigin === 'file'
        ? url.startsWith('file://') || url.startsWith('data:')
        : url.startsWith(allowedOrigin) || url.startsWith('data:');
    if (!local) problems.push(`off-origin request: ${url}`);
  });
  return {
    problems,
    expectClean() {
      expect(problems, problems.join('\n')).toEqual([]);
    },
  };
}

export const regionNames = {
  en: ['Cluster', 'Ready batches', 'Index gauges', 'Leader timeline', 'Code', 'Event log'],
  'zh-CN': ['集群', 'Ready 批次', '索引仪表', '领导者时间线', '代码', '事件日志'],
} as const;
