import { describe, expect, it } from 'vitest';
import { loadPreferences } from '../../src/ui/store/preferences';

const storageWith = (value: string | null) => ({ getItem: () => value });

describe('loadPreferences', () => {
  it('uses saved values when they are valid', () => {
    const stored = JSON.stringify({ theme: 'dark', language: 'zh-CN' });
    expect(loadPreferences(storageWith(stored), ['en'], false)).toEqual({ theme: 'dark', language: 'zh-CN' });
  });

  it.each([
    ['not json at all {'],
    ['null'],
    ['42'],
    [JSON.stringify({ theme: 'purple', language: 'klingon' })],
  ])('falls back to browser defaults for bad saved data %s', (raw) => {
    expect(loadPreferences(storageWith(raw), ['zh-CN'], true)).toEqual({ theme: 'dark', language: 'zh-CN' });
  });

  it('survives a storage that throws', () => {
    const throwing = {
      getItem: () => {
        throw new Error('SecurityError');
      },
    };
    expect(loadPreferences(throwing, ['en-US'], false)).toEqual({ theme: 'light', language: 'en' });
  });
});
