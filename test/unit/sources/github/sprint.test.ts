import assert from 'node:assert/strict';
import { pickSprint } from '../../../../src/sources/github/sprint';
import type { GhMilestone } from '../../../../src/sources/github/types';
import { exampleOf } from '../../../fixtures/github/openapiServer';

const template = (exampleOf('GET /repos/{owner}/{repo}/milestones') as GhMilestone[])[0];
function milestone(number: number, title: string, dueOn: string | null, state = 'open'): GhMilestone {
  return { ...structuredClone(template), number, title, due_on: dueOn, state };
}
const NOW = Date.parse('2024-03-10T12:00:00Z');

describe('github/sprint', () => {
  it('picks the example milestone (open, with a due date)', () => {
    const choice = pickSprint(exampleOf('GET /repos/{owner}/{repo}/milestones') as GhMilestone[], NOW);
    assert.equal(choice.milestone?.title, 'v1.0');
  });

  it('picks the open milestone with the nearest upcoming due date', () => {
    const list = [
      milestone(1, 'Sprint 9', '2024-03-01T00:00:00Z'),
      milestone(2, 'Sprint 11', '2024-03-31T00:00:00Z'),
      milestone(3, 'Sprint 10', '2024-03-17T00:00:00Z'),
      milestone(4, 'Closed', '2024-03-11T00:00:00Z', 'closed'),
      milestone(5, 'Backlog', null),
    ];
    assert.deepEqual(pickSprint(list, NOW), { milestone: list[2], reason: 'nearestDue' });
  });

  it('falls back to the most recently overdue, then to undated milestones, then to none', () => {
    const overdue = [milestone(1, 'Old', '2024-01-01T00:00:00Z'), milestone(2, 'Late', '2024-03-01T00:00:00Z')];
    assert.equal(pickSprint(overdue, NOW).milestone?.title, 'Late');
    assert.deepEqual(pickSprint([milestone(7, 'B', null), milestone(3, 'A', null)], NOW).milestone?.number, 3);
    assert.deepEqual(pickSprint([], NOW), { reason: 'none' });
  });

  it('uses the named milestone (by title, any case, or number) when the settings name one', () => {
    const list = [milestone(1, 'Sprint 9', '2024-03-12T00:00:00Z'), milestone(2, 'Release Train', null)];
    assert.equal(pickSprint(list, NOW, 'release train').milestone?.number, 2);
    assert.equal(pickSprint(list, NOW, '2').milestone?.title, 'Release Train');
    assert.deepEqual(pickSprint(list, NOW, 'Nope'), { reason: 'namedNotFound' });
  });
});
