/** The caption of the moment: the latest scenario caption at or before the cursor. */
import { describe, expect, it } from 'vitest';
import { captionAt } from '../../src/ui/session/controls/ScenarioCaption';
import type { EventLine } from '../../src/session/types';

const line = (seq: number, step: number, caption?: string): EventLine => ({
  seq,
  step,
  timeUs: step,
  member: null,
  level: 'info',
  kind: 'event',
  text: caption ?? 'other',
  json: null,
  ...(caption === undefined ? {} : { caption: { en: caption, 'zh-CN': `中${caption}` } }),
});

describe('captionAt', () => {
  const events = [line(1, 10, 'a'), line(2, 20), line(3, 30, 'b'), line(4, 40)];
  it('is the latest caption at or before the step, skipping other lines', () => {
    expect(captionAt(events, 5)).toBeNull();
    expect(captionAt(events, 10)?.caption?.en).toBe('a');
    expect(captionAt(events, 29)?.caption?.en).toBe('a');
    expect(captionAt(events, 45)?.caption?.['zh-CN']).toBe('中b');
  });
});
