/**
 * The GitHub layouts of the Plan, Code and Build views (src/vscode/github/layouts.ts, pure), fed with
 * signals mapped from GitHub's own examples, and the Deploy view's merge of GitHub deployments with
 * the git journal's reports of the same environment.
 */
import assert from 'node:assert/strict';
import { buildView, type GroupNode, type SignalNode, type TreeNode } from '../../../../src/core/phaseTree';
import type { Signal } from '../../../../src/core/signal';
import { gitSourceId, newDeployReport, reportSignals } from '../../../../src/sources/git';
import { mapDeployment, mapIssue, mapJob, mapPullRequest, mapWorkflowRun } from '../../../../src/sources/github/mapping';
import type { GitHubRepoRef } from '../../../../src/sources/github/remote';
import type {
  GhDeployment,
  GhDeploymentStatus,
  GhIssue,
  GhJobList,
  GhPullRequest,
  GhReview,
  GhWorkflowRunList,
} from '../../../../src/sources/github/types';
import { buildLayout, codeLayout, planLayout, pullRequestDescription, type LayoutContext } from '../../../../src/sources/github/layouts';
import { exampleOf } from '../../../fixtures/github/openapiServer';

const REPO: GitHubRepoRef = {
  host: 'github.com',
  owner: 'octocat',
  repo: 'Hello-World',
  apiBase: 'https://api.github.com',
  webBase: 'https://github.com',
  enterprise: false,
};
const OTHER: GitHubRepoRef = { ...REPO, repo: 'Spoon-Knife' };
const KEY = 'github:github.com/octocat/Hello-World';

/** What the layouts read of a repository: branch, default branch, quota. */
function context(branch: string | undefined, defaultBranch = 'master', grouping: 'assignee' | 'state' = 'assignee'): LayoutContext {
  const repository = { fullName: 'octocat/Hello-World', branch, defaultBranch, quota: '4,990 of 5,000 GitHub API requests left' };
  return { repository: (key) => (key.startsWith(KEY) ? repository : undefined), planGrouping: () => grouping };
}

function tagged(signals: Signal[], phase: string, repo = REPO): Signal[] {
  return signals.map((s) => ({ ...s, source: `github:${repo.host}/${repo.owner}/${repo.repo}#${phase}` }));
}

function groupsOf(nodes: readonly TreeNode[]): GroupNode[] {
  return nodes.filter((n): n is GroupNode => n.type === 'group');
}

function allIds(nodes: readonly TreeNode[]): string[] {
  return nodes.flatMap((n) => [n.id, ...(n.type === 'health' ? [] : allIds(n.children))]);
}

function issue(number: number, title: string, extra: Partial<GhIssue>): GhIssue {
  const base = (exampleOf('GET /repos/{owner}/{repo}/issues') as GhIssue[])[0];
  const copy = { ...base, number, id: number, title, ...extra } as GhIssue & Record<string, unknown>;
  delete copy.pull_request;
  return copy;
}

describe('github/view layouts', () => {
  it('Code: one PR in each section it belongs to, unique ids, draft/review/checks/mergeability said', () => {
    const listed = exampleOf('GET /repos/{owner}/{repo}/pulls') as GhPullRequest[];
    const single = exampleOf('GET /repos/{owner}/{repo}/pulls/{pull_number}') as GhPullRequest;
    const reviews = exampleOf('GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews') as GhReview[];
    const me = listed[0].user!;
    const mine = mapPullRequest(
      { ...single, requested_reviewers: [me] },
      { repo: REPO, me: me.login },
      { reviews, checkRuns: [], statuses: [] },
    );
    const other = mapPullRequest(
      { ...listed[0], number: 7, id: 7, draft: true, user: { ...me, login: 'hubot' } },
      { repo: REPO, me: me.login },
    );
    const tree = buildView('code', { signals: tagged([mine, other], 'code'), health: [] }, [codeLayout(context('main'))]);
    const sections = groupsOf(tree);
    assert.deepEqual(
      sections.map((g) => [g.label, g.children.length]),
      [
        ['Waiting for my review', 1],
        ['Created by me', 1],
        ['All open', 2],
      ],
    );
    const ids = allIds(tree);
    assert.equal(new Set(ids).size, ids.length, 'a PR shown in three sections has three distinct node ids');
    const shown = sections[0].children[0] as SignalNode;
    assert.equal(shown.description, '#1347 · approved · mergeable');
    assert.equal(pullRequestDescription(other), '#7 · draft');
    assert.match(sections[2].tooltip ?? '', /octocat\/Hello-World\n4,990 of 5,000/);
  });

  it('Plan: the sprint milestone split by assignee or state, and "Assigned to me"', () => {
    const sprint = 'v1.0';
    const milestone = (exampleOf('GET /repos/{owner}/{repo}/issues') as GhIssue[])[0].milestone!;
    const octocat = (exampleOf('GET /repos/{owner}/{repo}/issues') as GhIssue[])[0].assignee!;
    const hubot = { ...octocat, login: 'hubot' };
    const ctx = { repo: REPO, me: 'octocat' };
    const signals = tagged(
      [
        mapIssue(issue(1, 'Mine in sprint', { assignees: [octocat], assignee: octocat, milestone: { ...milestone, title: sprint } }), ctx, {
          sprint,
        }),
        mapIssue(
          issue(2, 'Hubot in sprint', {
            assignees: [hubot],
            assignee: hubot,
            milestone: { ...milestone, title: sprint },
            state: 'closed',
            state_reason: 'completed',
          }),
          ctx,
          { sprint },
        ),
        mapIssue(issue(3, 'Mine elsewhere', { assignees: [octocat], assignee: octocat, milestone: null }), ctx, { sprint }),
      ],
      'plan',
    );
    const byAssignee = groupsOf(buildView('plan', { signals, health: [] }, [planLayout(context('main'))]));
    assert.deepEqual(
      byAssignee.map((g) => g.label),
      [sprint, 'Assigned to me'],
    );
    assert.equal(byAssignee[0].description, '1/2 done · current sprint');
    assert.deepEqual(
      groupsOf(byAssignee[0].children).map((g) => g.label),
      ['octocat', 'hubot'],
    );
    assert.deepEqual(
      byAssignee[1].children.map((n) => (n as SignalNode).signal.title),
      ['Mine in sprint', 'Mine elsewhere'],
    );
    const byState = groupsOf(buildView('plan', { signals, health: [] }, [planLayout(context('main', 'master', 'state'))]));
    assert.deepEqual(
      groupsOf(byState[0].children).map((g) => g.label),
      ['open', 'closed'],
    );
  });

  it('Build: current branch, then default branch; run → jobs → steps with conclusions and durations', () => {
    const example = exampleOf('GET /repos/{owner}/{repo}/actions/runs') as GhWorkflowRunList;
    const jobs = (exampleOf('GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs') as GhJobList).jobs;
    const ctx = { repo: REPO };
    const onBranch = { ...example.workflow_runs[0], id: 1, head_branch: 'feature/x', status: 'completed', conclusion: 'failure' };
    const onMain = { ...example.workflow_runs[0], id: 2, head_branch: 'master' };
    const signals = tagged(
      [mapWorkflowRun(onBranch, ctx, jobs), ...jobs.map((j) => mapJob(j, ctx, onBranch)), mapWorkflowRun(onMain, ctx)],
      'build',
    );
    const tree = groupsOf(buildView('build', { signals, health: [] }, [buildLayout(context('feature/x'))]));
    assert.deepEqual(
      tree.map((g) => g.label),
      ['Current branch: feature/x', 'Default branch: master'],
    );
    const run = tree[0].children[0] as SignalNode;
    assert.equal(run.signal.state.normal, 'failed');
    const job = run.children[0] as SignalNode;
    assert.equal(job.signal.kind, 'job');
    assert.deepEqual(
      job.children.map((s) => [(s as SignalNode).signal.title, (s as SignalNode).description]),
      [
        ['1. Set up job', 'success · 1 s'],
        ['2. Run actions/checkout@v2', 'success · 4 s'],
        ['3. Set up Ruby', 'success · 0 s'],
      ],
    );
    // A step row stands for its job: its click and menus act on the job.
    assert.equal((job.children[0] as SignalNode).signal.id, job.signal.id);
    const ids = allIds(tree);
    assert.equal(new Set(ids).size, ids.length);
  });

  it('groups by repository when the workspace has several GitHub repositories', () => {
    const pr = (exampleOf('GET /repos/{owner}/{repo}/pulls') as GhPullRequest[])[0];
    const signals = [
      ...tagged([mapPullRequest(pr, { repo: REPO })], 'code'),
      ...tagged([mapPullRequest(pr, { repo: OTHER })], 'code', OTHER),
    ];
    const tree = groupsOf(buildView('code', { signals, health: [] }, [codeLayout(context('main'))]));
    assert.deepEqual(
      tree.map((g) => g.label),
      ['octocat/Hello-World', 'github.com/octocat/Spoon-Knife'],
    );
    assert.deepEqual(
      groupsOf(tree[0].children).map((g) => g.label),
      ['All open'],
    );
  });

  it('Deploy: a GitHub deployment and a git-notes report of the same environment share one group', () => {
    const deployment = exampleOf('GET /repos/{owner}/{repo}/deployments') as GhDeployment[];
    const statuses = exampleOf('GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses') as GhDeploymentStatus[];
    const fromGitHub = tagged([mapDeployment({ ...deployment[0], environment: 'production' }, statuses, { repo: REPO })], 'deploy');
    const root = '/work/demo';
    const report = newDeployReport(
      { commit: 'a'.repeat(40), environment: 'production', status: 'success' },
      { name: 'Dev', email: 'dev@example.com' },
      new Date('2030-01-01T00:00:00Z'),
    );
    const fromGit = reportSignals([report], gitSourceId(root), root);
    const tree = groupsOf(buildView('deploy', { signals: [...fromGitHub, ...fromGit], health: [] }));
    const production = tree.filter((g) => g.label === 'production');
    assert.equal(production.length, 1);
    assert.deepEqual(
      production[0].children.map((n) => (n as SignalNode).signal.source).sort(),
      [gitSourceId(root), `${KEY}#deploy`].sort(),
    );
  });

  it('Code: the pull request with read review threads has a "Review threads: N unresolved" row that opens them', () => {
    const listed = exampleOf('GET /repos/{owner}/{repo}/pulls') as GhPullRequest[];
    const [pr, other] = tagged(
      [mapPullRequest(listed[0], { repo: REPO }), mapPullRequest({ ...listed[0], number: 7, id: 7 }, { repo: REPO })],
      'code',
    );
    const counts = new Map([[pr.id, { total: 3, unresolved: 2 }]]);
    const tree = buildView('code', { signals: [pr, other], health: [] }, [
      codeLayout({ ...context('main'), reviewThreads: (s) => counts.get(s.id) }),
    ]);
    const open = groupsOf(tree).find((g) => g.label === 'All open')!;
    const [withThreads, without] = [pr, other].map(
      (s) => open.children.find((n) => n.type === 'signal' && n.signal.id === s.id) as SignalNode,
    );
    const row = withThreads.children[0] as GroupNode;
    assert.equal(row.type, 'group');
    assert.equal(row.label, 'Review threads: 2 unresolved');
    assert.equal(row.description, '1 resolved');
    assert.equal(row.groupBy, 'reviewThreads');
    assert.equal(row.signalId, pr.id);
    assert.deepEqual(without.children, []);
    const ids = allIds(tree);
    assert.equal(new Set(ids).size, ids.length, 'every node id is unique');
  });
});
