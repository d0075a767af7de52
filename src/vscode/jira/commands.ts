import * as vscode from 'vscode';
import { DEFAULT_BRANCH_TEMPLATE } from '../../core/branchName';
import { jiraBranchName } from '../../sources/jira';
import { oneLine } from '../../core/format';
import type { SignalHub } from '../../core/hub';
import type { Signal } from '../../core/signal';
import { SourceError } from '../../core/sourceError';
import { resolveSignal } from '../commands';
import type { GitWorkspace, WorkspaceRepository } from '../git/gitWorkspace';
import { switchToWorkBranch } from '../git/workBranches';
import { CommandCancelled } from '../guardedCommand';
import { notify } from '../notify';
import type { Prompter } from '../prompter';
import type { ServiceHost } from '../serviceHost';
import type { JiraConnection } from './connection';
import type { JiraCredentials } from './credentials';
import { SECTION } from './settings';

export interface JiraCommandDeps {
  hub: SignalHub;
  git: GitWorkspace;
  credentials: JiraCredentials;
  log: vscode.LogOutputChannel;
  prompter: () => Prompter;
  chooseSignal: ServiceHost['chooseSignal'];
  connections(): JiraConnection[];
  connectionOf(sourceId: string): JiraConnection | undefined;
  reconnect(): Promise<void>;
  refreshNow(sourceId: string): Promise<void>;
}

/** The Jira commands; every failure is shown and logged by the guarded wrapper. */
export function jiraCommands(deps: JiraCommandDeps): Record<string, (arg?: unknown) => unknown> {
  return {
    'devops.jira.setToken': () => setToken(deps),
    'devops.jira.startWork': (arg) => startWork(deps, arg),
    'devops.jira.transition': (arg) => transition(deps, arg),
    'devops.jira.assignToMe': (arg) => assignToMe(deps, arg),
    'devops.jira.addComment': (arg) => addComment(deps, arg),
    'devops.jira.openInBrowser': (arg) => openInBrowser(deps, arg),
  };
}

async function setToken(deps: JiraCommandDeps) {
  const connections = deps.connections();
  if (connections.length === 0) {
    void notify('warning', 'DevOps: add a Jira site to the devops.jira.sites setting first.', 'Open Settings').then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', 'devops.jira.sites');
    });
    return undefined;
  }
  const ask = deps.prompter();
  const c =
    connections.length === 1
      ? connections[0]
      : (
          await ask.pick(
            connections.map((x) => ({
              label: x.site.identity,
              description: x.site.kind === 'cloud' ? 'Jira Cloud' : 'Jira Data Center',
              connection: x,
            })),
            { title: 'Set Jira Token: which site', placeHolder: 'The token is sent to this site only' },
          )
        )?.connection;
  if (!c) return undefined;
  const cloud = c.site.kind === 'cloud';
  const token = await ask.input({
    title: `Jira ${cloud ? 'API token' : 'personal access token'} for ${c.site.origin}`,
    prompt: cloud
      ? `An API token of ${c.site.account ?? 'your account'} (id.atlassian.com → Security → API tokens). Leave empty to forget the stored one.`
      : 'A personal access token (your profile → Personal Access Tokens). Leave empty to forget the stored one.',
    password: true,
    ignoreFocusOut: true,
  });
  if (token === undefined) return undefined;
  await deps.credentials.set(c.site, token.trim() || undefined);
  await deps.reconnect();
  void notify('info', `DevOps: Jira token ${token.trim() ? 'stored' : 'removed'} for ${c.site.origin}; it is sent only there.`);
  return c.site.origin;
}

async function target(
  deps: JiraCommandDeps,
  arg: unknown,
  title: string,
): Promise<{ signal: Signal; connection: JiraConnection; key: string }> {
  let signal = resolveSignal(deps.hub, arg);
  if (!signal) {
    const candidates = deps.hub.query({ kind: 'workItem' }).filter((s) => deps.connectionOf(s.source));
    signal = await deps.chooseSignal({ arg, candidates, title, describe: (s) => `${String(s.detail?.key ?? '')} · ${s.state.native}` });
    if (!signal) throw new CommandCancelled();
  }
  const connection = deps.connectionOf(signal.source);
  const key = String(signal.detail?.key ?? '');
  if (!connection || signal.kind !== 'workItem' || !key)
    throw new Error(`${oneLine(signal.title, 60)} is not an issue of a connected Jira site.`);
  if (!connection.hasToken) throw new Error(`set a Jira token for ${connection.site.origin} first (DevOps: Set Jira Token…).`);
  return { signal, connection, key };
}

async function startWork(deps: JiraCommandDeps, arg: unknown) {
  const { signal, connection, key } = await target(deps, arg, 'Start Work on Jira Issue');
  const r = await repositoryFor(deps);
  const template =
    vscode.workspace.getConfiguration(SECTION, vscode.Uri.file(r.repo.root)).get<string>('branchTemplate')?.trim() ||
    DEFAULT_BRANCH_TEMPLATE;
  const work = await switchToWorkBranch(deps.prompter(), r.repo, {
    title: `Start Work on ${key}: branch name`,
    proposed: jiraBranchName(template, key, signal.title, String(signal.detail?.type ?? '')),
    setting: `${SECTION}.branchTemplate`,
  });
  if (!work) return undefined;
  const done: string[] = [];
  const moved = await pickAndTransition(deps, connection, key, `Start Work on ${key}: move the issue to (optional)`, true);
  if (moved) done.push(`moved ${key} to ${moved}`);
  const ask = deps.prompter();
  if (signal.detail?.assignee === null || !signal.labels.includes('mine')) {
    const assign = await ask.pick(
      [
        { label: 'Assign to me', assign: true },
        { label: 'Leave the assignee', assign: false },
      ],
      { title: `Start Work on ${key}: assignee` },
    );
    if (assign?.assign) {
      await connection.api.assign(key, await connection.source.currentUser());
      done.push('assigned it to you');
    }
  }
  await deps.git.refresh(r);
  if (done.length) void deps.refreshNow(connection.source.id);
  void notify(
    'info',
    `DevOps: ${work.created ? 'created and switched to' : 'switched to'} branch ${work.branch}${done.length ? `; ${done.join(', ')}` : ''}.`,
  );
  return work.branch;
}

/** The issue's available transitions as a pick; the chosen one done. Returns the status it went to. */
async function pickAndTransition(
  deps: JiraCommandDeps,
  c: JiraConnection,
  key: string,
  title: string,
  optional: boolean,
): Promise<string | undefined> {
  const transitions = await c.api.transitions(key);
  if (transitions.length === 0) {
    if (!optional) void notify('info', `DevOps: Jira offers no transition for ${key} now.`);
    return undefined;
  }
  const items = transitions.map((t) => ({
    label: oneLine(t.name ?? t.id, 80),
    description: t.to?.name ? `→ ${oneLine(t.to.name, 60)}` : undefined,
    id: t.id,
    to: t.to?.name ?? t.name ?? t.id,
  }));
  const picked = await deps
    .prompter()
    .pick(optional ? [...items, { label: 'Keep the status', description: undefined, id: '', to: '' }] : items, { title });
  if (!picked) {
    if (optional) return undefined;
    throw new CommandCancelled();
  }
  if (!picked.id) return undefined;
  await c.api.transition(key, picked.id);
  return picked.to;
}

async function transition(deps: JiraCommandDeps, arg: unknown) {
  const { connection, key } = await target(deps, arg, 'Transition Jira Issue');
  const to = await pickAndTransition(deps, connection, key, `Transition ${key}`, false);
  if (!to) return undefined;
  await deps.refreshNow(connection.source.id);
  void notify('info', `DevOps: ${key} moved to ${to}.`);
  return to;
}

async function assignToMe(deps: JiraCommandDeps, arg: unknown) {
  const { connection, key } = await target(deps, arg, 'Assign Jira Issue to Me');
  const me = await connection.source.currentUser();
  await connection.api.assign(key, me);
  await deps.refreshNow(connection.source.id);
  void notify('info', `DevOps: ${key} assigned to ${me.displayName ?? 'you'}.`);
}

async function addComment(deps: JiraCommandDeps, arg: unknown) {
  const { connection, key } = await target(deps, arg, 'Comment on Jira Issue');
  const text = await deps
    .prompter()
    .input({ title: `Comment on ${key}`, prompt: 'Plain text; a blank line starts a new paragraph.', ignoreFocusOut: true });
  if (!text?.trim()) return undefined;
  await connection.api.comment(key, text.trim());
  void notify('info', `DevOps: comment added to ${key}.`);
  return key;
}

async function openInBrowser(deps: JiraCommandDeps, arg: unknown) {
  const signal = resolveSignal(deps.hub, arg);
  if (!signal?.url || !deps.connectionOf(signal.source)) throw new Error('pick a Jira issue in the Plan view.');
  await vscode.env.openExternal(vscode.Uri.parse(signal.url));
}

async function repositoryFor(deps: JiraCommandDeps): Promise<WorkspaceRepository> {
  const repos = deps.git.all();
  if (repos.length === 1) return repos[0];
  const r = await deps.git.pick('Start Work: in which repository', deps.prompter(), vscode.window.activeTextEditor?.document.uri);
  if (!r) {
    if (repos.length === 0) throw new SourceError('Start Work needs a git repository in the workspace.', 'config', 'Jira');
    throw new CommandCancelled();
  }
  return r;
}
