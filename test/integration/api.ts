import * as vscode from 'vscode';
import type { DevOpsApi } from '../../src/extension';

export const EXTENSION_ID = 'devops-feedback-loop.devops-feedback-loop';

/** Activates the extension under test and returns its API once the snapshot is loaded. */
export async function activateExtension(): Promise<DevOpsApi> {
  const extension = vscode.extensions.getExtension<DevOpsApi>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not loaded in this host`);
  const api = await extension.activate();
  await api.ready;
  return api;
}

/** Waits until `check` returns a truthy value, polling; fails with `what` after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => T | Promise<T>,
  timeoutMs = 30_000,
): Promise<Exclude<T, false | null | undefined | 0 | ''>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as Exclude<T, false | null | undefined | 0 | ''>;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * The notifications shown from now on, for a later check. The extension keeps only its last 50 (vscode/notify), so a
 * position taken now may point past the end once older ones are dropped: the entries seen now are remembered instead.
 */
export function notificationsFromNow(api: DevOpsApi): () => ReturnType<DevOpsApi['notifications']>[number][] {
  const seen = new Set(api.notifications());
  return () => api.notifications().filter((n) => !seen.has(n));
}
