import * as vscode from 'vscode';
import type { Signal } from '../../core/signal';
import {
  GitLabRateState,
  gitlabBuildLayout,
  gitlabCodeLayout,
  gitlabPlanLayout,
  parseGitLabRemote,
  type DeploymentStatus,
  type GitLabInstance,
} from '../../sources/gitlab';
import type { WorkspaceRepository } from '../git/gitWorkspace';
import { notify } from '../notify';
import type { Reference } from '../../core/releaseNotes';
import type { BuildSummary, DeployDestination, DevOpsService, Discovery, ResolvedReference, ReviewThreadActions } from '../service';
import { countThreads } from '../../core/reviewThread';
import { reviewThreadsEnabled, REVIEW_THREADS_SETTING } from '../editor/reviewThreadsController';
import type { ServiceHost } from '../serviceHost';
import { runSummary } from '../runSummary';
import { gitlabCommands } from './commands';
import { GitLabConnection } from './connection';
import { GitLabCredentials } from './credentials';
import { gitlabDetailsContributor } from './details';
import { GitLabJobLogProvider, LOG_SCHEME } from './jobLog';
import { gitlabInstances, notifyOnFailure, planGrouping, SECTION } from './settings';
import { workspaceRemoteUrls } from '../git/remoteUrls';

/** GitLab's pace: 30 s while nothing moves (it answers 304 but still counts requests), 10 s while a pipeline of HEAD's branch runs. */
const POLL = { baseMs: 10_000, maxMs: 5 * 60_000 };
const DEPLOY_STATES: Record<'success' | 'failed' | 'rolledBack', DeploymentStatus> = {
  success: 'success',
  failed: 'failed',
  rolledBack: 'canceled',
};

/**
 * GitLab (gitlab.com with no setting, self-managed instances from `devops.gitlab.instances`): for every
 * workspace repository with a GitLab remote, the project's iteration (or milestone) issues, merge
 * requests, pipelines with their jobs and logs, and environments with their deployments; the status
 * bar's pipeline of HEAD's branch, Report Deploy to GitLab, and its commands.
 */
export class GitLabService implements DevOpsService {
  readonly display = { family: 'gitlab', name: 'GitLab', icon: 'repo', openLabel: 'Open in GitLab' };
  readonly rediscoverOn = {
    settings: [
      `${SECTION}.instances`,
      `${SECTION}.doingLabel`,
      `${SECTION}.removeLabelsOnStart`,
      `${SECTION}.branchTemplate`,
      REVIEW_THREADS_SETTING,
    ],
  };
  readonly layouts;
  readonly details;
  readonly commands;
  readonly deployDestinations: DeployDestination[];
  readonly reviewThreads: ReviewThreadActions = {
    reply: (thread, body, signal) => this.onReviewThread(thread, (c) => c.reviews.reply(thread, body, signal)),
    setResolved: (thread, resolved, signal) => this.onReviewThread(thread, (c) => c.reviews.setResolved(thread, resolved, signal)),
  };
  private readonly connections = new Map<string, GitLabConnection>();
  private readonly rates = new Map<string, GitLabRateState>();
  private readonly credentials: GitLabCredentials;
  private readonly logs: GitLabJobLogProvider;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly startedAt = Date.now();
  private readonly told = new Set<string>();

  constructor(private readonly host: ServiceHost) {
    this.credentials = new GitLabCredentials(host.context.secrets);
    this.logs = new GitLabJobLogProvider(
      (identity) => [...this.connections.values()].find((c) => c.identity === identity),
      host.log,
      host.logStyles,
    );
    const layoutContext = {
      headBranch: (identity: string) => this.byIdentity(identity)?.branch,
      defaultBranch: (identity: string) => this.byIdentity(identity)?.defaultBranch,
      planGrouping,
      doingLabel: () => vscode.workspace.getConfiguration(SECTION).get<string>('doingLabel')?.trim() || undefined,
      reviewThreads: (mr: Signal) => countThreads(host.hub.query({ kind: 'finding', parentId: mr.id })),
    };
    this.layouts = {
      plan: gitlabPlanLayout(layoutContext),
      code: gitlabCodeLayout(layoutContext),
      build: gitlabBuildLayout(layoutContext),
    };
    this.details = gitlabDetailsContributor((id) => this.connectionOf(id));
    this.commands = gitlabCommands({
      hub: host.hub,
      git: host.git,
      credentials: this.credentials,
      logStyles: host.logStyles,
      log: host.log,
      prompter: () => host.prompter(),
      chooseSignal: (choice) => host.chooseSignal(choice),
      connections: () => [...this.connections.values()],
      connectionOf: (id) => this.connectionOf(id),
      reconnect: () => host.discoverNow(this.display.family),
      refreshNow: (id) => host.refreshNow(id),
    });
    this.deployDestinations = [
      {
        label: 'GitLab deployments',
        description: 'creates a deployment of the environment on GitLab',
        appliesTo: (r) => this.connectionsFor(r).some((c) => c.hasToken),
        report: async (r, input) => {
          const c = this.connectionsFor(r).find((x) => x.hasToken);
          if (!c) throw new Error('no GitLab project with a token for this folder');
          const tag = (await r.repo.tags()).find((t) => t.commit === input.commit && t.name === input.version);
          const ref = tag?.name ?? c.branch ?? c.defaultBranch ?? 'HEAD';
          const signal = await c.sources.deploy.createDeployment({
            environment: input.environment,
            sha: input.commit,
            ref,
            tag: tag !== undefined,
            status: DEPLOY_STATES[input.status],
          });
          host.hub.upsert([signal]);
          void host.refreshNow(c.sources.deploy.id);
        },
      },
    ];
    this.disposables.push(
      this.credentials,
      vscode.workspace.registerTextDocumentContentProvider(LOG_SCHEME, this.logs),
      host.logStyles.addScheme(LOG_SCHEME),
      this.credentials.onDidChange(() => host.rediscover(this.display.family)),
      host.git.onDidRefresh((r) => this.onGitRefresh(r)),
      host.hub.onDidChange((change) =>
        this.notifyFailures(
          change.stateChanges.filter((s) => s.to === 'failed').map((s) => s.id),
          change.added,
        ),
      ),
      // The Code view's "Review threads: N unresolved" rows follow the threads (findings feed no phase view).
      host.hub.onDidChange((c) => {
        if ([...c.added, ...c.updated, ...c.removed].some((s) => s.kind === 'finding' && s.source.startsWith('gitlab:')))
          host.views.code.invalidate();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`${SECTION}.planGrouping`)) host.views.plan.invalidate();
      }),
    );
  }

  connectionOf(sourceId: string): GitLabConnection | undefined {
    const hash = sourceId.indexOf('#');
    const key = hash < 0 ? sourceId : sourceId.slice(0, hash);
    return [...this.connections.values()].find((c) => c.sources.plan.id.startsWith(`${key}#`));
  }

  connectionsFor(r: WorkspaceRepository): GitLabConnection[] {
    return [...this.connections.values()].filter((c) => c.workspace.repo.root === r.repo.root);
  }

  /** The pipeline of HEAD's branch, for the status bar (several CI services may answer: the newest wins). */
  buildSummaries(r: WorkspaceRepository): BuildSummary[] {
    const out: BuildSummary[] = [];
    for (const c of this.connectionsFor(r)) {
      const run = c.sources.build.headPipeline;
      if (run && run.anchors.branch === c.branch)
        out.push({
          run,
          summary: runSummary(run, `GitLab pipeline ${run.title} on ${run.anchors.branch ?? c.branch ?? '?'} (${c.project.path})`),
        });
    }
    return out;
  }

  /** `!123` and `#45` of the release notes, as the repository's GitLab projects name them (bounded, cached). */
  async resolveReferences(
    r: WorkspaceRepository,
    references: readonly Reference[],
    signal: AbortSignal,
  ): Promise<Map<string, ResolvedReference>> {
    const out = new Map<string, ResolvedReference>();
    for (const c of this.connectionsFor(r).filter((x) => x.hasToken)) {
      const resolution = await c.references.resolve(references, signal);
      for (const [key, ref] of resolution.resolved)
        if (!out.has(key)) out.set(key, { title: ref.title, ...(ref.url ? { url: ref.url } : {}) });
      if (resolution.error) this.host.log.warn(`GitLab: release note titles of ${c.project.path}: ${resolution.error.message}`);
    }
    return out;
  }

  async discover(): Promise<Discovery> {
    const { instances, problems } = gitlabInstances();
    for (const problem of problems) this.host.log.warn(`GitLab: devops.gitlab.instances: ${problem}`);
    const wanted = new Map<string, { r: WorkspaceRepository; remote: string; url: string }>();
    for (const { r, remote, url } of await workspaceRemoteUrls(this.host.git, this.host.log, 'GitLab')) {
      const project = parseGitLabRemote(url, instances);
      const key = project && `${project.apiBase} ${project.path.toLowerCase()}`;
      if (project && key && !wanted.has(key)) wanted.set(key, { r, remote, url });
    }
    for (const [key, c] of this.connections) {
      const w = wanted.get(key);
      if (!w || w.r.repo.root !== c.workspace.repo.root || w.remote !== c.remoteName) this.connections.delete(key);
    }
    for (const [key, w] of wanted) {
      if (this.connections.has(key)) continue;
      const project = parseGitLabRemote(w.url, instances as readonly GitLabInstance[])!;
      const origin = new URL(project.apiBase).origin;
      let rate = this.rates.get(origin);
      if (!rate) this.rates.set(origin, (rate = new GitLabRateState()));
      const c = new GitLabConnection(project, w.r, w.remote, rate, this.host.http, this.host.log, vscode.Uri.file(w.r.repo.root));
      this.connections.set(key, c);
      this.host.log.info(`GitLab: ${project.path} at ${project.apiBase} (remote ${w.remote} of ${w.r.repo.root})`);
    }
    for (const c of this.connections.values()) {
      if (c.setCredential(await this.credentials.credential(c.project)))
        this.host.log.info(`GitLab: ${c.project.path}: ${c.hasToken ? 'using the stored token' : 'no token stored'}`);
      await c.readBranches().catch(() => undefined);
    }
    const connections = [...this.connections.values()];
    void vscode.commands.executeCommand('setContext', 'devops.gitlab.hasRepository', connections.length > 0);
    void vscode.commands.executeCommand(
      'setContext',
      'devops.gitlab.needsToken',
      connections.some((c) => !c.hasToken),
    );
    this.host.updateStatusBar();
    return {
      sources: connections
        .filter((c) => c.hasToken)
        .flatMap((c) => [
          ...Object.values(c.sources).map((source) => ({ source, poll: () => POLL })),
          ...(reviewThreadsEnabled() ? [{ source: c.reviews, poll: () => POLL }] : []),
        ]),
      aliases: connections.map((c) => ({ identity: c.identity, root: c.workspace.repo.root })),
    };
  }

  /** A reply or (un)resolve on a thread of one of its merge requests, then the threads read again at once. */
  private async onReviewThread(thread: Signal, act: (c: GitLabConnection) => Promise<void>): Promise<void> {
    const c = this.connectionOf(thread.source);
    if (!c?.hasToken) throw new Error('Set a GitLab token to answer this review thread.');
    await act(c);
    await this.host.refreshNow(c.reviews.id);
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }

  private byIdentity(identity: string): GitLabConnection | undefined {
    return [...this.connections.values()].find((c) => c.identity === identity);
  }

  private onGitRefresh(r: WorkspaceRepository): void {
    for (const c of this.connectionsFor(r)) {
      const before = c.branch;
      void c.readBranches().then(
        () => {
          if (c.branch === before) return;
          if (c.hasToken) void this.host.refreshNow(c.sources.build.id);
          if (c.hasToken && reviewThreadsEnabled()) void this.host.refreshNow(c.reviews.id);
          this.host.updateStatusBar();
        },
        () => undefined,
      );
    }
  }

  /** Opt-in (`devops.gitlab.notifyOnFailure`): a notification when a pipeline of HEAD's branch fails after start-up. */
  private notifyFailures(failedIds: readonly string[], added: readonly Signal[]): void {
    const candidates = [
      ...failedIds.map((id) => this.host.hub.get(id)).filter((s): s is Signal => s !== undefined),
      ...added.filter((s) => s.state.normal === 'failed' && s.updatedAt >= this.startedAt),
    ];
    for (const run of candidates) {
      if (run.kind !== 'pipelineRun' || this.told.has(run.id)) continue;
      const c = this.connectionOf(run.source);
      if (!c || run.anchors.branch !== c.branch) continue;
      this.told.add(run.id);
      this.host.log.info(`GitLab: pipeline ${run.title} failed on ${run.anchors.branch}`);
      if (!notifyOnFailure()) continue;
      void notify('warning', `GitLab: pipeline ${run.title} failed on ${run.anchors.branch ?? ''}.`, 'Show Details', 'Retry').then(
        (choice) => {
          if (choice === 'Show Details') void this.host.showDetails(run.id);
          if (choice === 'Retry') void vscode.commands.executeCommand('devops.gitlab.retry', run.id);
        },
      );
    }
  }
}
