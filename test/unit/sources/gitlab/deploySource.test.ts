import assert from 'node:assert/strict';
import { commitStatus, deployEventsFromSignals, environmentHistories } from '../../../../src/core/deployStatus';
import { deployment, environment } from './data';
import { signal, startFixture, type Fixture } from './helpers';
import { syntheticSha } from '../../../fixtures/gitlab/synthetic';

describe('gitlab/deploySource (environments, deployments, Report Deploy)', () => {
  let f: Fixture;

  beforeEach(async () => {
    f = await startFixture();
  });
  afterEach(async () => {
    assert.deepEqual(f.server.violations, [], 'every request is one GitLab documents');
    await f.server.close();
  });

  function serve(): void {
    f.server.setData('GET /projects/:id/environments', [
      environment(1, 'production', { tier: 'production' }),
      environment(2, 'staging', { tier: 'staging' }),
    ]);
    f.server.on('GET /projects/:id/deployments', (req) => {
      const env = req.query.get('environment');
      const all = {
        production: [
          deployment(12, 'production', { status: 'success' }),
          deployment(11, 'production', { status: 'failed' }),
          deployment(10, 'production'),
        ],
        staging: [deployment(13, 'staging', { status: 'running' })],
      } as Record<string, ReturnType<typeof deployment>[]>;
      return { status: 200, body: env ? (all[env] ?? []) : Object.values(all).flat() };
    });
  }

  it('lists each available environment with its newest deployments, anchored for the deploy status', async () => {
    serve();
    const signals = await f.sources.deploy.refresh(signal());
    assert.deepEqual(
      signals.map((s) => [s.detail?.deploymentId, s.anchors.environment, s.state.normal]),
      [
        [12, 'production', 'success'],
        [11, 'production', 'failed'],
        [10, 'production', 'success'],
        [13, 'staging', 'running'],
      ],
    );
    assert.ok(signals.every((s) => s.kind === 'deployment' && s.source === f.sources.deploy.id && s.anchors.repo === f.project.identity));
    assert.ok(signals[0].labels.includes('production'));
    const envQuery = new URL(f.server.requests[0].url, f.server.origin).searchParams;
    assert.equal(envQuery.get('states'), 'available');
    const deployments = f.server.requests
      .filter((r) => r.operation === 'GET /projects/:id/deployments')
      .map((r) => new URL(r.url, f.server.origin).searchParams);
    assert.deepEqual(
      deployments.map((q) => [q.get('environment'), q.get('order_by'), q.get('sort'), q.get('per_page')]),
      [
        ['production', 'created_at', 'desc', '5'],
        ['staging', 'created_at', 'desc', '5'],
      ],
    );

    // "Live in production": core reads GitLab's deployments like any other source's.
    const histories = environmentHistories(deployEventsFromSignals(signals));
    const status = commitStatus(
      syntheticSha(10),
      histories,
      (deployed, commit) => deployed === commit || (deployed === syntheticSha(12) && commit === syntheticSha(10)),
    );
    assert.deepEqual(
      status.map((s) => [s.environment, s.live, s.current?.commit]),
      [['production', true, syntheticSha(12)]],
    );
  });

  it('reports a deploy to GitLab with the documented fields', async () => {
    const created = await f.sources.deploy.createDeployment(
      { environment: 'production', sha: syntheticSha(5), ref: 'v2.0.0', tag: true, status: 'success' },
      signal(),
    );
    const post = f.server.requests[0];
    assert.deepEqual(post.body, { environment: 'production', sha: syntheticSha(5), ref: 'v2.0.0', tag: true, status: 'success' });
    assert.equal(created.anchors.environment, 'production');
    assert.deepEqual(created.anchors.commits, [syntheticSha(5)]);
    assert.ok(created.tags.includes('version:v2.0.0'));
    assert.equal(deployEventsFromSignals([created])[0].version, 'v2.0.0');
  });

  it('bounds the environments it reads', async () => {
    await f.server.close();
    f = await startFixture({ sourceOptions: { environmentLimit: 1 } });
    serve();
    await f.sources.deploy.refresh(signal());
    assert.equal(f.server.requests.filter((r) => r.operation === 'GET /projects/:id/deployments').length, 1);
  });
});
