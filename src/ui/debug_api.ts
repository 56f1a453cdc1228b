/**
 * `window.etcdStepper`: the engine, reachable from the browser console. Teachers use it to poke
 * at a run, and the end-to-end tests use it to prove that the kernel gives the same trace hash
 * in Chromium as in Node. It exposes modules, never UI state, so it cannot break a session.
 */
import * as sim from '../sim';

export interface DebugApi {
  readonly sim: typeof sim;
}

declare global {
  interface Window {
    etcdStepper?: DebugApi;
  }
}

export function installDebugApi(target: Window): void {
  target.etcdStepper = Object.freeze({ sim });
}
