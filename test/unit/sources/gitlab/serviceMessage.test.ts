import assert from 'node:assert/strict';
import { SourceError } from '../../../../src/core/sourceError';
import { HttpError } from '../../../../src/http/client';
import { gitlabServiceMessage, mergeRefusal, mergeStatusPhrase } from '../../../../src/sources/gitlab';
import { gitlabError } from '../../../../src/sources/gitlab/serviceMessage';
import { findOperation, loadExtract } from '../../../fixtures/gitlab/docServer';

describe('gitlab/serviceMessage and merge refusals', () => {
  it("reads GitLab's documented error bodies", () => {
    assert.equal(gitlabServiceMessage(JSON.stringify(loadExtract().rest.errorBodyExample)), '400 (Bad request) "title" not given');
    assert.equal(
      gitlabServiceMessage('{"message":{"bio":["is too long (maximum is 255 characters)"],"base":["Locked"]}}'),
      'bio is too long (maximum is 255 characters); Locked',
    );
    assert.equal(
      gitlabServiceMessage('{"error":"invalid_token","error_description":"Token was revoked."}'),
      'invalid_token: Token was revoked.',
    );
    assert.equal(gitlabServiceMessage(loadExtract().rest.rateLimits.throttledBody), 'Retry later');
    assert.equal(gitlabServiceMessage('<html><body><h1>502 Bad Gateway</h1></body></html>'), undefined);
    assert.equal(
      gitlabServiceMessage('{"message":"cut off because the client keeps only the start of a long bo'),
      'cut off because the client keeps only the start of a long bo',
    );
    assert.equal(gitlabServiceMessage(`{"message":"${'x'.repeat(1000)}\\u0000"}`)?.length, 300);
    assert.equal(gitlabServiceMessage('{"other":1}'), undefined);
    assert.equal(gitlabServiceMessage(''), undefined);
  });

  it('wraps failures into the one SourceError with GitLab named and its words quoted', () => {
    const error = gitlabError(
      new HttpError('forbidden', 'GET x: 403 Forbidden', 'x', { status: 403, body: '{"message":"403 Forbidden"}' }),
      'list the merge requests of group/app',
      'group/app',
    );
    assert.ok(error instanceof SourceError);
    assert.equal(error.service, 'GitLab');
    assert.equal(error.kind, 'forbidden');
    assert.equal(error.message, 'Could not list the merge requests of group/app: GitLab refused (403): GitLab says "403 Forbidden".');
    assert.match(error.hint ?? '', /lacks a permission GitLab requires/);
  });

  it("names GitLab's reason for each documented merge refusal (and 406 of older versions)", () => {
    const documented = findOperation('PUT /projects/:id/merge_requests/:merge_request_iid/merge').errors ?? [];
    assert.deepEqual(
      documented.map((e) => e.status),
      [401, 405, 409, 422],
    );
    const refusal = (status: number, message: string, detailedMergeStatus?: string) =>
      mergeRefusal(
        gitlabError(
          new HttpError(status === 401 ? 'unauthorized' : 'http', `PUT x: ${status}`, 'x', { status, body: JSON.stringify({ message }) }),
          'merge merge request !3 of g/a',
          'g/a',
        ),
        { iid: 3, what: 'merge merge request !3 of g/a', detailedMergeStatus },
      );
    const notNow = refusal(405, '405 Method Not Allowed', 'not_approved');
    assert.equal(notNow.kind, 'rejected');
    assert.equal(notNow.status, 405);
    assert.match(
      notNow.message,
      /^Could not merge merge request !3 of g\/a: GitLab refused \(405\): the merge request cannot be merged now/,
    );
    assert.match(notNow.message, /GitLab reports: approval required\.$/);
    assert.doesNotMatch(notNow.message, /says "405/);
    assert.match(
      refusal(406, 'Branch cannot be merged').message,
      /GitLab refused \(406\): the merge request cannot be merged now.*GitLab says "Branch cannot be merged"/,
    );
    const moved = refusal(409, 'SHA does not match HEAD of source branch: 1234abc');
    assert.match(moved.message, /source branch moved since it was reviewed/);
    assert.match(moved.message, /GitLab says "SHA does not match HEAD of source branch: 1234abc"/);
    assert.match(
      refusal(422, 'Branch cannot be merged').message,
      /GitLab failed to merge the branch.*GitLab says "Branch cannot be merged"/,
    );
    const auth = refusal(401, '401 Unauthorized');
    assert.equal(auth.kind, 'auth', 'a 401 stays a sign-in problem');
  });

  it('phrases every documented detailed merge status', () => {
    for (const status of [
      'approvals_syncing',
      'checking',
      'ci_must_pass',
      'ci_still_running',
      'commits_status',
      'conflict',
      'discussions_not_resolved',
      'draft_status',
      'jira_association_missing',
      'mergeable',
      'merge_request_blocked',
      'merge_time',
      'need_rebase',
      'not_approved',
      'not_open',
      'preparing',
      'requested_changes',
      'security_policy_violations',
      'status_checks_must_pass',
      'unchecked',
      'locked_paths',
      'locked_lfs_files',
    ]) {
      assert.doesNotMatch(mergeStatusPhrase(status) ?? '', /_/, status);
    }
    assert.equal(mergeStatusPhrase('brand_new_status'), 'brand new status');
  });
});
