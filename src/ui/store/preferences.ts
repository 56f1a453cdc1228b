import { create } from 'zustand';
import { isLanguageCode, preferredLanguage, type LanguageCode } from '../i18n';

export type Theme = 'light' | 'dark';

/**
 * How much the page shows. The beginner view hides what only an etcd developer reads
 * (goroutine tables, the trace hash, raw Ready text, progress tables, WAL and wait-registry
 * counts); the expert view shows everything. See ./view_level for the level in effect.
 */
export type ViewLevel = 'beginner' | 'expert';

export function isViewLevel(value: unknown): value is ViewLevel {
  return value === 'beginner' || value === 'expert';
}

export interface PreferencesState {
  theme: Theme;
  language: LanguageCode;
  setTheme(theme: Theme): void;
  setLanguage(language: LanguageCode): void;
  /** Presenter mode: large type, high contrast, colour-blind-safe palette (saved on its own key). */
  presenter: boolean;
  /** The OS asks for reduced motion (prefers-reduced-motion); followed live, not saved. */
  reducedMotion: boolean;
  setPresenter(on: boolean): void;
  setReducedMotion(on: boolean): void;
  /** The view level the user chose (saved on its own key), or null: follow the lesson flag. */
  viewLevel: ViewLevel | null;
  setViewLevel(level: ViewLevel): void;
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

const presenterKey = 'etcd-stepper/presenter';

/** Whether presenter mode was left on; anything unreadable means off. */
export function loadPresenter(storage: Pick<Storage, 'getItem'> | undefined): boolean {
  try {
    return storage?.getItem(presenterKey) === 'on';
  } catch {
    return false;
  }
}

const viewLevelKey = 'etcd-stepper/view-level';

/** The view level the user chose, or null when none was saved (or it is unreadable). */
export function loadViewLevel(storage: Pick<Storage, 'getItem'> | undefined): ViewLevel | null {
  try {
    const raw = storage?.getItem(viewLevelKey);
    return isViewLevel(raw) ? raw : null;
  } catch {
    return null;
  }
}

function prefersReducedMotion(): boolean {
  return typeof window !== 'undefined' && typeof window.matchMedia === 'function'
    ? window.matchMedia('(prefers-reduced-motion: reduce)').matches
    : false;
}

export function createPreferencesStore(initial: {
  theme: Theme;
  language: LanguageCode;
  presenter?: boolean;
  viewLevel?: ViewLevel | null;
}) {
  return create<PreferencesState>()((set, get) => ({
    ...initial,
    presenter: initial.presenter ?? false,
    viewLevel: initial.viewLevel ?? null,
    reducedMotion: prefersReducedMotion(),
    setPresenter(on) {
      set({ presenter: on });
      try {
        browserStorage()?.setItem(presenterKey, on ? 'on' : 'off');
      } catch {
        // Not saved; the mode still applies to this page.
      }
    },
    setViewLevel(level) {
      set({ viewLevel: level });
      try {
        browserStorage()?.setItem(viewLevelKey, level);
      } catch {
        // Not saved; the level still applies to this page.
      }
    },
    setReducedMotion(on) {
      set({ reducedMotion: on });
    },
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

export const usePreferences = createPreferencesStore({
  ...loadPreferences(
    browserStorage(),
    typeof navigator === 'undefined' ? [] : navigator.languages,
    typeof window !== 'undefined' && typeof window.matchMedia === 'function'
      ? window.matchMedia('(prefers-color-scheme: dark)').matches
      : false,
  ),
  presenter: loadPresenter(browserStorage()),
  viewLevel: loadViewLevel(browserStorage()),
});

// Follow the OS setting live: a user may turn on reduced motion in the middle of a lesson.
if (typeof window !== 'undefined' && typeof window.matchMedia === 'function') {
  const mq = window.matchMedia('(prefers-reduced-motion: reduce)');
  mq.addEventListener?.('change', (e) => usePreferences.getState().setReducedMotion(e.matches));
}
