import * as vscode from 'vscode';
import { checkBranchName } from '../../core/branchName';
import { oneLine } from '../../core/format';
import type { SignalHub } from '../../core/hub';
import type { Signal, SignalKind } from '../../core/signal';
import { SourceError } from '../../core/sourceError';
import { checkOutReview, switchToWorkBranch } from '../git/workBranches';
import { resolveSignal } from '../commands';
import type { GitWorkspace } from '../git/gitWorkspace';
import { CommandCancelled } from '../guardedCommand';
import { notify } from '../notify';
import type { Prompter } from '../prompter';
import type { ServiceHost } from '../serviceHost';
import type { GitLabConnection } from './connection';
import type { GitLabCredentials } from './credentials';
import { jobLogUri } from './jobLog';
import type { LogStyles } from '../logs/logStyles';

export interface GitLabCommandDeps {
  hub: SignalHub;
  git: GitWorkspace;
  credentials: GitLabCredentials;
  logStyles: LogStyles;
  log: vscode.LogOutputChannel;
  prompter: () => Prompter;
  chooseSignal: ServiceHost['chooseSignal'];
  connections(): GitLabConnection[];
  connectionOf(sourceId: string): GitLabConnection | undefined;
  /** Discovery now (after a token was stored). */
  reconnect(): Promise<void>;
  /** Refreshes a source now, back at the fast polling pace. */
  refreshNow(sourceId: string): Promise<void>;
}

/** The GitLab commands; every failure is shown and logged by the guarded wrapper. */
export function gitlabCommands(deps: GitLabCommandDeps): Record<string, (arg?: unknown) => unknown> {
  return {
    'devops.gitlab.setToken': () => setToken(deps),
    'devops.gitlab.startWork': (arg) => startWork(deps, arg),
    'devops.gitlab.checkoutMergeRequest': (arg) => checkoutMergeRequest(deps, arg),
    'devops.gitlab.approveMergeRequest': (arg) => approve(deps, arg, true),
    'devops.gitlab.unapproveMergeRequest': (arg) => approve(deps, arg, false),
    'devops.gitlab.mergeMergeRequest': (arg) => merge(deps, arg),
    'devops.gitlab.retry': (arg) => pipelineAction(deps, arg, 'retry'),
    'devops.gitlab.cancel': (arg) => pipelineAction(deps, arg, 'cancel'),
    'devops.gitlab.openJobLog': (arg) => openJobLog(deps, arg),
  };
}

async function setToken(deps: GitLabCommandDeps) {
  const connections = deps.connections();
  const origins = [...new Map(connections.map((c) => [c.project.apiBase, c])).values()];
  const ask = deps.prompter();
  const apiBase =
    origins.length === 1
      ? origins[0].project.apiBase
      : (
          await ask.pick(
            [
              ...origins.map((c) => ({
                label: new URL(c.project.webBase).host,
                description: c.project.apiBase,
                apiBase: c.project.apiBase,
              })),
              ...(origins.some((c) => c.project.apiBase === 'https://gitlab.com/api/v4')
                ? []
                : [{ label: 'gitlab.com', description: 'https://gitlab.com/api/v4', apiBase: 'https://gitlab.com/api/v4' }]),
            ],
            { title: 'Set GitLab Token: which GitLab', placeHolder: 'The token is sent to this server only' },
          )
        )?.apiBase;
  if (!apiBase) return undefined;
  const kind = await ask.pick(
    [
      {
        label: 'Personal, group or project access token',
        description: 'sent as PRIVATE-TOKEN (scope: api)',
        tokenKind: 'accessToken' as const,
      },
      { label: 'OAuth token', description: 'sent as Authorization: Bearer', tokenKind: 'oauth' as const },
    ],
    { title: `GitLab token for ${new URL(apiBase).origin}` },
  );
  if (!kind) return undefined;
  const token = await ask.input({
    title: `GitLab token for ${new URL(apiBase).origin}`,
    prompt: 'With the api scope (read_api to only read). Leave empty to forget the stored one.',
    password: true,
    ignoreFocusOut: true,
  });
  if (token === undefined) return undefined;
  await deps.credentials.set(apiBase, token.trim() || undefined, kind.tokenKind);
  await deps.reconnect();
  void notify('info', `DevOps: GitLab token ${token.trim() ? 'stored' : 'removed'} for ${new URL(apiBase).origin}; it is sent only there.`);
  return apiBase;
}

async function target(
  deps: GitLabCommandDeps,
  arg: unknown,
  kind: SignalKind | readonly SignalKind[],
  title: string,
): Promise<{ signal: Signal; connection: GitLabConnection }> {
  const kinds = typeof kind === 'string' ? [kind] : kind;
  let signal = resolveSignal(deps.hub, arg);
  if (!signal) {
    const candidates = deps.hub.query({ kind: kinds as SignalKind[] }).filter((s) => deps.connectionOf(s.source));
    signal = await deps.chooseSignal({
      arg,
      candidates,
      title,
      describe: (s) => `${String(s.detail?.reference ?? '')} · ${s.state.native}`,
    });
    if (!signal) throw new CommandCancelled();
  }
  if (!kinds.includes(signal.kind)) throw new Error(`${oneLine(signal.title, 60)} is not a GitLab ${kinds.join(' or ')}.`);
  const connection = deps.connectionOf(signal.source);
  if (!connection) throw new Error(`${oneLine(signal.title, 60)} belongs to a GitLab project that is not connected in this workspace.`);
  if (!connection.hasToken) throw new Error(`set a GitLab token for ${new URL(connection.project.apiBase).origin} first.`);
  return { signal, connection };
}

async function startWork(deps: GitLabCommandDeps, arg: unknown) {
  const { signal, connection } = await target(deps, arg, 'workItem', 'Start Work on Issue');
  const proposed = connection.sources.plan.branchNameFor(signal);
  if (!proposed.ok) deps.log.warn(`GitLab: branch template: ${proposed.reason}`);
  const work = await switchToWorkBranch(deps.prompter(), connection.workspace.repo, {
    title: `Start Work on ${String(signal.detail?.reference ?? '')}: branch name`,
    proposed,
    setting: 'devops.gitlab.branchTemplate',
  });
  if (!work) return undefined;
  const { branch, created } = work;
  const iid = Number(signal.detail?.iid);
  let moved = '';
  try {
    await connection.sources.plan.moveToDoing(iid, connection.startWorkLabels());
    moved = ' and moved the issue to the doing label';
    void deps.refreshNow(connection.sources.plan.id);
  } catch (err) {
    // No doing label configured (or the project forbids label edits): the branch is what matters.
    if (!(err instanceof SourceError && err.kind === 'config'))
      deps.log.warn(`GitLab: could not move #${iid}: ${err instanceof Error ? err.message : String(err)}`);
  }
  await deps.git.refresh(connection.workspace);
  void deps.refreshNow(connection.sources.build.id);
  void notify('info', `DevOps: ${created ? 'created and switched to' : 'switched to'} branch ${branch}${moved}.`);
  return branch;
}

async function checkoutMergeRequest(deps: GitLabCommandDeps, arg: unknown) {
  const { signal, connection } = await target(deps, arg, 'pullRequest', 'Check Out Merge Request');
  const iid = Number(signal.detail?.iid);
  if (!Number.isSafeInteger(iid) || iid <= 0) throw new Error(`${oneLine(signal.title, 60)} has no merge request number.`);
  const source = String(signal.detail?.sourceBranch ?? '');
  const branch = source && !checkBranchName(source) ? source : `mr-${iid}`;
  // GitLab keeps every merge request's head at refs/merge-requests/<iid>/head (forks included).
  await checkOutReview(connection.workspace.repo, {
    branch,
    remote: connection.remoteName,
    headRef: `refs/merge-requests/${iid}/head`,
    kind: 'merge request',
    reference: `!${iid}`,
  });
  await deps.git.refresh(connection.workspace);
  void deps.refreshNow(connection.sources.build.id);
  void notify('info', `DevOps: merge request !${iid} checked out as ${branch}.`);
  return branch;
}

async function approve(deps: GitLabCommandDeps, arg: unknown, approve: boolean) {
  const { signal, connection } = await target(deps, arg, 'pullRequest', approve ? 'Approve Merge Request' : 'Revoke Approval');
  const iid = Number(signal.detail?.iid);
  const sha = typeof signal.detail?.sha === 'string' ? signal.detail.sha : undefined;
  if (approve) await connection.sources.code.approve(iid, { sha });
  else await connection.sources.code.unapprove(iid);
  await deps.refreshNow(connection.sources.code.id);
  void notify('info', `DevOps: merge request !${iid} ${approve ? 'approved' : 'no longer approved by you'}.`);
  return approve ? 'approved' : 'unapproved';
}

async function merge(deps: GitLabCommandDeps, arg: unknown) {
  const { signal, connection } = await target(deps, arg, 'pullRequest', 'Merge Merge Request');
  const iid = Number(signal.detail?.iid);
  const choice = await deps.prompter().pick(
    [
      { label: 'Merge', detail: 'As the project merges (merge commit or fast-forward).', squash: false },
      { label: 'Squash and merge', detail: 'The commits are combined into one commit on the target branch.', squash: true },
    ],
    { title: `Merge !${iid}: ${oneLine(signal.title, 60)}` },
  );
  if (!choice) return undefined;
  const sha = typeof signal.detail?.sha === 'string' ? signal.detail.sha : undefined;
  try {
    await connection.sources.code.merge(iid, { sha, squash: choice.squash });
  } catch (err) {
    if (err instanceof SourceError) throw new Error(`GitLab refused to merge !${iid}: ${err.serviceMessage ?? err.message}`);
    throw err;
  }
  await deps.refreshNow(connection.sources.code.id);
  void notify('info', `DevOps: merge request !${iid} merged.`);
  return choice.squash ? 'squash' : 'merge';
}

async function pipelineAction(deps: GitLabCommandDeps, arg: unknown, action: 'retry' | 'cancel') {
  const { signal, connection } = await target(deps, arg, ['pipelineRun', 'job'], action === 'retry' ? 'Retry' : 'Cancel');
  const build = connection.sources.build;
  if (signal.kind === 'pipelineRun') {
    const id = Number(signal.detail?.pipelineId);
    await (action === 'retry' ? build.retryPipeline(id) : build.cancelPipeline(id));
  } else {
    const id = Number(signal.detail?.jobId);
    await (action === 'retry' ? build.retryJob(id) : build.cancelJob(id));
  }
  await deps.refreshNow(build.id);
  return action;
}

async function openJobLog(deps: GitLabCommandDeps, arg: unknown) {
  const { signal, connection } = await target(deps, arg, 'job', 'Open Job Log');
  const jobId = Number(signal.detail?.jobId);
  const uri = jobLogUri(connection, jobId, String(signal.detail?.name ?? 'job'));
  const document = await vscode.workspace.openTextDocument(uri);
  const editor = await deps.logStyles.show(document);
  return editor.document.uri.toString();
}
