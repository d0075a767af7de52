import * as vscode from 'vscode';
import type { SignalHub } from '../../core/hub';
import { oneLine, shortSha } from '../../core/format';
import type { Signal, SignalKind } from '../../core/signal';
import { SourceError } from '../../core/sourceError';
import { checkBranchName } from '../../core/branchName';
import type { MergeMethod } from '../../sources/github';
import { resolveSignal } from '../commands';
import type { GitWorkspace } from '../git/gitWorkspace';
import { checkOutReview, switchToWorkBranch } from '../git/workBranches';
import type { Prompter } from '../prompter';
import type { ServiceHost } from '../serviceHost';
import type { LogStyles } from '../logs/logStyles';
import { GitHubAuth } from './auth';
import type { GitHubPhase } from '../../sources/github';
import type { GitHubConnection } from './connection';
import { jobLogUri } from './jobLog';
import { branchTemplate, enterpriseHosts, mergeMethod } from './settings';
import { openPullRequestChanges } from './pullRequestDiff';
import { notify } from '../notify';
import { CommandCancelled } from '../guardedCommand';

export interface GitHubCommandDeps {
  hub: SignalHub;
  git: GitWorkspace;
  auth: GitHubAuth;
  log: vscode.LogOutputChannel;
  prompter: () => Prompter;
  chooseSignal: ServiceHost['chooseSignal'];
  logStyles: LogStyles;
  connections(): GitHubConnection[];
  connectionOf(sourceId: string): GitHubConnection | undefined;
  /** Re-reads remotes and tokens (after a sign-in or a new token). */
  reconnect(): Promise<void>;
  /** Refreshes one phase now, back at the fast polling pace, and waits for it. */
  refreshPhase(connection: GitHubConnection, phase: GitHubPhase): Promise<void>;
}

const DOTCOM_API = 'https://api.github.com';
const MERGE_METHODS: { label: string; detail: string; method: MergeMethod }[] = [
  { label: 'Create a merge commit', detail: 'All commits of the branch are added to the base with a merge commit.', method: 'merge' },
  { label: 'Squash and merge', detail: 'The commits are combined into one commit on the base.', method: 'squash' },
  { label: 'Rebase and merge', detail: 'The commits are rebased onto the base, without a merge commit.', method: 'rebase' },
];

/** The GitHub commands. Every question goes through the prompter; every failure is shown and logged (the guarded wrapper). */
export function githubCommands(deps: GitHubCommandDeps): Record<string, (arg?: unknown) => unknown> {
  return {
    'devops.github.signIn': () => signIn(deps),
    'devops.github.setToken': () => setToken(deps),
    'devops.github.startWork': (arg) => startWork(deps, arg),
    'devops.github.checkoutPullRequest': (arg) => checkoutPullRequest(deps, arg),
    'devops.github.approvePullRequest': (arg) => approve(deps, arg),
    'devops.github.requestChanges': (arg) => requestChanges(deps, arg),
    'devops.github.mergePullRequest': (arg) => merge(deps, arg),
    'devops.github.openPullRequestChanges': async (arg) => {
      const { signal, connection } = await target(deps, arg, 'pullRequest', 'Open Changes');
      return openPullRequestChanges(signal, connection, deps.prompter());
    },
    'devops.github.rerunFailedJobs': (arg) => runAction(deps, arg, 'rerun'),
    'devops.github.cancelRun': (arg) => runAction(deps, arg, 'cancel'),
    'devops.github.openJobLog': (arg) => openJobLog(deps, arg),
  };
}

async function signIn(deps: GitHubCommandDeps) {
  const connections = deps.connections();
  const waiting = connections.filter((c) => !c.signedIn);
  const withProvider = (waiting.length ? waiting : connections).filter((c) => deps.auth.providerFor(c.ref));
  if (withProvider.length === 0) {
    const choice = await notify(
      'info',
      connections.length === 0
        ? 'DevOps: no GitHub repository in this workspace (no remote on github.com or on a GitHub Enterprise host from the settings).'
        : 'DevOps: VS Code has no sign-in for this GitHub Enterprise host. Store a personal access token instead.',
      'Set GitHub Token…',
    );
    if (choice) await vscode.commands.executeCommand('devops.github.setToken');
    return undefined;
  }
  const done = new Set<string>();
  for (const c of withProvider) {
    const provider = deps.auth.providerFor(c.ref)!;
    if (done.has(provider)) continue;
    done.add(provider);
    const token = await deps.auth.token(c.ref, true);
    if (token) deps.log.info(`GitHub: signed in${token.account ? ` as ${token.account}` : ''} (${provider})`);
  }
  await deps.reconnect();
  return done.size;
}

async function setToken(deps: GitHubCommandDeps) {
  const ask = deps.prompter();
  const origins = new Map<string, string>();
  for (const c of deps.connections())
    origins.set(new URL(c.ref.apiBase).origin, `${c.fullName}${c.ref.enterprise ? ' · GitHub Enterprise Server' : ''}`);
  for (const h of enterpriseHosts())
    if (!origins.has(new URL(h.apiBase).origin)) origins.set(new URL(h.apiBase).origin, 'GitHub Enterprise Server (settings)');
  if (!origins.has(DOTCOM_API)) origins.set(DOTCOM_API, 'github.com');
  const items = [...origins].map(([origin, description]) => ({ label: origin, description, origin }));
  const chosen =
    items.length === 1
      ? items[0]
      : await ask.pick(items, {
          title: 'Set GitHub Token: for which GitHub?',
          placeHolder: 'API origin the token is sent to, and only to',
        });
  if (!chosen) return undefined;
  const had = await deps.auth.hasStoredToken(chosen.origin);
  const token = await ask.input({
    title: `Set GitHub Token: ${chosen.origin}`,
    prompt: `A personal access token with the "repo" scope (fine-grained: read issues, pull requests, actions, deployments; write for reviews, merges, re-runs). It is kept in VS Code's secret storage and sent only to ${chosen.origin}.${had ? ' Leave empty to remove the stored token.' : ''}`,
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) => (/\s/.test(v.trim()) ? 'A token has no spaces.' : !v.trim() && !had ? 'Paste a token.' : undefined),
  });
  if (token === undefined) return undefined;
  await deps.auth.setToken(chosen.origin, token.trim() || undefined);
  deps.log.info(`GitHub: token ${token.trim() ? 'stored' : 'removed'} for ${chosen.origin}`);
  await deps.reconnect();
  void notify('info', `DevOps: GitHub token ${token.trim() ? 'stored' : 'removed'} for ${chosen.origin}.`);
  return chosen.origin;
}

async function startWork(deps: GitHubCommandDeps, arg: unknown) {
  const { signal, connection } = await target(deps, arg, 'workItem', 'Start Work on Item');
  const root = vscode.Uri.file(connection.workspace.repo.root);
  const proposed = connection.source.branchNameFor(signal, branchTemplate(root));
  if (!proposed.ok) deps.log.warn(`GitHub: branch template: ${proposed.reason}`);
  const work = await switchToWorkBranch(deps.prompter(), connection.workspace.repo, {
    title: `Start Work on #${String(signal.detail?.number ?? '')}: branch name`,
    proposed,
    setting: 'devops.github.branchTemplate',
  });
  if (!work) return undefined;
  const { branch, created } = work;
  deps.log.info(`GitHub: ${created ? 'created' : 'switched to'} branch ${branch} for ${signal.id}`);
  await deps.git.refresh(connection.workspace);
  void deps.refreshPhase(connection, 'build');
  void notify('info', `DevOps: ${created ? 'created and switched to' : 'switched to'} branch ${branch}.`);
  return branch;
}

async function checkoutPullRequest(deps: GitHubCommandDeps, arg: unknown) {
  const { signal, connection } = await target(deps, arg, 'pullRequest', 'Check Out Pull Request');
  const number = Number(signal.detail?.number);
  if (!Number.isSafeInteger(number) || number <= 0) throw new Error(`${oneLine(signal.title, 60)} has no pull request number.`);
  const head = (signal.detail?.head as { ref?: string } | undefined)?.ref ?? '';
  const branch = head && !checkBranchName(head) ? head : `pr-${number}`;
  await checkOutReview(connection.workspace.repo, {
    branch,
    remote: connection.remoteName,
    headRef: `refs/pull/${number}/head`,
    kind: 'pull request',
    reference: `#${number}`,
  });
  deps.log.info(`GitHub: checked out pull request #${number} as ${branch}`);
  await deps.git.refresh(connection.workspace);
  void deps.refreshPhase(connection, 'build');
  void notify('info', `DevOps: pull request #${number} checked out as ${branch}.`);
  return branch;
}

async function approve(deps: GitHubCommandDeps, arg: unknown) {
  const { signal, connection } = await target(deps, arg, 'pullRequest', 'Approve Pull Request');
  const number = Number(signal.detail?.number);
  const body = await deps.prompter().input({ title: `Approve #${number}: comment (optional)`, prompt: oneLine(signal.title) });
  if (body === undefined) return undefined;
  await progress(`approving #${number}`, () => connection.source.approve(number, body.trim() || undefined));
  await deps.refreshPhase(connection, 'code');
  void notify('info', `DevOps: pull request #${number} approved.`);
  return number;
}

async function requestChanges(deps: GitHubCommandDeps, arg: unknown) {
  const { signal, connection } = await target(deps, arg, 'pullRequest', 'Request Changes');
  const number = Number(signal.detail?.number);
  const body = await deps.prompter().input({
    title: `Request Changes on #${number}`,
    prompt: 'What should change? (GitHub requires a comment)',
    validateInput: (v) => (v.trim() ? undefined : 'Say what should change.'),
  });
  if (!body?.trim()) return undefined;
  await progress(`requesting changes on #${number}`, () => connection.source.requestChanges(number, body.trim()));
  await deps.refreshPhase(connection, 'code');
  void notify('info', `DevOps: changes requested on pull request #${number}.`);
  return number;
}

async function merge(deps: GitHubCommandDeps, arg: unknown) {
  const { signal, connection } = await target(deps, arg, 'pullRequest', 'Merge Pull Request');
  const number = Number(signal.detail?.number);
  const configured = mergeMethod(vscode.Uri.file(connection.workspace.repo.root));
  const method =
    configured !== 'ask'
      ? configured
      : (
          await deps
            .prompter()
            .pick(MERGE_METHODS, { title: `Merge #${number}: ${oneLine(signal.title, 80)}`, placeHolder: 'How to merge' })
        )?.method;
  if (!method) return undefined;
  const headSha = (signal.detail?.head as { sha?: string } | undefined)?.sha;
  try {
    const result = await progress(`merging #${number}`, () => connection.source.merge(number, method, headSha));
    void notify('info', `DevOps: pull request #${number} merged (${shortSha(result.sha)}).`);
  } catch (err) {
    // GitHub's refusal (not mergeable, head moved, method not allowed) is the message to show.
    if (err instanceof SourceError) throw new Error(`GitHub refused to merge #${number}: ${err.serviceMessage ?? err.message}`);
    throw err;
  } finally {
    await deps.refreshPhase(connection, 'code');
  }
  return method;
}

async function runAction(deps: GitHubCommandDeps, arg: unknown, action: 'rerun' | 'cancel') {
  const picked = resolveSignal(deps.hub, arg);
  const run = picked?.kind === 'job' && picked.parentId ? deps.hub.get(picked.parentId) : picked;
  const { signal, connection } = await target(deps, run?.id, 'pipelineRun', action === 'rerun' ? 'Re-run Failed Jobs' : 'Cancel Run');
  const runId = Number(signal.detail?.runId);
  if (action === 'rerun') {
    await progress(`re-running the failed jobs of ${oneLine(signal.title, 60)}`, () => connection.source.rerunFailedJobs(runId));
  } else {
    await progress(`cancelling ${oneLine(signal.title, 60)}`, () => connection.source.cancelRun(runId));
  }
  deps.log.info(`GitHub: ${action === 'rerun' ? 're-run of failed jobs requested' : 'cancel requested'} for run ${runId}`);
  await deps.refreshPhase(connection, 'build');
  return runId;
}

async function openJobLog(deps: GitHubCommandDeps, arg: unknown) {
  let job = resolveSignal(deps.hub, arg);
  if (job?.kind === 'pipelineRun') {
    const jobs = deps.hub.children(job.id).filter((s) => s.kind === 'job');
    job =
      jobs.length === 1
        ? jobs[0]
        : (
            await deps.prompter().pick(
              jobs.map((s) => ({ label: oneLine(s.title), description: s.state.native, s })),
              { title: 'Open Job Log: which job?' },
            )
          )?.s;
    if (!job) return undefined;
  }
  const { signal, connection } = await target(deps, job?.id, 'job', 'Open Job Log');
  const jobId = Number(signal.detail?.id ?? signal.id.split(':').pop());
  const uri = jobLogUri(connection, jobId, signal.title);
  const document = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: `DevOps: downloading the log of ${oneLine(signal.title, 60)}` },
    () => Promise.resolve(vscode.workspace.openTextDocument(uri)),
  );
  await deps.logStyles.show(document);
  return document;
}

/** The signal a command acts on (from a tree row, a details button or a picker) and its repository. */
async function target(
  deps: GitHubCommandDeps,
  arg: unknown,
  kind: SignalKind,
  title: string,
): Promise<{ signal: Signal; connection: GitHubConnection }> {
  let signal = resolveSignal(deps.hub, arg);
  if (!signal) {
    const candidates = deps.hub.query({ kind }).filter((s) => s.source.startsWith('github:') && deps.connectionOf(s.source));
    if (candidates.length === 0) throw new Error(`no GitHub ${kindWord(kind)} is known; refresh the views or sign in to GitHub.`);
    signal = await deps.chooseSignal({ arg, candidates, title });
    if (!signal) throw new CommandCancelled();
  }
  if (signal.kind !== kind) throw new Error(`${title} works on a ${kindWord(kind)}, not a ${kindWord(signal.kind)}.`);
  const connection = deps.connectionOf(signal.source);
  if (!connection) throw new Error(`${oneLine(signal.title, 60)} belongs to a GitHub repository that is not connected in this workspace.`);
  if (!connection.signedIn) throw new Error(`sign in to GitHub (or set a token for ${connection.ref.apiBase}) first.`);
  return { signal, connection };
}

function progress<T>(what: string, task: () => Promise<T>): Promise<T> {
  return Promise.resolve(vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `DevOps: ${what}` }, task));
}

function kindWord(kind: SignalKind): string {
  return (
    ({ workItem: 'issue', pullRequest: 'pull request', pipelineRun: 'workflow run', job: 'job' } as Partial<Record<SignalKind, string>>)[
      kind
    ] ?? kind
  );
}
