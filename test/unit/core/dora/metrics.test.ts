import assert from 'node:assert/strict';
import { changeFailureRate } from '../../../../src/core/dora/changeFailureRate';
import { deploymentFrequency } from '../../../../src/core/dora/deploymentFrequency';
import { leadTime } from '../../../../src/core/dora/leadTime';
import { recoveryTime } from '../../../../src/core/dora/recoveryTime';
import { buildSelection } from '../../../../src/core/dora/selection';
import { currentWindow } from '../../../../src/core/dora/window';
import type { Signal } from '../../../../src/core/signal';
import { at, deploy, deployId, graph, HOUR, incident, incidentId, REPO } from './history';

/**
 * The history of firstDeploy.test.ts as git would answer for it: D1 is the baseline (a and b excluded).
 * Production: D1 b@12, D2 f2@32 (feature branch), D3 m@45, D4 d@52 failed, D5 d@55, rollback of d@58, D6 e@60.
 * Incidents: I1 47→49 linked to D3; I2 63→66 on commit e (no link: D6 contains e); I3 65, open, on a commit no deploy contains.
 * Staging: one deploy, which must not count for production.
 */
const asGitAnswers = graph({
  c: { hours: 20, parents: ['b'] },
  f1: { hours: 25, parents: ['c'] },
  f2: { hours: 30, parents: ['f1'] },
  m: { hours: 40, parents: ['c', 'f2'] },
  d: { hours: 50, parents: ['m'] },
  e: { hours: 62, parents: ['d'] },
});
const history: Signal[] = [
  deploy('D1', 'b', 12),
  deploy('D2', 'f2', 32),
  deploy('D3', 'm', 45),
  deploy('D4', 'd', 52, 'failed'),
  deploy('D5', 'd', 55),
  deploy('R5', 'd', 58, 'rolledBack'),
  deploy('D6', 'e', 60),
  deploy('S1', 'e', 61, 'success', 'staging'),
  incident('I1', 47, { resolvedHours: 49, deploy: 'D3', environment: 'production' }),
  incident('I2', 63, { resolvedHours: 66, commit: 'e' }),
  incident('I3', 65, { commit: 'zz' }),
];
const window = currentWindow(at(72), 7);
const options = { preferredEnvironment: 'production', graphs: new Map([[REPO, asGitAnswers]]) };

describe('dora metrics on a hand-computed history', () => {
  const selection = buildSelection(history, options);

  it('deployment frequency counts successful deploys of the environment only', () => {
    const f = deploymentFrequency(selection, window);
    assert.equal(f.count, 5); // D1 D2 D3 D5 D6: not the failed D4, not the rollback report, not staging
    assert.equal(f.perDay, 5 / 7);
  });

  it('lead time: median and p90 of the changes first deployed in the window', () => {
    const l = leadTime(selection, window);
    // f2 2 h, f1 7 h, c 12 h, m 5 h, d 5 h, e 0 (skew): sorted 0 2 5 5 7 12
    assert.deepEqual(
      l.changes.map((c) => c.leadMs / HOUR).sort((a, b) => a - b),
      [0, 2, 5, 5, 7, 12],
    );
    assert.equal(l.medianMs, 5 * HOUR);
    assert.equal(l.p90Ms, 12 * HOUR);
    assert.equal(l.skewed, 1);
  });

  it('change failure rate: failed, rolled back, and incidents linked explicitly or by commit', () => {
    const r = changeFailureRate(selection, window);
    assert.equal(r.attempts.length, 6); // D1..D6, the failed D4 included
    const failed = Object.fromEntries(r.failed.map((f) => [f.deploy.id, f.failures.map((x) => x.cause)]));
    assert.deepEqual(failed, {
      [deployId('D3')]: ['incident'],
      [deployId('D4')]: ['failed'],
      [deployId('D5')]: ['rolledBack'],
      [deployId('D6')]: ['incident'],
    });
    assert.equal(r.rate, 4 / 6);
    // I3 names no deploy and no deploy contains its commit: it is not a change failure.
    assert.deepEqual(
      selection.unlinked.map((i) => i.id),
      [incidentId('I3')],
    );
  });

  it('time to restore: incidents, failed deploy to next success, rollback; open ones apart', () => {
    const t = recoveryTime(selection, window);
    const byId = Object.fromEntries(t.recoveries.map((r) => [r.id, r.ms === undefined ? 'open' : r.ms / HOUR]));
    assert.deepEqual(byId, {
      [incidentId('I1')]: 2,
      [deployId('D4')]: 3, // failed at 52, D5 succeeded at 55
      [deployId('D5')]: 3, // deployed at 55, rolled back at 58
      [incidentId('I2')]: 3,
      [incidentId('I3')]: 'open',
    });
    assert.equal(t.medianMs, 3 * HOUR); // 2 3 3 3
    assert.equal(t.open, 1);
  });

  it('counts nothing in the previous window', () => {
    const before = currentWindow(at(72) - 7 * 24 * HOUR, 7);
    assert.equal(deploymentFrequency(selection, before).count, 0);
    assert.equal(leadTime(selection, before).medianMs, undefined);
    assert.equal(changeFailureRate(selection, before).rate, undefined);
    assert.equal(recoveryTime(selection, before).medianMs, undefined);
  });

  it('staging is its own selection: an incident naming no environment counts where a deploy brought its commit', () => {
    const staging = buildSelection(history, { ...options, environment: 'staging' });
    assert.equal(deploymentFrequency(staging, window).count, 1);
    // I1 is production's; I3 is tied to nothing (shown in production only); I2's commit e reached staging at 61.
    assert.deepEqual(
      staging.incidents.map((i) => i.id),
      [incidentId('I2')],
    );
    assert.equal(changeFailureRate(staging, window).rate, 1);
  });
});

describe('dora metrics edge cases', () => {
  it('no deploys: nothing to measure, frequency zero', () => {
    const s = buildSelection([], options);
    assert.equal(s.environment, 'production');
    assert.equal(deploymentFrequency(s, window).count, 0);
    assert.equal(leadTime(s, window).medianMs, undefined);
    assert.equal(changeFailureRate(s, window).rate, undefined);
    assert.equal(recoveryTime(s, window).medianMs, undefined);
  });

  it('one deploy: the baseline, so frequency and a 0% failure rate but no lead time', () => {
    const s = buildSelection([deploy('D1', 'b', 12)], { ...options, graphs: new Map([[REPO, new Map()]]) });
    assert.equal(deploymentFrequency(s, window).count, 1);
    assert.equal(leadTime(s, window).changes.length, 0);
    assert.equal(changeFailureRate(s, window).rate, 0);
  });

  it('a rollback with no matching commit withdraws the latest earlier deploy', () => {
    const s = buildSelection([deploy('D1', 'b', 12), deploy('D2', 'c', 20), deploy('R', 'zz', 21, 'rolledBack')], options);
    assert.deepEqual([...s.failures.keys()], [deployId('D2')]);
    assert.equal(recoveryTime(s, window).medianMs, 1 * HOUR);
  });

  it('an incident reported before the deploy that contains its commit is not that deploy’s failure', () => {
    const s = buildSelection([deploy('D1', 'b', 12), deploy('D2', 'm', 45), incident('I', 41, { commit: 'm' })], options);
    assert.equal(changeFailureRate(s, window).rate, 0);
    assert.equal(s.unlinked.length, 1);
  });

  it('without a commit graph the deploys still count, their lead time does not', () => {
    const s = buildSelection(history, { ...options, graphs: new Map() });
    assert.deepEqual(s.missingGraphs, [REPO]);
    assert.equal(leadTime(s, window).changes.length, 0);
    assert.equal(deploymentFrequency(s, window).count, 5);
  });

  it('per service: the service tag splits one environment', () => {
    const api = (name: string, commit: string, hours: number) => {
      const d = deploy(name, commit, hours);
      return { ...d, tags: [...d.tags, 'service:api'] };
    };
    const s = buildSelection([...history, api('A1', 'c', 30), api('A2', 'm', 50)], { ...options, service: 'api' });
    assert.deepEqual(
      s.deploys.map((d) => d.id),
      [deployId('A1'), deployId('A2')],
    );
    assert.deepEqual(s.incidents, []); // the incidents are about the repository, not the api service
  });
});
