import assert from 'node:assert/strict';
import { reviewDecision } from '../../../../src/sources/github/reviewDecision';
import type { GhReview } from '../../../../src/sources/github/types';
import { exampleOf } from '../../../fixtures/github/openapiServer';

/** Reviews shaped from GitHub's example, varied by reviewer, state and time. */
function reviews(...items: [login: string, state: string, minute: number][]): GhReview[] {
  const template = (exampleOf('GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews') as GhReview[])[0];
  return items.map(([login, state, minute], i) => ({
    ...structuredClone(template),
    id: 100 + i,
    user: { ...template.user!, login },
    state,
    submitted_at: new Date(Date.UTC(2024, 0, 1, 0, minute)).toISOString(),
  }));
}

describe('github/reviewDecision', () => {
  it('reads the example review list as approved by its author', () => {
    const list = exampleOf('GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews') as GhReview[];
    const summary = reviewDecision(list);
    assert.equal(summary.decision, 'approved');
    assert.deepEqual(summary.approvedBy, ['octocat']);
  });

  it('counts each reviewer’s latest approving or blocking review; comments do not cancel it', () => {
    const summary = reviewDecision(reviews(['ann', 'CHANGES_REQUESTED', 1], ['ann', 'COMMENTED', 2], ['bob', 'APPROVED', 3]));
    assert.equal(summary.decision, 'changesRequested');
    assert.deepEqual(summary.changesRequestedBy, ['ann']);
    assert.deepEqual(summary.approvedBy, ['bob']);
  });

  it('lets a later approval replace a request for changes, whatever the list order', () => {
    const summary = reviewDecision(reviews(['ann', 'APPROVED', 5], ['ann', 'CHANGES_REQUESTED', 1]));
    assert.equal(summary.decision, 'approved');
    assert.deepEqual(summary.changesRequestedBy, []);
  });

  it('drops a dismissed review', () => {
    assert.equal(reviewDecision(reviews(['ann', 'CHANGES_REQUESTED', 1], ['ann', 'DISMISSED', 2])).decision, 'none');
  });

  it('says a review is required when reviewers are requested and nobody decided yet', () => {
    const summary = reviewDecision(reviews(['ann', 'COMMENTED', 1]), [{ login: 'carol' }], [{ slug: 'core' }]);
    assert.equal(summary.decision, 'reviewRequired');
    assert.deepEqual(summary.pending, ['carol', 'team:core']);
    assert.equal(reviewDecision([]).decision, 'none');
  });
});
