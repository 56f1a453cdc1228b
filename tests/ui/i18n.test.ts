import { describe, expect, it } from 'vitest';
import { en } from '../../src/ui/i18n/en';
import { zhCN } from '../../src/ui/i18n/zh-CN';
import { preferredLanguage } from '../../src/ui/i18n';
import { glossaryEn, glossaryIds } from '../../src/ui/i18n/glossary.en';
import { glossaryZhCN } from '../../src/ui/i18n/glossary.zh-CN';

function leafKeys(value: unknown, prefix = ''): string[] {
  if (typeof value === 'string') return [prefix];
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value)
    .flatMap(([key, child]) => leafKeys(child, prefix ? `${prefix}.${key}` : key))
    .sort();
}

describe('translations', () => {
  it('have exactly the same keys in every language', () => {
    expect(leafKeys(zhCN)).toEqual(leafKeys(en));
  });

  it('carry the same glossary in every language, each entry a headword and a definition', () => {
    expect(Object.keys(en.glossary)).toEqual(glossaryIds);
    expect(leafKeys(glossaryZhCN)).toEqual(leafKeys(glossaryEn));
    expect(leafKeys(zhCN.glossary)).toEqual(leafKeys(en.glossary));
    for (const id of glossaryIds) {
      expect(Object.keys(glossaryEn[id]).sort(), id).toEqual(['definition', 'term']);
      expect(Object.keys(glossaryZhCN[id]).sort(), id).toEqual(['definition', 'term']);
    }
  });

  it('never leave a string empty', () => {
    const empty = (obj: unknown): boolean =>
      typeof obj === 'string' ? obj.trim() === '' : Object.values(obj as object).some(empty);
    expect(empty(en)).toBe(false);
    expect(empty(zhCN)).toBe(false);
  });

  it.each([
    [['zh-CN', 'en'], 'zh-CN'],
    [['zh-TW'], 'zh-CN'],
    [['en-GB'], 'en'],
    [['fr-FR', 'de'], 'en'],
    [[], 'en'],
  ] as const)('picks a supported language from %j', (browser, expected) => {
    expect(preferredLanguage(browser)).toBe(expected);
  });
});
