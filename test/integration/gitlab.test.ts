/**
 * GitLab in the real extension host, against the local server that answers only as GitLab's REST
 * documentation does (test/fixtures/gitlab/docServer.ts), as a self-managed instance behind a path
 * prefix: merge requests and pipelines appear, the status bar follows HEAD's pipeline, a merge
 * refusal is reported with GitLab's reason, a GitLab item's menu offers no GitHub action, and release
 * notes name the GitLab issues they fix.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SignalNode, TreeNode } from '../../src/core/phaseTree';
import type { DevOpsApi } from '../../src/extension';
import { DocServer, EXTRACT_PATH, exampleOf } from '../fixtures/gitlab/docServer';
import type { GlTestReport } from '../../src/sources/gitlab/testReport';
import {
  deployment,
  environment,
  issue,
  issueDetail,
  job,
  mergeRequest,
  mergeRequestDetail,
  pipeline,
  pipelineDetail,
  user,
} from '../unit/sources/gitlab/data';
import { activateExtension, EXTENSION_ID, waitFor, notificationsFromNow } from './api';
import { connectGitLab, disconnectGitLab } from './forges';
import { ScriptedPrompter } from './scriptedPrompter';

const TOKEN = 'glpat-itest-0123456789abcdef';
const REMOTE = 'gitlab-itest';
const PROJECT = 'my-group/my-project';
const ME = user('root', 1);

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();
const allNodes = (nodes: readonly TreeNode[]): TreeNode[] =>
  nodes.flatMap((n) => [n, ...(n.type === 'health' ? [] : allNodes(n.children))]);

interface MenuItem {
  command: string;
  when?: string;
}

/** Whether a `viewItem =~ /…/` menu clause matches a context value (the part of `when` VS Code evaluates against the item). */
function offered(menu: readonly MenuItem[], view: string, contextValue: string): string[] {
  return menu
    .filter((m) => {
      const when = m.when ?? '';
      const viewClause = /view == ([\w.]+)/.exec(when)?.[1];
      if (viewClause && viewClause !== view) return false;
      const item = /viewItem =~ \/(.+?)\/(?:\s|$)/.exec(when)?.[1];
      return item ? new RegExp(item).test(contextValue) : false;
    })
    .map((m) => m.command);
}

describe('GitLab (self-managed behind a path prefix, token from SecretStorage)', function () {
  this.timeout(120_000);
  let api: DevOpsApi;
  let server: DocServer;
  let root: string;
  let branch: string;
  let status = 'running';
  /** HEAD's newest pipeline: a later test makes a new one, on a commit of the demo. */
  const newest: { id: number; sha?: string } = { id: 501 };

  before(async () => {
    api = await activateExtension();
    const extensionPath = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
    if (!fs.existsSync(EXTRACT_PATH)) fs.copyFileSync(path.join(extensionPath, 'test/fixtures/gitlab/docs-extract.json'), EXTRACT_PATH);
    server = await DocServer.start({ prefix: '/gitlab/api/v4', token: TOKEN });
    const repo = await waitFor('the demo repository', () => api.git.all()[0]);
    root = repo.repo.root;
    branch = (await repo.repo.currentBranch())!;

    const mrs = [mergeRequest(7, { reviewers: [ME], source_branch: branch }), mergeRequest(8)];
    server.setData('GET /projects/:id/merge_requests', mrs);
    server.on('GET /projects/:id/merge_requests/:merge_request_iid', (req) => {
      const iid = Number(req.pathParams.merge_request_iid);
      const listed = mrs.find((m) => m.iid === iid);
      return listed
        ? { status: 200, body: mergeRequestDetail(iid, { reviewers: listed.reviewers, source_branch: listed.source_branch }) }
        : DocServer.error(404, '404 Not found');
    });
    server.on('GET /projects/:id/pipelines', (req) => ({
      status: 200,
      body:
        req.query.get('ref') === branch ? [pipeline(newest.id, { ref: branch, status, ...(newest.sha ? { sha: newest.sha } : {}) })] : [],
    }));
    server.on('GET /projects/:id/pipelines/:pipeline_id', () => ({
      status: 200,
      body: pipelineDetail(newest.id, { ref: branch, status, duration: 95, ...(newest.sha ? { sha: newest.sha } : {}) }),
    }));
    server.on('GET /projects/:id/pipelines/:pipeline_id/jobs', () => ({
      status: 200,
      body: [job(9001, newest.id, { status, stage: 'test', name: 'unit' })],
    }));

    await connectGitLab(api, { root, remote: REMOTE, webBase: server.webBase, project: PROJECT, token: TOKEN });
  });

  after(async () => {
    if (!api) return;
    await disconnectGitLab(api, { root, remote: REMOTE });
    assert.deepEqual(server.violations, [], 'every request was one GitLab documents');
    await server?.close();
  });

  it('shows the merge requests, sent with the token to the instance only', async () => {
    const mr = await waitFor('merge request !7 in the Code view', () =>
      allNodes(api.views.code.getChildren()).find((n): n is SignalNode => n.type === 'signal' && n.signal.detail?.iid === 7),
    );
    assert.equal(mr.signal.kind, 'pullRequest');
    assert.match(mr.signal.anchors.repo ?? '', new RegExp(`/gitlab/${PROJECT}$`), 'the canonical identity, with the instance prefix');
    assert.equal(api.views.code.getTreeItem(mr).contextValue, 'signal.gitlab.pullRequest.open.url');
    assert.ok(server.requests.length > 0 && server.requests.every((r) => r.url.startsWith('/gitlab/api/v4/')));
    assert.deepEqual(server.violations, []);
  });

  it('offers GitLab actions on GitLab items and never a GitHub one', async () => {
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: { menus: Record<string, MenuItem[]> } };
    const menu = manifest.contributes.menus['view/item/context'];
    const commands = offered(menu, 'devops.code', 'signal.gitlab.pullRequest.open.url');
    assert.ok(
      commands.includes('devops.gitlab.mergeMergeRequest') && commands.includes('devops.gitlab.approveMergeRequest'),
      commands.join(', '),
    );
    assert.deepEqual(
      commands.filter((c) => c.startsWith('devops.github.')),
      [],
    );
    assert.deepEqual(
      offered(menu, 'devops.code', 'signal.github.pullRequest.open.url').filter((c) => c.startsWith('devops.gitlab.')),
      [],
    );
  });

  it('shows the pipeline of the current branch with its job, and the status bar flips when it fails', async () => {
    const run = await waitFor('pipeline 501 in the Build view', () =>
      allNodes(api.views.build.getChildren()).find((n): n is SignalNode => n.type === 'signal' && n.signal.detail?.pipelineId === 501),
    );
    assert.equal(run.signal.anchors.branch, branch);
    assert.ok(
      allNodes(run.children).some((n) => n.type === 'signal' && n.signal.kind === 'job'),
      'the job is under its pipeline',
    );
    const editorFile = vscode.Uri.file(path.join(root, 'src', 'math.ts'));
    await vscode.window.showTextDocument(editorFile);
    await waitFor('the status bar to show the running pipeline', () => api.statusBar.text === '$(sync~spin) CI');
    status = 'failed';
    await vscode.commands.executeCommand('devops.refresh');
    await waitFor('the status bar to show the failure', () => api.statusBar.text === '$(error) CI');
    assert.match(api.statusBar.summary?.tooltip ?? '', /GitLab pipeline .* failed/);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it("puts the failed test of the branch's finished pipeline in Problems, on the line its stack trace names", async () => {
    newest.id = 502;
    newest.sha = git(root, 'rev-parse', 'HEAD');
    const documented = exampleOf<GlTestReport>('GET /projects/:id/pipelines/:pipeline_id/test_report');
    const [suite] = documented.test_suites!;
    const [passed] = suite.test_cases!;
    server.setData('GET /projects/:id/pipelines/:pipeline_id/test_report', {
      ...documented,
      test_suites: [
        {
          ...suite,
          name: 'vitest',
          test_cases: [
            {
              ...passed,
              status: 'failed',
              name: 'mean of [] is 0',
              classname: 'math',
              stack_trace: `AssertionError: expected NaN to be 0\n    at /builds/${PROJECT}/src/math.ts:6:10`,
            },
          ],
        },
      ],
    });
    await vscode.commands.executeCommand('devops.refresh');
    const file = vscode.Uri.file(path.join(root, 'src', 'math.ts'));
    const [diagnostic] = await waitFor('the failed test in Problems', () => {
      const found = vscode.languages.getDiagnostics(file).filter((d) => d.source === 'DevOps: vitest');
      return found.length > 0 && found;
    });
    assert.equal(diagnostic.range.start.line, 5);
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    assert.match(diagnostic.message, /^math: mean of \[\] is 0 failed/);
    server.setData('GET /projects/:id/pipelines/:pipeline_id/test_report', documented);
  });

  it("reports a merge refusal with GitLab's reason instead of failing silently", async () => {
    const mr = api.hub.all().find((s) => s.source.startsWith('gitlab:') && s.detail?.iid === 7)!;
    server.replyOnce('PUT /projects/:id/merge_requests/:merge_request_iid/merge', DocServer.error(405, '405 Method Not Allowed'));
    api.setPrompter(new ScriptedPrompter([{ pick: 'Merge' }]));
    const shownSince = notificationsFromNow(api);
    assert.equal(await vscode.commands.executeCommand('devops.gitlab.mergeMergeRequest', mr.id), undefined);
    const refusal = shownSince().find((n) => n.level === 'error');
    assert.ok(refusal, 'the refusal is shown');
    assert.match(refusal.message, /GitLab refused to merge !7/);
    assert.equal(server.requests.filter((r) => r.method === 'PUT').length, 1, 'tried once, not repeated');
  });

  it('starts work on an issue: a branch from the name typed, and the issue moved to the doing label', async () => {
    const settings = () => vscode.workspace.getConfiguration('devops.gitlab');
    await settings().update('doingLabel', 'doing', vscode.ConfigurationTarget.Global);
    await settings().update('removeLabelsOnStart', ['todo'], vscode.ConfigurationTarget.Global);
    server.setData('GET /projects/:id/issues', [issue(21, { title: 'Export as CSV', assignees: [ME], labels: ['todo'] })]);
    await vscode.commands.executeCommand('devops.refresh');
    const item = await waitFor('issue #21 in Plan', () =>
      api.hub.all().find((s) => s.source.startsWith('gitlab:') && s.kind === 'workItem' && s.detail?.iid === 21),
    );
    const edits = () => server.requests.filter((r) => r.operation === 'PUT /projects/:id/issues/:issue_iid');
    api.setPrompter(new ScriptedPrompter([{ refuse: 'bad..name' }]));
    assert.equal(await vscode.commands.executeCommand('devops.gitlab.startWork', item.id), undefined, 'an illegal ref name is refused');
    assert.equal(edits().length, 0, 'and the issue is left alone');

    api.setPrompter(new ScriptedPrompter([{ input: '21-export-as-csv' }]));
    try {
      assert.equal(await vscode.commands.executeCommand('devops.gitlab.startWork', item.id), '21-export-as-csv');
      assert.equal(git(root, 'rev-parse', '--abbrev-ref', 'HEAD'), '21-export-as-csv');
      assert.equal(edits().length, 1, 'the issue was edited once');
      assert.match(edits()[0].url, /\/issues\/21$/);
      assert.deepEqual(edits()[0].body, { add_labels: 'doing', remove_labels: 'todo' });
    } finally {
      git(root, 'switch', branch);
      git(root, 'branch', '-D', '21-export-as-csv');
      await settings().update('doingLabel', undefined, vscode.ConfigurationTarget.Global);
      await settings().update('removeLabelsOnStart', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it("shows GitLab's last deployment of an environment in the Deploy view, and the CodeLens says the code is live there", async () => {
    const head = git(root, 'rev-parse', 'HEAD');
    server.setData('GET /projects/:id/environments', [environment(31, 'gl-production')]);
    server.on('GET /projects/:id/deployments', (req) => ({
      status: 200,
      body: req.query.get('environment') === 'gl-production' ? [deployment(77, 'gl-production', { sha: head, ref: branch })] : [],
    }));
    await vscode.commands.executeCommand('devops.refresh');
    await waitFor('the gl-production environment in the Deploy view', () =>
      allNodes(api.views.deploy.getChildren()).find((n) => n.type === 'group' && n.label === 'gl-production'),
    );
    const file = vscode.Uri.file(path.join(root, 'src', 'math.ts'));
    await vscode.window.showTextDocument(file);
    const titles = await waitFor('a CodeLens saying the code is live in gl-production', async () => {
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', file, 100);
      const t = lenses.map((l) => l.command?.title ?? '');
      return t.some((x) => /live in gl-production/.test(x)) && t;
    });
    assert.ok(titles.length > 0);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it("titles the release notes' references with the GitLab issues they name, linked to GitLab", async () => {
    server.on('GET /projects/:id/issues/:issue_iid', (req) =>
      req.pathParams.issue_iid === '12'
        ? {
            status: 200,
            body: issueDetail(12, { title: 'Empty cart <b>crashes</b>', web_url: `${server.webBase}/${PROJECT}/-/issues/12` }),
          }
        : DocServer.error(404, '404 Not found'),
    );
    api.setPrompter(new ScriptedPrompter([{ pick: 'HEAD' }, { pick: 'Previous tag' }]));
    const markdown = await vscode.commands.executeCommand<string>('devops.generateReleaseNotes');
    assert.ok(markdown);
    const issue = `- [#12](${server.webBase}/${PROJECT}/-/issues/12): Empty cart &lt;b&gt;crashes&lt;/b&gt;`;
    assert.ok(markdown.split('\n').includes(issue), markdown);
    const asked = server.requests.filter((r) => r.operation === 'GET /projects/:id/issues/:issue_iid');
    assert.equal(asked.length, 1, 'one lookup for the one issue');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
