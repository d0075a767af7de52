import * as vscode from 'vscode';
import { oneLine, shortSha } from '../../core/format';
import type { Signal } from '../../core/signal';
import { isFullSha } from '../../sources/git';
import { changedFileOf, changedFiles, describeChange, type ChangedFile } from './changedFiles';
import type { GitWorkspace, WorkspaceRepository } from '../git/gitWorkspace';
import type { Prompter } from '../prompter';
import type { GitHubConnection } from './connection';
import { notify } from '../notify';

/** Read-only documents of a file at a commit, for pull request diffs. */
export const GIT_SHOW_SCHEME = 'devops-git-show';

/** Read-only documents of a file at a commit read from GitHub, for pull requests not in the clone. */
export const GITHUB_FILE_SCHEME = 'devops-github-file';

/**
 * Picks a changed file and opens its diff in the diff editor: from the clone (merge base ↔ head)
 * when both commits are here, else the two versions read from GitHub's API (base ↔ head).
 */
export async function openPullRequestChanges(signal: Signal, connection: GitHubConnection, ask: Prompter): Promise<void> {
  const r = connection.workspace;
  const number = String(signal.detail?.number ?? '');
  const local = await changedFiles(signal, r);
  let base: string;
  let head: string;
  let files: ChangedFile[];
  let version: (ref: string, path: string) => vscode.Uri;
  if (local) {
    ({ base, head, files } = local);
    version = (ref, path) => gitShowUri(r, ref, path);
  } else {
    base = (signal.detail?.base as { sha?: string } | undefined)?.sha ?? '';
    head = (signal.detail?.head as { sha?: string } | undefined)?.sha ?? '';
    if (!isFullSha(base) || !isFullSha(head) || !/^\d+$/.test(number)) {
      throw new Error(`pull request #${number} has no base and head commits to compare; refresh and try again.`);
    }
    files = await readGitHubFiles(connection, Number(number));
    version = (ref, path) => githubFileUri(connection, ref, path);
  }
  if (files.length === 0) {
    void notify('info', `DevOps: pull request #${number} changes no file.`);
    return;
  }
  const picked =
    files.length === 1
      ? { file: files[0] }
      : await ask.pick(
          files.map((file) => ({
            label: file.path,
            description: file.previousPath ? `${file.status} from ${file.previousPath}` : file.status,
            file,
          })),
          { title: `Changes of #${number}: ${oneLine(signal.title, 60)}`, matchOnDescription: true },
        );
  if (!picked) return;
  const { path, status, previousPath } = picked.file;
  const left = status === 'added' ? emptyUri(r, path) : version(base, previousPath ?? path);
  const right = status === 'removed' ? emptyUri(r, path) : version(head, path);
  await vscode.commands.executeCommand(
    'vscode.diff',
    left,
    right,
    `${describeChange({ status, path, previousPath })} (#${number}: ${shortSha(base)} ↔ ${shortSha(head)})`,
  );
}

async function readGitHubFiles(connection: GitHubConnection, number: number): Promise<ChangedFile[]> {
  try {
    const list = await connection.source.api.listPullRequestFiles(number);
    return list.files.map(changedFileOf);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new Error(`the commits of pull request #${number} are not in this clone, and GitHub did not list its files: ${message}`);
  }
}

function githubFileUri(c: GitHubConnection, ref: string, path: string): vscode.Uri {
  return vscode.Uri.from({ scheme: GITHUB_FILE_SCHEME, path: `/${path}`, query: new URLSearchParams({ repo: c.key, ref }).toString() });
}

function gitShowUri(r: WorkspaceRepository, rev: string, path: string): vscode.Uri {
  return vscode.Uri.from({ scheme: GIT_SHOW_SCHEME, path: `/${path}`, query: new URLSearchParams({ root: r.repo.root, rev }).toString() });
}

function emptyUri(r: WorkspaceRepository, path: string): vscode.Uri {
  return vscode.Uri.from({
    scheme: GIT_SHOW_SCHEME,
    path: `/${path}`,
    query: new URLSearchParams({ root: r.repo.root, rev: 'empty' }).toString(),
  });
}

/**
 * Serves `devops-github-file:` documents: a file at a commit through the contents API on the API
 * origin (the token goes there only), full SHAs of open repositories only.
 */
export class GitHubFileProvider implements vscode.TextDocumentContentProvider {
  constructor(
    private readonly connection: (key: string) => GitHubConnection | undefined,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const query = new URLSearchParams(uri.query);
    const ref = query.get('ref') ?? '';
    const path = uri.path.replace(/^\/+/, '');
    const c = this.connection(query.get('repo') ?? '');
    if (!c || !isFullSha(ref) || !path) return 'This file belongs to a GitHub repository that is no longer open in this workspace.';
    try {
      return await c.source.api.fileContent(path, ref);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.log.error(`GitHub: ${message}`);
      return `Could not read ${path} at ${shortSha(ref)} from GitHub.\n\n${message}\n`;
    }
  }
}

/** `git show REV:PATH` for repositories of this workspace only, full SHAs only. */
export class GitShowProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly git: GitWorkspace) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const query = new URLSearchParams(uri.query);
    const rev = query.get('rev') ?? '';
    const r = this.git.all().find((w) => w.repo.root === query.get('root'));
    const path = uri.path.replace(/^\/+/, '');
    if (rev === 'empty') return '';
    if (!r || !isFullSha(rev) || !path) return '';
    return (await r.repo.fileAt(rev, path, 16 * 1024 * 1024))?.toString('utf8') ?? '';
  }
}
