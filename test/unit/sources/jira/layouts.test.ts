/** The Plan view's Jira groups: sprint header (goal, end, done count), status category or assignee, current branch. */
import assert from 'node:assert/strict';
import type { GroupNode, SignalNode } from '../../../../src/core/phaseTree';
import { buildView } from '../../../../src/core/phaseTree';
import { jiraPlanLayout, onBranch } from '../../../../src/sources/jira';
import { signal, startFixture } from './helpers';

describe('jira plan layout', () => {
  it('groups the sprint by status category with the goal and end date in the header, marks the current branch', async () => {
    const f = await startFixture('cloud');
    const signals = await f.source.refresh(signal());
    await f.server.stop();
    let by: 'status' | 'assignee' = 'status';
    const layout = jiraPlanLayout({
      groupBy: () => by,
      currentBranches: () => ['PROJ-7-issue-number-7'],
      now: () => Date.parse('2026-12-02T12:00:00Z'),
    });
    const [sprint] = buildView('plan', { signals, health: [] }, [layout]) as GroupNode[];
    assert.equal(sprint.label, 'PROJ board · Sprint 3');
    assert.equal(sprint.description, 'Ship the checkout · ends 2026-12-07 (in 6 days) · 2/7 done');
    assert.equal(sprint.tooltip, 'Sprint goal: Ship the checkout');
    assert.deepEqual(
      sprint.children.map((g) => [(g as GroupNode).label, (g as GroupNode).description]),
      [
        ['In Progress', '3 · 10 pts'],
        ['To Do', '2 · 11 pts'],
        ['Done', '2 · 9 pts'],
      ],
    );
    const inProgress = (sprint.children[0] as GroupNode).children as SignalNode[];
    const seven = inProgress.find((n) => n.signal.detail?.key === 'PROJ-7')!;
    assert.equal(seven.description, 'PROJ-7 · Story · Medium · 8 pts · In Progress · current branch');
    assert.equal(seven.icon, 'bookmark');
    assert.equal(inProgress[0].signal.detail?.key, 'PROJ-4', 'mine first');
    by = 'assignee';
    const [again] = buildView('plan', { signals, health: [] }, [layout]) as GroupNode[];
    assert.deepEqual(
      again.children.map((g) => (g as GroupNode).label),
      ['Ada Lovelace', 'Unassigned'],
    );
  });

  it('matches a key in a branch name, not a longer one', () => {
    assert.ok(onBranch('PROJ-7', ['feature/proj-7-login']));
    assert.ok(!onBranch('PROJ-7', ['PROJ-70-other']));
    assert.ok(!onBranch('PROJ-7', ['XPROJ-7']));
  });
});
