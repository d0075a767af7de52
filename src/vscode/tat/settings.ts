import * as vscode from 'vscode';
import { parseTatInstance, type TatInstance } from '../../sources/tat';

export const SECTION = 'devops.tat';

/**
 * `devops.tat.instances`: `application` scope and restricted, so only the user's own settings
 * count (a workspace can never name a server our password goes to). Unusable entries are returned
 * as problems for the log.
 */
export function tatInstances(): { instances: TatInstance[]; problems: string[] } {
  const inspected = vscode.workspace.getConfiguration(SECTION).inspect<unknown>('instances');
  const raw = inspected?.globalValue ?? inspected?.defaultValue ?? [];
  const instances: TatInstance[] = [];
  const problems: string[] = [];
  for (const entry of Array.isArray(raw) ? raw : []) {
    const parsed = parseTatInstance(entry);
    if (parsed.ok) instances.push(parsed.instance);
    else problems.push(parsed.error);
  }
  return { instances, problems };
}

/** Writes the topics of one instance (by URL) back to the user's settings, keeping every other field. */
export async function setInstanceTopics(url: string, topics: readonly string[]): Promise<void> {
  const config = vscode.workspace.getConfiguration(SECTION);
  const raw = config.inspect<unknown[]>('instances')?.globalValue ?? [];
  const next = raw.map((entry) => {
    const parsed = parseTatInstance(entry);
    return parsed.ok && parsed.instance.url === url ? { ...(entry as object), topics: [...topics] } : entry;
  });
  await config.update('instances', next, vscode.ConfigurationTarget.Global);
}
