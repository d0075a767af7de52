import type { Signal } from '../../core/signal';
import { isFullSha } from '../../sources/git';
import { GITHUB_MAX_PULL_REQUEST_FILES } from '../../sources/github';
import type { GhPullRequestFile } from '../../sources/github';
import type { WorkspaceRepository } from '../git/gitWorkspace';
import type { GitHubConnection } from './connection';

const MAX_FILES = 500;

export interface ChangedFile {
  /** GitHub's word: added, modified, removed, renamed, copied, changed (the clone's letters are mapped to it). */
  status: string;
  path: string;
  /** The path in the base, for a renamed or copied file. */
  previousPath?: string;
  /** Lines added and deleted (GitHub's listing only). */
  additions?: number;
  deletions?: number;
}

/** A pull request's changed files for the details panel, and where they came from. */
export interface PullRequestFiles {
  from: 'github' | 'clone';
  /** Undefined when neither GitHub nor the clone could list them. */
  files: ChangedFile[] | undefined;
  /** Why the list is partial, comes from the clone, or is missing. */
  note?: string;
}

/** What the listing needs of a connection. */
export type FilesConnection = Pick<GitHubConnection, 'source' | 'workspace' | 'gate'>;

const LETTERS: Record<string, string> = { A: 'added', M: 'modified', D: 'removed', T: 'changed' };

/**
 * The files a pull request changes, from the local clone (the merge base of base and head, to head).
 * Undefined when its commits are not in this clone (not fetched yet).
 */
export async function changedFiles(
  signal: Signal,
  r: WorkspaceRepository,
): Promise<{ base: string; head: string; files: ChangedFile[] } | undefined> {
  const baseSha = (signal.detail?.base as { sha?: string } | undefined)?.sha;
  const headSha = (signal.detail?.head as { sha?: string } | undefined)?.sha;
  if (!baseSha || !headSha || !isFullSha(baseSha) || !isFullSha(headSha)) return undefined;
  const present = await r.repo.existingCommits([baseSha, headSha]);
  if (!present.has(baseSha) || !present.has(headSha)) return undefined;
  const from = (await r.repo.mergeBase(baseSha, headSha)) ?? baseSha;
  const files = (await r.repo.changedFiles(from, headSha, MAX_FILES)).map((f) => ({ status: LETTERS[f.status] ?? f.status, path: f.path }));
  return { base: from, head: headSha, files };
}

/**
 * The files a pull request changes as GitHub lists them (so a pull request that was never fetched
 * shows its files too); the clone's diff only when GitHub cannot be asked or fails, saying why.
 */
export async function pullRequestFiles(signal: Signal, c: FilesConnection): Promise<PullRequestFiles> {
  let why: string;
  const number = Number(signal.detail?.number);
  const waitUntil = c.gate.waitUntil();
  if (!Number.isSafeInteger(number) || number <= 0) {
    why = 'GitHub was not asked for the files: the pull request has no number.';
  } else if (waitUntil !== undefined) {
    why = `GitHub was not asked for the files: its rate limit is reached until ${new Date(waitUntil).toLocaleTimeString()}.`;
  } else {
    try {
      const list = await c.source.api.listPullRequestFiles(number);
      return {
        from: 'github',
        files: list.files.map(changedFileOf),
        note: list.complete
          ? undefined
          : `GitHub lists at most ${GITHUB_MAX_PULL_REQUEST_FILES.toLocaleString('en-US')} files of a pull request: these are the first ${list.files.length.toLocaleString('en-US')}.`,
      };
    } catch (err) {
      why = (err instanceof Error ? err.message : String(err)).slice(0, 300).replace(/([^.!?])$/, '$1.');
    }
  }
  const local = await changedFiles(signal, c.workspace).catch(() => undefined);
  return local
    ? { from: 'clone', files: local.files, note: `${why} These files are from this clone's diff instead.` }
    : {
        from: 'clone',
        files: undefined,
        note: `${why} The commits are not in this clone yet either: check the pull request out to see its files.`,
      };
}

/** A file of GitHub's listing as the panel and the diff use it. */
export function changedFileOf(f: GhPullRequestFile): ChangedFile {
  const file: ChangedFile = { status: f.status, path: f.filename, additions: f.additions, deletions: f.deletions };
  if (f.previous_filename && f.previous_filename !== f.filename) file.previousPath = f.previous_filename;
  return file;
}

/** "old.md → new.md (+2 −1)" */
export function describeChange(f: ChangedFile): string {
  const path = f.previousPath ? `${f.previousPath} → ${f.path}` : f.path;
  return f.additions !== undefined && f.deletions !== undefined ? `${path} (+${f.additions} −${f.deletions})` : path;
}
