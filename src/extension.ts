import * as vscode from 'vscode';
import { SignalHub } from './core/hub';
import { TreeNode, ViewId } from './core/phaseTree';
import { Refresher } from './core/refresher';
import { CommandDeps, registerCoreCommands, showDetails } from './vscode/commands';
import { buildDetailsItem } from './vscode/detailsItems';
import { SnapshotStore } from './vscode/snapshotStore';
import { SourceRegistry } from './vscode/sourceRegistry';
import { StatusBar } from './vscode/statusBar';
import { PhaseTreeProvider } from './vscode/views/phaseTreeProvider';
import { registerDetailsSerializer } from './vscode/webview/detailsPanel';
import { LineFeedbackController } from './vscode/editor/lineFeedbackController';
import { ProblemsController } from './vscode/editor/problemsController';
import { gitDetailsContributor } from './vscode/git/gitDetails';
import { GitWorkspace } from './vscode/git/gitWorkspace';
import { HeadStatusController } from './vscode/git/headStatus';
import { DeployDestination, registerReportCommands } from './vscode/git/reportCommands';
import { Prompter, windowPrompter } from './vscode/prompter';
import { HttpClient } from './http/client';
import { FeatureContext } from './vscode/featureContext';
import { activateGitHub } from './vscode/github';
import { activateMonitor } from './vscode/monitor';
import { notify, recentNotifications, type ShownNotification } from './vscode/notify';

const VIEWS: readonly ViewId[] = ['plan', 'code', 'build', 'deploy', 'monitor', 'timeline'];

/** What activate() returns: used by the integration tests and by other extensions. */
export interface DevOpsApi {
  hub: SignalHub;
  registry: SourceRegistry;
  views: Record<ViewId, PhaseTreeProvider>;
  /** The tree views (message, badge) as the workbench shows them. */
  treeViews: Record<ViewId, vscode.TreeView<TreeNode>>;
  statusBar: StatusBar;
  git: GitWorkspace;
  problems: ProblemsController;
  lineFeedback: LineFeedbackController;
  headStatus: HeadStatusController;
  /** Resolves when the snapshot of the last session is loaded and the repositories are read. */
  ready: Promise<void>;
  showDetails(signalId: string): Promise<void>;
  /** How long the `activate()` call itself took, in ms (the bench reports it). */
  activationMs: number;
  /** Replaces the quick picks and input boxes commands use (integration tests answer them). */
  setPrompter(prompter: Prompter | undefined): void;
  /** The last notifications shown, as VS Code received them. */
  notifications(): readonly ShownNotification[];
}

/** Wiring only (DESIGN.md): no network call and nothing slow happens here. */
export function activate(context: vscode.ExtensionContext): DevOpsApi {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('DevOps Feedback Loop', { log: true });
  const hub = new SignalHub();
  const registry = new SourceRegistry();
  const refresher = new Refresher(hub, log, Date.now, (id) => registry.get(id) !== undefined);
  const statusBar = new StatusBar();
  context.subscriptions.push(log, { dispose: () => hub.dispose() }, registry, statusBar);

  const views = {} as Record<ViewId, PhaseTreeProvider>;
  const treeViews = {} as Record<ViewId, vscode.TreeView<TreeNode>>;
  for (const view of VIEWS) {
    const provider = new PhaseTreeProvider(view, hub, {
      sourcesOf: (v) => registry.idsFor(v),
      timelineLimit: () => vscode.workspace.getConfiguration('devops').get<number>('timeline.limit', 500),
    });
    views[view] = provider;
    treeViews[view] = vscode.window.createTreeView(`devops.${view}`, { treeDataProvider: provider, showCollapseAll: view !== 'timeline' });
    context.subscriptions.push(provider, treeViews[view]);
  }
  context.subscriptions.push(
    registry.onDidChange(() => VIEWS.forEach((v) => views[v].invalidate())),
    // What a removed source reported goes with it (a closed repository, an instance taken out of the settings).
    registry.onDidRemove((ids) => ids.forEach((id) => hub.replaceSource(id, []))),
  );

  const git = new GitWorkspace(registry, refresher, log);
  context.subscriptions.push(git);

  const deps: CommandDeps = {
    extensionUri: context.extensionUri,
    hub,
    registry,
    refresher,
    timeline: views.timeline,
    log,
    details: {
      contributors: [gitDetailsContributor(git)],
      handlers: {
        openFile: (path, line, repo) => openRepoFile(path, line, repo, log),
        runAction: async (actionId, signalId) => {
          await vscode.commands.executeCommand(actionId, signalId);
          const signal = hub.get(signalId);
          if (signal) await showDetails(deps, signal); // the panel shows the new state
        },
      },
    },
  };
  let prompter: Prompter = windowPrompter;
  const deployDestinations: DeployDestination[] = [];
  context.subscriptions.push(
    ...registerCoreCommands(deps),
    ...registerReportCommands({ git, hub, log, prompter: () => prompter, deployDestinations }),
  );

  const store = new SnapshotStore(context.storageUri ?? context.globalStorageUri, hub, log);
  context.subscriptions.push(store, { dispose: () => void store.save() });
  const snapshotLoaded = store.load();
  // Local git reads only, after activate() has returned; remote sources refresh on their own schedule.
  const ready = snapshotLoaded.then(() => git.discover());

  context.subscriptions.push(registerDetailsSerializer(
    context.extensionUri,
    async (signalId) => {
      await snapshotLoaded;
      const signal = hub.get(signalId);
      return signal && buildDetailsItem(signal, hub, deps.details.contributors);
    },
    deps.details.handlers,
    log,
  ));

  const problems = new ProblemsController(hub);
  const lineFeedback = new LineFeedbackController(git, hub, log, context.extensionUri);
  const headStatus = new HeadStatusController(git, hub, statusBar, log);
  context.subscriptions.push(problems, lineFeedback, headStatus);

  const http = createHttpClient(log);
  const feature: FeatureContext = {
    context, hub, registry, refresher, http, git, views, treeViews, statusBar, headStatus, log, deployDestinations,
    detailsContributors: deps.details.contributors,
    prompter: () => prompter,
    showDetails: async (signalId) => {
      const signal = hub.get(signalId);
      if (signal) await showDetails(deps, signal);
    },
  };
  activateGitHub(feature);
  activateMonitor(feature);

  return {
    activationMs: performance.now() - started,
    hub,
    registry,
    views,
    treeViews,
    statusBar,
    git,
    problems,
    lineFeedback,
    headStatus,
    ready,
    showDetails: feature.showDetails,
    setPrompter: (p) => {
      prompter = p ?? windowPrompter;
    },
    notifications: recentNotifications,
  };
}

/** The one HTTP client of the extension, configured from settings (application scope). */
function createHttpClient(log: vscode.LogOutputChannel): HttpClient {
  const config = vscode.workspace.getConfiguration('devops.http');
  return new HttpClient({
    logger: log,
    timeoutMs: config.get<number>('timeoutSeconds', 15) * 1000,
    maxConcurrency: config.get<number>('maxConcurrentRequests', 6),
    userAgent: `devops-feedback-loop/${vscode.extensions.getExtension('devops-feedback-loop.devops-feedback-loop')?.packageJSON.version ?? 'dev'} (${vscode.env.appName})`,
  });
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}

/** Opens a repository-relative path from a signal in the editor, at its line. */
async function openRepoFile(path: string, line: number | undefined, repo: string | undefined, log: vscode.LogOutputChannel): Promise<void> {
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
