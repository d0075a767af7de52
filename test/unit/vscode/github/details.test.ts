/**
 * What the details panel shows for GitHub signals (src/vscode/github/details.ts): signals mapped from
 * GitHub's examples, the pull request's changed files from the OpenAPI test server, and a real git
 * repository for the clone's diff when GitHub does not answer.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignalHub } from '../../../../src/core/hub';
import type { Signal } from '../../../../src/core/signal';
import { HttpClient } from '../../../../src/http/client';
import { GitRepository, GitRunner } from '../../../../src/sources/git';
import { GitHubApi } from '../../../../src/sources/github/api';
import { mapIssue, mapJob, mapPullRequest, mapWorkflowRun } from '../../../../src/sources/github/mapping';
import type { GitHubRepoRef } from '../../../../src/sources/github/remote';
import type {
  GhIssue,
  GhJobList,
  GhPullRequest,
  GhPullRequestFile,
  GhReview,
  GhWorkflowRunList,
} from '../../../../src/sources/github/types';
import type { DetailsContribution } from '../../../../src/core/details/item';
import type { GitHubConnection } from '../../../../src/vscode/github/connection';
import { githubDetailsContributor } from '../../../../src/vscode/github/details';
import { RateGate } from '../../../../src/sources/github/rateGate';
import type { DetailsRow, DetailsSection } from '../../../../src/core/details/protocol';
import { exampleOf, OpenApiServer } from '../../../fixtures/github/openapiServer';

const FILES = 'GET /repos/{owner}/{repo}/pulls/{pull_number}/files';

const REPO: GitHubRepoRef = {
  host: 'github.com',
  owner: 'octocat',
  repo: 'Hello-World',
  apiBase: 'https://api.github.com',
  webBase: 'https://github.com',
  enterprise: false,
};

function git(dir: string, ...args: string[]): string {
  return execFileSync(
    'git',
    ['-c', 'core.hooksPath=', '-c', 'commit.gpgsign=false', '-c', 'user.name=T', '-c', 'user.email=t@example.com', '-C', dir, ...args],
    { encoding: 'utf8' },
  ).trim();
}

function titles(c: DetailsContribution): string[] {
  return (c?.sections ?? []).map((s) => s.title);
}

function section(c: DetailsContribution, title: string): DetailsSection {
  const found = (c?.sections ?? []).find((s) => s.title.startsWith(title));
  assert.ok(found, `a "${title}" section among ${titles(c).join(', ')}`);
  return found;
}

describe('github/details contributor', () => {
  let dir: string;
  let connection: GitHubConnection;
  let base: string;
  let head: string;
  let server: OpenApiServer;
  const hub = new SignalHub();

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gh-details-'));
    git(dir, 'init', '-q', '-b', 'main');
    writeFileSync(join(dir, 'README.md'), 'hello\n');
    writeFileSync(join(dir, 'old.txt'), 'old\n');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'base');
    base = git(dir, 'rev-parse', 'HEAD');
    writeFileSync(join(dir, 'README.md'), 'hello world\n');
    writeFileSync(join(dir, 'new.txt'), 'new\n');
    git(dir, 'rm', '-q', 'old.txt');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'head');
    head = git(dir, 'rev-parse', 'HEAD');
    const repo = await GitRepository.open(new GitRunner({ gitPath: 'git', cwd: dir }));
    assert.ok(repo);
    server = await OpenApiServer.start();
    const api = new GitHubApi({ http: new HttpClient({ maxRetries: 0 }), repo: { ...REPO, apiBase: server.apiBase } });
    // What the contributor reads of a connection: the workspace repository, the API, the rate-limit gate.
    connection = { workspace: { repo }, source: { api }, gate: new RateGate(server.origin) } as unknown as GitHubConnection;
  });

  afterEach(() => assert.deepEqual(server.violations, []));

  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await server.close();
  });

  function fileRows(c: DetailsContribution, title = 'Changed files'): [string, string, string | undefined][] {
    return (section(c, title) as { rows: DetailsRow[] }).rows.map((f) => [f.label, f.value, f.file?.path]);
  }

  const contribute = (s: Signal, c: GitHubConnection | undefined = connection) => githubDetailsContributor(() => c)(s, hub);

  it('pull request: state, review, checks, mergeability, the description as Markdown, reviews, changed files from GitHub, actions', async () => {
    const example = (exampleOf(FILES) as GhPullRequestFile[])[0];
    server.setData(FILES, [
      example,
      { ...example, filename: 'docs/new.md', previous_filename: 'docs/old.md', status: 'renamed', additions: 2, deletions: 1, changes: 3 },
      { ...example, filename: 'gone.txt', status: 'removed', additions: 0, deletions: 4, changes: 4 },
    ]);
    server.clearLog();
    const single = exampleOf('GET /repos/{owner}/{repo}/pulls/{pull_number}') as GhPullRequest;
    const reviews = exampleOf('GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews') as GhReview[];
    const pr = mapPullRequest(
      { ...single, body: '# Hello\n<script>alert(1)</script>', base: { ...single.base, sha: base }, head: { ...single.head, sha: head } },
      { repo: REPO, me: 'octocat' },
      { reviews, checkRuns: [], statuses: [] },
    );
    const c = await contribute(pr);
    const rows = (section(c, 'Pull request #1347') as { rows: { label: string; value: string }[] }).rows;
    assert.equal(
      rows.find((r) => r.label === 'Review')?.value,
      'approved · approved by octocat · waiting for other_user, team:justice-league',
    );
    assert.equal(rows.find((r) => r.label === 'Mergeable')?.value, 'yes (clean)');
    assert.deepEqual(
      section(c, 'Description'),
      { title: 'Description', markdown: '# Hello\n<script>alert(1)</script>' },
      'raw: the page sanitizes',
    );
    assert.equal((section(c, 'Reviews') as { rows: unknown[] }).rows.length, reviews.length);
    assert.deepEqual(
      fileRows(c, 'Changed files (3)'),
      [
        ['added', 'file1.txt (+103 −21)', 'file1.txt'],
        ['renamed', 'docs/old.md → docs/new.md (+2 −1)', 'docs/new.md'],
        ['removed', 'gone.txt (+0 −4)', undefined],
      ],
      "GitHub's list, not the clone's diff",
    );
    assert.deepEqual(
      server.requests.map((r) => r.url),
      ['/repos/octocat/Hello-World/pulls/1347/files?per_page=100'],
    );
    assert.deepEqual(
      c?.actions?.map((a) => a.id),
      [
        'devops.github.openPullRequestChanges',
        'devops.github.checkoutPullRequest',
        'devops.github.approvePullRequest',
        'devops.github.requestChanges',
        'devops.github.mergePullRequest',
      ],
    );
  });

  it('pull request whose commits are not in the clone: lists its files from GitHub and offers the diff', async () => {
    server.setData(FILES, exampleOf(FILES));
    const listed = (exampleOf('GET /repos/{owner}/{repo}/pulls') as GhPullRequest[])[0];
    const c = await contribute(mapPullRequest(listed, { repo: REPO }));
    assert.deepEqual(fileRows(c, 'Changed files (1)'), [['added', 'file1.txt (+103 −21)', 'file1.txt']]);
    assert.ok(c?.actions?.some((a) => a.id === 'devops.github.openPullRequestChanges'));
  });

  it("GitHub cannot list the files: the clone's diff, saying why", async () => {
    const single = exampleOf('GET /repos/{owner}/{repo}/pulls/{pull_number}') as GhPullRequest;
    const pr = mapPullRequest({ ...single, base: { ...single.base, sha: base }, head: { ...single.head, sha: head } }, { repo: REPO });
    server.replyOnce(FILES, OpenApiServer.error(404, 'Not Found'));
    const c = await contribute(pr);
    const rows = fileRows(c, 'Changed files (3)');
    assert.deepEqual(rows.slice(0, 3), [
      ['modified', 'README.md', 'README.md'],
      ['added', 'new.txt', 'new.txt'],
      ['removed', 'old.txt', undefined],
    ]);
    assert.equal(rows[3][0], 'Note');
    assert.match(
      rows[3][1],
      /^Could not list the files of pull request #1347: .*not found.* These files are from this clone's diff instead\.$/,
    );
    assert.ok(c?.actions?.some((a) => a.id === 'devops.github.openPullRequestChanges'));
  });

  it("while GitHub's rate limit waits, GitHub is not asked: the clone's diff, saying why", async () => {
    const single = exampleOf('GET /repos/{owner}/{repo}/pulls/{pull_number}') as GhPullRequest;
    const pr = mapPullRequest({ ...single, base: { ...single.base, sha: base }, head: { ...single.head, sha: head } }, { repo: REPO });
    const gate = new RateGate(server.origin);
    gate.block(Date.now() + 60_000, 'rate limited');
    server.clearLog();
    const c = await contribute(pr, { ...connection, gate } as unknown as GitHubConnection);
    assert.match(
      fileRows(c, 'Changed files (3)')[3][1],
      /^GitHub was not asked for the files: its rate limit is reached until .*clone's diff instead\.$/,
    );
    assert.equal(server.requests.length, 0);
  });

  it('neither GitHub nor the clone can list the files: says both, offers no diff', async () => {
    server.replyOnce(FILES, OpenApiServer.error(503, 'Service unavailable'));
    const listed = (exampleOf('GET /repos/{owner}/{repo}/pulls') as GhPullRequest[])[0];
    const c = await contribute(mapPullRequest(listed, { repo: REPO }));
    assert.match(
      JSON.stringify(section(c, 'Changed files')),
      /Could not list the files of pull request #.*The commits are not in this clone yet either/,
    );
    assert.ok(!c?.actions?.some((a) => a.id === 'devops.github.openPullRequestChanges'));
  });

  it('workflow run and job: jobs, steps with timings, and the actions that fit the state', async () => {
    const run = {
      ...(exampleOf('GET /repos/{owner}/{repo}/actions/runs') as GhWorkflowRunList).workflow_runs[0],
      status: 'completed',
      conclusion: 'failure',
    };
    const jobs = (exampleOf('GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs') as GhJobList).jobs;
    const c = await contribute(mapWorkflowRun(run, { repo: REPO }, jobs));
    assert.deepEqual(titles(c), ['Workflow run', 'Jobs', `Steps of ${jobs[0].name}`]);
    assert.deepEqual(
      (section(c, 'Steps of') as { rows: { value: string }[] }).rows.map((r) => r.value),
      ['success · 1 s', 'success · 4 s', 'success · 0 s'],
    );
    assert.deepEqual(
      c?.actions?.map((a) => a.id),
      ['devops.github.rerunFailedJobs', 'devops.github.openJobLog'],
    );
    const running = await contribute(mapWorkflowRun({ ...run, status: 'in_progress', conclusion: null }, { repo: REPO }));
    assert.deepEqual(
      running?.actions?.map((a) => a.id),
      ['devops.github.cancelRun', 'devops.github.openJobLog'],
    );
    const job = await contribute(mapJob(jobs[0], { repo: REPO }, run));
    assert.deepEqual(
      job?.actions?.map((a) => a.id),
      ['devops.github.openJobLog'],
    );
  });

  it('issue: milestone, assignees, description, and Start Work while open; nothing for other sources', async () => {
    const issue = (exampleOf('GET /repos/{owner}/{repo}/issues') as GhIssue[])[0];
    const c = await contribute(mapIssue(issue, { repo: REPO }));
    assert.match(JSON.stringify(section(c, 'Issue #1347')), /"Milestone","value":"v1.0/);
    assert.equal((section(c, 'Description') as { markdown: string }).markdown, issue.body);
    assert.deepEqual(
      c?.actions?.map((a) => a.id),
      ['devops.github.startWork'],
    );
    const notConnected = await githubDetailsContributor(() => undefined)(mapIssue(issue, { repo: REPO }), hub);
    assert.deepEqual(notConnected?.actions, [], 'no action on a repository that is not connected');
    const other = await githubDetailsContributor(() => connection)({ ...mapIssue(issue, { repo: REPO }), source: 'git:/x' }, hub);
    assert.equal(other, undefined);
  });
});
