/**
 * Tat and chat webhooks in the real extension host, against the local server that answers only as
 * ovh/tat's routes, models and curl examples document (test/fixtures/tat/docServer.ts) and a webhook
 * receiver that takes only bodies Slack's types allow: Tat messages land in their phase views and the
 * Timeline, a message tagged with a commit shows in that line's hover, a deploy reported to Tat is on
 * the server with its labels and tags, resolving the incident labels the same message, and the webhook
 * gets exactly one post per report.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DevOpsApi } from '../../src/extension';
import { EXTRACT_PATH, TatDocServer } from '../fixtures/tat/docServer';
import { WebhookReceiver } from '../fixtures/webhook/receiver';
import { activateExtension, EXTENSION_ID, waitFor, notificationsFromNow } from './api';
import { ScriptedPrompter } from './scriptedPrompter';

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();

describe('Tat topics and chat webhooks', function () {
  this.timeout(120_000);
  let api: DevOpsApi;
  let server: TatDocServer;
  let receiver: WebhookReceiver;
  let root: string;
  let head: string;
  let lineCommit: string;
  let prompter: ScriptedPrompter | undefined;
  const answer = (...answers: ConstructorParameters<typeof ScriptedPrompter>[0]) => {
    prompter = new ScriptedPrompter(answers);
    api.setPrompter(prompter);
  };

  before(async () => {
    api = await activateExtension();
    const extensionPath = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
    if (!fs.existsSync(EXTRACT_PATH)) fs.copyFileSync(path.join(extensionPath, 'test/fixtures/tat/tat-docs-extract.json'), EXTRACT_PATH);
    server = await TatDocServer.start();
    receiver = await WebhookReceiver.start();
    root = (await waitFor('the demo repository', () => api.git.all()[0])).repo.root;
    head = git(root, 'rev-parse', 'HEAD');
    // The commit that last changed line 1 of src/math.ts: what that line's hover is about.
    lineCommit = git(root, 'blame', '-L', '1,1', '--porcelain', 'src/math.ts').split(' ')[0];
    server.seed('/Team/Deploys', 'api v9.9 rolled out #env:tat-prod #service:api', { labels: [{ text: 'deployed', color: '#0f0' }] });
    server.seed('/Team/Deploys', 'DiskFull on db-1 #alert:DiskFull #service:db', { labels: [{ text: 'firing', color: '#f00' }] });
    server.seed('/Team/Deploys', `Reviewed in the release meeting #commit:${lineCommit}`, {
      author: { username: 'ana', fullname: 'Ana Reviewer' },
    });
    await vscode.workspace
      .getConfiguration('devops.tat')
      .update(
        'instances',
        [{ url: server.origin, username: server.username, topics: ['/Team/Deploys'] }],
        vscode.ConfigurationTarget.Global,
      );
    answer({ input: server.password });
    await vscode.commands.executeCommand('devops.tat.setPassword');
    answer({ input: '#deploys' }, { input: receiver.url });
    await vscode.commands.executeCommand('devops.webhook.add');
  });

  afterEach(() => {
    if (prompter) assert.ok(prompter.done, `unanswered questions remain: ${prompter.asked.join(' / ')}`);
    api.setPrompter(undefined);
    prompter = undefined;
  });

  after(async () => {
    if (!server || !receiver) return;
    answer({ input: '' });
    await vscode.commands.executeCommand('devops.tat.setPassword');
    answer({ pick: '#deploys' });
    await vscode.commands.executeCommand('devops.webhook.remove');
    api.setPrompter(undefined);
    await vscode.workspace.getConfiguration('devops.tat').update('instances', undefined, vscode.ConfigurationTarget.Global);
    assert.deepEqual(server.violations, [], 'every request was one Tat documents');
    assert.deepEqual(receiver.violations, [], 'every webhook body was one Slack takes');
    await server.close();
    await receiver.close();
  });

  it('shows Tat messages in their phase views and the Timeline, with Tat_username / Tat_password sent', async () => {
    const deploy = await waitFor('the Tat deploy in the Deploy view', () =>
      api.hub.query({ kind: 'deployment' }).find((s) => s.source.startsWith('tat:') && s.title === 'api v9.9 rolled out'),
    );
    assert.equal(deploy.state.normal, 'success');
    assert.equal(deploy.anchors.environment, 'tat-prod');
    const alert = api.hub.query({ kind: 'alert' }).find((s) => s.source.startsWith('tat:'));
    assert.equal(alert?.state.normal, 'firing');
    const timeline = api.views.timeline.getChildren().filter((n) => n.type === 'signal' && n.signal.source.startsWith('tat:'));
    assert.equal(timeline.length, 3);
    // The Timeline filter works on Tat's labels and tags like on ours.
    api.views.timeline.setFilter(['service:db']);
    try {
      const filtered = api.views.timeline.getChildren().filter((n) => n.type === 'signal');
      assert.deepEqual(
        filtered.map((n) => n.type === 'signal' && n.signal.title),
        ['DiskFull on db-1'],
      );
    } finally {
      api.views.timeline.setFilter([]);
    }
    assert.ok(server.requests.every((r) => r.username === server.username && r.password === server.password));
  });

  it("shows a message tagged with the commit in that line's hover", async () => {
    const file = vscode.Uri.file(path.join(root, 'src', 'math.ts'));
    await vscode.window.showTextDocument(file);
    const text = await waitFor('the Tat message in the hover', async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', file, new vscode.Position(0, 1));
      const all = hovers
        .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : '')))
        .join('\n')
        .replace(/&nbsp;/g, ' ');
      return /Reviewed in the release meeting/.test(all.replace(/\\/g, '')) && all;
    });
    assert.match(text.replace(/\\/g, ''), /Ana Reviewer/);
  });

  it('reports a deploy to Tat and the webhook: labels and tags on the server, one webhook post, recorded in the journal', async () => {
    answer(
      { pick: /^HEAD / },
      { pick: /New environment/ },
      { input: 'qa' },
      { input: '' },
      { pick: 'Succeeded' },
      { input: '' },
      { input: '' },
      { pickMany: [/git notes journal/, /Tat topic \/Team\/Deploys/, /Slack #deploys/] },
    );
    const report = await vscode.commands.executeCommand<{ id: string; postedTo?: Array<{ where: string }> }>('devops.reportDeploy');
    const posted = server.messages.find((m) => m.tags?.includes(`report:${report.id}`));
    assert.ok(posted, 'the deploy is on the Tat server');
    assert.deepEqual(
      posted.labels?.map((l) => l.text),
      ['deploy', 'success'],
    );
    assert.ok(posted.tags?.includes(`commit:${head}`) && posted.tags.includes('env:qa'));
    assert.equal(receiver.received.length, 1, 'exactly one webhook post');
    assert.deepEqual(
      report.postedTo?.map((p) => p.where),
      ['Tat topic /Team/Deploys', 'Slack #deploys'],
    );
    assert.match(
      git(root, 'notes', '--ref', 'devops-feedback', 'show', head),
      /"postedTo":\[\{"service":"Tat","where":"Tat topic \/Team\/Deploys"/,
    );
    const item = await waitFor('the deploy in the Timeline saying where else it went', () =>
      api.views.timeline.getChildren().find((n) => n.type === 'signal' && n.signal.detail?.reportId === report.id),
    );
    assert.match(String(api.views.timeline.getTreeItem(item).description), /also posted to Tat topic \/Team\/Deploys, Slack #deploys/);
  });

  it('reports an incident to Tat and resolving it labels the same message', async () => {
    const file = vscode.Uri.file(path.join(root, 'src', 'math.ts'));
    const editor = await vscode.window.showTextDocument(file);
    editor.selection = new vscode.Selection(1, 0, 2, 4);
    answer(
      { pick: 'major' },
      { input: 'latency up after qa deploy' },
      { pick: 'No linked deploy' },
      { pickMany: [/git notes journal/, /Tat topic \/Team\/Deploys/, /Slack #deploys/] },
    );
    const report = await vscode.commands.executeCommand<{ id: string }>('devops.reportIncident');
    const message = server.messages.find((m) => m.tags?.includes(`report:${report.id}`));
    assert.ok(message);
    assert.deepEqual(
      message.labels?.map((l) => l.text),
      ['incident', 'major', 'open'],
    );
    assert.ok(message.tags?.includes('file:src/math.ts:2-3'));
    assert.equal(receiver.received.length, 2, 'one more webhook post, one per report');
    const incident = await waitFor('the incident from the journal', () =>
      api.hub.query({ kind: 'incident' }).find((s) => s.detail?.reportId === report.id),
    );
    const messagesBefore = server.messages.length;
    answer({ input: 'rolled back' });
    await vscode.commands.executeCommand('devops.resolveIncident', incident.id);
    assert.deepEqual(
      server.find(message._id)?.labels?.map((l) => l.text),
      ['incident', 'major', 'resolved'],
    );
    assert.equal(server.messages.length, messagesBefore, 'no second message');
    assert.equal(receiver.received.length, 2);
  });

  it('keeps a report in the journal when the webhook fails twice, and says why', async () => {
    receiver.failNext.push(500, 500);
    const attempts = receiver.attempts;
    const shownSince = notificationsFromNow(api);
    answer(
      { pick: /^HEAD / },
      { pick: 'qa' },
      { input: 'v-webhook-down' },
      { pick: 'Succeeded' },
      { input: '' },
      { input: '' },
      { pickMany: [/git notes journal/, /Tat topic \/Team\/Deploys/, /Slack #deploys/] },
    );
    assert.equal(await vscode.commands.executeCommand('devops.reportDeploy'), undefined);
    assert.equal(receiver.attempts - attempts, 2, 'one post and one retry, no more');
    const error = shownSince().find((n) => n.level === 'error');
    assert.ok(error, 'the failure is shown');
    assert.match(error.message, /Slack #deploys: the webhook "#deploys" did not take the message after 2 attempts \(HTTP 500/);
    assert.match(error.message, /it is in the git journal/);
    assert.ok(!error.message.includes('secretpart'), 'the webhook URL is never shown');
    const note = git(root, 'notes', '--ref', 'devops-feedback', 'show', head);
    const line = note.split('\n').find((l) => l.includes('v-webhook-down'));
    assert.ok(line, 'the report is in the journal');
    assert.deepEqual(
      (JSON.parse(line) as { postedTo: Array<{ where: string }> }).postedTo.map((p) => p.where),
      ['Tat topic /Team/Deploys'],
      'only where it really went',
    );
  });
});
