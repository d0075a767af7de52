import * as vscode from 'vscode';
import type { DashboardChoice } from '../../core/dashboard/protocol';
import { graphRequests, type CommitGraph } from '../../core/dora/firstDeploy';
import type { DoraReport } from '../../core/dora/model';
import { buildDoraReport } from '../../core/dora/report';
import { selectDeploys } from '../../core/dora/selection';
import { currentWindow, isWindowDays, previousWindow } from '../../core/dora/window';
import type { SignalHub } from '../../core/hub';
import { readCommitGraph } from '../../sources/git';
import type { GitWorkspace } from '../git/gitWorkspace';

/**
 * Gathers what core/dora needs for one dashboard view: the hub's signals, and for each repository
 * with deploys in the period, its commit graph read by one git process (sources/git/commitGraph).
 */
export async function dashboardReport(
  hub: SignalHub,
  git: GitWorkspace,
  choice: DashboardChoice,
  signal?: AbortSignal,
): Promise<DoraReport> {
  const signals = hub.all();
  const now = Date.now();
  const preferredEnvironment = dashboardSettings().environment;
  const options = { preferredEnvironment, ...choice };
  const { deploys } = selectDeploys(signals, options);
  const since = previousWindow(currentWindow(now, choice.days)).start;
  const graphs = new Map<string, CommitGraph>();
  for (const request of graphRequests(deploys, since)) {
    const r = git.repositoryOf(request.repo);
    if (r) graphs.set(request.repo, await readCommitGraph(r.repo, request, signal));
  }
  return buildDoraReport(signals, {
    ...options,
    now,
    graphs,
    defaultBranches: await defaultBranches(git, signal),
    utcOffsetMinutes: -new Date(now).getTimezoneOffset(),
  });
}

/** Each workspace repository's default branch as its remote last told (`refs/remotes/<remote>/HEAD`), by every identity. */
async function defaultBranches(git: GitWorkspace, signal?: AbortSignal): Promise<Record<string, string>> {
  const branches: Record<string, string> = {};
  for (const r of git.all()) {
    const remote = await r.repo.defaultRemote(signal);
    const branch = remote ? await r.repo.remoteDefaultBranch(remote, signal) : undefined;
    if (branch) for (const identity of git.identitiesOf(r)) branches[identity] = branch;
  }
  return branches;
}

export function dashboardSettings(): { environment: string; days: DashboardChoice['days'] } {
  const config = vscode.workspace.getConfiguration('devops.dashboard');
  const days = config.get<number>('windowDays', 30);
  return { environment: config.get<string>('environment', 'production') || 'production', days: isWindowDays(days) ? days : 30 };
}
