/**
 * What the details panel shows for GitHub signals (src/vscode/github/details.ts): signals mapped from
 * GitHub's examples, a real git repository for the pull request's changed files.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignalHub } from '../../../src/core/hub';
import type { Signal } from '../../../src/core/signal';
import { GitRepository, GitRunner } from '../../../src/sources/git';
import { mapIssue, mapJob, mapPullRequest, mapWorkflowRun } from '../../../src/sources/github/mapping';
import type { GitHubRepoRef } from '../../../src/sources/github/remote';
import type { GhIssue, GhJobList, GhPullRequest, GhReview, GhWorkflowRunList } from '../../../src/sources/github/types';
import type { DetailsContribution } from '../../../src/vscode/detailsItems';
import type { GitHubConnection } from '../../../src/vscode/github/connection';
import { githubDetailsContributor } from '../../../src/vscode/github/details';
import type { DetailsSection } from '../../../src/vscode/webview/protocol';
import { exampleOf } from '../../fixtures/github/openapiServer';

const REPO: GitHubRepoRef = { host: 'github.com', owner: 'octocat', repo: 'Hello-World', apiBase: 'https://api.github.com', webBase: 'https://github.com', enterprise: false };

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'core.hooksPath=', '-c', 'commit.gpgsign=false', '-c', 'user.name=T', '-c', 'user.email=t@example.com', '-C', dir, ...args], { encoding: 'utf8' }).trim();
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
    // What the contributor reads of a connection: the workspace repository.
    connection = { workspace: { repo } } as unknown as GitHubConnection;
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  const contribute = (s: Signal, c: GitHubConnection | undefined = connection) => githubDetailsContributor(() => c)(s, hub);

  it('pull request: state, review, checks, mergeability, the description as Markdown, reviews, changed files, actions', async () => {
    const single = exampleOf('GET /repos/{owner}/{repo}/pulls/{pull_number}') as GhPullRequest;
    const reviews = exampleOf('GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews') as GhReview[];
    const pr = mapPullRequest({ ...single, body: '# Hello\n<script>alert(1)</script>', base: { ...single.base, sha: base }, head: { ...single.head, sha: head } },
      { repo: REPO, me: 'octocat' }, { reviews, checkRuns: [], statuses: [] });
    const c = await contribute(pr);
    const rows = (section(c, 'Pull request #1347') as { rows: { label: string; value: string }[] }).rows;
    assert.equal(rows.find((r) => r.label === 'Review')?.value, 'approved · approved by octocat · waiting for other_user, team:justice-league');
    assert.equal(rows.find((r) => r.label === 'Mergeable')?.value, 'yes (clean)');
    assert.deepEqual(section(c, 'Description'), { title: 'Description', markdown: '# Hello\n<script>alert(1)</script>' }, 'raw: the page sanitizes');
    assert.equal((section(c, 'Reviews') as { rows: unknown[] }).rows.length, reviews.length);
    const files = (section(c, 'Changed files (3)') as { rows: { label: string; value: string; file?: { path: string } }[] }).rows;
    assert.deepEqual(files.map((f) => [f.label, f.value, f.file?.path]), [['M', 'README.md', 'README.md'], ['A', 'new.txt', 'new.txt'], ['D', 'old.txt', 'old.txt']]);
    assert.deepEqual(c?.actions?.map((a) => a.id), [
      'devops.github.openPullRequestChanges', 'devops.github.checkoutPullRequest', 'devops.github.approvePullRequest',
      'devops.github.requestChanges', 'devops.github.mergePullRequest',
    ]);
  });

  it('pull request whose commits are not in the clone: says so, offers no diff', async () => {
    const listed = (exampleOf('GET /repos/{owner}/{repo}/pulls') as GhPullRequest[])[0];
    const c = await contribute(mapPullRequest(listed, { repo: REPO }));
    assert.match(JSON.stringify(section(c, 'Changed files')), /not in this clone yet/);
    assert.ok(!c?.actions?.some((a) => a.id === 'devops.github.openPullRequestChanges'));
  });

  it('workflow run and job: jobs, steps with timings, and the actions that fit the state', async () => {
    const run = { ...(exampleOf('GET /repos/{owner}/{repo}/actions/runs') as GhWorkflowRunList).workflow_runs[0], status: 'completed', conclusion: 'failure' };
    const jobs = (exampleOf('GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs') as GhJobList).jobs;
    const c = await contribute(mapWorkflowRun(run, { repo: REPO }, jobs));
    assert.deepEqual(titles(c), ['Workflow run', 'Jobs', `Steps of ${jobs[0].name}`]);
    assert.deepEqual((section(c, 'Steps of') as { rows: { value: string }[] }).rows.map((r) => r.value), ['success · 1 s', 'success · 4 s', 'success · 0 s']);
    assert.deepEqual(c?.actions?.map((a) => a.id), ['devops.github.rerunFailedJobs', 'devops.github.openJobLog']);
    const running = await contribute(mapWorkflowRun({ ...run, status: 'in_progress', conclusion: null }, { repo: REPO }));
    assert.deepEqual(running?.actions?.map((a) => a.id), ['devops.github.cancelRun', 'devops.github.openJobLog']);
    const job = await contribute(mapJob(jobs[0], { repo: REPO }, run));
    assert.deepEqual(job?.actions?.map((a) => a.id), ['devops.github.openJobLog']);
  });

  it('issue: milestone, assignees, description, and Start Work while open; nothing for other sources', async () => {
    const issue = (exampleOf('GET /repos/{owner}/{repo}/issues') as GhIssue[])[0];
    const c = await contribute(mapIssue(issue, { repo: REPO }));
    assert.match(JSON.stringify(section(c, 'Issue #1347')), /"Milestone","value":"v1.0/);
    assert.equal((section(c, 'Description') as { markdown: string }).markdown, issue.body);
    assert.deepEqual(c?.actions?.map((a) => a.id), ['devops.github.startWork']);
    const notConnected = await githubDetailsContributor(() => undefined)(mapIssue(issue, { repo: REPO }), hub);
    assert.deepEqual(notConnected?.actions, [], 'no action on a repository that is not connected');
    const other = await githubDetailsContributor(() => connection)({ ...mapIssue(issue, { repo: REPO }), source: 'git:/x' }, hub);
    assert.equal(other, undefined);
  });
});
