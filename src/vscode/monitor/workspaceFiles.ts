import * as path from 'node:path';
import * as vscode from 'vscode';
import { WorkspaceFileIndex, normalizeFramePath } from '../../core/codeMapping';
import { GitWorkspace } from '../git/gitWorkspace';
import type { Located } from '../../core/relocate';

// Folders that never hold the code a frame points at (dependencies, build output, tool state).
const EXCLUDED_FOLDERS = [
  'node_modules',
  '.git',
  'dist',
  'out',
  'build',
  'target',
  '.venv',
  'venv',
  '__pycache__',
  '.next',
  'coverage',
  '.test-artifacts',
];
const EXCLUDE = `{${EXCLUDED_FOLDERS.map((f) => `**/${f}/**`).join(',')}}`;
const EXCLUDED_SEGMENT = new RegExp(`/(${EXCLUDED_FOLDERS.map((f) => f.replace(/\./g, '\\.')).join('|')})/`);
// Bounds the index (and the findFiles walk) in huge workspaces; frames into the rest stay unmapped, and say so.
const MAX_FILES_PER_FOLDER = 50_000;

/**
 * The workspace's files for frame and annotation mapping: an index of workspace paths (relative to
 * the folder, prefixed with the folder's name in a multi-root workspace), built lazily on the first
 * Monitor refresh from `findFiles` and rebuilt after files are created or deleted.
 */
export class WorkspaceFiles implements vscode.Disposable {
  private index: WorkspaceFileIndex | undefined;
  private readonly uris = new Map<string, vscode.Uri>();
  private building: Promise<WorkspaceFileIndex> | undefined;
  private dirty = true;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly git: GitWorkspace,
    private readonly log: vscode.LogOutputChannel,
  ) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*', false, true, false);
    // Build output churns all the time; only files the index would hold make it stale.
    const stale = (uri?: vscode.Uri) => {
      if (!uri || !EXCLUDED_SEGMENT.test(uri.path)) this.dirty = true;
    };
    this.disposables.push(
      watcher,
      watcher.onDidCreate(stale),
      watcher.onDidDelete(stale),
      vscode.workspace.onDidChangeWorkspaceFolders(() => stale()),
    );
  }

  /** The index, (re)built when needed; local reads only. */
  ready(): Promise<WorkspaceFileIndex> {
    if (this.index && !this.dirty) return Promise.resolve(this.index);
    this.building ??= this.build().finally(() => {
      this.building = undefined;
    });
    return this.building;
  }

  /** The index as last built (empty before the first build). */
  current(): WorkspaceFileIndex {
    return this.index ?? new WorkspaceFileIndex();
  }

  uriOf(workspacePath: string): vscode.Uri | undefined {
    return this.uris.get(workspacePath);
  }

  /** The git repository (or else workspace folder) holding a workspace path, and the path under it. */
  locate(workspacePath: string): Located | undefined {
    const uri = this.uris.get(workspacePath);
    if (!uri) return undefined;
    const r = this.git.repositoryFor(uri);
    if (r) return { repo: r.repo.root, path: this.git.relativePath(r, uri) };
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    return folder && { repo: folder.uri.fsPath, path: path.relative(folder.uri.fsPath, uri.fsPath).split(path.sep).join('/') };
  }

  /** The workspace path prefix of a folder setting value: a folder name, an absolute path or a relative one. */
  workspacePathOf(folderSetting: string): string | undefined {
    const uri = this.folderUri(folderSetting);
    if (!uri) return undefined;
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) return undefined;
    const rel = path.relative(folder.uri.fsPath, uri.fsPath).split(path.sep).join('/');
    return [this.multiRoot() ? folder.name : '', rel].filter(Boolean).join('/');
  }

  /** The folder a `devops.monitor.serviceFolders` value names. */
  folderUri(folderSetting: string): vscode.Uri | undefined {
    const folders = vscode.workspace.workspaceFolders ?? [];
    const byName = folders.find((f) => f.name === folderSetting);
    if (byName) return byName.uri;
    if (path.isAbsolute(folderSetting)) return vscode.Uri.file(folderSetting);
    const base = folders[0]?.uri;
    if (!base) return undefined;
    const uri = vscode.Uri.joinPath(base, ...folderSetting.split(/[\\/]+/).filter(Boolean));
    // joinPath resolves `..`; a value that climbs out of the folder names nothing.
    return uri.path.startsWith(base.path) ? uri : undefined;
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }

  private multiRoot(): boolean {
    return (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
  }

  private async build(): Promise<WorkspaceFileIndex> {
    this.dirty = false;
    // Frames are mapped against the repositories as git sees them; wait for their discovery (local only).
    await this.git.ready();
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
    const multi = this.multiRoot();
    const index = new WorkspaceFileIndex();
    this.uris.clear();
    for (const folder of folders) {
      const found = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/*'), EXCLUDE, MAX_FILES_PER_FOLDER);
      if (found.length >= MAX_FILES_PER_FOLDER) {
        this.log.warn(`Monitor: ${folder.name} has more than ${MAX_FILES_PER_FOLDER} files; frames pointing at the others stay unmapped.`);
      }
      for (const uri of found) {
        const rel = path.relative(folder.uri.fsPath, uri.fsPath).split(path.sep).join('/');
        // The same normalisation the index applies, so mapped paths find their URI.
        const key = normalizeFramePath(multi ? `${folder.name}/${rel}` : rel);
        if (!key) continue;
        this.uris.set(key, uri);
        index.add(key);
      }
    }
    this.index = index;
    this.log.debug(`Monitor: indexed ${index.size} workspace files for frame mapping`);
    return index;
  }
}
