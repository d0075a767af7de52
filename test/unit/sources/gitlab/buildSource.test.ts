import assert from 'node:assert/strict';
import { DocServer, exampleItem, exampleOf } from '../../../fixtures/gitlab/docServer';
import type { GlTestReport } from '../../../../src/sources/gitlab/testReport';
import { job, pipeline, pipelineDetail } from './data';
import { failureOf, signal, startFixture, type Fixture } from './helpers';

describe('gitlab/buildSource (pipelines → jobs, status bar, retry/cancel, logs)', () => {
  let f: Fixture;

  beforeEach(async () => {
    f = await startFixture();
  });
  afterEach(async () => {
    assert.deepEqual(f.server.violations, [], 'every request is one GitLab documents');
    await f.server.close();
  });

  /** Pipelines per ref (the server filters by `ref` as GitLab does), details and jobs per pipeline. */
  function serve(byRef: Record<string, ReturnType<typeof pipeline>[]>, jobs: Record<number, ReturnType<typeof job>[]> = {}): void {
    f.server.on('GET /projects/:id/pipelines', (req) => {
      const ref = req.query.get('ref');
      return {
        status: 200,
        body: ref
          ? (byRef[ref] ?? [])
          : Object.values(byRef)
              .flat()
              .sort((a, b) => b.id - a.id),
      };
    });
    f.server.on('GET /projects/:id/pipelines/:pipeline_id', (req) => {
      const listed = Object.values(byRef)
        .flat()
        .find((p) => p.id === Number(req.pathParams.pipeline_id));
      return listed
        ? { status: 200, body: pipelineDetail(listed.id, { status: listed.status, ref: listed.ref, sha: listed.sha, duration: 95 }) }
        : DocServer.error(404, '404 Not found');
    });
    f.server.on('GET /projects/:id/pipelines/:pipeline_id/jobs', (req) => ({
      status: 200,
      body: jobs[Number(req.pathParams.pipeline_id)] ?? [],
    }));
  }

  it("lists HEAD's branch and the default branch, with the jobs (stage, status, duration) of the newest of each", async () => {
    serve(
      {
        'feature/login': [pipeline(302, { ref: 'feature/login', status: 'failed' }), pipeline(301, { ref: 'feature/login' })],
        main: [pipeline(300, { ref: 'main' })],
      },
      {
        302: [job(9002, 302, { stage: 'test', status: 'failed', duration: 12.5 }), job(9001, 302, { stage: 'build', duration: 30 })],
        300: [job(9000, 300, { stage: 'deploy' })],
      },
    );
    const signals = await f.sources.build.refresh(signal());
    assert.deepEqual(
      signals.filter((s) => s.kind === 'pipelineRun').map((s) => s.detail?.pipelineId),
      [302, 301, 300],
    );
    const jobs = signals.filter((s) => s.kind === 'job');
    assert.deepEqual(
      jobs.map((s) => [s.detail?.jobId, s.detail?.stage, s.state.normal, s.detail?.durationMs]),
      [
        [9002, 'test', 'failed', 12_500],
        [9001, 'build', 'success', 30_000],
        [9000, 'deploy', 'success', 192],
      ],
    );
    assert.ok(jobs.every((j) => j.parentId?.endsWith(`:pipelineRun:${j.tags.find((t) => t.startsWith('pipeline:'))?.slice(9)}`)));
    assert.ok(signals.every((s) => s.source === f.sources.build.id && s.anchors.repo === f.project.identity));
    const refs = f.server.requests
      .filter((r) => r.operation === 'GET /projects/:id/pipelines')
      .map((r) => new URL(r.url, f.server.origin).searchParams.get('ref'));
    assert.deepEqual(refs, ['feature/login', 'main']);
    assert.equal(
      f.server.requests.filter((r) => r.operation === 'GET /projects/:id/pipelines/:pipeline_id/jobs').length,
      2,
      'jobs of the newest per branch only',
    );

    const head = f.sources.build.headPipeline;
    assert.ok(head, 'the pipeline the status bar shows');
    assert.equal(head.anchors.branch, 'feature/login');
    assert.deepEqual(head.anchors.commits, [pipeline(302).sha]);
    assert.equal(head.detail?.durationMs, 95_000);
    assert.equal(head.url, 'https://gitlab.example.com/my-group/my-project/-/pipelines/302');
    assert.deepEqual(head.detail?.stages, [
      { name: 'build', normal: 'success', jobs: 1 },
      { name: 'test', normal: 'failed', jobs: 1 },
    ]);
    assert.equal(f.sources.build.defaultBranchPipeline?.detail?.pipelineId, 300);
    assert.deepEqual(f.sources.build.pollHints(), {});
  });

  it("polls fast while a pipeline of HEAD's branch runs, and reads the jobs of every running one", async () => {
    serve({
      'feature/login': [
        pipeline(312, { ref: 'feature/login', status: 'running' }),
        pipeline(311, { ref: 'feature/login', status: 'pending' }),
      ],
      main: [pipeline(310, { ref: 'main' })],
    });
    await f.sources.build.refresh(signal());
    assert.deepEqual(f.sources.build.pollHints(), { active: true });
    assert.equal(f.server.requests.filter((r) => r.operation === 'GET /projects/:id/pipelines/:pipeline_id/jobs').length, 3);
  });

  it("turns the failed tests of HEAD's newest finished pipeline into findings about its commit, reading the report once", async () => {
    serve({ 'feature/login': [pipeline(402, { ref: 'feature/login', status: 'failed' })], main: [pipeline(400, { ref: 'main' })] });
    const documented = exampleOf<GlTestReport>('GET /projects/:id/pipelines/:pipeline_id/test_report');
    const [suite] = documented.test_suites!;
    const [passed] = suite.test_cases!;
    f.server.setData('GET /projects/:id/pipelines/:pipeline_id/test_report', {
      ...documented,
      test_suites: [
        {
          ...suite,
          name: 'rspec',
          test_cases: [
            passed,
            {
              ...passed,
              status: 'failed',
              name: 'Login rejects a wrong password',
              classname: 'login_spec',
              stack_trace: `Failure/Error: expect(page).to have_content('Invalid')\n# /builds/${f.project.path}/spec/features/login_spec.rb:42:in 'block (2 levels)'\n# /usr/lib/ruby/gems/3.2.0/gems/rspec-core/lib/rspec/core/example.rb:263`,
            },
            {
              ...passed,
              status: 'error',
              name: 'Session expires',
              stack_trace: 'TypeError: x is undefined\n    at expire (app/session.js:17:3)\n    at node_modules/jest/run.js:1:1',
            },
            { ...passed, status: 'failed', name: 'Flaky outside the project', stack_trace: 'at /usr/lib/node/internal.js:3:1' },
          ],
        },
      ],
    });
    const signals = await f.sources.build.refresh(signal());
    const findings = signals.filter((s) => s.kind === 'finding');
    assert.deepEqual(
      findings.map((s) => {
        const finding = s.detail?.finding as { tool: string; severity: string; path: string; line: number; commit: string };
        return [finding.tool, finding.severity, finding.path, finding.line, finding.commit];
      }),
      [
        ['rspec', 'error', 'spec/features/login_spec.rb', 42, pipeline(402).sha],
        ['rspec', 'error', 'app/session.js', 17, pipeline(402).sha],
      ],
      'a failure naming no project file is not placed anywhere',
    );
    assert.equal(findings[0].title, 'Login rejects a wrong password failed');
    assert.equal(findings[0].anchors.repo, f.project.identity);
    assert.equal(findings[0].url, 'https://gitlab.example.com/my-group/my-project/-/pipelines/402/test_report');
    const reads = () => f.server.requests.filter((r) => r.operation === 'GET /projects/:id/pipelines/:pipeline_id/test_report');
    assert.deepEqual(
      reads().map((r) => r.url.split('?')[0].split('/').at(-2)),
      ['402'],
      "only HEAD's newest pipeline",
    );
    f.server.clearLog();
    const again = await f.sources.build.refresh(signal());
    assert.equal(reads().length, 0, 'a finished pipeline’s report is read once');
    assert.deepEqual(
      again.filter((s) => s.kind === 'finding'),
      findings,
    );
  });

  it('reads no test report while the pipeline runs', async () => {
    serve({ 'feature/login': [pipeline(412, { ref: 'feature/login', status: 'running' })] });
    const signals = await f.sources.build.refresh(signal());
    assert.equal(signals.filter((s) => s.kind === 'finding').length, 0);
    assert.equal(f.server.requests.filter((r) => r.operation === 'GET /projects/:id/pipelines/:pipeline_id/test_report').length, 0);
  });

  it('without any branch known, shows the newest pipelines of all refs', async () => {
    await f.server.close();
    f = await startFixture({ sourceOptions: { headBranch: () => undefined, defaultBranch: () => undefined } });
    serve({ main: [pipeline(320)], 'feature/x': [pipeline(321, { ref: 'feature/x' })] });
    const signals = await f.sources.build.refresh(signal());
    assert.deepEqual(
      signals.filter((s) => s.kind === 'pipelineRun').map((s) => s.detail?.pipelineId),
      [321, 320],
    );
    assert.equal(new URL(f.server.requests[0].url, f.server.origin).searchParams.get('ref'), null);
    assert.equal(f.sources.build.headPipeline, undefined);
  });

  it('retries and cancels pipelines and jobs', async () => {
    const retried = await f.sources.build.retryPipeline(46, signal());
    const cancelled = await f.sources.build.cancelPipeline(46, signal());
    await f.sources.build.retryJob(1, signal());
    await f.sources.build.cancelJob(1, signal());
    assert.equal(retried.state.normal, 'queued');
    assert.equal(cancelled.state.normal, 'cancelled');
    assert.deepEqual(
      f.server.requests.map((r) => [r.method, r.url.replace('/api/v4/projects/my-group%2Fmy-project', ''), r.status]),
      [
        ['POST', '/pipelines/46/retry', 201],
        ['POST', '/pipelines/46/cancel', 200],
        ['POST', '/jobs/1/retry', 201],
        ['POST', '/jobs/1/cancel', 201],
      ],
    );
  });

  it("pages the project's jobs across pipelines by keyset", async () => {
    const template = job(1, 1);
    f.server.setData(
      'GET /projects/:id/jobs',
      Array.from({ length: 150 }, (_, i) => ({
        ...exampleItem<object>('GET /projects/:id/jobs'),
        id: 7000 - i,
        status: 'running',
        pipeline: { ...template.pipeline, id: 600 + (i % 3) },
      })),
    );
    const running = await f.sources.build.projectJobs({ scope: ['running'] }, signal());
    assert.equal(running.length, 150);
    assert.ok(running.every((s) => s.kind === 'job' && s.state.normal === 'running' && s.source === f.sources.build.id));
    assert.equal(running[0].parentId, `${f.sources.build.id}:pipelineRun:600`);
    assert.equal(f.server.requests.length, 2);
    assert.match(f.server.requests[1].url, /[?&]cursor=/);
  });

  it('downloads a job log as clean text with its foldable sections', async () => {
    f.server.traces.set(
      8,
      '\x1b[0Ksection_start:1700000000:step_script\r\x1b[0KExecuting "step_script"\n\x1b[31;1mERROR: boom\x1b[0;m\n\x1b[0Ksection_end:1700000002:step_script\r\x1b[0K\n',
    );
    const log = await f.sources.build.jobLog(8, signal());
    assert.deepEqual(log.lines, ['Executing "step_script"', 'ERROR: boom']);
    assert.deepEqual(
      log.sections.map((s) => [s.name, s.startLine, s.endLine, s.durationMs]),
      [['step_script', 0, 1, 2000]],
    );
    const missing = await failureOf(f.sources.build.jobLog(9, signal()));
    assert.match(missing.message, /Could not download the log of job 9: .*not found/);
  });
});
