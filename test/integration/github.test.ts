/**
 * GitHub in the real extension host, against the local server that answers as GitHub's OpenAPI
 * description documents it, mounted under `/api/v3` to play a GitHub Enterprise Server.
 *
 * Sign-in goes through `DevOps: Set GitHub Token…` (a personal access token in SecretStorage): VS Code's
 * built-in `github` / `github-enterprise` providers need a browser round trip to a real GitHub, which
 * this host cannot do, so the token path is the one tested here.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DevOpsApi } from '../../src/extension';
import type { GroupNode, SignalNode, TreeNode } from '../../src/core/phaseTree';
import type {
  GhAnnotation,
  GhCheckRunList,
  GhJobList,
  GhPullRequest,
  GhPullRequestFile,
  GhWorkflowRun,
  GhWorkflowRunList,
} from '../../src/sources/github/types';
import { EXTRACT_PATH, exampleOf, OpenApiServer } from '../fixtures/github/openapiServer';
import { activateExtension, EXTENSION_ID, waitFor, notificationsFromNow } from './api';
import { connectGitHub, disconnectGitHub } from './forges';
import { ScriptedPrompter } from './scriptedPrompter';

const TOKEN = 'ghp_itest_0123456789abcdefghij';
const REMOTE = 'github-itest';
const RUNS = 'GET /repos/{owner}/{repo}/actions/runs';
const MERGE = 'PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge';
const PR_ID = 'pullRequest:1347';
const FILES = 'GET /repos/{owner}/{repo}/pulls/{pull_number}/files';
const CONTENTS = 'GET /repos/{owner}/{repo}/contents/{path}';

function groups(nodes: readonly TreeNode[]): GroupNode[] {
  return nodes.filter((n): n is GroupNode => n.type === 'group');
}

function signalNodes(nodes: readonly TreeNode[]): SignalNode[] {
  return nodes.filter((n): n is SignalNode => n.type === 'signal');
}

function git(root: string, ...args: string[]): string {
  return execFileSync('git', ['-C', root, ...args], { encoding: 'utf8' });
}

describe('GitHub (GHES base URL, token from SecretStorage)', function () {
  this.timeout(120_000);
  let api: DevOpsApi;
  let server: OpenApiServer;
  let root: string;
  let branch: string;
  const run = { status: 'in_progress', conclusion: null as string | null };

  before(async () => {
    api = await activateExtension();
    // The test bundle lives in out/test; the fixture reads GitHub's description next to itself.
    const extensionPath = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
    if (!fs.existsSync(EXTRACT_PATH)) fs.copyFileSync(path.join(extensionPath, 'test/fixtures/github/openapi-extract.json'), EXTRACT_PATH);
    server = await OpenApiServer.start({ prefix: '/api/v3', token: TOKEN });

    const repo = await waitFor('the demo repository', () => api.git.all()[0]);
    root = repo.repo.root;
    branch = (await repo.repo.currentBranch())!;
    assert.ok(branch, 'the demo workspace has a branch checked out');

    // Pull request 1347 asks octocat (the signed-in user of GitHub's examples) for a review.
    const listed = exampleOf('GET /repos/{owner}/{repo}/pulls') as GhPullRequest[];
    const single = exampleOf('GET /repos/{owner}/{repo}/pulls/{pull_number}') as GhPullRequest;
    const octocat = listed[0].user!;
    // The issue example is a pull request's issue; the Plan view shows issues only.
    const issue = { ...(exampleOf('GET /repos/{owner}/{repo}/issues') as Record<string, unknown>[])[0] };
    delete issue.pull_request;
    server.setData('GET /repos/{owner}/{repo}/issues', [issue]);
    server.setData('GET /repos/{owner}/{repo}/pulls', [{ ...listed[0], requested_reviewers: [octocat] }]);
    server.setData('GET /repos/{owner}/{repo}/pulls/{pull_number}', { ...single, requested_reviewers: [octocat] });
    // One workflow run on the demo's branch, whose state the tests flip; none on the default branch.
    const example = exampleOf(RUNS) as GhWorkflowRunList;
    server.on(RUNS, (req) => {
      const runs: GhWorkflowRun[] =
        req.query.get('branch') === branch
          ? [{ ...example.workflow_runs[0], head_branch: branch, status: run.status, conclusion: run.conclusion }]
          : [];
      return { status: 200, body: { total_count: runs.length, workflow_runs: runs } };
    });

    await connectGitHub(api, { root, remote: REMOTE, origin: server.origin, fullName: 'octocat/Hello-World', token: TOKEN });
  });

  after(async () => {
    if (!api) return;
    await disconnectGitHub(api, { root, remote: REMOTE });
    await server?.close();
  });

  it('shows the pull request under "Waiting for my review", "Created by me" and "All open"', async () => {
    const sections = await waitFor('the Code view sections', () => {
      const roots = groups(api.views.code.getChildren());
      const labels = roots.map((g) => g.label);
      return labels.includes('Waiting for my review') && labels.includes('Created by me') && labels.includes('All open')
        ? roots
        : undefined;
    });
    for (const section of sections.filter((g) => ['Waiting for my review', 'Created by me', 'All open'].includes(g.label))) {
      const [pr] = signalNodes(section.children);
      assert.ok(pr, `${section.label} holds the pull request`);
      assert.equal(pr.signal.kind, 'pullRequest');
      assert.equal(pr.signal.detail?.number, 1347);
      const item = api.views.code.getTreeItem(pr);
      assert.equal(item.contextValue, 'signal.github.pullRequest.open.url');
      // Review decision, checks roll-up and mergeability, as read from the reviews, checks and PR.
      assert.match(String(item.description), /#1347 · approved · checks passing · mergeable/);
    }
    const group = sections.find((g) => g.label === 'All open')!;
    assert.match(String(api.views.code.getTreeItem(group).tooltip), /octocat\/Hello-World\n.+ GitHub API requests left/);
  });

  it('shows the runs of the current branch with their jobs and steps as children', async () => {
    const current = await waitFor('the current branch group', () =>
      groups(api.views.build.getChildren()).find((g) => g.label === `Current branch: ${branch}`),
    );
    const [runNode] = signalNodes(current.children);
    assert.equal(runNode.signal.kind, 'pipelineRun');
    assert.equal(runNode.signal.anchors.branch, branch);
    const [job] = signalNodes(runNode.children);
    assert.ok(job, 'the run has its job as a child');
    assert.equal(job.signal.kind, 'job');
    assert.equal(job.children.length, 3, 'the job shows its three steps');
    const step = api.views.build.getTreeItem(job.children[0]);
    assert.match(String(step.label), /^1\. /);
    assert.match(String(step.description), /success · \d+/);
  });

  it('turns the status bar from a spinning CI to a failed one when the run fails', async () => {
    await waitFor('the status bar to show the run in progress', () => api.statusBar.text === '$(sync~spin) CI');
    assert.match(
      api.statusBar.summary!.tooltip,
      new RegExp(`on ${branch.replace(/[/.]/g, '\\$&')} \\(octocat/Hello-World\\): in progress`),
    );
    run.status = 'completed';
    run.conclusion = 'failure';
    await vscode.commands.executeCommand('devops.refresh');
    await waitFor('the status bar to show the failure', () => api.statusBar.text === '$(error) CI');
    assert.equal(api.statusBar.summary?.tone, 'error');
    const runSignal = api.hub.get(api.statusBar.summary!.signalId!);
    assert.equal(runSignal?.kind, 'pipelineRun', 'a click opens the run');
    assert.equal(runSignal?.state.native, 'failure');
  });

  it('sent every request to the GHES API base /api/v3 with the token, as GitHub documents them', () => {
    assert.ok(server.requests.length > 0);
    for (const request of server.requests) {
      assert.ok(request.url.startsWith('/api/v3/'), request.url);
      assert.equal(request.authorization, `Bearer ${TOKEN}`, request.url);
    }
    assert.deepEqual(server.violations, []);
  });

  it('answers an unchanged refresh with 304s only, spending no rate limit', async () => {
    await vscode.commands.executeCommand('devops.refresh'); // settles anything the previous test changed
    server.clearLog();
    const remaining = server.rateRemaining;
    await vscode.commands.executeCommand('devops.refresh');
    const github = server.requests.filter((r) => r.method === 'GET');
    assert.ok(github.length >= 10, `${github.length} requests`);
    assert.deepEqual(
      github.filter((r) => r.status !== 304).map((r) => `${r.status} ${r.url}`),
      [],
    );
    assert.equal(server.rateRemaining, remaining);
  });

  it('shows the sprint in the Plan view: milestone, then assignee, and "Assigned to me"', async () => {
    const roots = await waitFor('the Plan view', () => {
      const g = groups(api.views.plan.getChildren());
      return g.some((x) => x.label === 'v1.0') && g.some((x) => x.label === 'Assigned to me') ? g : undefined;
    });
    const sprint = roots.find((g) => g.label === 'v1.0')!;
    assert.match(sprint.description ?? '', /current sprint/);
    const [byAssignee] = groups(sprint.children);
    assert.equal(byAssignee.label, 'octocat');
    assert.equal(signalNodes(byAssignee.children)[0].signal.title, 'Found a bug');
    assert.equal(api.views.plan.getTreeItem(signalNodes(byAssignee.children)[0]).contextValue, 'signal.github.workItem.open.url');
  });

  it('approves, requests changes and merges with the method the user picks', async () => {
    const pr = await waitFor('the pull request', () => api.hub.all().find((s) => s.id.endsWith(PR_ID)));
    server.clearLog();
    api.setPrompter(new ScriptedPrompter([{ input: 'Looks good' }]));
    assert.equal(await vscode.commands.executeCommand('devops.github.approvePullRequest', pr.id), 1347);
    api.setPrompter(new ScriptedPrompter([{ refuse: '  ' }]));
    assert.equal(await vscode.commands.executeCommand('devops.github.requestChanges', pr.id), undefined, 'an empty comment is refused');
    api.setPrompter(new ScriptedPrompter([{ input: 'Please add a test' }]));
    assert.equal(await vscode.commands.executeCommand('devops.github.requestChanges', pr.id), 1347);
    api.setPrompter(new ScriptedPrompter([{ pick: 'Squash and merge' }]));
    assert.equal(await vscode.commands.executeCommand('devops.github.mergePullRequest', pr.id), 'squash');
    const posted = server.requests.filter((r) => r.method !== 'GET');
    assert.deepEqual(
      posted.map((r) => [r.method, r.url, r.status, r.body]),
      [
        ['POST', '/api/v3/repos/octocat/Hello-World/pulls/1347/reviews', 200, { event: 'APPROVE', body: 'Looks good' }],
        ['POST', '/api/v3/repos/octocat/Hello-World/pulls/1347/reviews', 200, { event: 'REQUEST_CHANGES', body: 'Please add a test' }],
        ['PUT', '/api/v3/repos/octocat/Hello-World/pulls/1347/merge', 200, { merge_method: 'squash', sha: pr.anchors.commits![0] }],
      ],
    );
  });

  it('does not merge when GitHub refuses, and says so instead of failing silently', async () => {
    const pr = api.hub.all().find((s) => s.id.endsWith(PR_ID))!;
    server.clearLog();
    server.replyOnce(MERGE, OpenApiServer.error(405, 'Pull Request is not mergeable'));
    api.setPrompter(new ScriptedPrompter([{ pick: 'Create a merge commit' }]));
    assert.equal(await vscode.commands.executeCommand('devops.github.mergePullRequest', pr.id), undefined);
    assert.deepEqual(
      server.requests.filter((r) => r.method === 'PUT').map((r) => r.status),
      [405],
      'tried once, not repeated',
    );
  });

  it('shows a refusal whose message carries a command link as plain text: nothing clickable reaches the notification', async () => {
    const pr = api.hub.all().find((s) => s.id.endsWith(PR_ID))!;
    const link = '[Resolve conflicts](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22echo%20pwned%5Cn%22%7D)';
    server.replyOnce(MERGE, OpenApiServer.error(405, `Pull Request is not mergeable ${link}`));
    api.setPrompter(new ScriptedPrompter([{ pick: 'Create a merge commit' }]));
    const shownSince = notificationsFromNow(api);
    assert.equal(await vscode.commands.executeCommand('devops.github.mergePullRequest', pr.id), undefined);
    const shown = shownSince();
    const refusal = shown.find((n) => n.level === 'error' && /not mergeable/.test(n.message));
    assert.ok(refusal, `the refusal is shown (${JSON.stringify(shown)})`);
    assert.match(refusal.message, /Pull Request is not mergeable \(Resolve conflicts\)\(command :workbench/);
    assert.doesNotMatch(refusal.message, /\[|\]|command:/);
  });

  it('re-runs the failed jobs of a run and cancels a run', async () => {
    const runId = api.statusBar.summary!.signalId!;
    server.clearLog();
    assert.ok(await vscode.commands.executeCommand('devops.github.rerunFailedJobs', runId));
    assert.ok(await vscode.commands.executeCommand('devops.github.cancelRun', runId));
    const id = api.hub.get(runId)!.detail!.runId;
    assert.deepEqual(
      server.requests.filter((r) => r.method === 'POST').map((r) => [r.url, r.status]),
      [
        [`/api/v3/repos/octocat/Hello-World/actions/runs/${id}/rerun-failed-jobs`, 201],
        [`/api/v3/repos/octocat/Hello-World/actions/runs/${id}/cancel`, 202],
      ],
    );
  });

  it('opens a job log as a read-only document without ANSI sequences, fetched without the token', async () => {
    const jobId = (exampleOf('GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs') as GhJobList).jobs[0].id;
    server.logs.set(
      jobId,
      '2020-01-20T17:42:40.1234567Z \u001b[36;1mecho hello\u001b[0m\n2020-01-20T17:42:41.0000000Z \u001b[31mERROR\u001b[0m boom\n',
    );
    const job = api.hub.all().find((s) => s.kind === 'job' && s.id.endsWith(`:job:${jobId}`))!;
    assert.ok(job, 'the job is in the hub');
    server.clearLog();
    await vscode.commands.executeCommand('devops.github.openJobLog', job.id);
    const document = await waitFor(
      'the log editor',
      () => vscode.window.activeTextEditor?.document.uri.scheme === 'devops-log' && vscode.window.activeTextEditor.document,
    );
    const text = document.getText();
    assert.match(text, /echo hello/);
    assert.match(text, /ERROR boom/);
    assert.ok(!text.includes('\u001b'), 'no escape sequence left');
    const errorLine = text.split('\n').findIndex((l) => l.includes('ERROR boom'));
    assert.deepEqual(
      api.logStyles.runsAt(document.uri, errorLine).map((r) => [text.split('\n')[errorLine].slice(r.start, r.end), r.look.fg]),
      [['ERROR', 'Red']],
      'the colour is drawn, not stripped',
    );
    assert.equal(server.logRequests.length, 1);
    assert.equal(server.logRequests[0].authorization, undefined, 'the signed log URL gets no token');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('reports a deploy to GitHub from Report Deploy: a deployment and its status, shown in the Deploy view', async () => {
    server.clearLog();
    const head = git(root, 'rev-parse', 'HEAD').trim();
    api.setPrompter(
      new ScriptedPrompter([
        { pick: /^HEAD / },
        { pick: 'production' },
        { input: 'v9.9.9' },
        { pick: 'Succeeded' },
        { input: '' },
        { input: '' },
        { pickMany: ['GitHub deployments'] },
      ]),
    );
    await vscode.commands.executeCommand('devops.reportDeploy');
    const posts = server.requests.filter((r) => r.method === 'POST');
    assert.deepEqual(
      posts.map((r) => [r.url.replace(/\/\d+\//, '/N/'), r.status]),
      [
        ['/api/v3/repos/octocat/Hello-World/deployments', 201],
        ['/api/v3/repos/octocat/Hello-World/deployments/N/statuses', 201],
      ],
    );
    assert.deepEqual(posts[0].body, {
      ref: head,
      environment: 'production',
      task: 'deploy',
      description: 'v9.9.9',
      required_contexts: [],
      auto_merge: false,
      payload: { version: 'v9.9.9' },
    });
    assert.equal((posts[1].body as { state: string }).state, 'success');
    const production = await waitFor('the production group with a GitHub deployment', () =>
      groups(api.views.deploy.getChildren()).find(
        (g) => g.label === 'production' && signalNodes(g.children).some((n) => n.signal.source.endsWith('#deploy')),
      ),
    );
    assert.ok(production);
  });

  it('starts work on an issue on a branch named from the template', async () => {
    const issue = api.hub.all().find((s) => s.kind === 'workItem' && s.source.startsWith('github:'))!;
    api.setPrompter(new ScriptedPrompter([{ refuse: 'bad..name' }]));
    assert.equal(await vscode.commands.executeCommand('devops.github.startWork', issue.id), undefined, 'an illegal ref name is refused');
    api.setPrompter(new ScriptedPrompter([{ input: '1347-found-a-bug' }]));
    try {
      assert.equal(await vscode.commands.executeCommand('devops.github.startWork', issue.id), '1347-found-a-bug');
      assert.equal(git(root, 'rev-parse', '--abbrev-ref', 'HEAD').trim(), '1347-found-a-bug');
    } finally {
      git(root, 'switch', branch);
      git(root, 'branch', '-D', '1347-found-a-bug');
    }
  });

  it("lists the pull request's files from GitHub in its details, and diffs a file read from GitHub when the commits are not in the clone", async () => {
    const pr = api.hub.all().find((s) => s.id.endsWith(PR_ID))!;
    const example = (exampleOf(FILES) as GhPullRequestFile[])[0];
    server.setData(FILES, [
      example,
      { ...example, filename: 'docs/new.md', previous_filename: 'docs/old.md', status: 'renamed', additions: 1, deletions: 1, changes: 2 },
    ]);
    const file = exampleOf(CONTENTS, '200', 'response-if-content-is-a-file') as Record<string, unknown>;
    const texts: Record<string, string> = { 'docs/old.md': 'old text\n', 'docs/new.md': 'new text\n' };
    server.on(CONTENTS, (req) => {
      const text = req.query.get('ref') === pr.anchors.commits![0] ? texts[req.pathParams.path] : undefined;
      return text === undefined
        ? OpenApiServer.error(404, 'Not Found')
        : { status: 200, body: { ...file, path: req.pathParams.path, content: Buffer.from(text).toString('base64') } };
    });
    server.clearLog();
    await api.showDetails(pr.id);
    await waitFor('the details to ask GitHub for the files', () =>
      server.requests.find((r) => r.url === '/api/v3/repos/octocat/Hello-World/pulls/1347/files?per_page=100' && r.status === 200),
    );
    const panel = await waitFor('the details panel', () =>
      vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('devops.details')),
    );
    await vscode.window.tabGroups.close(panel);

    api.setPrompter(new ScriptedPrompter([{ pick: 'docs/new.md' }]));
    await vscode.commands.executeCommand('devops.github.openPullRequestChanges', pr.id);
    const diff = await waitFor(
      'the diff editor',
      () =>
        vscode.window.tabGroups.activeTabGroup.activeTab?.input instanceof vscode.TabInputTextDiff &&
        vscode.window.tabGroups.activeTabGroup.activeTab.input,
    );
    assert.equal((await vscode.workspace.openTextDocument(diff.original)).getText(), 'old text\n');
    assert.equal((await vscode.workspace.openTextDocument(diff.modified)).getText(), 'new text\n');
    const reads = server.requests.filter((r) => r.url.includes('/contents/'));
    assert.ok(reads.length >= 2, reads.map((r) => r.url).join(', '));
    for (const r of reads) {
      assert.match(r.url, /^\/api\/v3\/repos\/octocat\/Hello-World\/contents\/docs\/(old|new)\.md\?ref=[0-9a-f]{40}$/);
      assert.equal(r.authorization, `Bearer ${TOKEN}`, 'read on the API origin, with the token');
    }
    assert.deepEqual(server.violations, []);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('puts a failed check’s annotation in Problems on the line it is about now, and takes it away when the next run passes', async () => {
    const CHECK_RUNS = 'GET /repos/{owner}/{repo}/commits/{ref}/check-runs';
    const ANNOTATIONS = 'GET /repos/{owner}/{repo}/check-runs/{check_run_id}/annotations';
    // The demo's first math commit: line 2 is unchanged since, line 6 was rewritten by the next commit.
    const commit = git(root, 'log', '--format=%H', '-1', '--fixed-strings', '--grep=feat(math): add sum and mean helpers').trim();
    const example = (exampleOf(CHECK_RUNS) as GhCheckRunList).check_runs[0];
    const [documented] = exampleOf(ANNOTATIONS) as GhAnnotation[];
    const failed = {
      ...example,
      id: 501,
      name: 'eslint',
      head_sha: commit,
      conclusion: 'failure',
      output: { ...example.output, annotations_count: 2 },
    };
    server.setData(CHECK_RUNS, { total_count: 1, check_runs: [failed] });
    server.setData(ANNOTATIONS, [
      {
        ...documented,
        path: 'src/math.ts',
        start_line: 2,
        end_line: 2,
        annotation_level: 'failure',
        title: 'no-magic',
        message: 'reduce needs a seed',
        raw_details: null,
      },
      {
        ...documented,
        path: 'src/math.ts',
        start_line: 6,
        end_line: 6,
        annotation_level: 'warning',
        title: 'old',
        message: 'about a line since rewritten',
        raw_details: null,
      },
    ]);
    const file = vscode.Uri.file(path.join(root, 'src', 'math.ts'));
    await vscode.commands.executeCommand('devops.refresh');
    const diagnostics = await waitFor('the annotation in Problems', () => {
      const found = vscode.languages.getDiagnostics(file).filter((d) => d.source === 'DevOps: eslint');
      return found.length > 0 && found;
    });
    assert.deepEqual(
      diagnostics.map((d) => [d.range.start.line, d.severity, d.message]),
      [[1, vscode.DiagnosticSeverity.Error, 'reduce needs a seed']],
      'on line 2, as an error; the one about the rewritten line is outdated and left out',
    );
    const target = diagnostics[0].code as { target: vscode.Uri };
    assert.equal(target.target.toString(), example.html_url);

    // The hover on that line names the check.
    await vscode.window.showTextDocument(file);
    const hovers = await waitFor('a hover naming the check', async () => {
      const all = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', file, new vscode.Position(1, 4));
      const text = all.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
      return /eslint \\\(error\\\)/.test(text) && text;
    });
    assert.match(hovers, /reduce needs a seed/);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');

    // The next run passes with nothing to say: the finding leaves with the run it belonged to.
    server.setData(CHECK_RUNS, {
      total_count: 1,
      check_runs: [{ ...failed, id: 502, conclusion: 'success', output: { ...example.output, annotations_count: 0 } }],
    });
    await vscode.commands.executeCommand('devops.refresh');
    await waitFor('the annotation to leave Problems', () =>
      vscode.languages.getDiagnostics(file).every((d) => d.source !== 'DevOps: eslint'),
    );
    server.setData(CHECK_RUNS, exampleOf(CHECK_RUNS));
    server.setData(ANNOTATIONS, exampleOf(ANNOTATIONS));
  });

  it('on a rate limit, says so in the view and sends nothing more until the reset (last: it blocks the origin)', async () => {
    server.replyOnce('*', OpenApiServer.primaryRateLimit(Math.floor(Date.now() / 1000) + 3600));
    await vscode.commands.executeCommand('devops.refresh');
    const views = [api.views.plan, api.views.code, api.views.build, api.views.deploy];
    const health = await waitFor('a health row saying why', () =>
      views
        .flatMap((v) => v.getChildren())
        .find((n) => n.type === 'health' && /rate limit reached; waiting until/.test(n.health.message ?? '')),
    );
    assert.ok(health);
    server.clearLog();
    await vscode.commands.executeCommand('devops.refresh');
    await vscode.commands.executeCommand('devops.refresh');
    assert.deepEqual(
      server.requests.map((r) => r.url),
      [],
      'no request while the quota is spent',
    );
    const waiting = views.flatMap((v) => v.getChildren()).filter((n) => n.type === 'health');
    // Four phases and the review threads of the branch's pull request.
    assert.equal(waiting.length, 5, 'every source of the origin says it waits');
    for (const row of waiting) assert.match(row.type === 'health' ? (row.health.message ?? '') : '', /rate limit reached; waiting until/);
    assert.ok(
      api.hub.all().some((s) => s.id.endsWith(PR_ID)),
      'the last data stays in the views',
    );
  });
});
