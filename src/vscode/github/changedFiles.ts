import type { Signal } from '../../core/signal';
import { isFullSha, splitNul } from '../../sources/git';
import type { WorkspaceRepository } from '../git/gitWorkspace';

const MAX_FILES = 500;

export interface ChangedFile {
  status: string;
  path: string;
}

/**
 * The files a pull request changes, from the local clone (the merge base of base and head, to head).
 * Undefined when its commits are not in this clone (not fetched yet).
 */
export async function changedFiles(signal: Signal, r: WorkspaceRepository): Promise<{ base: string; head: string; files: ChangedFile[] } | undefined> {
  const baseSha = (signal.detail?.base as { sha?: string } | undefined)?.sha;
  const headSha = (signal.detail?.head as { sha?: string } | undefined)?.sha;
  if (!baseSha || !headSha || !isFullSha(baseSha) || !isFullSha(headSha)) return undefined;
  const present = await r.repo.existingCommits([baseSha, headSha]);
  if (!present.has(baseSha) || !present.has(headSha)) return undefined;
  const base = (await r.repo.run(['merge-base', baseSha, headSha], { okExitCodes: [0, 1] })).stdout.toString('utf8').trim();
  const from = isFullSha(base) ? base : baseSha;
  const out = (await r.repo.run(['diff', '--name-status', '-z', '--no-renames', from, headSha, '--'])).stdout.toString('utf8');
  const parts = splitNul(out);
  const files: ChangedFile[] = [];
  for (let i = 0; i + 1 < parts.length && files.length < MAX_FILES; i += 2) files.push({ status: parts[i], path: parts[i + 1] });
  return { base: from, head: headSha, files };
}
