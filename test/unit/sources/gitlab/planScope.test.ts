import assert from 'node:assert/strict';
import { pickIteration, pickMilestone, planScope } from '../../../../src/sources/gitlab';
import { iteration, milestone } from './data';

const JUNE_15 = Date.UTC(2024, 5, 15);

describe('gitlab/planScope (which iteration or milestone is "now")', () => {
  it('picks the iteration running today, the one ending soonest when cadences overlap', () => {
    const picked = pickIteration(
      [
        iteration({ id: 1, start_date: '2024-06-01', due_date: '2024-06-30' }),
        iteration({ id: 2, start_date: '2024-06-10', due_date: '2024-06-23' }),
        iteration({ id: 3, start_date: '2024-06-17', due_date: '2024-06-30' }),
      ],
      JUNE_15,
    );
    assert.equal(picked?.id, 2);
    // GitLab said "current": trusted even when the dates look odd (the documented example ends before it starts).
    assert.equal(pickIteration([iteration({ id: 4 })], JUNE_15)?.id, 4);
    assert.equal(pickIteration([], JUNE_15), undefined);
  });

  it('picks the active milestone due soonest, not past nor expired; an undated one only as a last resort', () => {
    const milestones = [
      milestone({ id: 1, due_date: '2024-06-14', expired: false }),
      milestone({ id: 2, due_date: '2024-07-01', expired: true }),
      milestone({ id: 3, due_date: '2024-08-01' }),
      milestone({ id: 4, due_date: '2024-06-15' }),
      milestone({ id: 5, due_date: null }),
      milestone({ id: 6, due_date: '2024-06-16', state: 'closed' }),
    ];
    assert.equal(pickMilestone(milestones, JUNE_15)?.id, 4);
    assert.equal(pickMilestone([milestone({ id: 5, due_date: null }), milestone({ id: 1, due_date: '2020-01-01' })], JUNE_15)?.id, 5);
    assert.equal(pickMilestone([milestone({ due_date: '2020-01-01' })], JUNE_15), undefined);
  });

  it('falls back from iteration to milestone to "assigned to me", to nothing without a user', () => {
    assert.equal(planScope([iteration({ id: 9 })], [milestone()], JUNE_15, undefined)?.kind, 'iteration');
    assert.equal(planScope([], [milestone({ due_date: '2024-07-01', title: 'v2' })], JUNE_15, undefined)?.name, 'v2');
    assert.deepEqual(planScope([], [], JUNE_15, { username: 'root' }), { kind: 'assignedToMe', name: 'Assigned to me' });
    assert.equal(planScope([], [], JUNE_15, undefined), undefined);
  });
});
