import { create } from 'zustand';
import { isLanguageCode, preferredLanguage, type LanguageCode } from '../i18n';

export type Theme = 'light' | 'dark';

export interface PreferencesState {
  theme: Theme;
  language: LanguageCode;
  setTheme(theme: Theme): void;
  setLanguage(language: LanguageCode): void;
}

const storageKey = 'etcd-stepper/preferences';

interface StoredPreferences {
  theme?: unknown;
  language?: unknown;
}

/**
 * Reads saved preferences. Storage can be unavailable (private windows, file:// in some
 * browsers) or hold garbage written by an older version: either way we fall back to defaults
 * instead of failing, because preferences are never worth a blank page.
 */
export function loadPreferences(
  storage: Pick<Storage, 'getItem'> | undefined,
  browserLanguages: readonly string[],
  prefersDark: boolean,
): { theme: Theme; language: LanguageCode } {
  let stored: StoredPreferences = {};
  try {
    const raw = storage?.getItem(storageKey);
    if (raw) {
      const parsed: unknown = JSON.parse(raw);
      if (parsed && typeof parsed === 'object') stored = parsed as StoredPreferences;
    }
  } catch {
    stored = {};
  }
  const theme: Theme =
    stored.theme === 'light' || stored.theme === 'dark' ? stored.theme : prefersDark ? 'dark' : 'light';
  const language = isLanguageCode(stored.language) ? stored.language : preferredLanguage(browserLanguages);
  return { theme, language };
}

function savePreferences(storage: Pick<Storage, 'setItem'> | undefined, prefs: StoredPreferences): void {
  try {
    storage?.setItem(storageKey, JSON.stringify(prefs));
  } catch {
    // Quota or privacy mode: the preference simply does not persist.
  }
}

function browserStorage(): Storage | undefined {
  try {
    return typeof window === 'undefined' ? undefined : window.localStorage;
  } catch {
    return undefined;
  }
}

export function createPreferencesStore(initial: { theme: Theme; language: LanguageCode }) {
  return create<PreferencesState>()((set, get) => ({
    ...initial,
    setTheme(theme) {
      set({ theme });
      savePreferences(browserStorage(), { theme, language: get().language });
    },
    setLanguage(language) {
      set({ language });
      savePreferences(browserStorage(), { theme: get().theme, language });
    },
  }));
}

export const usePreferences = createPreferencesStore(
  loadPreferences(
    browserStorage(),
    typeof navigator === 'undefined' ? [] : navigator.languages,
    typeof window !== 'undefined' && typeof window.matchMedia === 'function'
      ? window.matchMedia('(prefers-color-scheme: dark)').matches
      : false,
  ),
);
