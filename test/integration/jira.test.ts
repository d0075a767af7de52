/**
 * Jira Cloud in the real extension host, against the local server that answers only as Atlassian's
 * OpenAPI descriptions do (test/fixtures/jira/docServer.ts): with no board setting, the board of the
 * project the demo's branch and commits name (PROJ) is found and its active sprint appears in the Plan
 * view, the current branch's issue marked; Start Work creates the branch `PROJ-1-…` and the chosen
 * transition and assignment reach the server; release notes title `PROJ-7` with its Jira summary.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GroupNode, SignalNode, TreeNode } from '../../src/core/phaseTree';
import type { DevOpsApi } from '../../src/extension';
import { EXTRACT_PATH, JiraDocServer } from '../fixtures/jira/docServer';
import { sprintData } from '../fixtures/jira/synthetic';
import { activateExtension, EXTENSION_ID, waitFor } from './api';
import { ScriptedPrompter } from './scriptedPrompter';

const TOKEN = 'ATATT3xFfGF0-itest-0123456789';
const EMAIL = 'ada@example.com';

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();
const allNodes = (nodes: readonly TreeNode[]): TreeNode[] =>
  nodes.flatMap((n) => [n, ...(n.type === 'health' ? [] : allNodes(n.children))]);

/** Answers as scripted and keeps the values the input boxes proposed. */
class RecordingPrompter extends ScriptedPrompter {
  readonly proposed: string[] = [];
  override async input(options: vscode.InputBoxOptions): Promise<string | undefined> {
    this.proposed.push(options.value ?? '');
    return super.input(options);
  }
}

describe('Jira Cloud (site from devops.jira.sites, API token from SecretStorage)', function () {
  this.timeout(120_000);
  let api: DevOpsApi;
  let server: JiraDocServer;
  let root: string;
  let branch: string;

  before(async () => {
    api = await activateExtension();
    const extensionPath = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
    if (!fs.existsSync(EXTRACT_PATH)) fs.copyFileSync(path.join(extensionPath, 'test/fixtures/jira/jira-api-extract.json'), EXTRACT_PATH);
    const data = sprintData('cloud', 7, 3);
    data.issues['PROJ-7'].fields.summary = 'Median <b>helper</b> [x](command:evil)';
    data.issues['PROJ-7'].fields.fixVersions = [{ id: '100', name: '1.2.0' }];
    data.issues['PROJ-3'].fields.fixVersions = [{ id: '100', name: '1.2.0' }];
    server = await new JiraDocServer({ kind: 'cloud', email: EMAIL, token: TOKEN, data }).start();
    const repo = await waitFor('the demo repository', () => api.git.all()[0]);
    root = repo.repo.root;
    branch = (await repo.repo.currentBranch())!;
    await vscode.workspace
      .getConfiguration('devops.jira')
      .update('sites', [{ url: server.url, kind: 'cloud', email: EMAIL }], vscode.ConfigurationTarget.Global);
    await api.services.discoverNow('jira');
  });

  after(async () => {
    if (!api) return;
    api.setPrompter(new ScriptedPrompter([{ input: '' }]));
    await vscode.commands.executeCommand('devops.jira.setToken');
    api.setPrompter(undefined);
    await vscode.workspace.getConfiguration('devops.jira').update('sites', undefined, vscode.ConfigurationTarget.Global);
    await waitFor('Jira signals to leave the hub', () => !api.hub.all().some((s) => s.source.startsWith('jira:')));
    assert.deepEqual(server.violations, [], 'every request was one the descriptions document');
    await server?.stop();
  });

  it('stores the token for the site only, then shows the active sprint of the board the repository names, the current branch marked', async () => {
    const prompter = new ScriptedPrompter([{ input: TOKEN }]);
    api.setPrompter(prompter);
    await vscode.commands.executeCommand('devops.jira.setToken');
    assert.ok(prompter.done, prompter.asked.join(' | '));
    const sprint = await waitFor('the sprint in the Plan view', () =>
      allNodes(api.views.plan.getChildren()).find((n): n is GroupNode => n.type === 'group' && n.label === 'PROJ board · Sprint 4'),
    );
    assert.match(sprint.description ?? '', /^Ship the checkout · ends 2026-12-07/);
    const items = allNodes(sprint.children).filter((n): n is SignalNode => n.type === 'signal');
    assert.equal(items.length, 7);
    const seven = items.find((n) => n.signal.detail?.key === 'PROJ-7')!;
    assert.match(seven.description ?? '', /current branch$/, 'HEAD is feature/PROJ-7-median');
    const treeItem = api.views.plan.getTreeItem(seven);
    assert.equal(treeItem.contextValue, 'signal.jira.workItem.open.url');
    assert.equal(treeItem.label, 'Median <b>helper</b> [x](command:evil)', 'the summary as text (a tree label renders no markup)');
    const boards = server.calls('GET /rest/agile/1.0/board').map((r) => new URL(r.url, 'http://x').searchParams.get('projectKeyOrId'));
    assert.ok(boards.includes('PROJ'), `boards asked for ${boards.join(', ')}`);
    const auth = `Basic ${Buffer.from(`${EMAIL}:${TOKEN}`).toString('base64')}`;
    assert.ok(server.calls().every((r) => r.authorization === auth));
  });

  it('Start Work creates PROJ-1-issue-number-1, moves the issue with the chosen transition and assigns it', async () => {
    const issue = await waitFor('PROJ-1 in the hub', () =>
      api.hub.all().find((s) => s.source.startsWith('jira:') && s.detail?.key === 'PROJ-1'),
    );
    const prompter = new RecordingPrompter([{ input: 'PROJ-1-issue-number-1' }, { pick: 'Start progress' }, { pick: 'Assign to me' }]);
    api.setPrompter(prompter);
    try {
      assert.equal(await vscode.commands.executeCommand('devops.jira.startWork', issue.id), 'PROJ-1-issue-number-1');
      assert.ok(prompter.done, prompter.asked.join(' | '));
      assert.deepEqual(prompter.proposed, ['PROJ-1-issue-number-1'], 'the branch rules proposed the name, key in upper case');
      assert.equal(git(root, 'rev-parse', '--abbrev-ref', 'HEAD'), 'PROJ-1-issue-number-1');
      assert.deepEqual(
        server.calls('POST /rest/api/3/issue/{issueIdOrKey}/transitions').map((r) => [r.url, r.body]),
        [['/rest/api/3/issue/PROJ-1/transitions', { transition: { id: '21' } }]],
      );
      assert.deepEqual(server.calls('PUT /rest/api/3/issue/{issueIdOrKey}/assignee')[0].body, { accountId: '5b10ac8d82e05b22cc7d4ef5' });
      const moved = await waitFor('PROJ-1 in progress', () => {
        const s = api.hub.get(issue.id);
        return s?.state.native === 'In Progress' && s.labels.includes('mine') && s;
      });
      assert.equal(moved.detail?.statusCategory, 'indeterminate');
    } finally {
      api.setPrompter(undefined);
      git(root, 'switch', branch);
      git(root, 'branch', '-D', 'PROJ-1-issue-number-1');
    }
  });

  it("titles the release notes' PROJ-7 with its Jira summary, type and fix version, escaped, linked to Jira, and warns of the version's issue no commit names", async () => {
    api.setPrompter(new ScriptedPrompter([{ pick: 'HEAD' }, { pick: 'Previous tag' }]));
    const markdown = await vscode.commands.executeCommand<string>('devops.generateReleaseNotes');
    assert.ok(markdown);
    const line = `- [PROJ-7](${server.url}/browse/PROJ-7): Median &lt;b&gt;helper&lt;/b&gt; \\[x\\](command:evil) (Story · fix version 1.2.0)`;
    assert.ok(markdown.split('\n').includes(line), markdown);
    const warning = '- PROJ-3 (Issue number 3) is in fix version 1.2.0 but no commit of this range names it.';
    assert.ok(markdown.split('\n').includes(warning), markdown);
    assert.equal(server.calls('GET /rest/api/3/search/jql').filter((r) => /key\+in|key%20in/.test(r.url)).length, 1);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it("the hover of a line whose blame commit names PROJ-7 shows the issue's summary and status", async () => {
    const issue = api.hub.all().find((s) => s.source.startsWith('jira:') && s.detail?.key === 'PROJ-7')!;
    const file = vscode.Uri.file(path.join(root, 'src/math.ts'));
    const document = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(document);
    const line = document
      .getText()
      .split('\n')
      .findIndex((l) => l.startsWith('export function median'));
    assert.ok(line >= 0);
    const text = await waitFor('the hover to name PROJ-7', async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider',
        file,
        new vscode.Position(line, 3),
      );
      const all = hovers
        .flatMap((h) => h.contents)
        .map((c) => (typeof c === 'string' ? c : c.value))
        .join('\n');
      return all.includes('$(issues)') && all;
    });
    assert.ok(text.includes(encodeURIComponent(JSON.stringify([issue.id]))), text);
    assert.ok(text.includes('PROJ\\-7: Median \\<b\\>helper\\</b\\>'), text);
    assert.match(text, /—(&nbsp;| )In(&nbsp;| )Progress/, 'the status');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
