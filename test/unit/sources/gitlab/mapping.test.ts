/** Every documented example, mapped: the signal fields the views and core read. */
import assert from 'node:assert/strict';
import { deployEventsFromSignals } from '../../../../src/core/deployStatus';
import type { Signal } from '../../../../src/core/signal';
import { parseGitLabRemote } from '../../../../src/sources/gitlab';
import {
  approvalSummary,
  ciState,
  deploymentState,
  iterationName,
  mapDeployment,
  mapIssue,
  mapJob,
  mapMergeRequest,
  mapPipeline,
  mergeRequestCategories,
  mergeRequestState,
  stageSummary,
  title,
  type MappingContext,
} from '../../../../src/sources/gitlab/mapping';
import type {
  GlApprovals,
  GlDeployment,
  GlEnvironment,
  GlIssue,
  GlIteration,
  GlJob,
  GlMergeRequest,
  GlPipeline,
} from '../../../../src/sources/gitlab/types';
import { exampleItem, exampleOf, findOperation } from '../../../fixtures/gitlab/docServer';

const project = parseGitLabRemote('git@gitlab.com:my-group/my-project.git');
if (!project) throw new Error('test project');
const ctx = (phase: string, me = { username: 'admin', id: 1 }): MappingContext => ({
  sourceId: `gitlab:${project.identity}#${phase}`,
  project,
  me,
});

function assertCommon(s: Signal, phase: string): void {
  assert.equal(s.source, `gitlab:gitlab.com/my-group/my-project#${phase}`);
  assert.ok(s.id.startsWith(`${s.source}:${s.kind}:`), s.id);
  assert.equal(s.anchors.repo, 'gitlab.com/my-group/my-project');
  assert.ok(s.tags.includes('repo:gitlab.com/my-group/my-project'));
  assert.doesNotThrow(() => JSON.stringify(s));
}

describe('gitlab/mapping of the documented examples', () => {
  it('issues: list, single, edit (and the Premium fields weight and iteration)', () => {
    const listed = exampleItem<GlIssue>('GET /projects/:id/issues');
    const s = mapIssue(listed, ctx('plan'));
    assertCommon(s, 'plan');
    assert.equal(s.id, 'gitlab:gitlab.com/my-group/my-project#plan:workItem:1');
    assert.equal(s.title, 'Ut commodi ullam eos dolores perferendis nihil sunt.');
    assert.deepEqual(s.state, { normal: 'closed', native: 'closed' });
    assert.equal(s.url, 'http://gitlab.example.com/my-group/my-project/issues/1');
    assert.equal(s.author, 'root');
    assert.deepEqual(s.detail?.assignees, ['lennie']);
    assert.deepEqual(s.detail?.labels, ['foo', 'bar']);
    assert.equal(s.detail?.dueDate, '2016-07-22');
    assert.equal(s.detail?.plan, 'v3.0');
    assert.ok(s.tags.includes('milestone:v3.0') && s.tags.includes('label:foo') && s.tags.includes('assignee:lennie'));
    assert.equal(s.createdAt, Date.parse('2016-01-04T15:31:46.176Z'));

    const single = mapIssue(exampleOf<GlIssue>('GET /projects/:id/issues/:issue_iid'), ctx('plan'));
    assert.deepEqual(single.detail?.labels, []);
    assert.equal(single.detail?.dueDate, null);
    const edited = mapIssue(exampleOf<GlIssue>('PUT /projects/:id/issues/:issue_iid'), ctx('plan'));
    assert.equal(edited.title, 'Issues with auth');
    assert.equal(edited.detail?.description, '');

    const iteration = findOperation('GET /projects/:id/issues').related?.[0].examples.find(
      (e): e is { iteration: GlIteration } => typeof e === 'object' && e !== null && 'iteration' in e,
    )?.iteration;
    assert.ok(iteration, 'documented iteration field');
    const premium = mapIssue({ ...listed, weight: 3, iteration }, ctx('plan'));
    assert.equal(premium.detail?.weight, 3);
    assert.equal(premium.detail?.plan, '2022-03-08 – 2022-03-14', 'cadence iterations have no title: their dates name them');
    assert.ok(premium.tags.includes('weight:3'));
  });

  it('iterations and milestones name the plan', () => {
    const iteration = exampleItem<GlIteration>('GET /projects/:id/iterations');
    assert.equal(iterationName(iteration), 'Iteration II');
    assert.equal(iterationName({ ...iteration, title: null, start_date: null }), 'Iteration 13');
  });

  it('merge requests: list, single (head pipeline, detailed status), merged', () => {
    const listed = exampleItem<GlMergeRequest>('GET /projects/:id/merge_requests');
    const s = mapMergeRequest(listed, ctx('code', { username: 'kenyatta_oconnell', id: 2 }));
    assertCommon(s, 'code');
    assert.deepEqual(s.state, { normal: 'merged', native: 'merged' });
    assert.deepEqual(s.anchors.commits, ['8888888888888888888888888888888888888888']);
    assert.equal(s.anchors.branch, 'test1');
    assert.equal(s.detail?.detailedMergeStatus, 'not_open');
    assert.deepEqual(s.detail?.reviewers, ['kenyatta_oconnell']);
    assert.deepEqual(s.detail?.categories, [], 'a merged merge request is in no open section');

    const open = { ...listed, state: 'opened' };
    assert.deepEqual(mergeRequestCategories(open, { username: 'kenyatta_oconnell' }), ['waitingForMyReview', 'open']);
    assert.deepEqual(mergeRequestCategories(open, { username: 'axel.block' }), ['assignedToMe', 'open']);
    assert.deepEqual(
      mergeRequestCategories(open, { username: 'admin' }),
      ['assignedToMe', 'createdByMe', 'open'],
      'assignee (deprecated field) and author',
    );
    assert.deepEqual(mergeRequestCategories(open, { username: 'someone', id: 12 }), ['assignedToMe', 'open'], 'by id as well');

    const single = mapMergeRequest(exampleOf<GlMergeRequest>('GET /projects/:id/merge_requests/:merge_request_iid'), ctx('code'));
    assert.deepEqual(single.state, { normal: 'open', native: 'opened' });
    assert.equal(single.detail?.detailedMergeStatus, 'can_be_merged');
    assert.deepEqual(single.detail?.headPipeline, {
      id: 538317940,
      status: 'failed',
      normal: 'failed',
      url: 'https://gitlab.com/marcel.amirault/test-project/-/pipelines/538317940',
    });
    assert.ok(single.labels.includes('pipeline-failed'));
    assert.equal(single.detail?.hasConflicts, false);

    const merged = mapMergeRequest(exampleOf<GlMergeRequest>('PUT /projects/:id/merge_requests/:merge_request_iid/merge'), ctx('code'));
    assert.equal(merged.state.normal, 'merged');
    assert.equal(mergeRequestState({ state: 'opened', draft: true }).normal, 'draft');
    assert.equal(mergeRequestState({ state: 'locked' }).normal, 'open');
  });

  it('approvals: state, approve answer', () => {
    assert.deepEqual(approvalSummary(exampleOf<GlApprovals>('GET /projects/:id/merge_requests/:merge_request_iid/approvals')), {
      required: 2,
      left: 1,
      approvedBy: ['root'],
    });
    assert.deepEqual(approvalSummary(exampleOf<GlApprovals>('POST /projects/:id/merge_requests/:merge_request_iid/approve')), {
      required: 2,
      left: 0,
      approvedBy: ['root', 'ryley'],
    });
    const mr = { ...exampleItem<GlMergeRequest>('GET /projects/:id/merge_requests'), state: 'opened' };
    const s = mapMergeRequest(mr, ctx('code'), {
      approvals: exampleOf<GlApprovals>('POST /projects/:id/merge_requests/:merge_request_iid/approve'),
    });
    assert.ok(s.labels.includes('approved'));
  });

  it('pipelines: list, single (duration), retry, cancel', () => {
    const [first, second] = exampleOf<GlPipeline[]>('GET /projects/:id/pipelines');
    const s = mapPipeline(first, ctx('build'));
    assertCommon(s, 'build');
    assert.equal(s.title, 'Build pipeline #12');
    assert.equal(s.anchors.branch, 'new-pipeline');
    assert.deepEqual(s.anchors.commits, ['a91957a858320c0e17f3a0eca7cfacbff50ea29a']);
    assert.deepEqual(s.state, { normal: 'queued', native: 'pending' });
    assert.equal(s.detail?.durationMs, null, 'lists have no duration');
    assert.equal(mapPipeline(second, ctx('build')).tags.includes('trigger:web'), true);

    const single = mapPipeline(exampleOf<GlPipeline>('GET /projects/:id/pipelines/:pipeline_id'), ctx('build'));
    assert.equal(single.detail?.durationMs, 34_000);
    assert.equal(single.detail?.queuedDurationMs, 6_000);
    assert.equal(single.author, 'root');
    assert.equal(single.url, 'http://127.0.0.1:3000/test-group/test-project/-/pipelines/287');
    assert.equal(
      mapPipeline(exampleOf<GlPipeline>('POST /projects/:id/pipelines/:pipeline_id/retry'), ctx('build')).state.normal,
      'queued',
    );
    assert.equal(
      mapPipeline(exampleOf<GlPipeline>('POST /projects/:id/pipelines/:pipeline_id/cancel'), ctx('build')).state.normal,
      'cancelled',
    );
    assert.equal(mapPipeline({ ...first, ref: 'refs/merge-requests/1/head' }, ctx('build')).anchors.branch, undefined);
  });

  it('jobs: pipeline jobs, project jobs, cancel, retry; stages summarised', () => {
    const jobs = exampleOf<GlJob[]>('GET /projects/:id/pipelines/:pipeline_id/jobs');
    const pipeline = { id: 6, ref: 'main', sha: '0ff3ae198f8601a285adcf5c0fff204ee6fba5fd' };
    const s = mapJob(jobs[0], ctx('build'), pipeline);
    assertCommon(s, 'build');
    assert.equal(s.parentId, 'gitlab:gitlab.com/my-group/my-project#build:pipelineRun:6');
    assert.equal(s.title, 'rspec:other');
    assert.equal(s.detail?.stage, 'test');
    assert.equal(s.detail?.durationMs, 192);
    assert.equal(s.detail?.failureReason, 'stuck_or_timeout_failure');
    assert.equal(s.detail?.runner, null, 'a runner with an empty description');
    assert.deepEqual(stageSummary(jobs), [{ name: 'test', normal: 'failed', jobs: 2 }]);
    assert.deepEqual(stageSummary(jobs.map((j) => ({ ...j, allow_failure: true }))), [{ name: 'test', normal: 'success', jobs: 2 }]);
    for (const key of ['GET /projects/:id/jobs', 'POST /projects/:id/jobs/:job_id/cancel', 'POST /projects/:id/jobs/:job_id/retry']) {
      const example = exampleOf<GlJob | GlJob[]>(key);
      for (const job of Array.isArray(example) ? example : [example]) assertCommon(mapJob(job, ctx('build'), pipeline), 'build');
    }
    assert.equal(mapJob(exampleOf<GlJob>('POST /projects/:id/jobs/:job_id/cancel'), ctx('build'), pipeline).state.normal, 'cancelled');
  });

  it('deployments: list and create, read by core deploy status like every other deployment', () => {
    const environment = exampleItem<GlEnvironment>('GET /projects/:id/environments');
    const [first, second] = exampleOf<GlDeployment[]>('GET /projects/:id/deployments');
    const s = mapDeployment({ ...second, status: 'success' }, ctx('deploy'), { ...environment, name: 'production', tier: 'production' });
    assertCommon(s, 'deploy');
    assert.equal(s.anchors.environment, 'production');
    assert.deepEqual(s.anchors.commits, ['a91957a858320c0e17f3a0eca7cfacbff50ea29a']);
    assert.equal(s.title, 'production: main');
    assert.equal(s.author, 'root');
    assert.ok(s.labels.includes('production'));
    assert.equal(mapDeployment(first, ctx('deploy')).state.normal, 'queued', 'created');
    const events = deployEventsFromSignals([s, mapDeployment(first, ctx('deploy'))]);
    assert.deepEqual(
      events.map((e) => [e.environment, e.commit, e.status]),
      [['production', 'a91957a858320c0e17f3a0eca7cfacbff50ea29a', 'success']],
    );
    const tagged = mapDeployment(
      { ...second, status: 'success', ref: 'v1.4.2', deployable: { ...second.deployable, id: 664, tag: true } },
      ctx('deploy'),
    );
    assert.equal(deployEventsFromSignals([tagged])[0].version, 'v1.4.2');
    const created = mapDeployment(exampleOf<GlDeployment>('POST /projects/:id/deployments'), ctx('deploy'));
    assert.equal(created.state.normal, 'success');
    assert.equal(created.url, 'https://about.gitlab.com', 'no job: the environment URL');
  });

  it('normalises every documented CI and deployment status', () => {
    const ci = findOperation('GET /projects/:id/pipelines').params.find((p) => p.name === 'status')?.values ?? [];
    assert.ok(ci.length >= 11);
    for (const status of ci) assert.notEqual(ciState(status).normal, 'unknown', status);
    const deploy = findOperation('GET /projects/:id/deployments').params.find((p) => p.name === 'status')?.values ?? [];
    for (const status of deploy) assert.notEqual(deploymentState(status).normal, 'unknown', status);
    assert.deepEqual(ciState('something_new'), { normal: 'unknown', native: 'something_new' });
  });

  it('keeps hostile strings as bounded one-line data, and drops links that are not http(s)', () => {
    const mr = { ...exampleItem<GlMergeRequest>('GET /projects/:id/merge_requests'), state: 'opened' };
    const hostile = mapMergeRequest(
      {
        ...mr,
        title: '<img src=x onerror=alert(1)> [run](command:workbench.action.terminal.new) \u0000\u001b[31mred\r\nnext',
        description: 'x'.repeat(200_000),
        web_url: 'javascript:alert(1)',
        labels: ['<script>', 42 as unknown as string],
      },
      ctx('code'),
    );
    assert.equal(hostile.title, '<img src=x onerror=alert(1)> [run](command:workbench.action.terminal.new) [31mred next');
    assert.equal(hostile.url, undefined);
    assert.match(String(hostile.detail?.description), /truncated: 134464 more characters/);
    assert.deepEqual(hostile.detail?.labels, ['<script>', '42']);
    assert.equal(title('t'.repeat(10_000)).length, 1024);
    assert.doesNotThrow(() => mapIssue({ id: 1, iid: 1 } as unknown as GlIssue, ctx('plan')));
    assert.doesNotThrow(() => mapPipeline({ id: 1 } as unknown as GlPipeline, ctx('build')));
    assert.doesNotThrow(() => mapDeployment({ id: 1 } as unknown as GlDeployment, ctx('deploy')));
  });
});
