import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DashboardHostMessage } from '../../src/core/dashboard/protocol';
import type { DevOpsApi } from '../../src/extension';
import { newDeployReport, newIncidentReport, newIncidentResolution, type Report } from '../../src/sources/git';
import { activateExtension, waitFor } from './api';
import { ScriptedPrompter } from './scriptedPrompter';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const ENV = 'dora-it'; // an environment of its own: other suites report deploys to production and staging
const by = { name: 'Integration Tester', email: 'tester@example.com' };

/**
 * The dashboard in the real host, on the demo repository with a journal written here: the numbers the
 * page was sent equal the ones computed below from git and the reports themselves.
 */
describe('Feedback dashboard (DORA)', function () {
  this.timeout(60_000);
  let api: DevOpsApi;
  let root: string;
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();

  before(async () => {
    api = await activateExtension();
    await api.git.ready();
    const r = api.git.all()[0];
    root = r.repo.root;
    hadJournal = git('for-each-ref', 'refs/notes/devops-feedback') !== '';
    const now = Date.now();
    const [c6, c3, c1, c0] = ['HEAD~6', 'HEAD~3', 'HEAD~1', 'HEAD'].map((rev) => git('rev-parse', rev));
    const deploy = (commit: string, daysAgo: number, status: 'success' | 'failed') =>
      newDeployReport({ commit, environment: ENV, status, version: `it-${daysAgo}` }, by, new Date(now - daysAgo * DAY));
    const d1 = deploy(c6, 20, 'success'); // the first deploy recorded: the baseline
    const d2 = deploy(c3, 10, 'success');
    const d3 = deploy(c1, 5, 'failed');
    const d4 = deploy(c0, 4, 'success');
    const incident = newIncidentReport(
      { commit: c0, severity: 'major', summary: 'it: errors after deploy', deployId: d4.id },
      by,
      new Date(now - 3 * DAY),
    );
    const resolution = newIncidentResolution({ commit: c0, incidentId: incident.id }, by, new Date(now - 3 * DAY + 2 * HOUR));
    const reports: Report[] = [d1, d2, d3, d4, incident, resolution];
    for (const report of reports) await r.journal.append(report);
    await api.git.refresh(r);
    await waitFor(
      'the journal deploys in the hub',
      () => api.hub.all().filter((s) => s.kind === 'deployment' && s.anchors.environment === ENV).length === 4,
    );
    expected.leads = [
      ...leadsOf(git('log', '--format=%ct', `${c3}`, `^${c6}`), d2.reportedAt),
      ...leadsOf(git('log', '--format=%ct', `${c0}`, `^${c3}`), d4.reportedAt),
    ].sort((a, b) => a - b);
  });

  // The other suites share this repository: leave its journal as it was.
  after(async () => {
    if (!hadJournal) git('update-ref', '-d', 'refs/notes/devops-feedback');
    await api.git.refresh(api.git.all()[0]);
  });

  let hadJournal = false;
  const expected = { leads: [] as number[] };
  const leadsOf = (times: string, deployedAt: string) =>
    times
      .split('\n')
      .filter(Boolean)
      .map((t) => Math.max(0, Date.parse(deployedAt) - Number(t) * 1000));
  const nearestRank = (sorted: number[], p: number) => sorted[Math.max(1, Math.ceil(p * sorted.length)) - 1];

  it('opens from the command and sends the page the four keys computed from the journal', async () => {
    await vscode.commands.executeCommand('devops.openDashboard');
    await api.dashboard.show({ days: 30, environment: ENV });
    const message = await waitFor('the dashboard message for the test environment', () => {
      const m: DashboardHostMessage | undefined = api.dashboard.lastMessage;
      return m?.report.environment === ENV && m.report.keys[0].value !== undefined && m;
    });
    const tab = vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.label === 'DevOps Dashboard');
    assert.ok(tab, 'the dashboard panel is open');
    const [freq, lead, cfr, rec] = message.report.keys;
    assert.match(message.report.edition, /2023 Accelerate State of DevOps/);
    assert.equal(freq.value, 3 / 30); // d1, d2, d4 succeeded in the last 30 days
    assert.equal(freq.events.length, 3);
    assert.equal(lead.eventCount, expected.leads.length);
    assert.equal(lead.value, nearestRank(expected.leads, 0.5));
    assert.equal(cfr.value, 2 / 4); // d3 failed, d4 had the incident
    // The incident took 2 h; the failed d3 was restored by d4 a day later: nearest-rank median of [2 h, 24 h].
    assert.equal(rec.value, 2 * HOUR);
    assert.ok(message.report.environments.includes(ENV));
    assert.ok(message.report.keys.every((k) => k.definition.length > 0 && k.improve.length > 0));
  });

  it('exports the numbers and the events behind them as JSON and CSV', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfl-export-'));
    const target = vscode.Uri.file(path.join(dir, 'metrics.json'));
    const prompter = new ScriptedPrompter([]);
    api.setPrompter(Object.assign(prompter, { saveFile: async () => target }));
    try {
      await vscode.commands.executeCommand('devops.exportMetrics');
      const json = JSON.parse(await waitFor('the JSON file', () => fs.existsSync(target.fsPath) && fs.readFileSync(target.fsPath, 'utf8')));
      assert.equal(json.environment, ENV);
      assert.equal(json.keys[2].value, 0.5);
      const csv = fs.readFileSync(path.join(dir, 'metrics.csv'), 'utf8');
      assert.match(csv, /^row,metric,title,value/);
      assert.ok(csv.includes('it: errors after deploy'));
    } finally {
      api.setPrompter(undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
