import * as vscode from 'vscode';
import { SignalHub } from './core/hub';
import { ViewId } from './core/phaseTree';
import { Refresher } from './core/refresher';
import { CommandDeps, registerCoreCommands, showDetails } from './vscode/commands';
import { buildDetailsItem } from './vscode/detailsItems';
import { SnapshotStore } from './vscode/snapshotStore';
import { SourceRegistry } from './vscode/sourceRegistry';
import { StatusBar } from './vscode/statusBar';
import { PhaseTreeProvider } from './vscode/views/phaseTreeProvider';
import { registerDetailsSerializer } from './vscode/webview/detailsPanel';

const VIEWS: readonly ViewId[] = ['plan', 'code', 'build', 'deploy', 'monitor', 'timeline'];

/** What activate() returns: used by the integration tests and by other extensions. */
export interface DevOpsApi {
  hub: SignalHub;
  registry: SourceRegistry;
  views: Record<ViewId, PhaseTreeProvider>;
  statusBar: StatusBar;
  /** Resolves when the snapshot of the last session is loaded. */
  ready: Promise<void>;
  showDetails(signalId: string): void;
}

/** Wiring only (DESIGN.md): no network call and nothing slow happens here. */
export function activate(context: vscode.ExtensionContext): DevOpsApi {
  const log = vscode.window.createOutputChannel('DevOps Feedback Loop', { log: true });
  const hub = new SignalHub();
  const registry = new SourceRegistry();
  const refresher = new Refresher(hub, log);
  const statusBar = new StatusBar();
  context.subscriptions.push(log, { dispose: () => hub.dispose() }, registry, statusBar);

  const views = {} as Record<ViewId, PhaseTreeProvider>;
  for (const view of VIEWS) {
    const provider = new PhaseTreeProvider(view, hub, {
      sourcesOf: (v) => registry.idsFor(v),
      timelineLimit: () => vscode.workspace.getConfiguration('devops').get<number>('timeline.limit', 500),
    });
    views[view] = provider;
    context.subscriptions.push(provider, vscode.window.createTreeView(`devops.${view}`, { treeDataProvider: provider, showCollapseAll: view !== 'timeline' }));
  }
  context.subscriptions.push(registry.onDidChange(() => VIEWS.forEach((v) => views[v].invalidate())));

  const deps: CommandDeps = {
    extensionUri: context.extensionUri,
    hub,
    registry,
    refresher,
    timeline: views.timeline,
    log,
    details: {
      contributors: [],
      handlers: {
        openFile: (path, line, repo) => openRepoFile(path, line, repo, log),
        runAction: (actionId, signalId) => vscode.commands.executeCommand(actionId, signalId),
      },
    },
  };
  context.subscriptions.push(...registerCoreCommands(deps));
  context.subscriptions.push(registerDetailsSerializer(
    context.extensionUri,
    (signalId) => {
      const signal = hub.get(signalId);
      return signal && buildDetailsItem(signal, hub, deps.details.contributors);
    },
    deps.details.handlers,
    log,
  ));

  const store = new SnapshotStore(context.storageUri ?? context.globalStorageUri, hub, log);
  context.subscriptions.push(store, { dispose: () => void store.save() });
  const ready = store.load();

  return {
    hub,
    registry,
    views,
    statusBar,
    ready,
    showDetails: (signalId) => {
      const signal = hub.get(signalId);
      if (signal) showDetails(deps, signal);
    },
  };
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
  void vscode.window.showWarningMessage(`DevOps: ${path} is not in this workspace.`);
}
