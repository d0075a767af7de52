import * as vscode from 'vscode';
import { notify } from './notify';

/** Opens a repository-relative path from a signal in the editor, at its line. */
export async function openRepoFile(
  path: string,
  line: number | undefined,
  repo: string | undefined,
  log: vscode.LogOutputChannel,
): Promise<void> {
  const roots = repo ? [vscode.Uri.file(repo)] : (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri);
  for (const root of roots) {
    const uri = vscode.Uri.joinPath(root, path);
    // joinPath normalises `..`; refuse anything that escaped the repository.
    if (!uri.path.startsWith(root.path.endsWith('/') ? root.path : `${root.path}/`)) {
      log.warn(`Refusing to open ${path}: outside ${root.fsPath}`);
      return;
    }
    try {
      await vscode.workspace.fs.stat(uri);
    } catch {
      continue;
    }
    const position = new vscode.Position(Math.max(0, (line ?? 1) - 1), 0);
    await vscode.window.showTextDocument(uri, { selection: new vscode.Range(position, position), preview: true });
    return;
  }
  void notify('warning', `DevOps: ${path} is not in this workspace.`);
}
