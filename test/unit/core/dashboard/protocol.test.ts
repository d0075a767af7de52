import assert from 'node:assert/strict';
import { isChoice, isDashboardHostMessage, isDashboardPageMessage, openableIds } from '../../../../src/core/dashboard/protocol';
import { buildDoraReport } from '../../../../src/core/dora/report';
import { at, deploy, deployId, graph, REPO } from '../dora/history';

const report = buildDoraReport([deploy('D0', 'b', -200), deploy('D1', 'c', 24)], {
  now: at(72),
  days: 7,
  preferredEnvironment: 'production',
  graphs: new Map([[REPO, graph({ c: { hours: 20, parents: ['b'] } })]]),
});

describe('dashboard protocol', () => {
  it('accepts a real report and the page messages, exactly', () => {
    assert.ok(isDashboardHostMessage({ type: 'dashboard', report, choice: { days: 7 } }));
    assert.ok(
      isDashboardHostMessage(JSON.parse(JSON.stringify({ type: 'dashboard', report, choice: { days: 30, environment: 'staging' } }))),
    );
    for (const m of [
      { type: 'ready' },
      { type: 'export' },
      { type: 'open', signalId: deployId('D1') },
      { type: 'select', choice: { days: 90, environment: 'production', service: 'api' } },
    ]) {
      assert.ok(isDashboardPageMessage(m), JSON.stringify(m));
    }
  });

  it('refuses anything else', () => {
    assert.ok(!isChoice({ days: 14 }));
    assert.ok(!isChoice({ days: 7, environment: 'a\u0000b' }));
    assert.ok(!isChoice({ days: 7, extra: 1 }));
    for (const m of [
      { type: 'ready', x: 1 },
      { type: 'open', signalId: '' },
      { type: 'open', signalId: 'x'.repeat(20_000) },
      { type: 'select', choice: { days: '7' } },
      { type: 'run', command: 'workbench.action.terminal.new' },
      'ready',
      null,
    ]) {
      assert.ok(!isDashboardPageMessage(m), JSON.stringify(m));
    }
    assert.ok(
      !isDashboardHostMessage({
        type: 'dashboard',
        report: { ...report, keys: [{ ...report.keys[0], band: 'legendary' }] },
        choice: { days: 7 },
      }),
    );
    assert.ok(!isDashboardHostMessage({ type: 'dashboard', report, choice: { days: 7 }, html: '<b>' }));
  });

  it('lets the page open only the signals behind the numbers', () => {
    const ids = openableIds(report);
    assert.ok(ids.has(deployId('D1')));
    assert.ok(!ids.has('git:/repo:deployment:other'));
  });
});
