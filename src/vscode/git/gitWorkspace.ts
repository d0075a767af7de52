import * as path from 'node:path';
import * as vscode from 'vscode';
import { Refresher } from '../../core/refresher';
import {
  FileFeedbackService,
  GitRepository,
  GitRunner,
  GitSource,
  isFullSha,
  KeptBlames,
  KeptContainment,
  NotesJournal,
  repositoryIdentities,
  type RepositoryIdentities,
  watchHeadLog,
} from '../../sources/git';
import { Prompter } from '../prompter';
import type { SourceRegistry } from '../sourceRegistry';
import { BuiltInGitRepository, builtInGit } from './gitBinary';
import { notify } from '../notify';

const REFRESH_DELAY_MS = 400;

/** One workspace repository and what the extension keeps for it. */
export interface WorkspaceRepository {
  repo: GitRepository;
  source: GitSource;
  journal: NotesJournal;
  /** Shared by every file of the repository, so ancestry answers are cached across files. */
  feedback: FileFeedbackService;
  /** Its folder path and its remotes' identities, as last read (they change when remotes do). */
  identities: RepositoryIdentities;
}

/**
 * The workspace's git repositories (every folder of a multi-root workspace and the nested ones the
 * built-in git extension knows), and who they are to the services: every identity of their remotes
 * (core/remoteUrl) and the aliases services add, so any service's signals about a folder are found
 * from it. Reads are local: nothing here goes to the network; only `DevOps: Sync Feedback` does.
 */
export class GitWorkspace implements vscode.Disposable {
  private readonly repos = new Map<string, WorkspaceRepository>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly changeEmitter = new vscode.EventEmitter<WorkspaceRepository>();
  /** Fires after a repository's signals were refreshed (HEAD moved, a report was written, ...). */
  readonly onDidRefresh = this.changeEmitter.event;
  private readonly headEmitter = new vscode.EventEmitter<WorkspaceRepository>();
  /**
   * Fires as soon as the built-in git extension sees a repository's HEAD on another commit, before its
   * signals are refreshed (onDidRefresh follows): what next-to-code feedback of the new HEAD needs.
   */
  readonly onDidMoveHead = this.headEmitter.event;
  private readonly repositoriesEmitter = new vscode.EventEmitter<void>();
  /** Fires when repositories appeared or went, or a repository's remotes changed. */
  readonly onDidChangeRepositories = this.repositoriesEmitter.event;
  private readonly aliases = new Map<string, ReadonlyArray<{ identity: string; root: string }>>();
  private gitPath = 'git';
  private subscribed = false;
  private readonly watched = new Set<string>();
  /** Per repository root, HEAD's commit as last seen (its reflog watched, or the built-in git extension's state). */
  private readonly heads = new Map<string, string | undefined>();
  /** Per repository root, the stop of its HEAD reflog's watch (headLog). */
  private readonly headLogs = new Map<string, Promise<() => void>>();
  private discovery: Promise<void> | undefined;

  constructor(
    /** The git service's sources are registered here as soon as they are found, before their first refresh. */
    private readonly registry: SourceRegistry,
    private readonly refresher: Refresher,
    private readonly log: vscode.LogOutputChannel,
    /**
     * Where saved-file blames are kept between sessions: the extension's global storage (keys name the
     * repository), as a folder's workspace storage id can change between sessions.
     */
    private readonly blameStorage?: vscode.Uri,
  ) {
    this.disposables.push(
      this.changeEmitter,
      this.headEmitter,
      this.repositoriesEmitter,
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.discover()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('devops.git')) void this.discover(true);
      }),
    );
  }

  /** Finds the repositories; safe to call again (e.g. when folders change). */
  discover(rebuild = false): Promise<void> {
    const run = async () => {
      const api = await builtInGit(this.log);
      this.builtIn = api;
      if (api) {
        this.gitPath = api.git.path;
        if (!this.subscribed) {
          this.subscribed = true;
          this.disposables.push(
            api.onDidOpenRepository((r) => {
              this.watch(r);
              void this.discover();
            }),
            api.onDidCloseRepository(() => void this.discover()),
          );
        }
      }
      const candidates = new Set<string>(
        (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath),
      );
      for (const r of api?.repositories ?? []) {
        candidates.add(r.rootUri.fsPath);
        this.watch(r);
      }
      const found = new Map<string, WorkspaceRepository>();
      for (const dir of candidates) {
        const runner = new GitRunner({ gitPath: this.gitPath, cwd: dir, logger: this.log });
        const repo = await GitRepository.open(runner, this.log);
        if (!repo) continue;
        const root = path.resolve(repo.root);
        const existing = rebuild ? undefined : this.repos.get(root);
        found.set(root, existing ?? this.create(new GitRepository(repo.git, root, this.log)));
      }
      const before = this.fingerprint();
      this.repos.clear();
      for (const [root, r] of found) this.repos.set(root, r);
      this.watchHeadLogs();
      this.registry.set(
        'git:',
        [...found.values()].map((r) => r.source),
      );
      await Promise.all([...found.values()].map((r) => this.readIdentities(r)));
      void vscode.commands.executeCommand('setContext', 'devops.git.hasRepository', found.size > 0);
      this.log.info(`git: ${found.size} repositor${found.size === 1 ? 'y' : 'ies'} (${this.gitPath})`);
      if (this.fingerprint() !== before) this.repositoriesEmitter.fire();
      await Promise.all([...found.values()].map((r) => this.refresh(r)));
    };
    this.discovery = (this.discovery ?? Promise.resolve()).then(run, run);
    return this.discovery;
  }

  /** The git binary every repository runs (VS Code's own, once the built-in git extension answered). */
  get git(): string {
    return this.gitPath;
  }

  /** Resolves when the current discovery is done. */
  ready(): Promise<void> {
    return this.discovery ?? Promise.resolve();
  }

  all(): WorkspaceRepository[] {
    return [...this.repos.values()];
  }

  /** Every identity a repository is known by: its folder, its remotes, and the aliases services gave it. */
  identitiesOf(r: WorkspaceRepository): string[] {
    const all = [...r.identities.all];
    for (const list of this.aliases.values()) {
      for (const a of list) if (a.root === r.repo.root && !all.includes(a.identity)) all.push(a.identity);
    }
    return all;
  }

  /** The workspace repository a signal's `anchors.repo` names (an identity, or a folder inside it). */
  repositoryOf(identity: string | undefined): WorkspaceRepository | undefined {
    if (!identity) return undefined;
    for (const r of this.repos.values()) if (this.identitiesOf(r).includes(identity)) return r;
    return path.isAbsolute(identity) ? this.repositoryFor(vscode.Uri.file(identity)) : undefined;
  }

  /** A service's aliases (identity → repository root), replacing its earlier ones. */
  setAliases(family: string, aliases: ReadonlyArray<{ identity: string; root: string }>): void {
    if (aliases.length === 0) this.aliases.delete(family);
    else this.aliases.set(family, aliases);
  }

  /** The repository containing a file, the innermost one for nested repositories. */
  repositoryFor(uri: vscode.Uri): WorkspaceRepository | undefined {
    if (uri.scheme !== 'file') return undefined;
    let best: WorkspaceRepository | undefined;
    for (const [root, r] of this.repos) {
      const rel = path.relative(root, uri.fsPath);
      if (!rel.startsWith('..') && !path.isAbsolute(rel) && (!best || root.length > best.repo.root.length)) best = r;
    }
    return best;
  }

  /**
   * HEAD's commit as last seen: read when its reflog changed (a commit in a terminal is seen at once),
   * else as the built-in git extension last read it (what the Source Control view shows); no git process
   * to ask. onDidMoveHead fires when it changes, so feedback computed from it is redrawn when it moves.
   */
  headOf(r: WorkspaceRepository): string | undefined {
    const root = path.resolve(r.repo.root);
    const commit =
      this.heads.get(root) ?? this.builtIn?.repositories.find((b) => path.resolve(b.rootUri.fsPath) === root)?.state.HEAD?.commit;
    return commit && isFullSha(commit) ? commit : undefined;
  }

  /** Repository-relative path with `/`, as anchors store it. */
  relativePath(r: WorkspaceRepository, uri: vscode.Uri): string {
    return path.relative(r.repo.root, uri.fsPath).split(path.sep).join('/');
  }

  /** Re-reads a repository's signals now (after a report, a sync, a HEAD change), and its remotes. */
  async refresh(r: WorkspaceRepository): Promise<void> {
    const before = r.identities.all.join('\n');
    await Promise.all([this.refresher.refresh(r.source, new AbortController().signal), this.readIdentities(r)]);
    if (r.identities.all.join('\n') !== before) this.repositoriesEmitter.fire();
    this.changeEmitter.fire(r);
  }

  /** Asks the user which repository when there are several; undefined when cancelled or none. */
  async pick(title: string, ask: Prompter, preferred?: vscode.Uri): Promise<WorkspaceRepository | undefined> {
    await this.ready();
    const fromEditor = preferred ?? vscode.window.activeTextEditor?.document.uri;
    const active = fromEditor && this.repositoryFor(fromEditor);
    if (this.repos.size === 1) return this.all()[0];
    if (this.repos.size === 0) {
      void notify('warning', 'DevOps: no git repository in this workspace.');
      return undefined;
    }
    const items = this.all().map((r) => ({ label: path.basename(r.repo.root), description: r.repo.root, r }));
    if (active) items.sort((a, b) => (a.r === active ? -1 : b.r === active ? 1 : 0));
    return (await ask.pick(items, { title, placeHolder: 'Repository' }))?.r;
  }

  dispose(): void {
    for (const t of this.pending.values()) clearTimeout(t);
    for (const stop of this.headLogs.values()) void stop.then((s) => s());
    vscode.Disposable.from(...this.disposables).dispose();
  }

  private kept?: KeptBlames;
  /** The built-in git extension's API, when it is enabled (its `repositories` is read anew each time). */
  private builtIn?: { readonly repositories: readonly BuiltInGitRepository[] };

  private create(repo: GitRepository): WorkspaceRepository {
    if (this.blameStorage) this.kept ??= new KeptBlames(vscode.Uri.joinPath(this.blameStorage, 'blames').fsPath, this.log);
    const config = vscode.workspace.getConfiguration('devops.git', vscode.Uri.file(repo.root));
    const journal = new NotesJournal(repo, { ref: `refs/notes/${config.get<string>('notesRef', 'devops-feedback')}`, logger: this.log });
    const source = new GitSource(repo, { journal, commitLimit: config.get<number>('commitsInTimeline', 100), logger: this.log });
    return {
      repo,
      source,
      journal,
      feedback: new FileFeedbackService(repo, {
        blames: this.kept,
        containment:
          this.blameStorage && KeptContainment.of(repo.root, vscode.Uri.joinPath(this.blameStorage, 'containment').fsPath, this.log),
      }),
      identities: { primary: repo.root, all: [repo.root] },
    };
  }

  private async readIdentities(r: WorkspaceRepository): Promise<void> {
    try {
      r.identities = await repositoryIdentities(r.repo);
    } catch (err) {
      this.log.warn(`git: could not read the remotes of ${r.repo.root}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** The repositories and their remotes, to tell whether anything a service looks at changed. */
  private fingerprint(): string {
    return [...this.repos.values()]
      .map((r) => `${r.repo.root}\0${r.identities.all.join('\0')}`)
      .sort()
      .join('\n');
  }

  /** Refreshes a repository shortly after the built-in git extension sees it change (HEAD, refs, index). */
  private watch(builtIn: BuiltInGitRepository): void {
    const root = builtIn.rootUri.fsPath;
    if (this.watched.has(root)) return;
    this.watched.add(root);
    let seen = builtIn.state.HEAD?.commit;
    this.disposables.push(
      builtIn.state.onDidChange(() => {
        const key = path.resolve(root);
        if (builtIn.state.HEAD?.commit !== seen) {
          seen = builtIn.state.HEAD?.commit;
          this.noteHead(key, seen);
        }
        this.refreshSoon(key);
      }),
    );
  }

  /** Watches each repository's HEAD reflog (headLog): HEAD read again as soon as it moves, and the repository refreshed. */
  private watchHeadLogs(): void {
    for (const root of this.repos.keys()) {
      if (this.headLogs.has(root)) continue;
      // The reflog names the new HEAD; git is asked only when it cannot tell.
      const read = async (logged: string | undefined) => {
        const r = this.repos.get(root);
        const commit = logged ?? (r && (await r.feedback.repo.resolveRef('HEAD').catch(() => undefined)));
        if (!commit) return;
        this.noteHead(root, commit);
        this.refreshSoon(root);
      };
      this.headLogs.set(
        root,
        watchHeadLog(root, (logged) => void read(logged)).catch(() => () => undefined),
      );
    }
    for (const [root, stop] of this.headLogs) {
      if (this.repos.has(root)) continue;
      this.headLogs.delete(root);
      void stop.then((s) => s());
    }
  }

  /** HEAD seen on `commit`: onDidMoveHead when that is news (the reflog's watch and the built-in extension both tell). */
  private noteHead(root: string, commit: string | undefined): void {
    if (commit === this.heads.get(root)) return;
    this.heads.set(root, commit);
    const r = this.repos.get(root);
    if (r) this.headEmitter.fire(r);
  }

  private refreshSoon(root: string): void {
    clearTimeout(this.pending.get(root));
    this.pending.set(
      root,
      setTimeout(() => {
        this.pending.delete(root);
        const r = this.repos.get(root);
        if (r) void this.refresh(r);
      }, REFRESH_DELAY_MS),
    );
  }
}
