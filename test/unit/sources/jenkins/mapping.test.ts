import { strict as assert } from 'node:assert';
import {
  branchJob,
  mapRun,
  mapTestReport,
  matchJobs,
  placeOf,
  runState,
  searchTree,
  stageState,
  type JkItem,
} from '../../../../src/sources/jenkins';

const REPO = 'git.example.com/team/app';
const built = (url: string) => ({ lastBuild: { actions: [{ _class: 'hudson.plugins.git.util.BuildData', remoteUrls: [url] }] } });

describe('Jenkins job resolution', () => {
  it('finds multibranch projects in organization folders and plain jobs in folders (by _class) by the remote their builds checked out', () => {
    const items: JkItem[] = [
      {
        name: 'org',
        _class: 'jenkins.branch.OrganizationFolder',
        jobs: [
          {
            name: 'app',
            _class: 'org.jenkinsci.plugins.workflow.multibranch.WorkflowMultiBranchProject',
            jobs: [{ name: 'main', ...built('git@git.example.com:team/app.git') }, { name: 'feature%2Fx' }],
          },
          {
            name: 'lib',
            _class: 'org.jenkinsci.plugins.workflow.multibranch.WorkflowMultiBranchProject',
            jobs: [{ name: 'main', ...built('https://git.example.com/team/lib.git') }],
          },
        ],
      },
      {
        name: 'ops',
        _class: 'com.cloudbees.hudson.plugins.folder.Folder',
        jobs: [{ name: 'deploy-app', ...built('https://git.example.com/team/app') }, { name: 'other' }],
      },
      { name: 'unrelated', ...built('https://elsewhere.example.com/team/app.git') },
    ];
    const found = matchJobs(items, [REPO]);
    assert.deepEqual(found, [{ path: ['org', 'app'], branches: ['main', 'feature%2Fx'] }, { path: ['ops', 'deploy-app'] }]);
    assert.deepEqual(branchJob(found[0], 'feature/x'), ['org', 'app', 'feature%2Fx']);
    assert.equal(branchJob(found[0], 'gone'), undefined);
  });

  it('asks for items three levels deep with their last build’s remote URLs', () => {
    assert.equal((searchTree().match(/jobs\[/g) ?? []).length, 4);
    assert.ok(searchTree().startsWith('jobs[name,url,lastBuild[actions[remoteUrls]],jobs['));
  });
});

describe('Jenkins states and runs', () => {
  it('maps results and StatusExt words to the shared states', () => {
    assert.deepEqual(runState({ building: true, result: null }), { normal: 'running', native: 'BUILDING' });
    assert.equal(runState({ result: 'UNSTABLE' }).normal, 'failed');
    assert.equal(runState({ result: 'ABORTED' }).normal, 'cancelled');
    assert.equal(runState({ result: 'NOT_BUILT' }).normal, 'skipped');
    assert.equal(stageState('PAUSED_PENDING_INPUT').normal, 'queued');
    assert.equal(stageState('NOT_EXECUTED').normal, 'skipped');
    assert.equal(stageState('SOMETHING_NEW').normal, 'unknown');
  });

  it('takes the commit and branch of lastBuiltRevision, the cause and the parameters', () => {
    const run = mapRun(
      {
        number: 5,
        result: 'SUCCESS',
        timestamp: 1000,
        duration: 500,
        url: 'https://ci/job/app/5/',
        actions: [
          {},
          { causes: [{ shortDescription: 'Started by timer' }] },
          {
            parameters: [
              { name: 'TARGET', value: 'qa' },
              { name: 'SECRET', value: { hidden: true } },
            ],
          },
          {
            lastBuiltRevision: { SHA1: 'ABCDEF0123456789ABCDEF0123456789ABCDEF01', branch: [{ name: 'refs/remotes/origin/release/1.2' }] },
          },
        ],
      },
      { path: ['app'], url: 'https://ci/job/app/' },
      { sourceId: 'jenkins:x', repo: REPO },
      0,
    )!;
    assert.deepEqual(run.anchors, { repo: REPO, branch: 'release/1.2', commits: ['abcdef0123456789abcdef0123456789abcdef01'] });
    assert.equal(run.detail?.cause, 'Started by timer');
    assert.deepEqual(run.detail?.parameters, { TARGET: 'qa' });
    assert.equal(run.updatedAt, 1500);
    assert.equal(mapRun({ result: 'SUCCESS' }, { path: ['app'], url: '' }, { sourceId: 'jenkins:x', repo: REPO }, 0), undefined);
  });
});

describe('Jenkins test failures → lines', () => {
  it('cuts the agent workspace off absolute paths and skips vendored frames', () => {
    assert.deepEqual(
      placeOf({
        errorStackTrace:
          'at x (/home/jenkins/agent/workspace/app_PR-3@2/node_modules/m/i.js:1:1)\n at y (/home/jenkins/agent/workspace/app_PR-3@2/src/a.ts:9:2)',
      }),
      {
        path: 'src/a.ts',
        line: 9,
      },
    );
    assert.deepEqual(placeOf({ errorStackTrace: 'File "tests/test_cart.py", line 31, in test_total' }), {
      path: 'tests/test_cart.py',
      line: 31,
    });
    assert.equal(placeOf({ errorStackTrace: 'at Object.<anonymous> (/usr/lib/node/internal.js:3:1)' }), undefined);
    assert.equal(placeOf({ errorStackTrace: 'at a (../outside.ts:3:1)' }), undefined);
  });

  it('places Java frames by their package through the workspace path mapping', () => {
    const files = new Map([['com/acme/CartTest.java', 'service/src/test/java/com/acme/CartTest.java']]);
    const resolve = (p: string) => [...files].find(([suffix]) => p.endsWith(suffix))?.[1];
    const trace =
      'java.lang.AssertionError: expected:<3> but was:<4>\n\tat org.junit.Assert.fail(Assert.java:89)\n\tat com.acme.CartTest.total(CartTest.java:42)';
    assert.deepEqual(placeOf({ errorStackTrace: trace }, resolve), { path: 'service/src/test/java/com/acme/CartTest.java', line: 42 });
    assert.equal(placeOf({ errorStackTrace: trace }), undefined, 'without the mapping a Java frame names no repository path');
  });

  it('makes no finding without the commit the build ran on, and keeps hostile names as data', () => {
    const run = mapRun(
      { number: 1, result: 'UNSTABLE', timestamp: 1 },
      { path: ['app'], url: '' },
      { sourceId: 'jenkins:x', repo: REPO },
      0,
    )!;
    const report = {
      failCount: 1,
      suites: [
        {
          name: 'unit',
          cases: [{ className: '[x](command:evil)', name: '$(alert) t', status: 'FAILED', errorStackTrace: 'at (src/a.ts:3:1)' }],
        },
      ],
    };
    const signals = mapTestReport(report, { run }, { sourceId: 'jenkins:x', repo: REPO });
    assert.ok(!signals.some((s) => s.kind === 'finding'));
    assert.equal(signals.find((s) => s.parentId?.endsWith('/tests'))?.title, '[x](command:evil).$(alert) t');
    const withSha = mapTestReport(report, { run, sha: 'a'.repeat(40) }, { sourceId: 'jenkins:x', repo: REPO });
    assert.equal(withSha.filter((s) => s.kind === 'finding').length, 1);
  });
});
