import { strict as assert } from 'node:assert';
import { loadExtract, shapeProblems, type CdsDocServer } from '../../../fixtures/cds/docServer';
import { startServer } from './fixture';

describe('the CDS test server answers only as the extract documents', () => {
  let server: CdsDocServer;
  beforeEach(async () => {
    server = await startServer();
  });
  afterEach(() => server.close());

  it('records the commit of ovh/cds it was extracted from', () => {
    assert.match(loadExtract().source.commit, /^[0-9a-f]{40}$/);
  });

  it('refuses routes, parameters and body fields the extract does not list, and records them', async () => {
    const ask = (path: string, init?: RequestInit) => fetch(`${server.base}${path}`, init).then((r) => r.status);
    assert.equal(await ask('project/TEAM/workflows/app-ci/runs/1/nodes/2'), 400);
    assert.equal(await ask('project?withApplications=true'), 400);
    assert.equal(await ask('auth/consumer/builtin/signin', { method: 'POST', body: JSON.stringify({ token: 'x', remember: true }) }), 400);
    assert.equal(await ask('project/TEAM/workflows/app-ci/runs', { method: 'DELETE' }), 400);
    assert.equal(server.violations.length, 4);
    assert.match(server.violations[1], /getProjectsHandler reads no query parameter withApplications/);
    assert.match(server.violations[2], /AuthConsumerSigninRequest\.remember is not a json tag/);
  });

  it('demands a session and refuses a sign-in token it does not know', async () => {
    assert.equal((await fetch(`${server.base}project?repo=team%2Fapp`)).status, 401);
    const signin = await fetch(`${server.base}auth/consumer/builtin/signin`, { method: 'POST', body: JSON.stringify({ token: 'nope' }) });
    assert.equal(signin.status, 403);
    assert.deepEqual(server.violations, []);
  });

  it('checks shapes against the json tags, nested types included', () => {
    assert.deepEqual(
      shapeProblems({ num: 1, nodes: { '1': [{ id: 1, stages: [{ run_jobs: [{ job: { steps: [] } }] }] }] } }, 'WorkflowRun'),
      ['WorkflowRun.nodes.1[0].stages[0].run_jobs[0].job.steps is not a json tag of sdk.ExecutedJob'],
    );
  });
});
