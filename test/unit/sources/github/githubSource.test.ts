/**
 * The GitHub source end to end: the real HttpClient against a local server that answers from
 * GitHub's official OpenAPI description and rejects any request the description does not allow.
 */
import assert from 'node:assert/strict';
import { tagValue } from '../../../../src/core/signal';
import { HttpClient } from '../../../../src/http/client';
import type { Credential } from '../../../../src/http/types';
import { SourceError } from '../../../../src/core/sourceError';
import { GitHubSource, type GitHubSourceOptions } from '../../../../src/sources/github/githubSource';
import { MAX_BODY_CHARS } from '../../../../src/sources/github/mapping';
import { parseEnterpriseHost, parseGitHubRemote, type GitHubRepoRef } from '../../../../src/sources/github/remote';
import type {
  GhAnnotation,
  GhCheckRunList,
  GhIssue,
  GhPullRequest,
  GhWorkflowRun,
  GhWorkflowRunList,
} from '../../../../src/sources/github/types';
import { exampleOf, OpenApiServer, type OpenApiServerOptions } from '../../../fixtures/github/openapiServer';
import { syntheticPullRequests } from '../../../fixtures/github/synthetic';

const TOKEN = 'ghp_test_token_0123456789';
const NOW = Date.parse('2012-10-01T00:00:00Z');

interface Harness {
  server: OpenApiServer;
  source: GitHubSource;
  waits: number[];
  repo: GitHubRepoRef;
}

let harness: Harness | undefined;

async function setup(
  serverOptions: OpenApiServerOptions = { token: TOKEN },
  sourceOptions: Partial<GitHubSourceOptions> & { token?: string | null } = {},
): Promise<Harness> {
  const server = await OpenApiServer.start(serverOptions);
  const repo: GitHubRepoRef = {
    host: new URL(server.origin).host,
    owner: 'octocat',
    repo: 'Hello-World',
    apiBase: server.apiBase,
    webBase: server.origin,
    enterprise: false,
  };
  const token = sourceOptions.token === undefined ? TOKEN : sourceOptions.token;
  const credential: Credential | undefined =
    token === null ? undefined : { origin: server.origin, header: 'Authorization', value: `Bearer ${token}`, secret: token };
  const waits: number[] = [];
  // The real client; only its sleep is replaced, so retries are recorded instead of waited for.
  const http = new HttpClient({ maxRetries: 2, sleep: async (ms) => void waits.push(ms) });
  const source = new GitHubSource({ http, repo, credential, now: () => NOW, ...sourceOptions });
  harness = { server, source, waits, repo };
  return harness;
}

/**
 * Answers `GET /pulls/{n}` with GitHub's single-PR example carrying the listed PR's identity and
 * text (the list and single examples differ in nested objects, so only these fields are copied).
 */
function serveSinglePullsFrom(server: OpenApiServer, pulls: GhPullRequest[]): void {
  const single = exampleOf('GET /repos/{owner}/{repo}/pulls/{pull_number}') as GhPullRequest;
  server.on('GET /repos/{owner}/{repo}/pulls/{pull_number}', (req) => {
    const listed = pulls.find((p) => p.number === Number(req.pathParams.pull_number));
    return listed
      ? {
          status: 200,
          body: {
            ...single,
            id: listed.id,
            number: listed.number,
            title: listed.title,
            body: listed.body,
            draft: listed.draft,
            updated_at: listed.updated_at,
            head: { ...single.head, ref: listed.head.ref, sha: listed.head.sha },
            mergeable: true,
            mergeable_state: 'clean',
          },
        }
      : OpenApiServer.error(404, 'Not Found');
  });
}

async function rejection(promise: Promise<unknown>): Promise<SourceError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof SourceError, `expected a SourceError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a rejection');
}

describe('github/GitHubSource against the OpenAPI server', () => {
  afterEach(async () => {
    if (harness) {
      const { server } = harness;
      harness = undefined;
      await server.close();
      // Every request the source made must be one GitHub's description allows.
      assert.deepEqual(server.violations, []);
    }
  });

  it('Plan: the sprint is the open milestone due next; its issues and mine, pull requests left out', async () => {
    const { server, source } = await setup();
    const issue = exampleOf('GET /repos/{owner}/{repo}/issues') as GhIssue[];
    const plain = { ...issue[0], number: 1, title: 'Plain issue' } as GhIssue & Record<string, unknown>;
    delete plain.pull_request;
    server.setData('GET /repos/{owner}/{repo}/issues', [plain, issue[0]]);
    const result = await source.refreshPlan();
    assert.equal(result.me, 'octocat');
    assert.equal(result.sprint.milestone?.title, 'v1.0');
    assert.deepEqual(
      result.signals.map((s) => s.title),
      ['Plain issue'],
      'the issue list also returns PRs: dropped',
    );
    assert.deepEqual(result.signals[0].labels, ['open', 'mine', 'sprint']);
    const urls = server.requests.map((r) => r.url);
    assert.ok(urls.includes('/repos/octocat/Hello-World/milestones?state=open&sort=due_on&direction=asc&per_page=100'), urls.join('\n'));
    assert.ok(
      urls.some((u) => u.startsWith('/repos/octocat/Hello-World/issues?milestone=1&state=all&')),
      urls.join('\n'),
    );
    assert.ok(urls.some((u) => u.includes('assignee=octocat&state=open')));
  });

  it('Code: categories, draft, review decision, checks roll-up and mergeability', async () => {
    const { server, source } = await setup();
    const result = await source.refreshCode();
    assert.equal(result.signals.length, 1);
    const pr = result.signals[0];
    assert.equal(pr.id, `${source.sourceId}:pullRequest:1347`);
    assert.deepEqual(pr.detail!.categories, ['createdByMe', 'open']);
    assert.equal((pr.detail!.review as { decision: string }).decision, 'approved');
    assert.equal((pr.detail!.checks as { state: string }).state, 'success');
    assert.equal(pr.detail!.mergeable, true);
    assert.equal(pr.detail!.draft, false);
    const sha = '6dcb09b5b57875f334f61aebed695e2e4193db5e';
    const paths = server.requests.map((r) => r.url.split('?')[0]);
    for (const path of [
      '/user',
      '/repos/octocat/Hello-World/pulls',
      '/repos/octocat/Hello-World/pulls/1347',
      '/repos/octocat/Hello-World/pulls/1347/reviews',
      `/repos/octocat/Hello-World/commits/${sha}/check-runs`,
      `/repos/octocat/Hello-World/commits/${sha}/status`,
    ]) {
      assert.ok(paths.includes(path), `${path} requested`);
    }
    assert.ok(server.requests.every((r) => r.authorization === `Bearer ${TOKEN}`));
  });

  it('pages through Link headers: 250 pull requests in 3 pages of 100', async () => {
    const { server, source } = await setup(undefined, { detailLimit: 0 });
    const pulls = syntheticPullRequests(250);
    server.setData('GET /repos/{owner}/{repo}/pulls', pulls);
    const result = await source.refreshCode();
    assert.equal(result.signals.length, 250);
    assert.deepEqual(new Set(result.signals.map((s) => s.detail!.number)).size, 250);
    const pages = server.requests
      .filter((r) => r.operation === 'GET /repos/{owner}/{repo}/pulls')
      .map((r) => new URL(r.url, 'http://x').searchParams.get('page'));
    assert.deepEqual(pages, [null, '2', '3']);
  });

  it('stops paging at the page bound', async () => {
    const { server, source } = await setup(undefined, { detailLimit: 0, maxPages: 2 });
    server.setData('GET /repos/{owner}/{repo}/pulls', syntheticPullRequests(250));
    assert.equal((await source.refreshCode()).signals.length, 200);
  });

  it('an unchanged poll is answered 304 throughout and spends no rate limit', async () => {
    const { server, source } = await setup();
    server.setData('GET /repos/{owner}/{repo}/pulls', syntheticPullRequests(3));
    serveSinglePullsFrom(server, syntheticPullRequests(3));
    const first = await source.refreshCode();
    assert.equal(first.changed, true);
    const remaining = server.rateRemaining;
    server.clearLog();
    const second = await source.refreshCode();
    assert.ok(server.requests.length >= 1 + 1 + 3 * 4, 'every read was asked again');
    assert.equal(server.count(200), 0);
    assert.equal(server.count(304), server.requests.length);
    assert.ok(
      server.requests.every((r) => r.ifNoneMatch),
      'every request was conditional',
    );
    assert.equal(second.changed, false);
    assert.equal(second.notModified, second.requests);
    assert.equal(server.rateRemaining, remaining, 'no rate limit spent');
    assert.deepEqual(second.signals, first.signals, 'the cached answers map to the same signals');
    assert.equal(second.rateLimit?.remaining, remaining, 'remaining quota exposed');
  });

  it('Build: runs of HEAD’s branch and the default branch, jobs and steps, status-bar run, X-Poll-Interval', async () => {
    const { server, source } = await setup();
    server.pollIntervalSeconds = 60;
    const template = (exampleOf('GET /repos/{owner}/{repo}/actions/runs') as GhWorkflowRunList).workflow_runs[0];
    const runs: GhWorkflowRun[] = [
      { ...template, id: 2, head_branch: 'feature-x', status: 'in_progress', conclusion: null, created_at: '2024-01-02T00:00:00Z' },
      { ...template, id: 1, head_branch: 'master', status: 'completed', conclusion: 'success', created_at: '2024-01-01T00:00:00Z' },
    ];
    server.on('GET /repos/{owner}/{repo}/actions/runs', (req) => {
      const list = runs.filter((r) => r.head_branch === req.query.get('branch'));
      return { status: 200, body: { total_count: list.length, workflow_runs: list } };
    });
    const result = await source.refreshBuild({ branch: 'feature-x' });
    assert.equal(result.defaultBranch, 'master');
    assert.equal(result.inProgress, true);
    assert.equal(result.latestForBranch?.state.normal, 'running');
    assert.equal(result.latestForBranch?.anchors.branch, 'feature-x');
    assert.equal(result.latestForDefault?.state.normal, 'success');
    const jobs = result.signals.filter((s) => s.kind === 'job');
    assert.equal(jobs.length, 2, 'the example job, once per run');
    assert.deepEqual(
      new Set(jobs.map((j) => j.parentId)),
      new Set(result.signals.filter((s) => s.kind === 'pipelineRun').map((s) => s.id)),
    );
    const steps = (jobs[0].detail!.steps as { durationMs: number }[]).map((s) => s.durationMs);
    assert.deepEqual(steps, [1000, 4000, 0]);
    assert.equal(result.pollIntervalSeconds, 60);
    const branches = server.requests
      .filter((r) => r.operation === 'GET /repos/{owner}/{repo}/actions/runs')
      .map((r) => new URL(r.url, 'http://x').searchParams.get('branch'));
    assert.deepEqual(branches, ['feature-x', 'master']);
  });

  it('Build: annotations of the check runs at the tip of HEAD’s branch become findings about that commit, each run read once', async () => {
    const { server, source } = await setup();
    const run = (exampleOf('GET /repos/{owner}/{repo}/commits/{ref}/check-runs') as GhCheckRunList).check_runs[0];
    const [documented] = exampleOf('GET /repos/{owner}/{repo}/check-runs/{check_run_id}/annotations') as GhAnnotation[];
    const failing = { ...run, id: 7, name: 'eslint', conclusion: 'failure', output: { ...run.output, annotations_count: 2 } };
    const running = { ...run, id: 8, name: 'tests', status: 'in_progress', conclusion: null };
    server.setData('GET /repos/{owner}/{repo}/commits/{ref}/check-runs', { total_count: 2, check_runs: [failing, running] });
    server.on('GET /repos/{owner}/{repo}/check-runs/{check_run_id}/annotations', () => ({
      status: 200,
      body: [
        {
          ...documented,
          path: 'src/app.ts',
          start_line: 40,
          end_line: 41,
          annotation_level: 'failure',
          title: 'no-unused-vars',
          message: "'x' is defined but never used.",
          raw_details: null,
        },
        { ...documented, annotation_level: 'notice' },
        { ...documented, path: '', start_line: 0 },
      ],
    }));
    const result = await source.refreshBuild({ branch: 'feature-x' });
    const findings = result.signals.filter((s) => s.kind === 'finding');
    assert.equal(findings.length, 2, 'the annotation without a path is left out');
    const [lint, notice] = findings;
    assert.deepEqual(lint.detail?.finding, {
      tool: 'eslint',
      severity: 'error',
      message: "'x' is defined but never used.",
      path: 'src/app.ts',
      line: 40,
      endLine: 41,
      commit: run.head_sha,
      origin: '7',
    });
    assert.equal(lint.title, "no-unused-vars: 'x' is defined but never used.");
    assert.equal(lint.url, run.html_url);
    assert.equal(lint.anchors.repo, `${harness!.repo.host}/octocat/Hello-World`);
    assert.equal(lint.anchors.branch, 'feature-x');
    assert.deepEqual(
      [(notice.detail?.finding as { severity: string }).severity, (notice.detail?.finding as { path: string }).path],
      ['information', documented.path],
    );
    assert.equal(
      notice.detail && (notice.detail.finding as { message: string }).message,
      `${documented.message}\n\n${documented.raw_details}`,
    );
    const annotationReads = () =>
      server.requests.filter((r) => r.operation === 'GET /repos/{owner}/{repo}/check-runs/{check_run_id}/annotations');
    assert.deepEqual(
      annotationReads().map((r) => r.url.split('?')[0].split('/').at(-2)),
      ['7'],
      'only the completed run that has annotations',
    );
    server.clearLog();
    const again = await source.refreshBuild({ branch: 'feature-x' });
    assert.equal(annotationReads().length, 0, 'a completed run’s annotations are not read again');
    assert.deepEqual(
      again.signals.filter((s) => s.kind === 'finding'),
      findings,
    );
  });

  it('Build: also the check runs of the head commit of the branch’s open pull request', async () => {
    const { server, source } = await setup();
    const [pr] = exampleOf('GET /repos/{owner}/{repo}/pulls') as GhPullRequest[];
    const run = (exampleOf('GET /repos/{owner}/{repo}/commits/{ref}/check-runs') as GhCheckRunList).check_runs[0];
    server.on('GET /repos/{owner}/{repo}/commits/{ref}/check-runs', (req) => ({
      status: 200,
      body:
        req.pathParams.ref === pr.head.sha
          ? { total_count: 1, check_runs: [{ ...run, id: 21, name: 'ci/pr', head_sha: pr.head.sha }] }
          : { total_count: 0, check_runs: [] },
    }));
    const result = await source.refreshBuild({ branch: pr.head.ref });
    const asked = server.requests
      .filter((r) => r.operation === 'GET /repos/{owner}/{repo}/commits/{ref}/check-runs')
      .map((r) => decodeURIComponent(r.url.split('?')[0].split('/').at(-2)!));
    assert.deepEqual(asked, [pr.head.ref, pr.head.sha]);
    const findings = result.signals.filter((s) => s.kind === 'finding');
    assert.ok(findings.length > 0);
    assert.ok(findings.every((f) => f.tags.includes('tool:ci/pr') && f.anchors.commits?.[0] === pr.head.sha));
  });

  it('Build: hostile annotation text arrives as data', async () => {
    const { server, source } = await setup();
    const run = (exampleOf('GET /repos/{owner}/{repo}/commits/{ref}/check-runs') as GhCheckRunList).check_runs[0];
    const [documented] = exampleOf('GET /repos/{owner}/{repo}/check-runs/{check_run_id}/annotations') as GhAnnotation[];
    server.setData('GET /repos/{owner}/{repo}/commits/{ref}/check-runs', { total_count: 1, check_runs: [run] });
    const hostile =
      '[run](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22rm%20-rf%20~%22%7D) <img src=x onerror=alert(1)>';
    server.setData('GET /repos/{owner}/{repo}/check-runs/{check_run_id}/annotations', [
      { ...documented, title: hostile, message: hostile },
    ]);
    const [finding] = (await source.refreshBuild({ branch: 'main' })).signals.filter((s) => s.kind === 'finding');
    assert.equal((finding.detail?.finding as { message: string }).message, `${hostile}\n\n${documented.raw_details}`);
  });

  it('Deploy: each environment’s latest deployment and its status; reporting a deploy creates both', async () => {
    const { server, source } = await setup();
    const result = await source.refreshDeploy();
    assert.equal(result.signals.length, 1);
    assert.equal(result.signals[0].state.normal, 'success');
    assert.ok(server.requests.some((r) => r.url.includes('/deployments?environment=staging&per_page=1')));
    const reported = await source.reportDeploy({
      ref: 'topic-branch',
      environment: 'qa',
      description: 'From the editor',
      requireContexts: false,
      state: 'success',
      logUrl: 'https://ci.example.com/1',
    });
    assert.equal(reported.kind, 'deployment');
    assert.equal(tagValue(reported, 'env'), 'qa');
    assert.equal(reported.state.normal, 'success');
    const posts = server.requests.filter((r) => r.method === 'POST');
    assert.deepEqual(
      posts.map((r) => [r.operation, r.status]),
      [
        ['POST /repos/{owner}/{repo}/deployments', 201],
        ['POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses', 201],
      ],
    );
    assert.deepEqual(posts[0].body, {
      ref: 'topic-branch',
      environment: 'qa',
      task: 'deploy',
      description: 'From the editor',
      required_contexts: [],
    });
    assert.deepEqual(posts[1].body, { state: 'success', description: 'From the editor', log_url: 'https://ci.example.com/1' });
  });

  it('a deployment GitHub answers 202 (merged the default branch first) is a clear error', async () => {
    const { server, source } = await setup();
    server.replyOnce('POST /repos/{owner}/{repo}/deployments', {
      status: 202,
      body: exampleOf('POST /repos/{owner}/{repo}/deployments', '202'),
    });
    const error = await rejection(source.reportDeploy({ ref: 'topic', environment: 'qa', state: 'success' }));
    assert.match(error.message, /no deployment was created \(202\): GitHub says "Auto-merged master into topic-branch on deployment\."/);
  });

  it('approve and request changes post the documented review events', async () => {
    const { server, source } = await setup();
    await source.approve(1347, 'LGTM');
    await source.requestChanges(1347, 'Please add tests');
    await assert.rejects(source.requestChanges(1347, '  '), /say what should change/);
    const bodies = server.requests.filter((r) => r.method === 'POST').map((r) => r.body);
    assert.deepEqual(bodies, [
      { event: 'APPROVE', body: 'LGTM' },
      { event: 'REQUEST_CHANGES', body: 'Please add tests' },
    ]);
  });

  it('merges with the chosen method; a 405 or 409 refusal carries GitHub’s message', async () => {
    const { server, source } = await setup();
    const merged = await source.merge(1347, 'squash', '6dcb09b5b57875f334f61aebed695e2e4193db5e');
    assert.equal(merged.sha, '6dcb09b5b57875f334f61aebed695e2e4193db5e');
    assert.deepEqual(server.requests.at(-1)?.body, { merge_method: 'squash', sha: '6dcb09b5b57875f334f61aebed695e2e4193db5e' });

    server.replyOnce('PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge', {
      status: 405,
      body: exampleOf('PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge', '405'),
    });
    const refused = await rejection(source.merge(1347, 'rebase'));
    assert.equal(refused.status, 405);
    assert.equal(refused.serviceMessage, 'Pull Request is not mergeable');
    assert.equal(refused.message, 'Could not merge pull request #1347: GitHub refused (405): GitHub says "Pull Request is not mergeable".');

    server.replyOnce('PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge', {
      status: 409,
      body: exampleOf('PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge', '409'),
    });
    const moved = await rejection(source.merge(1347, 'merge'));
    assert.match(moved.message, /Head branch was modified/);
    assert.equal(server.requests.filter((r) => r.method === 'PUT').length, 3, 'refused merges are not retried');
  });

  it('re-runs failed jobs and cancels a run on the documented paths', async () => {
    const { server, source } = await setup();
    await source.rerunFailedJobs(30433642);
    await source.cancelRun(30433642);
    assert.deepEqual(
      server.requests.map((r) => [r.method, r.url, r.status]),
      [
        ['POST', '/repos/octocat/Hello-World/actions/runs/30433642/rerun-failed-jobs', 201],
        ['POST', '/repos/octocat/Hello-World/actions/runs/30433642/cancel', 202],
      ],
    );
  });

  it('follows the job-log redirect to the storage origin without the token, and strips escapes', async () => {
    const { server, source } = await setup();
    server.logs.set(
      399444496,
      '2024-01-20T17:42:40.0000000Z ##[group]Build\r\n2024-01-20T17:42:41.0000000Z \x1b[31mfailed\x1b[0m\r\n##[endgroup]\r\n',
    );
    const log = await source.jobLog(399444496);
    assert.equal(log.text, '▸ Build\n  failed');
    assert.deepEqual(
      [...log.runs.entries()].map(([line, runs]) => [line, runs.map((r) => log.styles[r.style].fg)]),
      [[1, ['Red']]],
      'the colour is kept as a run',
    );
    assert.deepEqual(log.groups, [{ startLine: 0, endLine: 1, collapsed: true }]);
    const api = server.requests.find((r) => r.operation === 'GET /repos/{owner}/{repo}/actions/jobs/{job_id}/logs');
    assert.equal(api?.status, 302);
    assert.equal(api?.authorization, `Bearer ${TOKEN}`);
    assert.equal(server.logRequests.length, 1);
    assert.equal(server.logRequests[0].authorization, undefined, 'the token never goes to the log storage origin');
  });

  it('401: bad credentials is a clear error asking to sign in, with no token in it', async () => {
    const { source } = await setup(undefined, { token: 'ghp_wrong_token' });
    const error = await rejection(source.refreshCode());
    assert.equal(error.kind, 'auth');
    assert.match(error.message, /did not accept the credentials \(401\): GitHub says "Bad credentials"\. Sign in to GitHub again\./);
    assert.match(error.message, / See https:\/\/docs\.github\.com\/rest$/);
    assert.ok(!error.message.includes('ghp_wrong_token'));
  });

  it('403 primary rate limit (remaining 0): rateLimited error saying until when; quota exposed', async () => {
    const { server, source } = await setup();
    const reset = Math.floor(Date.now() / 1000) + 30 * 60;
    server.replyOnce('*', OpenApiServer.primaryRateLimit(reset));
    const error = await rejection(source.refreshCode());
    assert.equal(error.kind, 'rateLimited');
    assert.equal(error.retryAt, reset * 1000);
    const hhmmss = new Date(reset * 1000).toISOString().slice(11, 19);
    assert.match(
      error.message,
      new RegExp(`rate limit reached; waiting until ${hhmmss} UTC \\(in 30 min\\): GitHub says "API rate limit exceeded`),
    );
    assert.equal(source.rateLimit?.remaining, 0);
    assert.equal(server.requests.length, 1, 'no retry before the reset');
  });

  it('429 secondary rate limit: waits Retry-After, then succeeds', async () => {
    const { server, source, waits } = await setup();
    server.replyOnce('GET /repos/{owner}/{repo}/pulls', OpenApiServer.secondaryRateLimit(3));
    const result = await source.refreshCode();
    assert.equal(result.signals.length, 1);
    assert.deepEqual(waits, [3000]);
    assert.equal(server.count(429), 1);
  });

  it('404 on a private repository without sign-in: "not found or no access (sign in?)"', async () => {
    const { source } = await setup({ token: TOKEN, privateRepo: true }, { token: null });
    const error = await rejection(source.refreshBuild({ branch: 'main' }));
    assert.equal(error.kind, 'notFound');
    assert.match(
      error.message,
      /^Could not read octocat\/Hello-World: octocat\/Hello-World not found or no access \(sign in\?\): GitHub says "Not Found"\./,
    );
  });

  it('5xx is retried with backoff, then the refresh succeeds', async () => {
    const { server, source, waits } = await setup();
    server.replyOnce('GET /repos/{owner}/{repo}/pulls', OpenApiServer.error(502, 'Server Error'));
    server.replyOnce('GET /repos/{owner}/{repo}/pulls', OpenApiServer.error(503, 'Service Unavailable'));
    const result = await source.refreshCode();
    assert.equal(result.signals.length, 1);
    assert.equal(waits.length, 2);
    assert.deepEqual([server.count(502), server.count(503)], [1, 1]);
  });

  it('5xx that outlasts the retries is a clear server-error message', async () => {
    const { server, source } = await setup();
    for (let i = 0; i < 3; i++) server.replyOnce('GET /repos/{owner}/{repo}/pulls', OpenApiServer.error(500, 'Server Error'));
    const error = await rejection(source.refreshCode());
    assert.equal(
      error.message,
      'Could not list pull requests of octocat/Hello-World: GitHub had a server error (500); try again later: GitHub says "Server Error". See https://docs.github.com/rest',
    );
  });

  it('malformed JSON is a clear parse error, not a crash', async () => {
    const { server, source } = await setup();
    server.replyOnce('GET /repos/{owner}/{repo}/pulls', { status: 200, rawBody: '[{"number": 1, "title": "cut he' });
    const error = await rejection(source.refreshCode());
    assert.equal(error.kind, 'badResponse');
    assert.match(error.message, /^Could not list pull requests of octocat\/Hello-World: .*not valid JSON/);
  });

  it('a pull request gone between the list and its details keeps its listed data', async () => {
    const { server, source } = await setup();
    server.replyOnce('GET /repos/{owner}/{repo}/pulls/{pull_number}', OpenApiServer.error(404, 'Not Found'));
    const [pr] = (await source.refreshCode()).signals;
    assert.equal(pr.detail!.number, 1347);
    assert.equal(pr.detail!.review, null);
  });

  it('a hostile pull request title and body arrive as data; a huge body is bounded', async () => {
    const { server, source } = await setup();
    const title =
      '<script>alert(document.cookie)</script>[run](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22rm%20-rf%20~%22%7D) \u202e\u0000';
    const body = `<img src=x onerror=alert(1)> [x](command:git.push)\n${'x'.repeat(300_000)}`;
    const pulls = syntheticPullRequests(1).map((p) => ({ ...p, title, body }));
    server.setData('GET /repos/{owner}/{repo}/pulls', pulls);
    serveSinglePullsFrom(server, pulls);
    const [pr] = (await source.refreshCode()).signals;
    assert.equal(pr.title, title);
    const shown = pr.detail!.body as string;
    assert.equal(shown.slice(0, MAX_BODY_CHARS), body.slice(0, MAX_BODY_CHARS));
    assert.ok(shown.length < MAX_BODY_CHARS + 100);
    assert.match(shown, /\[truncated: \d+ more characters\]$/);
  });

  it('works against GitHub Enterprise Server under /api/v3, found from the remote', async () => {
    const server = await OpenApiServer.start({ prefix: '/api/v3', token: TOKEN });
    const ghes = parseEnterpriseHost(server.origin)!;
    const repo = parseGitHubRemote(`${server.origin}/octocat/Hello-World.git`, [ghes])!;
    assert.equal(repo.apiBase, `${server.origin}/api/v3`);
    assert.equal(repo.enterprise, true);
    const http = new HttpClient({ maxRetries: 0 });
    const source = new GitHubSource({
      http,
      repo,
      credential: { origin: server.origin, header: 'Authorization', value: `Bearer ${TOKEN}` },
      now: () => NOW,
    });
    harness = { server, source, waits: [], repo };
    const build = await source.refreshBuild({ branch: 'master' });
    assert.equal(build.latestForBranch?.detail?.runId, 30433642);
    const code = await source.refreshCode();
    assert.equal(code.signals.length, 1);
    assert.ok(server.requests.length > 5);
    assert.ok(server.requests.every((r) => r.status < 400 && r.url.startsWith('/api/v3/')));
  });
});
