import { strict as assert } from 'node:assert';
import { latestNodeRuns, mapJobs, mapRun, rootNodeIds, timeOf, type CdsRun } from '../../../../src/sources/cds';

const ctx = { sourceId: 'cds:https://cds.example.com/#git.example.com/team/app', repo: 'git.example.com/team/app' };
const ref = { project: 'TEAM', workflow: 'app-ci' };
const NOW = Date.UTC(2026, 10, 2);

describe('CDS mapping', () => {
  it("reads Go's zero time as not started, and garbage as nothing", () => {
    assert.equal(timeOf('0001-01-01T00:00:00Z'), undefined);
    assert.equal(timeOf('yesterday'), undefined);
    assert.equal(timeOf(12), undefined);
    assert.equal(timeOf('2026-11-01T12:00:00.123456789Z'), Date.UTC(2026, 10, 1, 12, 0, 0, 123));
  });

  it('maps a run from its tags; a running one lasts until now', () => {
    const run = mapRun(
      {
        num: 7,
        status: 'Building',
        start: new Date(NOW - 60_000).toISOString(),
        last_subnumber: 1,
        tags: [
          { tag: 'git.branch', value: 'main' },
          { tag: 'git.hash', value: 'A'.repeat(40) },
          { tag: 'triggered_by', value: 'alice' },
        ],
      },
      ref,
      ctx,
      NOW,
    )!;
    assert.equal(run.id, `${ctx.sourceId}:pipelineRun:TEAM/app-ci#7`);
    assert.equal(run.title, 'app-ci #7.1');
    assert.deepEqual(run.state, { normal: 'running', native: 'Building' });
    assert.deepEqual(run.anchors, { repo: ctx.repo, branch: 'main', commits: ['a'.repeat(40)] });
    assert.equal(run.author, 'alice');
    assert.equal(run.detail?.durationMs, 60_000);
    assert.deepEqual(run.detail?.cds, { project: 'TEAM', workflow: 'app-ci', number: 7 });
  });

  it('drops rows without a run number and survives hostile and missing fields', () => {
    assert.equal(mapRun({ num: '7' } as never, ref, ctx, NOW), undefined);
    assert.equal(mapRun({ num: -1 }, ref, ctx, NOW), undefined);
    const hostile = mapRun(
      { num: 1, status: '__proto__', tags: [null, { tag: 'git.branch', value: 42 }, { tag: 'git.hash', value: 'not-a-sha' }] as never },
      { project: 'TEAM', workflow: `<img src=x onerror=alert(1)>${'x'.repeat(500)}` },
      ctx,
      NOW,
    )!;
    assert.equal(hostile.state.normal, 'unknown');
    assert.ok(hostile.title.length <= 200);
    assert.equal(hostile.anchors.branch, undefined);
    assert.equal(hostile.anchors.commits, undefined);
    assert.equal(hostile.url, undefined, 'no page without an http(s) UI URL');
    const js = mapRun({ num: 2, urls: { ui_url: 'javascript:alert(1)' } } as CdsRun, ref, ctx, NOW)!;
    assert.equal(js.url, undefined);
  });

  it('takes the newest sub-run of each node, and restarts from the roots', () => {
    const run: CdsRun = {
      num: 3,
      nodes: {
        '11': [
          { id: 1, workflow_node_id: 11, subnumber: 0, status: 'Fail', start: '2026-11-01T12:00:00Z' },
          { id: 5, workflow_node_id: 11, subnumber: 1, status: 'Success', start: '2026-11-01T13:00:00Z' },
        ],
        '12': [{ id: 6, workflow_node_id: 12, subnumber: 1, source_node_runs: [5], status: 'Building', start: '2026-11-01T13:05:00Z' }],
        '13': null,
        '14': [null, 'x'] as never,
      },
    };
    assert.deepEqual(
      latestNodeRuns(run).map((n) => n.id),
      [5, 6],
    );
    assert.deepEqual(rootNodeIds(run), [11]);
  });

  it('maps jobs without an action or steps, and steps named by their action', () => {
    const runSignal = mapRun({ num: 3, status: 'Building', start: '2026-11-01T12:00:00Z' }, ref, ctx, NOW)!;
    const signals = mapJobs(
      {
        num: 3,
        nodes: {
          '11': [
            {
              id: 9,
              workflow_node_id: 11,
              workflow_node_name: 'build',
              stages: [
                { name: 'B', build_order: 2, run_jobs: [{ id: 2, status: 'Waiting' }] },
                {
                  name: 'A',
                  build_order: 1,
                  run_jobs: [
                    {
                      id: 1,
                      status: 'Building',
                      start: '2026-11-01T12:00:01Z',
                      job: {
                        action: { name: 'Test', actions: [{ name: 'GitClone' }, { name: 'script', step_name: 'npm test' }] },
                        step_status: [
                          { step_order: 0, status: 'Success' },
                          { step_order: 1, status: 'Building' },
                          { step_order: 'x' } as never,
                          { step_order: 5, status: 'Waiting' },
                        ],
                      },
                    },
                    null as never,
                  ],
                },
              ],
            },
          ],
        },
      },
      runSignal,
      NOW,
    );
    assert.deepEqual(
      signals.map((s) => [s.title, s.state.native, s.parentId === runSignal.id ? 'job' : 'step']),
      [
        ['Test', 'Building', 'job'],
        ['GitClone', 'Success', 'step'],
        ['npm test', 'Building', 'step'],
        ['step 6', 'Waiting', 'step'],
        ['job 2', 'Waiting', 'job'],
      ],
    );
    assert.ok(signals[4].createdAt > signals[0].createdAt, 'a job not started follows the one before');
  });
});
