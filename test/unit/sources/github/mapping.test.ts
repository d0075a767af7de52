import assert from 'node:assert/strict';
import { SIGNAL_KINDS, tagValue } from '../../../../src/core/signal';
import {
  boundText,
  deploymentState,
  mapDeployment,
  mapIssue,
  mapJob,
  mapPullRequest,
  mapWorkflowRun,
  MAX_BODY_CHARS,
  runState,
} from '../../../../src/sources/github/mapping';
import { parseGitHubRemote } from '../../../../src/sources/github/remote';
import type {
  GhCheckRunList,
  GhCombinedStatus,
  GhDeployment,
  GhDeploymentStatus,
  GhIssue,
  GhJobList,
  GhPullRequest,
  GhReview,
  GhWorkflowRunList,
} from '../../../../src/sources/github/types';
import { exampleOf } from '../../../fixtures/github/openapiServer';

const repo = parseGitHubRemote('https://github.com/octocat/Hello-World.git')!;
const SOURCE = 'github:github.com/octocat/Hello-World';

describe('github/mapping', () => {
  it('maps the example issue to a work item with milestone, assignee and label tags', () => {
    const issue = (exampleOf('GET /repos/{owner}/{repo}/issues') as GhIssue[])[0];
    const s = mapIssue(issue, { repo, me: 'octocat' }, { sprint: 'v1.0' });
    assert.equal(s.id, `${SOURCE}:workItem:1347`);
    assert.equal(s.kind, 'workItem');
    assert.equal(s.title, 'Found a bug');
    assert.deepEqual(s.state, { normal: 'open', native: 'open' });
    assert.equal(tagValue(s, 'milestone'), 'v1.0');
    assert.equal(tagValue(s, 'assignee'), 'octocat');
    assert.equal(tagValue(s, 'label'), 'bug');
    assert.equal(tagValue(s, 'repo'), 'octocat/Hello-World');
    assert.deepEqual(s.labels, ['open', 'mine', 'sprint']);
    assert.equal(s.createdAt, Date.parse(issue.created_at));
    assert.ok(SIGNAL_KINDS.includes(s.kind));
    assert.deepEqual(JSON.parse(JSON.stringify(s)), s, 'plain JSON');
  });

  it('maps the example pull request with reviews, checks and mergeability for the details panel', () => {
    const pr = exampleOf('GET /repos/{owner}/{repo}/pulls/{pull_number}') as GhPullRequest;
    const reviews = exampleOf('GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews') as GhReview[];
    const checks = exampleOf('GET /repos/{owner}/{repo}/commits/{ref}/check-runs') as GhCheckRunList;
    const status = exampleOf('GET /repos/{owner}/{repo}/commits/{ref}/status') as GhCombinedStatus;
    const s = mapPullRequest(pr, { repo, me: 'other_user' }, { reviews, checkRuns: checks.check_runs, statuses: status.statuses });
    assert.equal(s.id, `${SOURCE}:pullRequest:1347`);
    assert.deepEqual(s.state, { normal: 'open', native: 'open' });
    assert.deepEqual(s.anchors, {
      repo: 'github.com/octocat/Hello-World',
      commits: ['6dcb09b5b57875f334f61aebed695e2e4193db5e'],
      branch: 'new-topic',
    });
    assert.equal(tagValue(s, 'branch'), 'new-topic');
    assert.equal(tagValue(s, 'commit'), '6dcb09b5b57875f334f61aebed695e2e4193db5e');
    assert.deepEqual(s.labels, ['open', 'review-requested', 'approved', 'checks-success']);
    const d = s.detail!;
    assert.deepEqual(d.categories, ['waitingForMyReview', 'open']);
    assert.equal(d.mergeable, true);
    assert.equal(d.mergeableState, 'clean');
    assert.equal(d.draft, false);
    assert.equal((d.review as { decision: string }).decision, 'approved');
    assert.equal((d.checks as { state: string; total: number }).state, 'success');
    assert.equal((d.checkRuns as { name: string; normal: string }[])[0].normal, 'skipped');
    assert.equal(d.body, 'Please pull these awesome changes in!');
  });

  it('tells draft, merged and closed pull requests apart, and mine from others', () => {
    const pr = exampleOf('GET /repos/{owner}/{repo}/pulls') as GhPullRequest[];
    const base = pr[0];
    assert.equal(mapPullRequest({ ...base, draft: true }, { repo }).state.normal, 'draft');
    assert.equal(mapPullRequest({ ...base, state: 'closed', merged_at: '2024-01-01T00:00:00Z' }, { repo }).state.normal, 'merged');
    assert.equal(mapPullRequest({ ...base, state: 'closed', merged_at: null }, { repo }).state.normal, 'closed');
    const mine = mapPullRequest(base, { repo, me: 'octocat' });
    assert.deepEqual(mine.detail!.categories, ['createdByMe', 'open']);
    assert.equal(mine.detail!.mergeable, null, 'list answers do not carry mergeability');
  });

  it('keeps a hostile title and body as data, and bounds a huge body with a marker', () => {
    const base = (exampleOf('GET /repos/{owner}/{repo}/pulls') as GhPullRequest[])[0];
    const title = '<script>alert(1)</script> [x](command:workbench.action.terminal.new) <img src=x onerror=alert(2)>';
    const body = `${'A'.repeat(MAX_BODY_CHARS)}<script>tail</script>`;
    const s = mapPullRequest({ ...base, title, body }, { repo });
    assert.equal(s.title, title);
    const shown = s.detail!.body as string;
    assert.equal(shown.slice(0, MAX_BODY_CHARS), body.slice(0, MAX_BODY_CHARS));
    assert.match(shown, /… \[truncated: 21 more characters\]$/);
    assert.equal(boundText('short', 10), 'short');
  });

  it('maps the example workflow run with its jobs, steps and durations', () => {
    const run = (exampleOf('GET /repos/{owner}/{repo}/actions/runs') as GhWorkflowRunList).workflow_runs[0];
    const jobs = (exampleOf('GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs') as GhJobList).jobs;
    const s = mapWorkflowRun(run, { repo }, jobs);
    assert.equal(s.id, `${SOURCE}:pipelineRun:30433642`);
    assert.equal(s.title, 'Build #562: Update README.md');
    assert.deepEqual(s.state, { normal: 'queued', native: 'queued' });
    assert.equal(s.anchors.branch, 'master');
    assert.deepEqual(s.anchors.commits, ['acb5820ced9479c074f688cc328bf03f341a511d']);
    const job = (s.detail!.jobs as { durationMs: number; steps: { name: string; durationMs: number; normal: string }[] }[])[0];
    assert.equal(job.durationMs, 119_000);
    assert.deepEqual(
      job.steps.map((st) => [st.name, st.durationMs, st.normal]),
      [
        ['Set up job', 1000, 'success'],
        ['Run actions/checkout@v2', 4000, 'success'],
        ['Set up Ruby', 0, 'success'],
      ],
    );
    const j = mapJob(jobs[0], { repo }, run);
    assert.equal(j.parentId, s.id);
    assert.deepEqual(j.state, { normal: 'success', native: 'success' });
    assert.equal(tagValue(j, 'branch'), 'main');
  });

  it('normalises every documented run status and conclusion', () => {
    assert.equal(runState('in_progress', null).normal, 'running');
    for (const s of ['queued', 'waiting', 'requested', 'pending']) assert.equal(runState(s, null).normal, 'queued');
    const done: Record<string, string> = {
      success: 'success',
      failure: 'failed',
      timed_out: 'failed',
      startup_failure: 'failed',
      cancelled: 'cancelled',
      skipped: 'skipped',
      neutral: 'skipped',
      action_required: 'queued',
      stale: 'unknown',
    };
    for (const [conclusion, normal] of Object.entries(done)) {
      assert.deepEqual(runState('completed', conclusion), { normal, native: conclusion });
    }
  });

  it('maps the example deployment with its latest status to an environment-anchored signal', () => {
    const dep = (exampleOf('GET /repos/{owner}/{repo}/deployments') as GhDeployment[])[0];
    const statuses = exampleOf('GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses') as GhDeploymentStatus[];
    const s = mapDeployment(dep, statuses, { repo });
    assert.equal(s.kind, 'deployment');
    assert.deepEqual(s.state, { normal: 'success', native: 'success' });
    assert.equal(s.anchors.environment, 'production');
    assert.deepEqual(s.anchors.commits, ['a84d88e7554fc1fa21bcbc4efae3c782a70d2b9d']);
    assert.equal(tagValue(s, 'env'), 'production');
    assert.equal(s.url, 'https://example.com/deployment/42/output');
    assert.deepEqual(s.labels, ['success', 'production']);
    assert.equal(mapDeployment(dep, [], { repo }).state.normal, 'unknown');
    assert.deepEqual(deploymentState('error'), { normal: 'failed', native: 'error' });
    assert.deepEqual(deploymentState('inactive'), { normal: 'skipped', native: 'inactive' });
  });
});
