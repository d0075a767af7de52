/**
 * Review threads next to the code in the real extension host: the pull request of the demo
 * repository's branch has a review thread on a line of one of its files (served by the server that
 * answers as GitHub's OpenAPI description documents, under a GHES `/api/v3`, with GraphQL at
 * `/api/graphql` checked against GitHub's published schema). The thread shows on its line through the
 * comment controller, follows an edit of the working tree, is counted in the Code view, and a reply
 * and a resolve reach the server.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GroupNode, SignalNode, TreeNode } from '../../src/core/phaseTree';
import type { DevOpsApi } from '../../src/extension';
import type { GhPullRequest, GhReviewComment } from '../../src/sources/github/types';
import type { GlDiscussion, GlNote } from '../../src/sources/gitlab/types';
import { EXTRACT_PATH, exampleOf, OpenApiServer } from '../fixtures/github/openapiServer';
import { DocServer, EXTRACT_PATH as GITLAB_EXTRACT, exampleOf as gitlabExampleOf } from '../fixtures/gitlab/docServer';
import { mergeRequest, mergeRequestDetail } from '../unit/sources/gitlab/data';
import { activateExtension, EXTENSION_ID, waitFor } from './api';
import { connectGitHub, connectGitLab, disconnectGitHub, disconnectGitLab } from './forges';

const TOKEN = 'ghp_review_itest_0123456789abcdef';
const REMOTE = 'github-review-itest';
const PULLS = 'GET /repos/{owner}/{repo}/pulls';
const COMMENTS = 'GET /repos/{owner}/{repo}/pulls/{pull_number}/comments';
const REPLIES = 'POST /repos/{owner}/{repo}/pulls/{pull_number}/comments/{comment_id}/replies';
const HOSTILE = 'Please rename. [run me](command:workbench.action.terminal.new) <img src=x onerror=alert(1)>';

function git(root: string, ...args: string[]): string {
  return execFileSync('git', ['-C', root, ...args], { encoding: 'utf8' });
}

function flatten(nodes: readonly TreeNode[]): TreeNode[] {
  return nodes.flatMap((n) => [n, ...(n.type === 'health' ? [] : flatten(n.children))]);
}

describe('review threads next to the code (GitHub, GHES, Comments API)', function () {
  this.timeout(120_000);
  let api: DevOpsApi;
  let server: OpenApiServer;
  let root: string;
  let file: string;
  let original: string;
  const comments: GhReviewComment[] = [];

  before(async () => {
    api = await activateExtension();
    const extensionPath = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
    if (!fs.existsSync(EXTRACT_PATH)) fs.copyFileSync(path.join(extensionPath, 'test/fixtures/github/openapi-extract.json'), EXTRACT_PATH);
    server = await OpenApiServer.start({ prefix: '/api/v3', token: TOKEN });

    const repo = await waitFor('the demo repository', () => api.git.all()[0]);
    root = repo.repo.root;
    const branch = (await repo.repo.currentBranch())!;
    const head = git(root, 'rev-parse', 'HEAD').trim();
    // A tracked file of at least three lines: the thread is on its line 3.
    file = git(root, 'ls-files')
      .split('\n')
      .filter(Boolean)
      .find((f) => fs.statSync(path.join(root, f)).isFile() && fs.readFileSync(path.join(root, f), 'utf8').split('\n').length > 4)!;
    assert.ok(file, 'the demo repository has a file of a few lines');
    original = fs.readFileSync(path.join(root, file), 'utf8');
    assert.equal(git(root, 'status', '--porcelain', '--', file), '', 'the file is unchanged in the working tree');

    const pull = (exampleOf(PULLS) as GhPullRequest[])[0];
    // The open pull request of the branch, in the Code view's list and in the list by `head`.
    server.on(PULLS, (req) =>
      req.query.get('head') === null || req.query.get('head') === `octocat:${branch}`
        ? { status: 200, body: [{ ...pull, head: { ...pull.head, ref: branch, sha: head } }] }
        : { status: 200, body: [] },
    );
    const example = (exampleOf(COMMENTS) as GhReviewComment[])[0];
    const first = { ...example, id: 8, path: file, line: 3, start_line: null, original_start_line: null, commit_id: head, body: HOSTILE };
    delete (first as Partial<GhReviewComment>).in_reply_to_id;
    comments.push(first);
    server.on(COMMENTS, () => ({ status: 200, body: comments }));
    // A reply is added to the thread, as GitHub does.
    server.on(REPLIES, (req) => {
      const reply = { ...first, id: 100 + comments.length, in_reply_to_id: 8, body: String((req.body as { body: string }).body) };
      comments.push(reply);
      return { status: 201, body: reply };
    });
    server.graphql.setThreads('octocat', 'Hello-World', pull.number, [
      { id: 'PRRT_itest', isResolved: false, isOutdated: false, commentIds: [8] },
    ]);

    await connectGitHub(api, { root, remote: REMOTE, origin: server.origin, fullName: 'octocat/Hello-World', token: TOKEN });
  });

  after(async () => {
    if (!api) return;
    if (root && file) fs.writeFileSync(path.join(root, file), original);
    await vscode.workspace.getConfiguration('devops.reviewThreads').update('enabled', undefined, vscode.ConfigurationTarget.Global);
    await disconnectGitHub(api, { root, remote: REMOTE });
    await waitFor('the threads to go', () => api.reviewThreads.threads().length === 0);
    await server?.close();
  });

  it('shows the thread on its line, with its author and its Markdown rendered safely', async () => {
    const shown = await waitFor('the review thread', () => api.reviewThreads.threads()[0]);
    assert.equal(shown.uri.fsPath, path.join(root, file));
    assert.equal(shown.line, 3);
    assert.equal(shown.thread.range?.start.line, 2, 'the thread sits on line 3 (0-based 2)');
    assert.equal(shown.outdated, false);
    assert.equal(shown.thread.label, '#1347');
    assert.equal(shown.thread.contextValue, 'reviewThread.github.unresolved.resolvable');
    assert.equal(shown.thread.state, vscode.CommentThreadState.Unresolved);
    const [comment] = shown.thread.comments;
    assert.equal(comment.author.name, 'octocat');
    const body = comment.body as vscode.MarkdownString;
    assert.ok(body instanceof vscode.MarkdownString);
    assert.equal(body.isTrusted, false);
    assert.equal(body.supportHtml, false);
    assert.match(body.value, /Please rename\. run me/);
    assert.doesNotMatch(body.value, /command:|<img/);
    assert.deepEqual(server.violations, []);
    // Every request went to the GHES API (REST under /api/v3, GraphQL at /api/graphql) with the token.
    for (const r of server.requests) {
      assert.ok(r.url.startsWith('/api/v3/') || r.url === '/api/graphql', r.url);
      assert.equal(r.authorization, `Bearer ${TOKEN}`, r.url);
    }
  });

  it('follows an edit of the working tree: two lines inserted above move the thread down by two', async () => {
    fs.writeFileSync(path.join(root, file), `inserted 1\ninserted 2\n${original}`);
    await api.reviewThreads.sync();
    assert.equal(api.reviewThreads.threads()[0].line, 5);
    assert.equal(api.reviewThreads.threads()[0].outdated, false);
    // The commented line itself changed: outdated, kept on its own line.
    const lines = original.split('\n');
    lines[2] = `${lines[2]} // changed`;
    fs.writeFileSync(path.join(root, file), lines.join('\n'));
    await api.reviewThreads.sync();
    const outdated = api.reviewThreads.threads()[0];
    assert.equal(outdated.outdated, true);
    assert.equal(outdated.line, 3);
    assert.match(String(outdated.thread.label), /Outdated/);
    fs.writeFileSync(path.join(root, file), original);
    await api.reviewThreads.sync();
    assert.equal(api.reviewThreads.threads()[0].outdated, false);
  });

  it('counts it in the Code view under the pull request: "Review threads: 1 unresolved", which opens the threads', async () => {
    const row = await waitFor('the review threads row', () =>
      flatten(api.views.code.getChildren()).find((n): n is GroupNode => n.type === 'group' && n.groupBy === 'reviewThreads'),
    );
    assert.equal(row.label, 'Review threads: 1 unresolved');
    const item = api.views.code.getTreeItem(row);
    assert.equal(item.command?.command, 'devops.reviewThreads.show');
    const pr = flatten(api.views.code.getChildren()).find((n): n is SignalNode => n.type === 'signal' && n.children.includes(row));
    assert.equal(pr?.signal.id, row.signalId);
    await vscode.commands.executeCommand(item.command!.command, ...(item.command!.arguments ?? []));
    await waitFor('the file to open at the thread', () => vscode.window.activeTextEditor?.document.uri.fsPath === path.join(root, file));
    assert.equal(vscode.window.activeTextEditor!.selection.active.line, 2);
  });

  it('sends a reply to the server, and shows it in the thread', async () => {
    const { thread } = api.reviewThreads.threads()[0];
    server.clearLog();
    await vscode.commands.executeCommand('devops.reviewThreads.reply', { thread, text: 'Renamed, thanks.' });
    const sent = server.requests.find((r) => r.operation === REPLIES);
    assert.ok(sent, `requests: ${server.requests.map((r) => `${r.method} ${r.url}`).join(', ')}`);
    assert.equal(sent.url, '/api/v3/repos/octocat/Hello-World/pulls/1347/comments/8/replies');
    assert.deepEqual(sent.body, { body: 'Renamed, thanks.' });
    assert.equal(sent.status, 201);
    await waitFor('the reply in the thread', () => api.reviewThreads.threads()[0]?.thread.comments.length === 2);
    assert.equal((api.reviewThreads.threads()[0].thread.comments[1].body as vscode.MarkdownString).value, 'Renamed, thanks.');
  });

  it('resolves the thread through GitHub GraphQL, and unresolves it', async () => {
    const { thread } = api.reviewThreads.threads()[0];
    await vscode.commands.executeCommand('devops.reviewThreads.resolve', thread);
    assert.ok(server.graphql.requests.some((r) => r.operation === 'ResolveReviewThread' && r.errors.length === 0));
    await waitFor('the resolved thread', () => api.reviewThreads.threads()[0]?.resolved);
    const resolved = api.reviewThreads.threads()[0];
    assert.equal(resolved.thread.state, vscode.CommentThreadState.Resolved);
    assert.equal(resolved.thread.contextValue, 'reviewThread.github.resolved.resolvable');
    await waitFor('the Code view count', () =>
      flatten(api.views.code.getChildren()).some((n) => n.type === 'group' && n.label === 'Review threads: 0 unresolved'),
    );
    await vscode.commands.executeCommand('devops.reviewThreads.unresolve', resolved.thread);
    await waitFor('the thread open again', () => api.reviewThreads.threads()[0]?.resolved === false);
    assert.ok(server.graphql.requests.some((r) => r.operation === 'UnresolveReviewThread'));
    assert.deepEqual(server.violations, []);
  });

  it('shows nothing, and reads nothing, with devops.reviewThreads.enabled off', async () => {
    await vscode.workspace.getConfiguration('devops.reviewThreads').update('enabled', false, vscode.ConfigurationTarget.Global);
    const reviewSource = `github:${new URL(server.origin).host}/octocat/Hello-World#reviews`;
    assert.ok(api.registry.get(reviewSource), 'the review source is registered while enabled');
    await waitFor('the threads to go', () => api.reviewThreads.threads().length === 0);
    await waitFor('the review source to go', () => api.registry.get(reviewSource) === undefined);
    assert.equal(api.hub.query({ kind: 'finding', source: reviewSource }).length, 0);
    await vscode.workspace.getConfiguration('devops.reviewThreads').update('enabled', undefined, vscode.ConfigurationTarget.Global);
    await waitFor('the threads back', () => api.reviewThreads.threads().length === 1);
  });
});

describe('review threads next to the code (GitLab, self-managed behind a prefix)', function () {
  this.timeout(120_000);
  const TOKEN_GL = 'glpat-review-itest-0123456789';
  const REMOTE_GL = 'gitlab-review-itest';
  const PROJECT = 'my-group/my-project';
  const LIST = 'GET /projects/:id/merge_requests/:merge_request_iid/discussions';
  const NOTES = 'POST /projects/:id/merge_requests/:merge_request_iid/discussions/:discussion_id/notes';
  const RESOLVE = 'PUT /projects/:id/merge_requests/:merge_request_iid/discussions/:discussion_id';
  let api: DevOpsApi;
  let server: DocServer;
  let root: string;
  let file: string;
  const state = { resolved: false, replies: [] as string[] };

  before(async () => {
    api = await activateExtension();
    const extensionPath = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
    if (!fs.existsSync(GITLAB_EXTRACT)) fs.copyFileSync(path.join(extensionPath, 'test/fixtures/gitlab/docs-extract.json'), GITLAB_EXTRACT);
    server = await DocServer.start({ prefix: '/gitlab/api/v4', token: TOKEN_GL });
    const repo = await waitFor('the demo repository', () => api.git.all()[0]);
    root = repo.repo.root;
    const branch = (await repo.repo.currentBranch())!;
    const head = git(root, 'rev-parse', 'HEAD').trim();
    file = git(root, 'ls-files')
      .split('\n')
      .filter(Boolean)
      .find((f) => fs.statSync(path.join(root, f)).isFile() && fs.readFileSync(path.join(root, f), 'utf8').split('\n').length > 4)!;
    server.setData('GET /projects/:id/merge_requests', [mergeRequest(7, { source_branch: branch, sha: head })]);
    server.setData('GET /projects/:id/merge_requests/:merge_request_iid', mergeRequestDetail(7, { source_branch: branch, sha: head }));
    // The documented diff thread, on line 4 of the file at HEAD; replies and resolving change it as GitLab would.
    const documented = (gitlabExampleOf(LIST, 1) as GlDiscussion[])[0];
    const root0 = documented.notes![0];
    server.on(LIST, () => {
      const position = {
        ...root0.position!,
        head_sha: head,
        base_sha: head,
        start_sha: head,
        new_path: file,
        old_path: file,
        new_line: 4,
        old_line: 4,
        line_range: null,
      };
      const notes: GlNote[] = [
        { ...root0, body: 'Is this **needed**?', resolved: state.resolved, position },
        ...state.replies.map((body, i) => ({ ...root0, id: root0.id + 1 + i, body, resolved: state.resolved, position })),
      ];
      return { status: 200, body: [{ ...documented, id: 'abcdef0123456789', notes }] };
    });
    server.on(NOTES, (req) => {
      state.replies.push(String(req.body?.body));
      return { status: 201 };
    });
    server.on(RESOLVE, (req) => {
      state.resolved = req.body?.resolved === true;
      return { status: 200 };
    });

    await connectGitLab(api, { root, remote: REMOTE_GL, webBase: server.webBase, project: PROJECT, token: TOKEN_GL });
  });

  after(async () => {
    if (!api) return;
    await disconnectGitLab(api, { root, remote: REMOTE_GL });
    await waitFor('the threads to go', () => api.reviewThreads.threads().length === 0);
    assert.deepEqual(server.violations, [], 'every request was one GitLab documents');
    await server?.close();
  });

  it('shows the diff thread on its line, and a reply and a resolve reach GitLab as documented', async () => {
    const shown = await waitFor('the GitLab thread', () => api.reviewThreads.threads().find((t) => t.thread.label?.startsWith('!7')));
    assert.equal(shown.uri.fsPath, path.join(root, file));
    assert.equal(shown.line, 4);
    assert.equal(shown.thread.contextValue, 'reviewThread.gitlab.unresolved.resolvable');
    assert.equal(shown.thread.comments[0].author.name, 'root');
    await waitFor('the Code view row', () =>
      flatten(api.views.code.getChildren()).some((n) => n.type === 'group' && n.label === 'Review threads: 1 unresolved'),
    );

    server.clearLog();
    await vscode.commands.executeCommand('devops.reviewThreads.reply', { thread: shown.thread, text: 'Yes: the parser needs it.' });
    const sent = server.requests.find((r) => r.method === 'POST');
    assert.equal(sent?.url, `/gitlab/api/v4/projects/${encodeURIComponent(PROJECT)}/merge_requests/7/discussions/abcdef0123456789/notes`);
    assert.deepEqual(sent?.body, { body: 'Yes: the parser needs it.' });
    await waitFor('the reply in the thread', () => api.reviewThreads.threads()[0]?.thread.comments.length === 2);

    await vscode.commands.executeCommand('devops.reviewThreads.resolve', api.reviewThreads.threads()[0].thread);
    const put = server.requests.find((r) => r.method === 'PUT');
    assert.deepEqual(put?.body, { resolved: true });
    await waitFor('the resolved thread', () => api.reviewThreads.threads()[0]?.resolved);
    assert.equal(api.reviewThreads.threads()[0].thread.state, vscode.CommentThreadState.Resolved);
    assert.deepEqual(server.violations, []);
  });
});
