import i18next from 'i18next';
import { en } from './en';
import { zhCN } from './zh-CN';

/** The languages the UI ships, in the order the language switch lists them. */
export const languages = [
  { code: 'en', label: 'English' },
  { code: 'zh-CN', label: '简体中文' },
] as const;

export type LanguageCode = (typeof languages)[number]['code'];

export function isLanguageCode(value: unknown): value is LanguageCode {
  return languages.some((l) => l.code === value);
}

/** Picks the first supported language from the browser's preference list, else English. */
export function preferredLanguage(browserLanguages: readonly string[]): LanguageCode {
  for (const tag of browserLanguages) {
    if (isLanguageCode(tag)) return tag;
    if (tag.toLowerCase().startsWith('zh')) return 'zh-CN';
    if (tag.toLowerCase().startsWith('en')) return 'en';
  }
  return 'en';
}

export function initI18n(language: LanguageCode): typeof i18next {
  // Views translate through ./useT (no react-i18next: its hook cost more than the views).
  void i18next.init({
    resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
    lng: language,
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
    // Resources are bundled, so initialisation is synchronous and the first render is translated.
    initAsync: false,
    returnNull: false,
  });
  return i18next;
}
