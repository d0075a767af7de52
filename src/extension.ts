import * as vscode from 'vscode';
import { setDisplayLocale } from './core/format';
import { SignalHub } from './core/hub';
import { buildDetailsItem, type DetailsContributor } from './core/details/item';
import { TreeNode, ViewId } from './core/phaseTree';
import { PollScheduler } from './core/pollScheduler';
import { Refresher } from './core/refresher';
import { HttpClient } from './http/client';
import { CommandDeps, registerCoreCommands, showDetails } from './vscode/commands';
import { LineFeedbackController } from './vscode/editor/lineFeedbackController';
import { FindingsController } from './vscode/editor/findingsController';
import { ProblemsController } from './vscode/editor/problemsController';
import { IncidentLines } from './vscode/editor/incidentLines';
import { ReviewThreadsController } from './vscode/editor/reviewThreadsController';
import { GitWorkspace } from './vscode/git/gitWorkspace';
import { HeadStatusController } from './vscode/git/headStatus';
import { recentNotifications, type ShownNotification } from './vscode/notify';
import { Prompter, windowPrompter } from './vscode/prompter';
import type { DevOpsService } from './vscode/service';
import type { ServiceHost } from './vscode/serviceHost';
import { Services } from './vscode/services';
import { SnapshotStore } from './vscode/snapshotStore';
import { SourceRegistry } from './vscode/sourceRegistry';
import { StatusBar } from './vscode/statusBar';
import { PhaseTreeProvider } from './vscode/views/phaseTreeProvider';
import { SelectionTracker } from './vscode/views/selection';
import { LogStyles } from './vscode/logs/logStyles';
import { chooseSignal, type SignalChoice } from './vscode/signalChoice';
import { registerDetailsSerializer } from './vscode/webview/detailsPanel';
import { openRepoFile } from './vscode/openRepoFile';
import { dashboardCommands, exportMetrics } from './vscode/dashboard/commands';
import { Dashboard } from './vscode/dashboard/dashboardPanel';
// The registered services: each lives in its own folders (src/sources/<family>, src/vscode/<family>).
import { AlertmanagerService } from './vscode/alertmanager/service';
import { ArgoCdService } from './vscode/argocd/service';
import { gitService } from './vscode/git/service';
import { GitHubService } from './vscode/github';
import { GitLabService } from './vscode/gitlab/service';
import { JiraService } from './vscode/jira/service';
import { MonitorSupport } from './vscode/monitor/monitorSupport';
import { JenkinsService } from './vscode/jenkins/service';
import { CdsService } from './vscode/cds/service';
import { PagerDutyService } from './vscode/pagerduty/service';
import { TatService } from './vscode/tat/service';
import { WebhookService } from './vscode/webhook/service';
import { SentryService } from './vscode/sentry/service';

const VIEWS: readonly ViewId[] = ['plan', 'code', 'build', 'deploy', 'monitor', 'timeline'];

/** What activate() returns: used by the integration tests and by other extensions. */
export interface DevOpsApi {
  hub: SignalHub;
  registry: SourceRegistry;
  services: Services;
  views: Record<ViewId, PhaseTreeProvider>;
  /** The tree views (message, badge) as the workbench shows them. */
  treeViews: Record<ViewId, vscode.TreeView<TreeNode>>;
  statusBar: StatusBar;
  git: GitWorkspace;
  problems: ProblemsController;
  /** CI and tool findings relocated to the working tree, in Problems. */
  findings: FindingsController;
  lineFeedback: LineFeedbackController;
  headStatus: HeadStatusController;
  /** The Feedback dashboard (DORA four keys and phase health). */
  dashboard: Dashboard;
  /** Review threads next to the code (the Comments API). */
  reviewThreads: ReviewThreadsController;
  /** Colours and groups of job-log documents. */
  logStyles: LogStyles;
  /** Resolves when the snapshot of the last session is loaded and the repositories are read. */
  ready: Promise<void>;
  showDetails(signalId: string): Promise<void>;
  /** How long the `activate()` call itself took, in ms (the bench reports it). */
  activationMs: number;
  /** `activationMs` by step of `activate()`, for the bench. */
  activationSteps: Readonly<Record<string, number>>;
  /** Replaces the quick picks and input boxes commands use (integration tests answer them). */
  setPrompter(prompter: Prompter | undefined): void;
  /** The last notifications shown, as VS Code received them. */
  notifications(): readonly ShownNotification[];
}

/** Wiring only: no network call and nothing slow happens here. */
export function activate(context: vscode.ExtensionContext): DevOpsApi {
  const started = performance.now();
  // Where activation time goes, by step (the bench prints it): each mark is the time since the previous one.
  const activationSteps: Record<string, number> = {};
  let lastMark = started;
  const mark = (step: string) => {
    const now = performance.now();
    activationSteps[step] = (activationSteps[step] ?? 0) + (now - lastMark);
    lastMark = now;
  };
  const log = vscode.window.createOutputChannel('DevOps Feedback Loop', { log: true });
  setDisplayLocale(vscode.env.language);
  mark('log channel');
  const hub = new SignalHub();
  const registry = new SourceRegistry();
  const refresher = new Refresher(hub, log, Date.now, (id) => registry.get(id) !== undefined);
  const scheduler = new PollScheduler(refresher, hub, { focused: vscode.window.state.focused, logger: log });
  const statusBar = new StatusBar();
  context.subscriptions.push(log, { dispose: () => hub.dispose() }, registry, statusBar, { dispose: () => scheduler.dispose() });
  context.subscriptions.push(vscode.window.onDidChangeWindowState((state) => scheduler.setFocused(state.focused)));

  mark('hub, scheduler, status bar');
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

  mark('views');
  const git = new GitWorkspace(registry, refresher, log, context.globalStorageUri);
  context.subscriptions.push(git);
  const detailsContributors: DetailsContributor[] = [];
  const services = new Services({ hub, registry, scheduler, git, views, detailsContributors, log });
  context.subscriptions.push(services);

  const deps: CommandDeps = {
    extensionUri: context.extensionUri,
    hub,
    registry,
    refresher,
    timeline: views.timeline,
    log,
    details: {
      contributors: detailsContributors,
      handlers: {
        openFile: (path, line, repo) => openRepoFile(path, line, git.repositoryOf(repo)?.repo.root ?? repo, log),
        runAction: async (actionId, signalId) => {
          await vscode.commands.executeCommand(actionId, signalId);
          const signal = hub.get(signalId);
          if (signal) await showDetails(deps, signal); // the panel shows the new state
        },
      },
    },
  };
  let prompter: Prompter = windowPrompter;
  context.subscriptions.push(...registerCoreCommands(deps));

  const store = new SnapshotStore(context.storageUri ?? context.globalStorageUri, hub, log);
  context.subscriptions.push(store, { dispose: () => void store.save() });
  const snapshotLoaded = store.load();
  // Local git reads only, after activate() has returned; remote sources refresh on their own schedule.
  const ready = snapshotLoaded.then(() => git.discover());

  context.subscriptions.push(
    registerDetailsSerializer(
      context.extensionUri,
      async (signalId) => {
        await snapshotLoaded;
        const signal = hub.get(signalId);
        return signal && buildDetailsItem(signal, hub, detailsContributors);
      },
      deps.details.handlers,
      log,
    ),
  );

  mark('git, snapshot, details');
  const incidentLines = new IncidentLines(hub, git, log);
  const problems = new ProblemsController(
    hub,
    (signal) => services.displayOf(signal)?.problemsLabel?.(signal) ?? services.displayOf(signal)?.name ?? 'DevOps',
    (repo) => git.repositoryOf(repo)?.repo.root,
    incidentLines,
  );
  const findings = new FindingsController(hub, git, log);
  const lineFeedback = new LineFeedbackController(
    git,
    hub,
    log,
    context.extensionUri,
    (signal) => services.displayOf(signal)?.openLabel ?? 'Open',
    findings,
    incidentLines,
    (r, refs) => services.resolveReferences(r, refs, new AbortController().signal),
  );
  const headStatus = new HeadStatusController(git, hub, statusBar, log, (r) => services.buildSummaries(r));
  const reviewThreads = new ReviewThreadsController({
    hub,
    git,
    log,
    actions: (signal) => services.reviewThreadsOf(signal),
    familyOf: (signal) => services.displayOf(signal)?.family ?? signal.source.split(':')[0],
  });
  context.subscriptions.push(
    reviewThreads,
    incidentLines,
    problems,
    findings,
    lineFeedback,
    headStatus,
    services.onDidChange(() => void headStatus.update()),
  );

  const selection = new SelectionTracker(Object.values(treeViews), async (document, line) =>
    ((await lineFeedback.feedbackFor(document))?.marksAt(line) ?? []).map((m) => m.signalId),
  );
  context.subscriptions.push(selection);
  const chooseSignalFor = (choice: SignalChoice) => chooseSignal(hub, () => selection.selectedIds(), prompter, choice);
  const logStyles = new LogStyles();
  context.subscriptions.push(logStyles);
  const host: ServiceHost = {
    context,
    hub,
    git,
    log,
    views,
    treeViews,
    http: createHttpClient(log),
    prompter: () => prompter,
    chooseSignal: chooseSignalFor,
    logStyles,
    showDetails: async (signalId) => {
      const signal = hub.get(signalId);
      if (signal) await showDetails(deps, signal);
    },
    refreshNow: (sourceId) => scheduler.pollNow(sourceId),
    pollDecision: (sourceId) => scheduler.decision(sourceId),
    rediscover: (family) => services.rediscover(family),
    discoverNow: (family) => services.discoverNow(family),
    updateStatusBar: () => void headStatus.update(),
  };
  mark('editor controllers, host');
  const monitor = new MonitorSupport(host);
  context.subscriptions.push(monitor);
  mark('monitor support');
  const registered: DevOpsService[] = [
    gitService({
      git,
      hub,
      log,
      prompter: () => prompter,
      chooseSignal: chooseSignalFor,
      deployDestinations: () => services.deployDestinations(),
      incidentDestinations: () => services.incidentDestinations(),
      resolveReferences: (r, refs, signal) => services.resolveReferences(r, refs, signal),
      releaseWarnings: (r, refs, signal) => services.releaseWarnings(r, refs, signal),
    }),
    new GitHubService(host),
    new GitLabService(host),
    new JiraService(host),
    new AlertmanagerService(host, monitor),
    new SentryService(host, monitor),
    new JenkinsService(host, monitor),
    new CdsService(host),
    new ArgoCdService(host),
    new PagerDutyService(host),
    new TatService(host),
    new WebhookService(host),
  ];
  mark('services constructed');
  for (const service of registered) {
    context.subscriptions.push(services.registerService(service));
    mark(`register ${service.display.family}`);
  }

  const dashboard = new Dashboard({
    extensionUri: context.extensionUri,
    hub,
    git,
    log,
    showDetails: host.showDetails,
    exportMetrics: (choice) => exportMetrics({ hub, git, prompter: () => prompter }, choice).then(() => undefined),
  });
  context.subscriptions.push(
    dashboard,
    dashboard.registerSerializer(),
    ...dashboardCommands(() => dashboard, { hub, git, log, prompter: () => prompter }),
  );

  mark('dashboard');
  return {
    activationMs: performance.now() - started,
    activationSteps,
    hub,
    registry,
    services,
    views,
    treeViews,
    logStyles,
    statusBar,
    git,
    problems,
    findings,
    lineFeedback,
    headStatus,
    dashboard,
    reviewThreads,
    ready,
    showDetails: host.showDetails,
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
