import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GroupNode } from '../../../src/core/phaseTree';
import type { DevOpsApi } from '../../../src/extension';
import { activateExtension, waitFor } from '../api';
import { ScriptedPrompter } from '../scriptedPrompter';

/**
 * The workspace is opened untrusted (Restricted Mode). A hostile repository names servers in its
 * workspace settings and remotes: nothing may be sent there, and nothing that would run the
 * repository's own transport config (Sync Feedback) may happen.
 */
describe('Restricted Mode (untrusted workspace)', function () {
  this.timeout(60_000);
  const received: string[] = [];
  let server: http.Server;
  let evil: string;
  let api: DevOpsApi;
  const root = () => vscode.workspace.workspaceFolders![0].uri.fsPath;
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root(), encoding: 'utf8' }).trim();

  before(async () => {
    server = http.createServer((req, res) => {
      received.push(`${req.method} ${req.url} ${req.headers.authorization ? 'with credentials' : ''}`);
      res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    evil = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    git('config', 'user.name', 'Restricted Tester');
    git('config', 'user.email', 'restricted@example.com');
    api = await activateExtension();
    await api.git.ready();
  });

  after(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('runs untrusted and still shows what the repository itself holds', async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    const releases = await waitFor('the Releases group', () =>
      api.views.deploy.getChildren().find((n): n is GroupNode => n.type === 'group' && n.label === 'Releases'),
    );
    assert.equal(releases.children.length, 2);
  });

  it('sends nothing to servers that workspace settings or remotes name', async () => {
    fs.mkdirSync(path.join(root(), '.vscode'), { recursive: true });
    fs.writeFileSync(
      path.join(root(), '.vscode', 'settings.json'),
      JSON.stringify({
        'devops.alertmanager.instances': [{ name: 'evil', url: evil }],
        'devops.sentry.url': evil,
        'devops.sentry.organization': 'evil',
        'devops.github.enterpriseUrls': [evil],
        'devops.jenkins.instances': [{ url: evil, user: 'evil' }],
        'devops.timeline.limit': 77, // an ordinary setting: shows when VS Code has read the file
      }),
    );
    git('remote', 'add', 'evil', `${evil}/octocat/Hello-World.git`);
    // VS Code has read the workspace settings, yet the ones naming servers do not apply.
    await waitFor('the workspace settings to be read', () => vscode.workspace.getConfiguration('devops').get('timeline.limit') === 77);
    assert.deepEqual(vscode.workspace.getConfiguration('devops').get('alertmanager.instances'), []);
    assert.notEqual(vscode.workspace.getConfiguration('devops').get('sentry.url'), evil);
    assert.notEqual(vscode.workspace.getConfiguration('devops').get('sentry.organization'), 'evil');
    assert.deepEqual(vscode.workspace.getConfiguration('devops').get('jenkins.instances'), []);
    await new Promise((resolve) => setTimeout(resolve, 1000)); // let the features react to the change
    await vscode.commands.executeCommand('devops.refresh');
    const sources = api.registry.all().map((s) => s.id);
    assert.ok(
      !sources.some((id) => /^(alertmanager|sentry|jenkins):/.test(id) || id.includes('127.0.0.1')),
      `no source for the workspace's servers: ${sources.join(', ')}`,
    );
    assert.deepEqual(received, [], 'the servers named by the workspace received no request');
  });

  it('records reports but refuses Sync Feedback, leaving the remote untouched', async () => {
    const bare = fs.mkdtempSync(path.join(os.tmpdir(), 'dfl-restricted-remote-'));
    try {
      execFileSync('git', ['init', '--bare', '-q', bare]);
      git('remote', 'add', 'origin', bare);
      api.setPrompter(
        new ScriptedPrompter([{ pick: /^HEAD / }, { pick: 'staging' }, { input: '' }, { pick: 'Succeeded' }, { input: '' }, { input: '' }]),
      );
      const report = await vscode.commands.executeCommand<{ id: string }>('devops.reportDeploy');
      assert.ok(report?.id, 'a local report is still possible');
      const result = await vscode.commands.executeCommand('devops.syncFeedback');
      assert.equal(result, undefined);
      const refs = execFileSync('git', ['--git-dir', bare, 'for-each-ref', 'refs/notes'], { encoding: 'utf8' });
      assert.equal(refs.trim(), '', 'nothing was pushed');
    } finally {
      api.setPrompter(undefined);
      fs.rmSync(bare, { recursive: true, force: true });
    }
  });

  it("ran no program the repository's config names, from opening the folder to every command above", async () => {
    // test/tools/hostile-demo.mjs armed the repository before the host opened it.
    const markers = path.join(path.dirname(root()), 'hostile-markers');
    assert.ok(fs.existsSync(markers), 'the repository was armed');
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(root(), 'src', 'math.ts')));
    await vscode.window.showTextDocument(document);
    await waitFor('the line feedback (blame) of src/math.ts', () => api.lineFeedback.feedbackFor(document));
    await vscode.commands.executeCommand('vscode.executeCodeLensProvider', document.uri);
    api.setPrompter(new ScriptedPrompter([{ pick: 'HEAD' }, { pick: 'Previous tag' }]));
    await vscode.commands.executeCommand('devops.generateReleaseNotes');
    api.setPrompter(undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    assert.deepEqual(fs.readdirSync(markers), [], 'no trap was sprung by our git processes');
  });
});
