import assert from 'node:assert/strict';
import { checksRollup } from '../../../../src/sources/github/checksRollup';
import type { GhCheckRun, GhCheckRunList, GhCombinedStatus, GhStatus } from '../../../../src/sources/github/types';
import { exampleOf } from '../../../fixtures/github/openapiServer';

const exampleRuns = (exampleOf('GET /repos/{owner}/{repo}/commits/{ref}/check-runs') as GhCheckRunList).check_runs;
const exampleStatuses = (exampleOf('GET /repos/{owner}/{repo}/commits/{ref}/status') as GhCombinedStatus).statuses;

function run(name: string, status: string, conclusion: string | null): GhCheckRun {
  return { ...structuredClone(exampleRuns[0]), name, status, conclusion };
}
function status(context: string, state: string, updatedAt = '2024-01-01T00:00:00Z'): GhStatus {
  return { ...structuredClone(exampleStatuses[0]), context, state, updated_at: updatedAt };
}

describe('github/checksRollup', () => {
  it('rolls up GitHub’s examples: a neutral check run and two successful statuses → success', () => {
    const r = checksRollup(exampleRuns, exampleStatuses);
    assert.equal(r.state, 'success');
    assert.equal(r.total, 3);
    assert.equal(r.neutral, 1);
    assert.equal(r.succeeded, 2);
  });

  it('fails when any check run or status fails, naming them', () => {
    const r = checksRollup([run('build', 'completed', 'success'), run('lint', 'completed', 'timed_out')], [status('ci/jenkins', 'error')]);
    assert.equal(r.state, 'failed');
    assert.deepEqual(r.failedNames, ['lint', 'ci/jenkins']);
  });

  it('is running while anything is queued, in progress or pending and nothing failed', () => {
    assert.equal(checksRollup([run('build', 'in_progress', null)], []).state, 'running');
    assert.equal(checksRollup([run('build', 'completed', 'success')], [status('deploy', 'pending')]).state, 'running');
    assert.equal(checksRollup([run('build', 'queued', null), run('x', 'completed', 'failure')], []).state, 'failed');
  });

  it('keeps only the newest status per context', () => {
    const r = checksRollup([], [status('ci', 'failure', '2024-01-01T00:00:00Z'), status('ci', 'success', '2024-01-02T00:00:00Z')]);
    assert.equal(r.state, 'success');
    assert.equal(r.total, 1);
  });

  it('is none with no checks, or only neutral ones', () => {
    assert.equal(checksRollup([], []).state, 'none');
    assert.equal(checksRollup([run('x', 'completed', 'skipped')], []).state, 'none');
  });
});
