import * as vscode from 'vscode';
import { oneLine, shortSha } from '../../core/format';
import type { Signal } from '../../core/signal';
import { isFullSha } from '../../sources/git';
import { changedFiles } from './changedFiles';
import type { GitWorkspace, WorkspaceRepository } from '../git/gitWorkspace';
import type { Prompter } from '../prompter';
import type { GitHubConnection } from './connection';

/** Read-only documents of a file at a commit, for pull request diffs. */
export const GIT_SHOW_SCHEME = 'devops-git-show';

/** Picks a changed file and opens its diff (merge base ↔ head) in the diff editor. */
export async function openPullRequestChanges(signal: Signal, connection: GitHubConnection, ask: Prompter): Promise<void> {
  const r = connection.workspace;
  const changes = await changedFiles(signal, r);
  const number = String(signal.detail?.number ?? '');
  if (!changes) throw new Error(`the commits of pull request #${number} are not in this clone yet; check it out (or fetch) first.`);
  if (changes.files.length === 0) {
    void vscode.window.showInformationMessage(`DevOps: pull request #${number} changes no file.`);
    return;
  }
  const picked = changes.files.length === 1 ? { file: changes.files[0] } : await ask.pick(
    changes.files.map((file) => ({ label: file.path, description: file.status, file })),
    { title: `Changes of #${number}: ${oneLine(signal.title, 60)}`, matchOnDescription: true },
  );
  if (!picked) return;
  const { path, status } = picked.file;
  const left = status.startsWith('A') ? emptyUri(r, path) : gitShowUri(r, changes.base, path);
  const right = status.startsWith('D') ? emptyUri(r, path) : gitShowUri(r, changes.head, path);
  await vscode.commands.executeCommand('vscode.diff', left, right, `${path} (#${number}: ${shortSha(changes.base)} ↔ ${shortSha(changes.head)})`);
}

function gitShowUri(r: WorkspaceRepository, rev: string, path: string): vscode.Uri {
  return vscode.Uri.from({ scheme: GIT_SHOW_SCHEME, path: `/${path}`, query: new URLSearchParams({ root: r.repo.root, rev }).toString() });
}

function emptyUri(r: WorkspaceRepository, path: string): vscode.Uri {
  return vscode.Uri.from({ scheme: GIT_SHOW_SCHEME, path: `/${path}`, query: new URLSearchParams({ root: r.repo.root, rev: 'empty' }).toString() });
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
    const result = await r.repo.run(['show', `${rev}:${path}`], { okExitCodes: [0, 128], maxOutputBytes: 16 * 1024 * 1024 });
    return result.exitCode === 0 ? result.stdout.toString('utf8') : '';
  }
}
