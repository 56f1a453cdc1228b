import i18next from 'i18next';
import type { TFunction } from 'i18next';
import { useSyncExternalStore } from 'react';

/**
 * The translate function for the current language, re-rendering on a language change. A cheap
 * stand-in for react-i18next's useTranslation in views that mount and render on every publish:
 * that hook copies every property of the i18next instance when a component mounts and does
 * several memos per render, which showed up as the top cost while playing at full speed.
 */
export function useT(): TFunction {
  const language = useSyncExternalStore(subscribe, currentLanguage, currentLanguage);
  return fixedT(language);
}

const byLanguage = new Map<string, TFunction>();
/** Past this many distinct calls the memo starts over (keys carry counts, names, steps…). */
const maxMemoEntries = 20_000;

function fixedT(language: string): TFunction {
  let t = byLanguage.get(language);
  if (t === undefined) {
    t = memoT(i18next.getFixedT(language));
    byLanguage.set(language, t);
  }
  return t;
}

/**
 * i18next's t resolves, interpolates and pluralises on every call, which cost more than React's
 * own rendering while playing: the same calls with the same primitive options repeat on every
 * publish, so their text is memoised (resources never change once the app runs).
 */
function memoT(base: TFunction): TFunction {
  const memo = new Map<string, string>();
  const call = base as unknown as (key: unknown, options?: unknown) => unknown;
  const t = (key: unknown, options?: unknown): unknown => {
    const id = memoKey(key, options);
    if (id === null) return call(key, options);
    const hit = memo.get(id);
    if (hit !== undefined) return hit;
    const text = call(key, options);
    if (typeof text !== 'string') return text;
    if (memo.size >= maxMemoEntries) memo.clear();
    memo.set(id, text);
    return text;
  };
  return t as unknown as TFunction;
}

/** A memo key for a string key with primitive options, or null when the call is not memoisable. */
function memoKey(key: unknown, options: unknown): string | null {
  if (typeof key !== 'string') return null;
  if (options === undefined) return key;
  if (typeof options !== 'object' || options === null) return null;
  let id = key;
  for (const [k, v] of Object.entries(options)) {
    if (v !== null && typeof v === 'object') return null;
    if (typeof v === 'function') return null;
    id += `\u0000${k}\u0001${typeof v}:${String(v)}`;
  }
  return id;
}

function currentLanguage(): string {
  return i18next.language;
}

function subscribe(onChange: () => void): () => void {
  i18next.on('languageChanged', onChange);
  return () => i18next.off('languageChanged', onChange);
}

/** The current language code, re-rendering on a change. */
export function useLanguage(): string {
  return useSyncExternalStore(subscribe, currentLanguage, currentLanguage);
}

/** Switches the UI language (every useT and useLanguage re-renders). */
export function changeLanguage(language: string): void {
  if (i18next.language !== language) void i18next.changeLanguage(language);
}
