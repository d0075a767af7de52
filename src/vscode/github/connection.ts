import * as vscode from 'vscode';
import type { Signal } from '../../core/signal';
import type { Source } from '../../core/source';
import type { HttpClientLike } from '../../http/types';
import {
  GitHubError, GitHubSource, githubCredential, githubSourceId, type BuildResult, type GitHubRepoRef, type PhaseResult,
} from '../../sources/github';
import type { WorkspaceRepository } from '../git/gitWorkspace';
import type { GitHubToken } from './auth';
import { GITHUB_PHASES, phaseSourceId, repositoryKey, type GitHubPhase } from './ids';
import { RateGate } from './rateGate';

export { GITHUB_PHASES, phaseSourceId, RateGate, repositoryKey, type GitHubPhase };

/** What one refresh of a phase did, for the poller, the view messages and the status bar. */
export interface PhaseOutcome {
  source: PhaseSource;
  at: number;
  result?: PhaseResult;
  error?: Error;
  /** No request was sent: the origin is waiting for a rate limit to reset. */
  blocked?: boolean;
}

/**
 * One phase of one repository as a `Source` for the shared Refresher (and so for `DevOps: Refresh`).
 * Its signals carry its own id as `source`, so each phase replaces only its own signals in the hub.
 */
export class PhaseSource implements Source {
  readonly id: string;
  readonly label: string;
  readonly phases: readonly GitHubPhase[];

  constructor(readonly connection: GitHubConnection, readonly phase: GitHubPhase) {
    this.id = phaseSourceId(connection.ref, phase);
    this.label = `GitHub ${connection.fullName} (${phase})`;
    this.phases = [phase];
  }

  async refresh(): Promise<Signal[]> {
    const c = this.connection;
    const started = Date.now();
    const waitUntil = c.gate.waitUntil(started);
    if (waitUntil !== undefined) {
      // No request while the origin waits: failing keeps the last signals in the views, and the
      // source's health row says why and until when.
      c.report({ source: this, at: started, blocked: true });
      throw new Error(`GitHub rate limit reached; waiting until ${new Date(waitUntil).toLocaleTimeString()} before asking ${new URL(c.ref.apiBase).host} again.`);
    }
    try {
      const branch = this.phase === 'build' ? await c.readBranch() : undefined;
      const result = await c.source.refresh(this.phase, { branch });
      c.gate.note(result.rateLimit);
      if (this.phase === 'build') c.lastBuild = result as BuildResult;
      const signals = result.signals.map((s) => this.own(s));
      c.report({ source: this, at: Date.now(), result });
      return signals;
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      if (error instanceof GitHubError) {
        c.gate.note(error.rateLimit);
        if (error.kind === 'rateLimited' || error.retryAt !== undefined) {
          // Unknown reset: wait a minute rather than retry in a loop.
          c.gate.block(error.retryAt ?? Date.now() + 60_000, error.message);
        }
      }
      c.report({ source: this, at: Date.now(), error });
      throw error;
    }
  }

  /** The signal as this phase source reports it. */
  own(signal: Signal): Signal {
    if (this.phase === 'deploy' && signal.kind === 'deployment') {
      // Deploy answers ("HEAD live in…", CodeLens) query deployments by the workspace folder, as the
      // git journal anchors them; the GitHub name stays in the `repo:` tag.
      return { ...signal, source: this.id, anchors: { ...signal.anchors, repo: this.connection.workspace.repo.root } };
    }
    return signal.source === this.id ? signal : { ...signal, source: this.id };
  }
}

/** A GitHub repository named by a remote of a workspace repository, and what is known about it. */
export class GitHubConnection implements vscode.Disposable {
  readonly key: string;
  readonly fullName: string;
  source: GitHubSource;
  token: GitHubToken | undefined;
  readonly sources: Record<GitHubPhase, PhaseSource>;
  /** HEAD's branch in the workspace repository, as last read. */
  branch: string | undefined;
  lastBuild: BuildResult | undefined;
  private readonly outcomeEmitter = new vscode.EventEmitter<PhaseOutcome>();
  readonly onDidRefresh = this.outcomeEmitter.event;

  constructor(
    readonly ref: GitHubRepoRef,
    readonly workspace: WorkspaceRepository,
    /** The git remote that named it (fetches for pull request checkouts use it). */
    readonly remoteName: string,
    readonly gate: RateGate,
    private readonly makeSource: (ref: GitHubRepoRef, token: GitHubToken | undefined) => GitHubSource,
  ) {
    this.key = githubSourceId(ref);
    this.fullName = `${ref.owner}/${ref.repo}`;
    this.source = makeSource(ref, undefined);
    this.sources = {
      plan: new PhaseSource(this, 'plan'),
      code: new PhaseSource(this, 'code'),
      build: new PhaseSource(this, 'build'),
      deploy: new PhaseSource(this, 'deploy'),
    };
  }

  get signedIn(): boolean {
    return this.token !== undefined;
  }

  /** Replaces the credential (a new source keeps nothing of the old token). */
  setToken(token: GitHubToken | undefined): boolean {
    if (token?.token === this.token?.token) return false;
    this.token = token;
    this.source = this.makeSource(this.ref, token);
    return true;
  }

  async readBranch(): Promise<string | undefined> {
    this.branch = await this.workspace.repo.currentBranch();
    return this.branch;
  }

  report(outcome: PhaseOutcome): void {
    this.outcomeEmitter.fire(outcome);
  }

  dispose(): void {
    this.outcomeEmitter.dispose();
  }
}

/** The source factory the feature uses: the shared HTTP client, the token bound to the API origin. */
export function sourceFactory(http: HttpClientLike, log: vscode.LogOutputChannel, sprint: (ref: GitHubRepoRef) => string | undefined) {
  return (ref: GitHubRepoRef, token: GitHubToken | undefined): GitHubSource => new GitHubSource({
    http,
    repo: ref,
    credential: token ? githubCredential(ref, token.token) : undefined,
    logger: log,
    sprintMilestone: sprint(ref),
  });
}
