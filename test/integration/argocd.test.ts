/**
 * Argo CD in the real extension host, against the local server that answers only as Argo CD's
 * Swagger description documents (test/fixtures/argocd/argoServer.ts): an application whose source
 * repository is the workspace's remote (an SSH remote here, an HTTPS repoURL there) shows in the
 * Deploy view with its history and a warning badge while out of sync; the commit it synced makes the
 * code's lines say "live in <env>" (CodeLens); Sync and Rollback reach the server as documented.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SignalNode, TreeNode } from '../../src/core/phaseTree';
import type { DevOpsApi } from '../../src/extension';
import { ArgoServer, EXTRACT_PATH } from '../fixtures/argocd/argoServer';
import { argoApp } from '../fixtures/argocd/synthetic';
import { activateExtension, EXTENSION_ID, waitFor } from './api';
import { ScriptedPrompter } from './scriptedPrompter';

const TOKEN = 'argocd-itest-0123456789abcdef';
const REMOTE = 'argocd-itest';
const IDENTITY = 'git.example.com/shop/checkout';
const ENV = 'argo-production';

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();
const allNodes = (nodes: readonly TreeNode[]): TreeNode[] =>
  nodes.flatMap((n) => [n, ...(n.type === 'health' ? [] : allNodes(n.children))]);

describe('Argo CD (applications of the workspace repository, token from SecretStorage)', function () {
  this.timeout(120_000);
  let api: DevOpsApi;
  let server: ArgoServer;
  let root: string;
  let head: string;
  let previous: string;

  const appNode = () =>
    allNodes(api.views.deploy.getChildren()).find((n): n is SignalNode => n.type === 'signal' && n.signal.detail?.argocdApp === true);

  before(async () => {
    api = await activateExtension();
    const extensionPath = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
    if (!fs.existsSync(EXTRACT_PATH)) fs.copyFileSync(path.join(extensionPath, 'test/fixtures/argocd/swagger-extract.json'), EXTRACT_PATH);
    server = await ArgoServer.start({ token: TOKEN });
    const repo = await waitFor('the demo repository', () => api.git.all()[0]);
    root = repo.repo.root;
    head = git(root, 'rev-parse', 'HEAD');
    previous = git(root, 'rev-parse', 'HEAD~1');
    server.setApp(
      argoApp({
        name: 'shop-prod',
        repoURL: `https://${IDENTITY}.git`,
        sync: 'OutOfSync',
        history: [
          { id: 0, revision: previous, deployedAt: new Date(Date.now() - 2 * 86_400_000).toISOString(), username: 'alice' },
          { id: 1, revision: head, deployedAt: new Date(Date.now() - 3_600_000).toISOString(), automated: true },
        ],
        syncedRevision: head,
      }),
    );
    server.setRevision(head, { author: 'Bob <bob@example.com>', message: 'Ship it', date: new Date().toISOString() });
    git(root, 'remote', 'add', REMOTE, `git@${IDENTITY.replace('/', ':')}.git`);
    await api.git.refresh(repo);
    await waitFor('the remote identity', () => api.git.identitiesOf(repo).includes(IDENTITY));
    await vscode.workspace
      .getConfiguration('devops.argocd')
      .update('instances', [{ url: server.url, environments: { 'shop-prod': ENV } }], vscode.ConfigurationTarget.Global);
    await api.services.discoverNow('argocd');
    const prompter = new ScriptedPrompter([{ input: TOKEN }]);
    api.setPrompter(prompter);
    await vscode.commands.executeCommand('devops.argocd.setToken');
    assert.ok(prompter.done, `questions asked: ${prompter.asked.join(' | ')}`);
  });

  after(async () => {
    if (!api) return;
    api.setPrompter(new ScriptedPrompter([{ input: '' }]));
    await vscode.commands.executeCommand('devops.argocd.setToken');
    api.setPrompter(undefined);
    if (root) git(root, 'remote', 'remove', REMOTE);
    await vscode.workspace.getConfiguration('devops.argocd').update('instances', undefined, vscode.ConfigurationTarget.Global);
    await waitFor('Argo CD signals to leave the hub', () => !api.hub.all().some((s) => s.source.startsWith('argocd:')));
    assert.equal(api.treeViews.deploy.badge, undefined);
    assert.deepEqual(server.violations, [], 'every request was one Argo CD documents');
    await server?.close();
  });

  it('shows the application with its history in the Deploy view, and a warning badge while it is out of sync', async () => {
    const app = await waitFor('shop-prod in the Deploy view', appNode);
    assert.equal(app.signal.title, 'shop-prod');
    assert.equal(app.description, `OutOfSync · Healthy · ${head.slice(0, 8)} → ${ENV}`);
    assert.equal(api.views.deploy.getTreeItem(app).contextValue, 'signal.argocd.deployment.queued.url');
    assert.deepEqual(
      app.children.map((c) => (c.type === 'signal' ? c.description : '')),
      [`${head.slice(0, 8)} · automated sync`, `${previous.slice(0, 8)} · alice`],
    );
    await waitFor('the badge', () => api.treeViews.deploy.badge?.value === 1);
    assert.match(api.treeViews.deploy.badge?.tooltip ?? '', /1 Argo CD application out of sync or degraded/);
    assert.ok(server.requests.every((r) => r.authorization === `Bearer ${TOKEN}`));
  });

  it("makes the synced commit's lines say where they run (CodeLens)", async () => {
    const file = vscode.Uri.file(path.join(root, 'src', 'math.ts'));
    await vscode.window.showTextDocument(file);
    const titles = await waitFor(`a CodeLens saying the code is live in ${ENV}`, async () => {
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', file, 100);
      const t = lenses.map((l) => l.command?.title ?? '');
      return t.some((x) => x.includes(`live in ${ENV}`)) && t;
    });
    assert.ok(titles.length > 0);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it("offers the Argo CD actions on its items and no other service's", () => {
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as {
      contributes: { menus: Record<string, { command: string; when?: string }[]> };
    };
    const offered = manifest.contributes.menus['view/item/context']
      .filter((m) => {
        const item = /viewItem =~ \/(.+?)\/(?:\s|$)/.exec(m.when ?? '')?.[1];
        return (
          item !== undefined &&
          /view == devops\.deploy\b/.test(m.when ?? '') &&
          new RegExp(item).test('signal.argocd.deployment.queued.url')
        );
      })
      .map((m) => m.command);
    for (const c of ['devops.argocd.sync', 'devops.argocd.refresh', 'devops.argocd.rollback', 'devops.argocd.open'])
      assert.ok(offered.includes(c), offered.join(', '));
    assert.deepEqual(
      offered.filter((c) => !c.startsWith('devops.argocd.')),
      [],
    );
  });

  it('Sync (with prune) reaches the server, and the app and badge follow', async () => {
    const app = await waitFor('shop-prod', appNode);
    const prompter = new ScriptedPrompter([{ pick: 'Sync and prune' }]);
    api.setPrompter(prompter);
    const chosen = await vscode.commands.executeCommand('devops.argocd.sync', app.signal.id);
    assert.equal(chosen, 'Sync and prune');
    const [sync] = server.requestsOf('POST /api/v1/applications/{name}/sync');
    assert.deepEqual(sync.body, { name: 'shop-prod', appNamespace: 'argocd', prune: true, dryRun: false });
    assert.equal(sync.status, 200);
    await waitFor('the app to be synced', () => appNode()?.signal.detail?.sync === 'Synced');
    await waitFor('the badge to go', () => api.treeViews.deploy.badge === undefined);
  });

  it('brings a change through the application stream while the window is focused, without waiting for a poll', async () => {
    assert.ok(vscode.window.state.focused, 'the test host window has focus');
    await waitFor('the application stream to be open', () => server.openStreams > 0);
    const [stream] = server.requestsOf('GET /api/v1/stream/applications');
    assert.equal(stream.authorization, `Bearer ${TOKEN}`);
    const lists = server.requestsOf('GET /api/v1/applications').length;
    const degraded = structuredClone(server.apps[0]);
    (degraded.status as { health: { status: string } }).health.status = 'Degraded';
    server.setApp(degraded);
    server.emit('MODIFIED', degraded);
    await waitFor('the degraded app', () => appNode()?.signal.state.normal === 'failed');
    assert.equal(server.requestsOf('GET /api/v1/applications').length, lists, 'no poll brought it');
    await waitFor('the badge for the degraded app', () => api.treeViews.deploy.badge?.value === 1);
    const healthy = structuredClone(degraded);
    (healthy.status as { health: { status: string } }).health.status = 'Healthy';
    server.setApp(healthy);
    server.emit('MODIFIED', healthy);
    await waitFor('the app healthy again', () => appNode()?.signal.state.normal === 'success');
  });

  it('Rollback to a history entry asks first, naming the revision, and reaches the server', async () => {
    const entry = await waitFor('the first history entry', () =>
      api.hub.all().find((s) => s.source.startsWith('argocd:') && s.detail?.historyId === 0),
    );
    api.setPrompter(new ScriptedPrompter([{ confirm: false }]));
    assert.equal(await vscode.commands.executeCommand('devops.argocd.rollback', entry.id), undefined);
    assert.equal(server.requestsOf('POST /api/v1/applications/{name}/rollback').length, 0, 'declined: nothing sent');
    const prompter = new ScriptedPrompter([{ confirm: new RegExp(`to revision ${previous.slice(0, 8)} \\(history entry 0`) }]);
    api.setPrompter(prompter);
    assert.equal(await vscode.commands.executeCommand('devops.argocd.rollback', entry.id), previous);
    const [rollback] = server.requestsOf('POST /api/v1/applications/{name}/rollback');
    assert.deepEqual(rollback.body, { name: 'shop-prod', appNamespace: 'argocd', id: 0, prune: false, dryRun: false });
    await waitFor('the rolled-back revision to run', () => appNode()?.signal.detail?.currentRevision === previous);
  });
});
