import * as vscode from 'vscode';

/** The subset of the built-in git extension's API (extensions/git/src/api/git.d.ts) this extension reads. */
interface GitExtensionApi {
  git: { path: string };
  repositories: BuiltInGitRepository[];
  onDidOpenRepository: vscode.Event<BuiltInGitRepository>;
  onDidCloseRepository: vscode.Event<{ rootUri: vscode.Uri }>;
}

export interface BuiltInGitRepository {
  rootUri: vscode.Uri;
  /** `HEAD.commit`: HEAD's commit as the extension last read it (its status runs after each change it sees). */
  state: { onDidChange: vscode.Event<void>; HEAD?: { commit?: string } };
}

/**
 * VS Code's own git binary, with the repositories
 * the built-in extension knows (nested ones included). Undefined when that extension is disabled:
 * callers then fall back to `git` on PATH and say so in the log.
 */
export async function builtInGit(log: vscode.LogOutputChannel): Promise<GitExtensionApi | undefined> {
  const extension = vscode.extensions.getExtension<{ enabled: boolean; getAPI(version: 1): GitExtensionApi }>('vscode.git');
  if (!extension) {
    log.info('The built-in git extension is not available; using git from PATH');
    return undefined;
  }
  try {
    const exports = extension.isActive ? extension.exports : await extension.activate();
    if (!exports.enabled) {
      log.info('The built-in git extension is disabled (git.enabled); using git from PATH');
      return undefined;
    }
    return exports.getAPI(1);
  } catch (err) {
    log.warn(`Could not use the built-in git extension: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
}
