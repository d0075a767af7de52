import * as vscode from 'vscode';
import { SignalHub } from '../../core/hub';
import { EnvironmentStatus, deployEventsFromSignals, environmentHistories } from '../../core/deployStatus';
import { describeEnvironments } from '../../core/lineFeedback';
import { shortSha } from '../../core/format';
import { resolveCommitStatuses } from '../../sources/git';
import type { BuildSummary } from '../service';
import { StatusBar, StatusSummary } from '../statusBar';
import { GitWorkspace, WorkspaceRepository } from './gitWorkspace';

/**
 * The status bar for the repository of the active editor: the CI run of HEAD's branch when a service
 * knows one (several may: the most relevant run wins, see services.ts), else where HEAD runs
 * ("HEAD live in staging · not yet in production").
 */
export class HeadStatusController implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private running: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly git: GitWorkspace,
    private readonly hub: SignalHub,
    private readonly statusBar: StatusBar,
    private readonly log: vscode.LogOutputChannel,
    /** Every service's candidates for a repository, the most relevant first. */
    private readonly buildSummaries: (r: WorkspaceRepository) => readonly BuildSummary[],
  ) {
    this.disposables.push(
      git.onDidRefresh(() => this.update()),
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      hub.onDidChange((c) => {
        if ([...c.added, ...c.updated, ...c.removed].some((s) => s.kind === 'deployment' || s.kind === 'pipelineRun')) this.update();
      }),
    );
  }

  /** Recomputes; calls made while one runs are folded into one more run. */
  update(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.compute()
      .catch((err) => this.log.warn(`Status bar: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          void this.update();
        }
      });
    return this.running;
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }

  private async compute(): Promise<void> {
    const editorUri = vscode.window.activeTextEditor?.document.uri;
    const r = (editorUri && this.git.repositoryFor(editorUri)) ?? this.git.all()[0];
    const build = r && this.buildSummaries(r)[0];
    if (build) {
      this.statusBar.show(build.summary);
      return;
    }
    if (!r) {
      this.statusBar.show({
        text: '$(pulse) DevOps',
        tooltip: 'DevOps Feedback Loop: no git repository in this workspace',
        tone: 'normal',
      });
      return;
    }
    const head = await r.repo.head();
    const histories = environmentHistories(deployEventsFromSignals(this.hub.query({ kind: 'deployment', repo: this.git.identitiesOf(r) })));
    if (!head || histories.length === 0) {
      this.statusBar.show({
        text: '$(rocket) no deploy reported',
        tooltip: 'No deploy of this repository is known yet. Report one with "DevOps: Report Deploy…".',
        tone: 'normal',
      });
      return;
    }
    const statuses = (await resolveCommitStatuses(r.repo, r.feedback.cache, [head], histories)).get(head) ?? [];
    this.statusBar.show(headSummary(head, statuses));
  }
}

/** "HEAD live in staging · not yet in production" and a tooltip line per environment. */
export function headSummary(head: string, statuses: readonly EnvironmentStatus[]): StatusSummary {
  const live = statuses.filter((s) => s.live === true).map((s) => s.environment);
  const notLive = statuses.filter((s) => s.live === false).map((s) => s.environment);
  const parts = [live.length ? `live in ${live.join(', ')}` : '', notLive.length ? `not in ${notLive.join(', ')}` : ''].filter(Boolean);
  const current = statuses
    .map((s) => s.current)
    .filter((c) => c !== undefined)
    .sort((a, b) => b.at - a.at)[0];
  return {
    text: `$(rocket) HEAD ${parts.join(', ') || 'deploy status unknown'}`,
    tooltip: `HEAD ${shortSha(head)}: ${describeEnvironments(statuses, Date.now()) || 'no environment known'}`,
    tone: 'normal',
    ...(current ? { signalId: current.id } : {}),
  };
}
