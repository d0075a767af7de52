import assert from 'node:assert/strict';
import { groupPlan, groupPullRequests, NO_MILESTONE, UNASSIGNED } from '../../../../src/sources/github/groups';
import { mapIssue, mapPullRequest } from '../../../../src/sources/github/mapping';
import { parseGitHubRemote } from '../../../../src/sources/github/remote';
import type { GhIssue, GhPullRequest } from '../../../../src/sources/github/types';
import { exampleOf } from '../../../fixtures/github/openapiServer';

const repo = parseGitHubRemote('git@github.com:octocat/Hello-World.git')!;
const template = (exampleOf('GET /repos/{owner}/{repo}/issues') as GhIssue[])[0];

function issue(number: number, milestone: string | null, assignees: string[], state = 'open'): GhIssue {
  return {
    ...structuredClone(template),
    number,
    state,
    milestone: milestone ? { ...template.milestone!, title: milestone } : null,
    assignees: assignees.map((login) => ({ ...template.assignee!, login })),
    assignee: null,
  };
}

describe('github/groups', () => {
  const items = [
    issue(1, 'Sprint 10', ['ann']),
    issue(2, 'Sprint 10', ['ann', 'bob'], 'closed'),
    issue(3, null, []),
    issue(4, 'Sprint 10', []),
  ].map((i) => mapIssue(i, { repo }));

  it('groups the plan by milestone, then by assignee (an issue with two assignees under both)', () => {
    const groups = groupPlan(items, 'assignee');
    assert.deepEqual(
      groups.map((g) => [g.label, g.children!.map((c) => [c.label, c.signals.map((s) => s.detail!.number)])]),
      [
        [
          'Sprint 10',
          [
            ['ann', [1, 2]],
            ['bob', [2]],
            [UNASSIGNED, [4]],
          ],
        ],
        [NO_MILESTONE, [[UNASSIGNED, [3]]]],
      ],
    );
  });

  it('groups the plan by milestone, then by normalised state', () => {
    const groups = groupPlan(items, 'state');
    assert.deepEqual(
      groups[0].children!.map((c) => [c.label, c.signals.length]),
      [
        ['open', 2],
        ['closed', 1],
      ],
    );
  });

  it('sorts pull requests into the three Code sections', () => {
    const pr = (exampleOf('GET /repos/{owner}/{repo}/pulls') as GhPullRequest[])[0];
    const mine = mapPullRequest(pr, { repo, me: 'octocat' });
    const toReview = mapPullRequest({ ...pr, number: 2 }, { repo, me: 'other_user' });
    const sections = groupPullRequests([mine, toReview]);
    assert.deepEqual(sections.waitingForMyReview, [toReview]);
    assert.deepEqual(sections.createdByMe, [mine]);
    assert.deepEqual(sections.open, [mine, toReview]);
  });
});
