import { Emitter, type Event } from '../../core/events';
import type { Signal } from '../../core/signal';
import type { PollHints, Source } from '../../core/source';
import { SourceError } from '../../core/sourceError';
import type { BuildResult, GitHubSource, PhaseResult } from './githubSource';
import { phaseSourceId, type GitHubPhase } from './ids';
import type { RateGate } from './rateGate';
import type { GitHubRepoRef } from './remote';

/** What one refresh of a phase did, for the view messages and the status bar. */
export interface PhaseOutcome {
  source: GitHubPhaseSource;
  at: number;
  result?: PhaseResult;
  error?: Error;
  /** No request was sent: the origin is waiting for a rate limit to reset. */
  blocked?: boolean;
}

/** What a phase source reads of its repository: the GitHub source of the moment (it changes with the token), the shared gate, HEAD's branch. */
export interface GitHubRepositoryState {
  readonly ref: GitHubRepoRef;
  readonly gate: RateGate;
  readonly source: GitHubSource;
  readBranch(): Promise<string | undefined>;
  lastBuild?: BuildResult;
}

/** A rate limit whose reset GitHub did not say is waited out this long. */
const UNKNOWN_RESET_WAIT_MS = 60_000;

/**
 * One phase (plan, code, build, deploy) of one GitHub repository as a `Source`: each refreshes and
 * fails on its own, replaces only its own signals, and tells the poll scheduler what GitHub asked
 * (`X-Poll-Interval`, rate-limit resets shared by every repository of the origin) and whether a
 * run of HEAD's branch is in progress.
 */
export class GitHubPhaseSource implements Source {
  readonly id: string;
  readonly label: string;
  readonly phases: readonly GitHubPhase[];
  private readonly outcomes = new Emitter<PhaseOutcome>();
  readonly onDidRefresh: Event<PhaseOutcome> = this.outcomes.event;
  private pollIntervalSeconds: number | undefined;

  constructor(
    readonly repository: GitHubRepositoryState,
    readonly phase: GitHubPhase,
  ) {
    this.id = phaseSourceId(repository.ref, phase);
    this.label = `GitHub ${repository.ref.owner}/${repository.ref.repo} (${phase})`;
    this.phases = [phase];
  }

  async refresh(_signal: AbortSignal): Promise<Signal[]> {
    const r = this.repository;
    const started = Date.now();
    const waitUntil = r.gate.waitUntil(started);
    if (waitUntil !== undefined) {
      // No request while the origin waits: failing keeps the last signals in the views, and the
      // source's health row says why and until when.
      this.outcomes.fire({ source: this, at: started, blocked: true });
      throw new SourceError(
        `GitHub rate limit reached; waiting until ${new Date(waitUntil).toLocaleTimeString()} before asking ${new URL(r.ref.apiBase).host} again.`,
        'rateLimited',
        'GitHub',
        { retryAt: waitUntil },
      );
    }
    try {
      const branch = this.phase === 'build' ? await r.readBranch() : undefined;
      // Every request of the refresh carries `signal` through core/abortScope.
      const result = await r.source.refresh(this.phase, { branch });
      r.gate.note(result.rateLimit);
      this.pollIntervalSeconds = result.pollIntervalSeconds ?? this.pollIntervalSeconds;
      if (this.phase === 'build') r.lastBuild = result as BuildResult;
      this.outcomes.fire({ source: this, at: Date.now(), result });
      return result.signals;
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      if (error instanceof SourceError) {
        if (error.rateLimit) r.gate.note(error.rateLimit);
        if (error.kind === 'rateLimited' || error.retryAt !== undefined) {
          // Unknown reset: wait a minute rather than retry in a loop.
          r.gate.block(error.retryAt ?? Date.now() + UNKNOWN_RESET_WAIT_MS, error.message);
        }
      }
      this.outcomes.fire({ source: this, at: Date.now(), error });
      throw error;
    }
  }

  pollHints(): PollHints {
    return {
      active: this.phase === 'build' && this.repository.lastBuild?.inProgress === true,
      ...(this.pollIntervalSeconds ? { minIntervalMs: this.pollIntervalSeconds * 1000 } : {}),
      ...(this.repository.gate.waitUntil() !== undefined ? { notBefore: this.repository.gate.waitUntil() } : {}),
    };
  }

  dispose(): void {
    this.outcomes.dispose();
  }
}
