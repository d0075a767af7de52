/**
 * Connecting the workspace's demo repository to a local forge test server the way a user does (the server's origin in
 * the settings, a remote pointing at it, the token through the command), and disconnecting it again so later suites
 * start clean. Shared by the suites that talk to GitHub or GitLab test servers.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';
import type { DevOpsApi } from '../../src/extension';
import { waitFor } from './api';
import { ScriptedPrompter } from './scriptedPrompter';

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();
const GITHUB_HOST_PICK = /^http:\/\/127\.0\.0\.1:\d+$/;
const GITLAB_TOKEN_KIND = /Personal, group or project access token/;

/** A GitHub Enterprise Server at `origin` (the OpenAPI test server): setting, remote `remote`, token. */
export async function connectGitHub(api: DevOpsApi, o: { root: string; remote: string; origin: string; fullName: string; token: string }) {
  await vscode.workspace.getConfiguration('devops.github').update('enterpriseUrls', [o.origin], vscode.ConfigurationTarget.Global);
  git(o.root, 'remote', 'add', o.remote, `${o.origin}/${o.fullName}.git`);
  const prompter = new ScriptedPrompter([{ pick: GITHUB_HOST_PICK }, { input: o.token }]);
  api.setPrompter(prompter);
  await vscode.commands.executeCommand('devops.github.setToken');
  assert.ok(prompter.done, `questions asked: ${prompter.asked.join(' | ')}`);
}

/** The token removed, the remote and the setting gone, and the GitHub signals out of the hub. */
export async function disconnectGitHub(api: DevOpsApi, o: { root?: string; remote: string }) {
  api.setPrompter(new ScriptedPrompter([{ pick: GITHUB_HOST_PICK }, { input: '' }]));
  await vscode.commands.executeCommand('devops.github.setToken');
  api.setPrompter(undefined);
  if (o.root) git(o.root, 'remote', 'remove', o.remote);
  await vscode.workspace.getConfiguration('devops.github').update('enterpriseUrls', undefined, vscode.ConfigurationTarget.Global);
  await waitFor('GitHub signals to leave the hub', () => !api.hub.all().some((s) => s.source.startsWith('github:')));
}

/** A self-managed GitLab at `webBase` (the docs test server): instance setting, remote, project found, token. */
export async function connectGitLab(api: DevOpsApi, o: { root: string; remote: string; webBase: string; project: string; token: string }) {
  await vscode.workspace.getConfiguration('devops.gitlab').update('instances', [{ url: o.webBase }], vscode.ConfigurationTarget.Global);
  git(o.root, 'remote', 'add', o.remote, `${o.webBase}/${o.project}.git`);
  // Discovery finds the project from the remote and the instance setting, and makes its identity an alias of the folder.
  const repo = api.git.all().find((r) => r.repo.root === o.root);
  assert.ok(repo, `the repository ${o.root} is open`);
  await waitFor('the GitLab project to be found', async () => {
    await api.services.discoverNow('gitlab');
    return api.git.identitiesOf(repo).some((i) => i.endsWith(`/gitlab/${o.project}`));
  });
  const prompter = new ScriptedPrompter([{ pick: GITLAB_TOKEN_KIND }, { input: o.token }]);
  api.setPrompter(prompter);
  await vscode.commands.executeCommand('devops.gitlab.setToken');
  assert.ok(prompter.done, `questions asked: ${prompter.asked.join(' | ')}`);
}

/** The token removed, the remote and the instance setting gone, and the GitLab signals out of the hub. */
export async function disconnectGitLab(api: DevOpsApi, o: { root?: string; remote: string }) {
  api.setPrompter(new ScriptedPrompter([{ pick: GITLAB_TOKEN_KIND }, { input: '' }]));
  await vscode.commands.executeCommand('devops.gitlab.setToken');
  api.setPrompter(undefined);
  if (o.root) git(o.root, 'remote', 'remove', o.remote);
  await vscode.workspace.getConfiguration('devops.gitlab').update('instances', undefined, vscode.ConfigurationTarget.Global);
  await waitFor('GitLab signals to leave the hub', () => !api.hub.all().some((s) => s.source.startsWith('gitlab:')));
}
