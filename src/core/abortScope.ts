import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The AbortSignal of the refresh (or command) being run, carried through every await of it, so
 * that every HTTP request a source makes is cancelled with its refresh, including requests made by
 * helpers that were never handed the signal. The Refresher runs each refresh in a scope; the HTTP
 * client uses the scope's signal for any request that brings none of its own.
 */
const scope = new AsyncLocalStorage<AbortSignal>();

export function withAbortSignal<T>(signal: AbortSignal, task: () => Promise<T>): Promise<T> {
  return scope.run(signal, task);
}

/** The signal of the enclosing scope, if any. */
export function currentAbortSignal(): AbortSignal | undefined {
  return scope.getStore();
}
