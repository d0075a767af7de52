import * as vscode from 'vscode';
import { withAbortSignal } from '../../core/abortScope';
import { plainText } from '../../core/plainText';
import { countThreads } from '../../core/reviewThread';
import type { Signal } from '../../core/signal';
import { reviewThreadsEnabled, REVIEW_THREADS_SETTING } from '../editor/reviewThreadsController';
import {
  GITHUB_PHASES,
  RateGate,
  buildLayout,
  codeLayout,
  githubSourceId,
  parseGitHubRemote,
  planLayout,
  repositoryKey,
  type GitHubPhase,
  type GitHubRepoRef,
  type PhaseOutcome,
} from '../../sources/github';
import type { WorkspaceRepository } from '../git/gitWorkspace';
import type { BuildSummary, DevOpsService, Discovery, ReviewThreadActions } from '../service';
import type { ServiceHost } from '../serviceHost';
import { GitHubAuth } from './auth';
import { failureNotifier, latestRunForHead, runSummary } from './buildStatus';
import { githubCommands } from './commands';
import { GitHubConnection, sourceFactory } from './connection';
import { githubDeployDestination } from './deployDestination';
import { githubDetailsContributor } from './details';
import { JobLogProvider, LOG_SCHEME } from './jobLog';
import { GIT_SHOW_SCHEME, GITHUB_FILE_SCHEME, GitHubFileProvider, GitShowProvider } from './pullRequestDiff';
import { enterpriseHosts, notifyOnFailure, planGrouping, sprintMilestone, SECTION } from './settings';
import { workspaceRemoteUrls } from '../git/remoteUrls';

/** 10 s while something moves, doubling while nothing does, up to 5 min (X-Poll-Interval and rate limits come on top). */
const POLL = { baseMs: 10_000, maxMs: 5 * 60_000 };

/**
 * GitHub (github.com with no setting, GHES hosts from `devops.github.enterpriseUrls`): for every
 * workspace repository with a GitHub remote, one connection (token, GitHub source, four phase
 * sources), plus the layouts of Plan, Code and Build, the details of its signals, Report Deploy to
 * GitHub deployments, the status bar's run of HEAD's branch and its commands.
 */
export class GitHubService implements DevOpsService {
  readonly display = { family: 'github', name: 'GitHub', icon: 'github', openLabel: 'Open in GitHub' };
  readonly rediscoverOn = {
    settings: [`${SECTION}.enterpriseUrls`, `${SECTION}.sprintMilestone`, 'github-enterprise.uri', REVIEW_THREADS_SETTING],
  };
  readonly layouts;
  readonly details;
  readonly deployDestinations;
  readonly commands;
  readonly reviewThreads: ReviewThreadActions = {
    reply: (thread, body, signal) => this.onReviewThread(thread, signal, (c) => c.reviews.reply(thread, body)),
    setResolved: (thread, resolved, signal) => this.onReviewThread(thread, signal, (c) => c.reviews.setResolved(thread, resolved)),
  };
  private readonly connections = new Map<string, GitHubConnection>();
  private readonly gates = new Map<string, RateGate>();
  private readonly auth: GitHubAuth;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly viewMessages = new Map<GitHubPhase, string>();
  private readonly loggedWaits = new Set<string>();
  /** Tokens are read again at the next discovery (a sign-in or a stored token changed). */
  private rereadTokens = true;

  constructor(private readonly host: ServiceHost) {
    this.auth = new GitHubAuth(host.context.secrets, host.log);
    const layoutContext = {
      repository: (key: string) => {
        const c = this.connections.get(key);
        return c && { fullName: c.fullName, branch: c.branch, defaultBranch: c.lastBuild?.defaultBranch, quota: c.gate.describeQuota() };
      },
      planGrouping,
      reviewThreads: (pr: Signal) => countThreads(host.hub.query({ kind: 'finding', parentId: pr.id })),
    };
    this.layouts = { plan: planLayout(layoutContext), code: codeLayout(layoutContext), build: buildLayout(layoutContext) };
    this.details = githubDetailsContributor((id) => this.connectionOf(id));
    this.deployDestinations = [
      githubDeployDestination(
        host.hub,
        (r) => this.connectionsFor(r),
        (c) => void host.refreshNow(c.sources.deploy.id),
      ),
    ];
    this.commands = githubCommands({
      hub: host.hub,
      git: host.git,
      auth: this.auth,
      log: host.log,
      prompter: () => host.prompter(),
      chooseSignal: (choice) => host.chooseSignal(choice),
      logStyles: host.logStyles,
      connections: () => [...this.connections.values()],
      connectionOf: (id) => this.connectionOf(id),
      reconnect: async () => {
        this.rereadTokens = true;
        host.rediscover(this.display.family);
      },
      refreshPhase: (c, phase) => host.refreshNow(c.sources[phase].id),
    });
    this.disposables.push(
      this.auth,
      vscode.workspace.registerTextDocumentContentProvider(
        LOG_SCHEME,
        new JobLogProvider((key) => this.connections.get(key), host.log, host.logStyles),
      ),
      host.logStyles.addScheme(LOG_SCHEME),
      vscode.workspace.registerTextDocumentContentProvider(GIT_SHOW_SCHEME, new GitShowProvider(host.git)),
      vscode.workspace.registerTextDocumentContentProvider(
        GITHUB_FILE_SCHEME,
        new GitHubFileProvider((key) => this.connections.get(key), host.log),
      ),
      failureNotifier(host.hub, (id) => this.connectionOf(id), notifyOnFailure, host.log),
      host.git.onDidRefresh((r) => this.onGitRefresh(r)),
      this.auth.onDidChange(() => {
        this.rereadTokens = true;
        host.rediscover(this.display.family);
      }),
      // The Code view's "Review threads: N unresolved" rows follow the threads (findings feed no phase view).
      host.hub.onDidChange((c) => {
        if ([...c.added, ...c.updated, ...c.removed].some((s) => s.kind === 'finding' && s.source.startsWith('github:')))
          host.views.code.invalidate();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('github-enterprise.uri')) this.rereadTokens = true;
        if (e.affectsConfiguration(`${SECTION}.planGrouping`)) host.views.plan.invalidate();
      }),
    );
  }

  /** The connection of a GitHub signal or source id. */
  connectionOf(sourceId: string): GitHubConnection | undefined {
    return this.connections.get(repositoryKey(sourceId));
  }

  connectionsFor(r: WorkspaceRepository): GitHubConnection[] {
    return [...this.connections.values()].filter((c) => c.workspace.repo.root === r.repo.root);
  }

  buildSummaries(r: WorkspaceRepository): BuildSummary[] {
    const latest = latestRunForHead(this.connectionsFor(r), this.host.hub);
    return latest ? [{ run: latest.run, summary: runSummary(latest.run, latest.connection) }] : [];
  }

  /** Brings the connections in line with the workspace's remotes, the settings and the tokens. */
  async discover(): Promise<Discovery> {
    const hosts = enterpriseHosts();
    const wanted = new Map<string, { ref: GitHubRepoRef; r: WorkspaceRepository; remote: string }>();
    for (const { r, remote, url } of await workspaceRemoteUrls(this.host.git, this.host.log, 'GitHub')) {
      const ref = parseGitHubRemote(url, hosts);
      const key = ref && githubSourceId(ref);
      if (ref && key && !wanted.has(key)) wanted.set(key, { ref, r, remote });
    }

    const rereadTokens = this.rereadTokens;
    this.rereadTokens = false;
    const changed = new Set<GitHubConnection>();
    for (const [key, c] of this.connections) {
      const w = wanted.get(key);
      if (!w || w.r.repo.root !== c.workspace.repo.root || w.ref.apiBase !== c.ref.apiBase || w.remote !== c.remoteName) {
        this.connections.delete(key);
        c.dispose();
      }
    }
    for (const [key, w] of wanted) {
      if (this.connections.has(key)) continue;
      const origin = new URL(w.ref.apiBase).origin;
      let gate = this.gates.get(origin);
      if (!gate) this.gates.set(origin, (gate = new RateGate(origin)));
      const root = vscode.Uri.file(w.r.repo.root);
      const c = new GitHubConnection(
        w.ref,
        w.r,
        w.remote,
        gate,
        sourceFactory(this.host.http, this.host.log, () => sprintMilestone(root)),
        this.host.log,
      );
      for (const phase of GITHUB_PHASES) this.disposables.push(c.sources[phase].onDidRefresh((o) => this.onOutcome(o)));
      this.connections.set(key, c);
      changed.add(c);
      this.host.log.info(`GitHub: ${c.fullName} at ${c.ref.apiBase} (remote ${w.remote} of ${w.r.repo.root})`);
    }
    for (const c of this.connections.values()) {
      if (!changed.has(c) && !rereadTokens) continue;
      const token = await this.auth.token(c.ref);
      if (c.setToken(token)) {
        changed.add(c);
        this.host.log.info(
          `GitHub: ${c.fullName}: ${token ? `using ${token.via === 'token' ? 'the stored token' : `the VS Code session${token.account ? ` of ${token.account}` : ''}`}` : 'not signed in'}`,
        );
      }
    }
    for (const c of changed) if (c.signedIn) void c.readBranch().catch(() => undefined);

    const connections = [...this.connections.values()];
    void vscode.commands.executeCommand('setContext', 'devops.github.hasRepository', connections.length > 0);
    void vscode.commands.executeCommand(
      'setContext',
      'devops.github.needsSignIn',
      connections.some((c) => !c.signedIn),
    );
    this.updateMessages();
    this.host.updateStatusBar();
    const live = connections.filter((c) => c.signedIn);
    return {
      sources: live.flatMap((c) => [
        ...GITHUB_PHASES.map((p) => ({ source: c.sources[p], poll: () => POLL })),
        ...(reviewThreadsEnabled() ? [{ source: c.reviews, poll: () => POLL }] : []),
      ]),
      aliases: connections.map((c) => ({ identity: c.identity, root: c.workspace.repo.root })),
    };
  }

  /** A reply or (un)resolve on a thread of one of its pull requests, then the threads read again at once. */
  private async onReviewThread(thread: Signal, signal: AbortSignal, act: (c: GitHubConnection) => Promise<void>): Promise<void> {
    const c = this.connectionOf(thread.source);
    if (!c?.signedIn) throw new Error('Sign in to GitHub to answer this review thread.');
    await withAbortSignal(signal, () => act(c));
    await this.host.refreshNow(c.reviews.id);
  }

  dispose(): void {
    for (const c of this.connections.values()) c.dispose();
    vscode.Disposable.from(...this.disposables).dispose();
  }

  private onOutcome(o: PhaseOutcome): void {
    const gate = o.source.repository.gate;
    const until = gate.waitUntil();
    if (until !== undefined && !this.loggedWaits.has(`${gate.origin}@${until}`)) {
      this.loggedWaits.add(`${gate.origin}@${until}`);
      this.host.log.warn(
        `GitHub: ${gate.origin}: rate limit reached; no request before ${new Date(until).toLocaleTimeString()}. ${gate.reason ?? ''}`,
      );
    }
    this.updateMessages();
    if (o.source.phase === 'build') this.host.updateStatusBar();
  }

  private onGitRefresh(r: WorkspaceRepository): void {
    for (const c of this.connectionsFor(r)) {
      const before = c.branch;
      void c.readBranch().then(
        (branch) => {
          if (branch === before) return;
          // A new branch: its runs, at the fast pace, and its pull request's review threads.
          if (c.signedIn) void this.host.refreshNow(c.sources.build.id);
          if (c.signedIn && reviewThreadsEnabled()) void this.host.refreshNow(c.reviews.id);
          this.host.updateStatusBar();
        },
        () => undefined,
      );
    }
  }

  /** "GitHub rate limit reached; next refresh at 14:05." on the views while an origin waits. */
  private updateMessages(): void {
    const waiting = [...this.gates.values()].filter(
      (g) => g.isBlocked() && [...this.connections.values()].some((c) => c.gate === g && c.signedIn),
    );
    const text =
      waiting.length === 0
        ? undefined
        : plainText(
            waiting
              .map(
                (g) =>
                  `GitHub rate limit reached${this.gates.size > 1 ? ` for ${new URL(g.origin).host}` : ''}; next refresh at ${new Date(g.waitUntil() ?? Date.now()).toLocaleTimeString()}.`,
              )
              .join(' '),
            1000,
          );
    for (const phase of GITHUB_PHASES) {
      const view = this.host.treeViews[phase];
      const mine = this.viewMessages.get(phase);
      if (text) {
        if (view.message === undefined || view.message === '' || view.message === mine) {
          view.message = text;
          this.viewMessages.set(phase, text);
        }
      } else if (mine !== undefined) {
        if (view.message === mine) view.message = undefined;
        this.viewMessages.delete(phase);
      }
    }
  }
}
