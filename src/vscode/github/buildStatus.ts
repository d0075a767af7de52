import * as vscode from 'vscode';
import { oneLine } from '../../core/format';
import type { HubChange, SignalHub } from '../../core/hub';
import type { Signal } from '../../core/signal';
import { runSummary as sharedRunSummary } from '../runSummary';
import type { StatusSummary } from '../statusBar';
import type { GitHubConnection } from './connection';
import { notify } from '../notify';

/** The newest workflow run of HEAD's branch among these connections' build signals. */
export function latestRunForHead(
  connections: readonly GitHubConnection[],
  hub: SignalHub,
): { run: Signal; connection: GitHubConnection } | undefined {
  let best: { run: Signal; connection: GitHubConnection } | undefined;
  for (const connection of connections) {
    if (!connection.branch) continue;
    for (const run of hub.query({ source: connection.sources.build.id, kind: 'pipelineRun', branch: connection.branch })) {
      if (!best || run.createdAt > best.run.createdAt || (run.createdAt === best.run.createdAt && run.id > best.run.id)) {
        best = { run, connection };
      }
    }
  }
  return best;
}

/** The status bar for the latest run of HEAD's branch (see ../runSummary). */
export function runSummary(run: Signal, connection: GitHubConnection): StatusSummary {
  const workflow = typeof run.detail?.workflow === 'string' ? run.detail.workflow : 'Workflow';
  const number = typeof run.detail?.runNumber === 'number' ? ` #${run.detail.runNumber}` : '';
  return sharedRunSummary(run, `${workflow}${number} on ${run.anchors.branch ?? connection.branch ?? '?'} (${connection.fullName})`);
}

/**
 * Opt-in (`devops.github.notifyOnFailure`): a notification when a run of HEAD's branch fails.
 * Only runs seen failing after the extension started: a failure already known at start is old news.
 */
export function failureNotifier(
  hub: SignalHub,
  connectionOf: (sourceId: string) => GitHubConnection | undefined,
  enabled: () => boolean,
  log: vscode.LogOutputChannel,
): vscode.Disposable {
  const startedAt = Date.now();
  const told = new Set<string>();
  return hub.onDidChange((change: HubChange) => {
    const failedIds = new Set(change.stateChanges.filter((c) => c.to === 'failed').map((c) => c.id));
    const candidates = [
      ...change.updated.filter((s) => failedIds.has(s.id)),
      ...change.added.filter((s) => s.state.normal === 'failed' && s.updatedAt >= startedAt),
    ];
    for (const run of candidates) {
      if (run.kind !== 'pipelineRun' || told.has(run.id)) continue;
      const connection = connectionOf(run.source);
      if (!connection || run.anchors.branch !== connection.branch) continue;
      told.add(run.id);
      log.info(`GitHub: ${run.title} failed on ${run.anchors.branch}`);
      if (!enabled()) continue;
      void notify(
        'warning',
        `GitHub: ${oneLine(run.title, 120)} failed on ${oneLine(run.anchors.branch ?? '', 120)}.`,
        'Show Details',
        'Re-run Failed Jobs',
      ).then((choice) => {
        if (choice === 'Show Details') void vscode.commands.executeCommand('devops.showDetails', run.id);
        if (choice === 'Re-run Failed Jobs') void vscode.commands.executeCommand('devops.github.rerunFailedJobs', run.id);
      });
    }
  });
}
