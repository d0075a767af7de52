/**
 * What polling costs: after a first refresh, an unchanged poll of the four phases is answered 304
 * throughout (every read is conditional), and each phase says it saw no change.
 */
import assert from 'node:assert/strict';
import { deployment, environment, issue, iteration, job, mergeRequest, mergeRequestDetail, pipeline, pipelineDetail, user } from './data';
import { signal, startFixture, type Fixture } from './helpers';
import { exampleOf } from '../../../fixtures/gitlab/docServer';

const PHASES = ['plan', 'code', 'build', 'deploy'] as const;

describe('gitlab idle polling (conditional requests)', () => {
  let f: Fixture;

  beforeEach(async () => {
    f = await startFixture();
    const s = f.server;
    s.setData('GET /projects/:id/iterations', [iteration({ id: 90 })]);
    s.setData('GET /projects/:id/issues', [issue(1), issue(2)]);
    s.setData('GET /projects/:id/merge_requests', [mergeRequest(1, { reviewers: [user('root', 1)] }), mergeRequest(2)]);
    s.on('GET /projects/:id/merge_requests/:merge_request_iid', (req) => ({
      status: 200,
      body: mergeRequestDetail(Number(req.pathParams.merge_request_iid)),
    }));
    s.setData(
      'GET /projects/:id/merge_requests/:merge_request_iid/approvals',
      exampleOf('GET /projects/:id/merge_requests/:merge_request_iid/approvals'),
    );
    s.on('GET /projects/:id/pipelines', (req) => ({
      status: 200,
      body: [pipeline(req.query.get('ref') === 'main' ? 400 : 401, { ref: req.query.get('ref') ?? 'main' })],
    }));
    s.on('GET /projects/:id/pipelines/:pipeline_id', (req) => ({ status: 200, body: pipelineDetail(Number(req.pathParams.pipeline_id)) }));
    s.on('GET /projects/:id/pipelines/:pipeline_id/jobs', (req) => ({ status: 200, body: [job(1, Number(req.pathParams.pipeline_id))] }));
    s.setData('GET /projects/:id/environments', [environment(1, 'production'), environment(2, 'staging')]);
    s.on('GET /projects/:id/deployments', (req) => ({
      status: 200,
      body: [deployment(req.query.get('environment') === 'production' ? 7 : 8, req.query.get('environment') ?? '')],
    }));
  });
  afterEach(async () => {
    assert.deepEqual(f.server.violations, [], 'every request is one GitLab documents');
    await f.server.close();
  });

  it('answers an unchanged poll of the four phases with 304s only, and each phase reports no change', async () => {
    for (const phase of PHASES) await f.sources[phase].refresh(signal());
    assert.ok(
      PHASES.every((p) => f.sources[p].lastRefresh?.changed),
      'the first poll brings everything',
    );
    f.server.clearLog();
    for (const phase of PHASES) await f.sources[phase].refresh(signal());
    const perPhase = PHASES.map((p) => [
      p,
      f.sources[p].lastRefresh?.requests,
      f.sources[p].lastRefresh?.notModified,
      f.sources[p].lastRefresh?.changed,
    ]);
    assert.deepEqual(perPhase, [
      ['plan', 2, 2, false], // current iterations, their issues
      ['code', 5, 5, false], // open list; for each of 2: the merge request and its approvals
      ['build', 6, 6, false], // 2 branches; for the newest of each: the pipeline and its jobs
      ['deploy', 3, 3, false], // environments; deployments of each of 2
    ]);
    assert.equal(f.server.requests.length, 16);
    assert.equal(f.server.count(304), 16);
    assert.ok(f.server.requests.every((r) => r.ifNoneMatch?.startsWith('W/"')));
  });

  it('reports a change as soon as one answer differs', async () => {
    await f.sources.code.refresh(signal());
    f.server.setData('GET /projects/:id/merge_requests', [mergeRequest(1, { title: 'Renamed' }), mergeRequest(2)]);
    const signals = await f.sources.code.refresh(signal());
    assert.equal(f.sources.code.lastRefresh?.changed, true);
    assert.ok(
      signals.some((s) => s.title === 'Change 1'),
      'the detail answer names it as GitLab stores it',
    );
  });
});
