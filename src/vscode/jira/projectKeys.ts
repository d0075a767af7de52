import type * as vscode from 'vscode';
import { findReferences } from '../../core/releaseNotes';
import type { GitWorkspace } from '../git/gitWorkspace';

const RECENT_COMMITS = 200;

/**
 * The Jira project keys the workspace's repositories name: in their local branch names
 * (`PROJ-7-fix-login`) and their recent commit messages (`PROJ-7: fix login`), found by the release
 * notes' reference parser, so a repository needs no setting for its boards to be found.
 */
export async function workspaceProjectKeys(git: GitWorkspace, log: vscode.LogOutputChannel): Promise<string[]> {
  const keys = new Set<string>();
  for (const r of git.all()) {
    try {
      const [branches, commits] = await Promise.all([r.repo.branches(), r.repo.log({ limit: RECENT_COMMITS })]);
      const text = [
        ...branches.filter((b) => !b.remote).map((b) => b.name.toUpperCase()),
        ...commits.map((c) => `${c.subject}\n${c.body}`),
      ].join('\n');
      for (const ref of findReferences(text)) if (ref.kind === 'issueKey' && ref.scope) keys.add(ref.scope);
    } catch (err) {
      log.warn(`Jira: could not read the branches and commits of ${r.repo.root}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return [...keys].sort();
}
