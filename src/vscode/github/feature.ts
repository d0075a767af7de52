import * as vscode from 'vscode';
import { plainText } from '../../core/plainText';
import { githubSourceId, parseGitHubRemote, type GitHubRepoRef } from '../../sources/github';
import type { FeatureContext } from '../featureContext';
import type { WorkspaceRepository } from '../git/gitWorkspace';
import { GitHubAuth } from './auth';
import { failureNotifier, latestRunForHead, runSummary } from './buildStatus';
import { registerGitHubCommands } from './commands';
import { GITHUB_PHASES, GitHubConnection, RateGate, repositoryKey, sourceFactory, type GitHubPhase, type PhaseOutcome, type PhaseSource } from './connection';
import { githubDeployDestination } from './deployDestination';
import { githubDetailsContributor } from './details';
import { JobLogProvider, LOG_SCHEME } from './jobLog';
import { buildLayout, codeLayout, planLayout } from './layouts';
import { PhasePoller } from './poller';
import { GIT_SHOW_SCHEME, GITHUB_FILE_SCHEME, GitHubFileProvider, GitShowProvider } from './pullRequestDiff';
import { enterpriseHosts, notifyOnFailure, planGrouping, sprintMilestone, SECTION } from './settings';

const OWNER = 'github:';
const RECONCILE_DELAY_MS = 300;

/**
 * Finds the GitHub repositories of the workspace, keeps one connection (token, source, pollers) per
 * repository, and plugs them into the views, the status bar, the details panel and Report Deploy.
 */
export class GitHubFeature implements vscode.Disposable {
  private readonly connections = new Map<string, GitHubConnection>();
  private readonly pollers = new Map<string, PhasePoller>();
  private readonly gates = new Map<string, RateGate>();
  private readonly auth: GitHubAuth;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly viewMessages = new Map<GitHubPhase, string>();
  private readonly loggedWaits = new Set<string>();
  private reconcileTimer: ReturnType<typeof setTimeout> | undefined;
  private reconciling: Promise<void> = Promise.resolve();
  private pendingRebuild = false;
  private pendingTokens = false;
  private registeredIds = '';
  private disposed = false;

  constructor(private readonly f: FeatureContext) {
    this.auth = new GitHubAuth(f.context.secrets, f.log);
    const layoutContext = { connection: (id: string) => this.connectionOf(id), planGrouping };
    this.disposables.push(
      this.auth,
      f.views.plan.addLayout(planLayout(layoutContext)),
      f.views.code.addLayout(codeLayout(layoutContext)),
      f.views.build.addLayout(buildLayout(layoutContext)),
      vscode.workspace.registerTextDocumentContentProvider(LOG_SCHEME, new JobLogProvider((key) => this.connections.get(key), f.log)),
      vscode.workspace.registerTextDocumentContentProvider(GIT_SHOW_SCHEME, new GitShowProvider(f.git)),
      vscode.workspace.registerTextDocumentContentProvider(GITHUB_FILE_SCHEME, new GitHubFileProvider((key) => this.connections.get(key), f.log)),
      ...registerGitHubCommands({
        hub: f.hub,
        git: f.git,
        auth: this.auth,
        log: f.log,
        prompter: f.prompter,
        connections: () => [...this.connections.values()],
        connectionOf: (id) => this.connectionOf(id),
        reconnect: () => this.reconcile({ tokens: true }),
        refreshPhase: (c, phase) => this.refreshNow(c, phase),
      }),
      failureNotifier(f.hub, (id) => this.connectionOf(id), notifyOnFailure, f.log),
      f.git.onDidRefresh((r) => this.onGitRefresh(r)),
      this.auth.onDidChange(() => this.scheduleReconcile({ tokens: true })),
      vscode.workspace.onDidChangeConfiguration((e) => {
        // New hosts or another sprint: new sources. VS Code's GHES sign-in host: other tokens.
        if (e.affectsConfiguration(`${SECTION}.enterpriseUrls`) || e.affectsConfiguration(`${SECTION}.sprintMilestone`)) {
          this.scheduleReconcile({ rebuild: true, tokens: true });
        } else if (e.affectsConfiguration('github-enterprise.uri')) {
          this.scheduleReconcile({ tokens: true });
        }
        if (e.affectsConfiguration(`${SECTION}.planGrouping`)) f.views.plan.invalidate();
      }),
      vscode.window.onDidChangeWindowState((state) => {
        for (const poller of this.pollers.values()) poller.setFocused(state.focused);
      }),
    );
    f.detailsContributors.push(githubDetailsContributor((id) => this.connectionOf(id)));
    f.deployDestinations.push(githubDeployDestination(f.hub, (r) => this.connectionsFor(r), (c) => void this.refreshNow(c, 'deploy')));
    f.headStatus.setBuildSummary((r) => {
      const latest = r && latestRunForHead(this.connectionsFor(r), f.hub);
      return latest ? runSummary(latest.run, latest.connection) : undefined;
    });
    // No network in activate(): the first look at remotes and tokens happens once it has returned.
    this.scheduleReconcile({ tokens: true }, 0);
  }

  /** The connection of a GitHub signal or source id. */
  connectionOf(sourceId: string): GitHubConnection | undefined {
    return this.connections.get(repositoryKey(sourceId));
  }

  connectionsFor(r: WorkspaceRepository): GitHubConnection[] {
    return [...this.connections.values()].filter((c) => c.workspace.repo.root === r.repo.root);
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.reconcileTimer);
    for (const p of this.pollers.values()) p.dispose();
    for (const c of this.connections.values()) c.dispose();
    vscode.Disposable.from(...this.disposables).dispose();
  }

  // ---- Discovery ---------------------------------------------------------------------------

  private scheduleReconcile(what: { rebuild?: boolean; tokens?: boolean }, delayMs = RECONCILE_DELAY_MS): void {
    this.pendingRebuild ||= what.rebuild === true;
    this.pendingTokens ||= what.tokens === true;
    clearTimeout(this.reconcileTimer);
    this.reconcileTimer = setTimeout(() => void this.reconcile({}), delayMs);
  }

  /** Brings the connections in line with the workspace's remotes, the settings and the tokens. */
  reconcile(what: { rebuild?: boolean; tokens?: boolean }): Promise<void> {
    this.pendingRebuild ||= what.rebuild === true;
    this.pendingTokens ||= what.tokens === true;
    const run = async () => {
      if (this.disposed) return;
      const rebuild = this.pendingRebuild;
      const tokens = this.pendingTokens;
      this.pendingRebuild = this.pendingTokens = false;
      try {
        await this.reconcileNow(rebuild, tokens);
      } catch (err) {
        this.f.log.error(`GitHub: ${err instanceof Error ? err.message : String(err)}`);
      }
    };
    this.reconciling = this.reconciling.then(run, run);
    return this.reconciling;
  }

  private async reconcileNow(rebuild: boolean, rereadTokens: boolean): Promise<void> {
    const hosts = enterpriseHosts();
    const repositories = this.f.git.all();
    const wanted = new Map<string, { ref: GitHubRepoRef; r: WorkspaceRepository; remote: string }>();
    for (const r of repositories) {
      let remotes: Awaited<ReturnType<typeof r.repo.remotes>> = [];
      try {
        remotes = await r.repo.remotes();
      } catch (err) {
        this.f.log.warn(`GitHub: could not read the remotes of ${r.repo.root}: ${err instanceof Error ? err.message : String(err)}`);
      }
      const ordered = [...remotes].sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name));
      for (const remote of ordered) {
        for (const url of [remote.fetchUrl, remote.pushUrl]) {
          const ref = url ? parseGitHubRemote(url, hosts) : undefined;
          const key = ref && githubSourceId(ref);
          if (ref && key && !wanted.has(key)) wanted.set(key, { ref, r, remote: remote.name });
        }
      }
    }

    const changed = new Set<GitHubConnection>();
    for (const [key, c] of this.connections) {
      const w = wanted.get(key);
      if (rebuild || !w || w.r.repo.root !== c.workspace.repo.root || w.ref.apiBase !== c.ref.apiBase || w.remote !== c.remoteName) {
        this.drop(c);
      }
    }
    for (const [key, w] of wanted) {
      if (this.connections.has(key)) continue;
      const origin = new URL(w.ref.apiBase).origin;
      let gate = this.gates.get(origin);
      if (!gate) this.gates.set(origin, (gate = new RateGate(origin)));
      const root = vscode.Uri.file(w.r.repo.root);
      const c = new GitHubConnection(w.ref, w.r, w.remote, gate, sourceFactory(this.f.http, this.f.log, () => sprintMilestone(root)));
      this.disposables.push(c.onDidRefresh((o) => this.onOutcome(o)));
      this.connections.set(key, c);
      changed.add(c);
      this.f.log.info(`GitHub: ${c.fullName} at ${c.ref.apiBase} (remote ${w.remote} of ${w.r.repo.root})`);
    }
    for (const c of this.connections.values()) {
      if (!changed.has(c) && !rereadTokens) continue;
      const token = await this.auth.token(c.ref);
      if (c.setToken(token)) {
        changed.add(c);
        this.f.log.info(`GitHub: ${c.fullName}: ${token ? `using ${token.via === 'token' ? 'the stored token' : `the VS Code session${token.account ? ` of ${token.account}` : ''}`}` : 'not signed in'}`);
      }
    }

    const live = [...this.connections.values()].filter((c) => c.signedIn);
    const sources = live.flatMap((c) => GITHUB_PHASES.map((p) => c.sources[p]));
    // Registering fires a change that rebuilds every view: only when the set of sources changed.
    const ids = sources.map((s) => s.id).join('\n');
    if (ids !== this.registeredIds || changed.size > 0) {
      this.registeredIds = ids;
      this.f.registry.set(OWNER, sources);
    }
    // Signals of repositories no longer connected (a remote removed, signed out) leave the views;
    // the cached snapshot's are kept until the workspace's repositories are known.
    if (repositories.length > 0) this.forgetUnconnected(new Set(live.flatMap((c) => GITHUB_PHASES.map((p) => c.sources[p].id))));
    for (const c of this.connections.values()) {
      for (const phase of GITHUB_PHASES) {
        const id = c.sources[phase].id;
        if (!c.signedIn) {
          this.pollers.get(id)?.dispose();
          this.pollers.delete(id);
          continue;
        }
        let poller = this.pollers.get(id);
        if (!poller) {
          poller = new PhasePoller(c.sources[phase], (s) => this.run(s), () => vscode.window.state.focused);
          this.pollers.set(id, poller);
        }
        if (changed.has(c)) poller.pollNow(true);
      }
    }
    const needsSignIn = [...this.connections.values()].some((c) => !c.signedIn);
    void vscode.commands.executeCommand('setContext', 'devops.github.hasRepository', this.connections.size > 0);
    void vscode.commands.executeCommand('setContext', 'devops.github.needsSignIn', needsSignIn);
    this.updateMessages();
    void this.f.headStatus.update();
  }

  private drop(c: GitHubConnection): void {
    for (const phase of GITHUB_PHASES) {
      const id = c.sources[phase].id;
      this.pollers.get(id)?.dispose();
      this.pollers.delete(id);
    }
    this.connections.delete(c.key);
    c.dispose();
  }

  private forgetUnconnected(keep: Set<string>): void {
    const stale = new Set(this.f.hub.all().filter((s) => s.source.startsWith(OWNER) && !keep.has(s.source)).map((s) => s.source));
    for (const source of stale) this.f.hub.replaceSource(source, []);
  }

  // ---- Refreshing --------------------------------------------------------------------------

  private run(source: PhaseSource): Promise<unknown> {
    return this.f.refresher.refresh(source, new AbortController().signal);
  }

  /** After the user acted: refresh that phase now and poll it at the fast pace again. */
  private async refreshNow(c: GitHubConnection, phase: GitHubPhase): Promise<void> {
    const source = c.sources[phase];
    const poller = this.pollers.get(source.id);
    if (poller) poller.pollNow(true);
    await this.run(source);
  }

  private onOutcome(o: PhaseOutcome): void {
    this.pollers.get(o.source.id)?.observe(o);
    const gate = o.source.connection.gate;
    const until = gate.waitUntil();
    if (until !== undefined && !this.loggedWaits.has(`${gate.origin}@${until}`)) {
      this.loggedWaits.add(`${gate.origin}@${until}`);
      this.f.log.warn(`GitHub: ${gate.origin}: rate limit reached; no request before ${new Date(until).toLocaleTimeString()}. ${gate.reason ?? ''}`);
    }
    this.updateMessages();
    if (o.source.phase === 'build') void this.f.headStatus.update();
  }

  private onGitRefresh(r: WorkspaceRepository): void {
    this.scheduleReconcile({});
    for (const c of this.connectionsFor(r)) {
      const before = c.branch;
      void c.readBranch().then((branch) => {
        if (branch === before) return;
        // A new branch: its runs, at the fast pace.
        if (c.signedIn) this.pollers.get(c.sources.build.id)?.pollNow(true);
        void this.f.headStatus.update();
      }, () => undefined);
    }
  }

  /** "GitHub rate limit reached; next refresh at 14:05." on the views while an origin waits. */
  private updateMessages(): void {
    const waiting = [...this.gates.values()].filter((g) => g.isBlocked() && [...this.connections.values()].some((c) => c.gate === g && c.signedIn));
    const text = waiting.length === 0 ? undefined : plainText(waiting.map((g) =>
      `GitHub rate limit reached${this.gates.size > 1 ? ` for ${new URL(g.origin).host}` : ''}; next refresh at ${new Date(g.waitUntil() ?? Date.now()).toLocaleTimeString()}.`).join(' '), 1000);
    for (const phase of GITHUB_PHASES) {
      const view = this.f.treeViews[phase];
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

function rank(name: string): number {
  return name === 'origin' ? 0 : name === 'upstream' ? 1 : 2;
}
