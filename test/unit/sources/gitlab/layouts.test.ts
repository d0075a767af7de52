import assert from 'node:assert/strict';
import { buildView, type GroupNode, type SignalNode, type TreeNode } from '../../../../src/core/phaseTree';
import {
  gitlabBuildLayout,
  gitlabCodeLayout,
  gitlabPlanLayout,
  mergeRequestDescription,
  parseGitLabRemote,
  type GitLabLayoutContext,
} from '../../../../src/sources/gitlab';
import { mapIssue, mapJob, mapMergeRequest, mapPipeline, type MappingContext } from '../../../../src/sources/gitlab/mapping';
import { exampleOf } from '../../../fixtures/gitlab/docServer';
import { issue, job, mergeRequest, mergeRequestDetail, pipeline, pipelineDetail, user } from './data';

const project = parseGitLabRemote('https://gitlab.com/my-group/my-project.git');
if (!project) throw new Error('test project');
const me = { username: 'root', id: 1 };
const ctx = (phase: string): MappingContext => ({ sourceId: `gitlab:${project.identity}#${phase}`, project, me });
const layoutCtx = (grouping: 'assignee' | 'state' = 'assignee'): GitLabLayoutContext => ({
  headBranch: () => 'feature/login',
  defaultBranch: () => 'main',
  planGrouping: () => grouping,
  describeProject: () => '1999 of 2000 requests left',
  doingLabel: () => 'doing',
});

const labelsOf = (nodes: TreeNode[]) => nodes.map((n) => (n.type === 'group' ? n.label : n.type === 'signal' ? n.signal.title : 'health'));
const group = (nodes: TreeNode[], label: string) => nodes.find((n): n is GroupNode => n.type === 'group' && n.label === label) as GroupNode;

describe('gitlab/layouts (Plan, Code, Build trees)', () => {
  it('Plan: iteration or milestone (the current first), then assignee or state', () => {
    const current = { id: 90, title: 'Sprint 24', start_date: '2024-06-10', due_date: '2024-06-23' };
    const scope = { kind: 'iteration' as const, iteration: current, name: 'Sprint 24' };
    const signals = [
      mapIssue(
        issue(1, { iteration: current, assignees: [user('root', 1)], weight: 2, due_date: '2024-06-20', labels: ['doing'] }),
        ctx('plan'),
        scope,
      ),
      mapIssue(issue(2, { iteration: current, state: 'closed', assignees: [] }), ctx('plan'), scope),
      mapIssue(issue(3, { milestone: { id: 5, title: 'v3.0' } }), ctx('plan'), scope),
    ];
    const tree = buildView('plan', { signals, health: [] }, [gitlabPlanLayout(layoutCtx())]);
    assert.deepEqual(labelsOf(tree), ['Sprint 24', 'v3.0']);
    const sprint = group(tree, 'Sprint 24');
    assert.equal(sprint.description, '1/2 done · current');
    assert.equal(sprint.tooltip, 'gitlab.com/my-group/my-project\n1999 of 2000 requests left');
    assert.deepEqual(labelsOf(sprint.children), ['root', 'Unassigned']);
    assert.equal((group(sprint.children, 'root').children[0] as SignalNode).description, '#1 · in progress · weight 2 · due 2024-06-20');
    const byState = buildView('plan', { signals, health: [] }, [gitlabPlanLayout(layoutCtx('state'))]);
    assert.deepEqual(labelsOf(group(byState, 'Sprint 24').children), ['Open', 'Closed']);
  });

  it('Code: the four sections, a merge request in each it belongs to, described in words', () => {
    const approvals = exampleOf<object>('GET /projects/:id/merge_requests/:merge_request_iid/approvals');
    const root = user('root', 1);
    const signals = [
      mapMergeRequest(mergeRequestDetail(12, { draft: true, reviewers: [root], has_conflicts: true }), ctx('code'), { approvals }),
      mapMergeRequest(mergeRequest(13, { assignees: [root], detailed_merge_status: 'need_rebase' }), ctx('code')),
      mapMergeRequest(mergeRequest(14, { author: root, detailed_merge_status: 'mergeable' }), ctx('code')),
      mapMergeRequest(mergeRequest(15, { state: 'merged' }), ctx('code')),
    ];
    const tree = buildView('code', { signals, health: [] }, [gitlabCodeLayout(layoutCtx())]);
    assert.deepEqual(labelsOf(tree), ['Waiting for my review', 'Assigned to me', 'Created by me', 'All open']);
    const review = group(tree, 'Waiting for my review').children[0] as SignalNode;
    assert.equal(review.description, '!12 · draft · 1 approval left · pipeline failed · conflicts');
    assert.equal((group(tree, 'Assigned to me').children[0] as SignalNode).description, '!13 · needs a rebase');
    assert.equal((group(tree, 'Created by me').children[0] as SignalNode).description, '!14 · mergeable');
    const ids = tree.flatMap((n) => (n.type === 'group' ? n.children.map((c) => c.id) : []));
    assert.equal(new Set(ids).size, ids.length, 'node ids stay unique across sections');
    assert.equal(group(tree, 'All open').children.length, 3, 'merged ones are not open');
    assert.equal(mergeRequestDescription(mapMergeRequest(mergeRequest(16, { detailed_merge_status: 'not_approved' }), ctx('code'))), '!16');
  });

  it('Build: current branch, default branch, others; pipeline → stage → jobs with durations', () => {
    const head = pipelineDetail(302, { ref: 'feature/login', status: 'failed', duration: 95 });
    const jobs = [
      job(9001, 302, { stage: 'build', duration: 30 }),
      job(9002, 302, { stage: 'test', status: 'failed', duration: 12 }),
      job(9003, 302, { stage: 'test' }),
    ];
    const signals = [
      mapPipeline(head, ctx('build'), jobs),
      ...jobs.map((j) => mapJob(j, ctx('build'), head)),
      mapPipeline(pipeline(300, { ref: 'main' }), ctx('build')),
      mapPipeline(pipeline(299, { ref: 'feature/other', status: 'running' }), ctx('build')),
    ];
    const tree = buildView('build', { signals, health: [] }, [gitlabBuildLayout(layoutCtx())]);
    assert.deepEqual(labelsOf(tree), ['Current branch: feature/login', 'Default branch: main', 'Other branches']);
    const node = group(tree, 'Current branch: feature/login').children[0] as SignalNode;
    assert.equal(node.description, 'failed · 1 min 35 s');
    assert.deepEqual(labelsOf(node.children), ['build', 'test']);
    const test = group(node.children, 'test');
    assert.equal(test.description, 'failed · 2 jobs');
    assert.deepEqual(
      test.children.map((c) => (c as SignalNode).description),
      ['failed · 12 s', 'success · 0 s'],
    );
  });

  it('groups per project when the workspace has several', () => {
    const other = parseGitLabRemote('git@gitlab.com:my-group/other.git');
    if (!other) throw new Error('other project');
    const signals = [
      mapMergeRequest(mergeRequest(1), ctx('code')),
      mapMergeRequest(mergeRequest(2), { sourceId: `gitlab:${other.identity}#code`, project: other, me }),
    ];
    const tree = buildView('code', { signals, health: [] }, [gitlabCodeLayout(layoutCtx())]);
    assert.deepEqual(labelsOf(tree), ['my-group/my-project', 'my-group/other']);
    assert.deepEqual(
      tree.map((n) => (n as GroupNode).groupBy),
      ['repository', 'repository'],
    );
  });

  it('Code: the merge request with read review threads has a "Review threads: N unresolved" row that opens them', () => {
    const mr = mapMergeRequest(mergeRequest(21), ctx('code'));
    const tree = buildView('code', { signals: [mr], health: [] }, [
      gitlabCodeLayout({ ...layoutCtx(), reviewThreads: (s) => (s.id === mr.id ? { total: 1, unresolved: 1 } : undefined) }),
    ]);
    const open = tree.find((n): n is GroupNode => n.type === 'group' && n.label === 'All open')!;
    const node = open.children[0] as SignalNode;
    const row = node.children[0] as GroupNode;
    assert.equal(row.label, 'Review threads: 1 unresolved');
    assert.equal(row.description, undefined);
    assert.equal(row.groupBy, 'reviewThreads');
    assert.equal(row.signalId, mr.id);
  });
});
