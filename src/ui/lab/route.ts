/**
 * Which mode the page shows, from the URL hash: `#/lab` is the Raft lab, `#/` (or nothing) the
 * etcd cluster. Hashes that are not routes (the skip link's `#workspace`) leave the mode alone,
 * so jumping to a landmark never switches modes. Hash routing works from file:// too.
 */
import { useSyncExternalStore } from 'react';

export type AppMode = 'cluster' | 'lab';

export const modeHashes: Readonly<Record<AppMode, string>> = { cluster: '#/', lab: '#/lab' };

export function modeFromHash(hash: string, previous: AppMode): AppMode {
  if (!hash.startsWith('#/')) return hash === '' ? 'cluster' : previous;
  return hash === '#/lab' || hash.startsWith('#/lab/') || hash.startsWith('#/lab?') ? 'lab' : 'cluster';
}

let current: AppMode =
  typeof window === 'undefined' ? 'cluster' : modeFromHash(window.location.hash, 'cluster');
const listeners = new Set<() => void>();

// One window listener for all subscribers: it updates `current` once, then tells everyone.
function onHashChange(): void {
  const next = modeFromHash(window.location.hash, current);
  if (next === current) return;
  current = next;
  for (const notify of listeners) notify();
}

function subscribe(notify: () => void): () => void {
  if (listeners.size === 0) window.addEventListener('hashchange', onHashChange);
  listeners.add(notify);
  return () => {
    listeners.delete(notify);
    if (listeners.size === 0) window.removeEventListener('hashchange', onHashChange);
  };
}

export function useAppMode(): AppMode {
  return useSyncExternalStore(
    subscribe,
    () => current,
    () => 'cluster',
  );
}
