import assert from 'node:assert/strict';
import { SourceError } from '../../../../src/core/sourceError';
import { issue, issueMilestone, iteration, milestone, user } from './data';
import { ME, signal, startFixture, type Fixture } from './helpers';
import { DocServer, exampleOf } from '../../../fixtures/gitlab/docServer';

describe('gitlab/planSource (iteration, milestone or mine; Start Work)', () => {
  let f: Fixture;

  async function start(options: Parameters<typeof startFixture>[0] = {}): Promise<void> {
    f = await startFixture(options);
  }
  afterEach(async () => {
    assert.deepEqual(f.server.violations, [], 'every request is one GitLab documents');
    await f.server.close();
  });

  it("shows the current iteration's issues (group iterations inherited), with weight, labels, assignees, due date", async () => {
    await start();
    f.server.setData('GET /projects/:id/iterations', [
      iteration({ id: 90, title: 'Sprint 24', start_date: '2024-06-10', due_date: '2024-06-23' }),
    ]);
    f.server.on('GET /projects/:id/issues', (req) =>
      req.query.get('iteration_id') === '90'
        ? {
            status: 200,
            body: [
              issue(1, {
                weight: 3,
                labels: ['doing', 'backend'],
                assignees: [user('root', 1)],
                due_date: '2024-06-20',
                iteration: { id: 90, title: 'Sprint 24', start_date: '2024-06-10', due_date: '2024-06-23', sequence: 2 },
              }),
              issue(2, { state: 'closed', assignees: [], iteration: { id: 90, title: 'Sprint 24' } }),
            ],
          }
        : undefined,
    );
    const signals = await f.sources.plan.refresh(signal());
    assert.deepEqual(
      signals.map((s) => s.id),
      [
        'gitlab:127.0.0.1:' + new URL(f.server.origin).port + '/my-group/my-project#plan:workItem:1',
        'gitlab:127.0.0.1:' + new URL(f.server.origin).port + '/my-group/my-project#plan:workItem:2',
      ],
    );
    assert.ok(signals.every((s) => s.source === f.sources.plan.id && s.anchors.repo === f.project.identity));
    const [first, second] = signals;
    assert.deepEqual([first.detail?.weight, first.detail?.dueDate, first.detail?.plan], [3, '2024-06-20', 'Sprint 24']);
    assert.deepEqual(first.detail?.labels, ['doing', 'backend']);
    assert.ok(first.labels.includes('mine') && first.labels.includes('sprint'));
    assert.equal(second.state.normal, 'closed');
    assert.equal(f.sources.plan.scope?.kind, 'iteration');
    const iterationsUrl = new URL(f.server.requests[0].url, f.server.origin);
    assert.equal(iterationsUrl.pathname, '/api/v4/projects/my-group%2Fmy-project/iterations');
    assert.deepEqual([iterationsUrl.searchParams.get('state'), iterationsUrl.searchParams.get('include_ancestors')], ['current', 'true']);
    assert.equal(f.server.requests.length, 2, 'no milestones asked for while an iteration runs');
  });

  it('falls back to the open milestone due soonest and not past', async () => {
    await start();
    f.server.setData('GET /projects/:id/iterations', []);
    f.server.setData('GET /projects/:id/milestones', [
      milestone({ id: 1, title: 'past', due_date: '2024-06-01', expired: true }),
      milestone({ id: 2, title: 'later', due_date: '2024-09-30', expired: false }),
      milestone({ id: 3, title: 'next', due_date: '2024-06-30', expired: false }),
      milestone({ id: 4, title: 'undated', due_date: null }),
    ]);
    f.server.on('GET /projects/:id/issues', (req) =>
      req.query.get('milestone') === 'next' ? { status: 200, body: [issue(5, { milestone: issueMilestone(3, 'next') })] } : undefined,
    );
    const signals = await f.sources.plan.refresh(signal());
    assert.deepEqual(
      signals.map((s) => s.detail?.plan),
      ['next'],
    );
    assert.equal(f.sources.plan.scope?.name, 'next');
    assert.ok(signals[0].labels.includes('sprint'));
  });

  it('without iterations (GitLab Free answers 403) uses milestones, and stops asking for iterations', async () => {
    await start();
    f.server.on('GET /projects/:id/iterations', () => DocServer.error(403, '403 Forbidden'));
    f.server.setData('GET /projects/:id/milestones', []);
    f.server.on('GET /projects/:id/issues', (req) =>
      req.query.get('assignee_username') === 'root' && req.query.get('state') === 'opened'
        ? { status: 200, body: [issue(7, { assignees: [user('root', 1)] })] }
        : undefined,
    );
    const first = await f.sources.plan.refresh(signal());
    assert.deepEqual(
      first.map((s) => s.detail?.iid),
      [7],
      'no iteration, no milestone: my open issues',
    );
    assert.equal(f.sources.plan.scope?.kind, 'assignedToMe');
    f.server.clearLog();
    await f.sources.plan.refresh(signal());
    assert.ok(!f.server.requests.some((r) => r.operation === 'GET /projects/:id/iterations'));
  });

  it('pages long issue lists by X-Next-Page', async () => {
    await start();
    f.server.setData('GET /projects/:id/iterations', [iteration({ id: 90 })]);
    f.server.setData(
      'GET /projects/:id/issues',
      Array.from({ length: 230 }, (_, i) => issue(i + 1)),
    );
    const signals = await f.sources.plan.refresh(signal());
    assert.equal(signals.length, 230);
    assert.equal(f.server.requests.filter((r) => r.operation === 'GET /projects/:id/issues').length, 3);
  });

  it('Start Work: a branch name from the injected rule, and the doing label through one documented edit', async () => {
    await start({
      sourceOptions: {
        branchName: ({ number, title, labels, user: login }) => ({
          ok: true,
          name: `${login}/${labels.includes('bug') ? 'fix' : 'feature'}/${number}-${title.toLowerCase().replace(/\W+/g, '-')}`,
        }),
      },
    });
    f.server.setData('GET /projects/:id/iterations', [iteration({ id: 90 })]);
    f.server.setData('GET /projects/:id/issues', [issue(12, { title: 'Fix login', labels: ['bug'] })]);
    const [item] = await f.sources.plan.refresh(signal());
    assert.deepEqual(f.sources.plan.branchNameFor(item, ME), { ok: true, name: 'root/fix/12-fix-login' });
    f.server.on('PUT /projects/:id/issues/:issue_iid', (req) => ({
      status: 200,
      body: {
        ...exampleOf<object>('PUT /projects/:id/issues/:issue_iid'),
        iid: Number(req.pathParams.issue_iid),
        labels: ['bug', String(req.body?.add_labels)],
      },
    }));
    const moved = await f.sources.plan.moveToDoing(
      12,
      { doing: 'workflow::doing', remove: ['workflow::to do', 'workflow::doing'] },
      signal(),
    );
    const put = f.server.requests.find((r) => r.method === 'PUT');
    assert.equal(put?.url, '/api/v4/projects/my-group%2Fmy-project/issues/12');
    assert.deepEqual(put?.body, { add_labels: 'workflow::doing', remove_labels: 'workflow::to do' });
    assert.deepEqual(moved.detail?.labels, ['bug', 'workflow::doing']);
  });

  it('says clearly when Start Work has no rule or label configured', async () => {
    await start();
    f.server.setData('GET /projects/:id/iterations', [iteration({ id: 90 })]);
    f.server.setData('GET /projects/:id/issues', [issue(1)]);
    const [item] = await f.sources.plan.refresh(signal());
    assert.deepEqual(f.sources.plan.branchNameFor(item), { ok: false, reason: 'No branch-name rule is configured for GitLab issues.' });
    await assert.rejects(
      f.sources.plan.moveToDoing(1, { doing: ' ', remove: ['to do'] }),
      (e: unknown) => e instanceof SourceError && e.kind === 'config',
    );
  });

  it('reads a failing user provider as "no user", never as a failed refresh', async () => {
    await start({
      sourceOptions: {
        currentUser: () => {
          throw new Error('no session');
        },
      },
    });
    f.server.setData('GET /projects/:id/iterations', []);
    f.server.setData('GET /projects/:id/milestones', []);
    assert.deepEqual(await f.sources.plan.refresh(signal()), []);
    assert.equal(f.sources.plan.scope, undefined);
  });
});
