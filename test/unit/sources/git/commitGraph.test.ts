import assert from 'node:assert/strict';
import { buildDoraReport } from '../../../../src/core/dora/report';
import { selectDeploys } from '../../../../src/core/dora/selection';
import type { CommitGraph } from '../../../../src/core/dora/firstDeploy';
import { currentWindow, previousWindow } from '../../../../src/core/dora/window';
import { readCommitGraph } from '../../../../src/sources/git/commitGraph';
import { GitSource } from '../../../../src/sources/git/gitSource';
import { NotesJournal } from '../../../../src/sources/git/notesJournal';
import { newDeployReport, newIncidentReport, newIncidentResolution, type Report } from '../../../../src/sources/git/reports';
import { git, removeDir, TestRepo } from './fixtures';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const NOW = Date.UTC(2025, 0, 1);
const START = NOW - 100 * DAY;
const by = { name: 'Gen', email: 'gen@example.com' };

interface GenDeploy {
  id: string;
  commit: string;
  at: number;
  status: 'success' | 'failed';
  environment: string;
  rolledBackAt?: number;
}
interface GenIncident {
  id: string;
  commit: string;
  openedAt: number;
  resolvedAt?: number;
  deployId?: string;
}

/** A seeded generator, so a failure reproduces. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * 100 days of a team's life in a real repository, hour by hour: a main commit every 5 hours, a feature
 * branch every 10 days (deployed once before its merge), production deploys every other afternoon (some
 * failed, some rolled back), staging every morning, incidents linked to a deploy or only to a commit,
 * one still open, and one commit dated after its own deploy (clock skew).
 */
function generate(repo: TestRepo): { deploys: GenDeploy[]; incidents: GenIncident[]; reports: Report[] } {
  const rand = random(14);
  const tree = git(repo.dir, ['mktree'], { input: '' }).trim();
  const commit = (at: number, parents: string[], message: string) =>
    git(repo.dir, ['commit-tree', tree, ...parents.flatMap((p) => ['-p', p]), '-m', message], { time: Math.floor(at / 1000) }).trim();
  let main = commit(START - HOUR, [], 'initial');
  let feature: string | undefined;
  const deploys: GenDeploy[] = [];
  const incidents: GenIncident[] = [];
  const reports: Report[] = [];
  const lastProduction = () => [...deploys].reverse().find((d) => d.environment === 'production' && d.status === 'success');
  const deploy = (commitSha: string, at: number, environment: string, status: 'success' | 'failed') => {
    const report = newDeployReport({ commit: commitSha, environment, status }, by, new Date(at));
    reports.push(report);
    const d: GenDeploy = { id: report.id, commit: commitSha, at, status, environment };
    deploys.push(d);
    return d;
  };
  for (let h = 0; h < 100 * 24; h++) {
    const t = START + h * HOUR;
    const day = Math.floor(h / 24);
    const hour = h % 24;
    if (h % 5 === 0) main = commit(day === 50 && hour === 15 ? t + 3 * HOUR : t, [main], `change ${h}`);
    if (day % 10 === 3 && hour === 9) feature = commit(t, [main], `feature ${day} a`);
    if (day % 10 === 3 && hour === 11 && feature) feature = commit(t, [feature], `feature ${day} b`);
    if (day === 33 && hour === 12 && feature) deploy(feature, t, 'production', 'success'); // a branch not merged yet
    if (day % 10 === 3 && hour === 14 && feature) main = commit(t, [main, feature], `merge feature ${day}`);
    if (hour === 10) deploy(main, t, 'staging', 'success');
    if (hour === 16 && day % 2 === 0) {
      const d = deploy(main, t, 'production', day > 0 && rand() < 0.15 ? 'failed' : 'success');
      if (d.status === 'success' && day > 0 && rand() < 0.12) {
        d.rolledBackAt = t + 2 * HOUR;
        reports.push(newDeployReport({ commit: main, environment: 'production', status: 'rolledBack' }, by, new Date(d.rolledBackAt)));
      }
    }
    if (hour === 20 && (day % 9 === 4 || day % 9 === 7)) {
      const target = lastProduction();
      if (!target) continue;
      const linked = day % 9 === 4;
      const incident = newIncidentReport(
        { commit: target.commit, severity: 'major', summary: `incident on day ${day}`, ...(linked ? { deployId: target.id } : {}) },
        by,
        new Date(t),
      );
      reports.push(incident);
      const resolvedAt = t + Math.round((1 + rand() * 30) * HOUR);
      reports.push(newIncidentResolution({ commit: target.commit, incidentId: incident.id }, by, new Date(resolvedAt)));
      incidents.push({ id: incident.id, commit: target.commit, openedAt: t, resolvedAt, ...(linked ? { deployId: target.id } : {}) });
    }
    if (day === 95 && hour === 21) {
      const incident = newIncidentReport({ commit: main, severity: 'minor', summary: 'still open' }, by, new Date(t));
      reports.push(incident);
      incidents.push({ id: incident.id, commit: main, openedAt: t });
    }
  }
  git(repo.dir, ['update-ref', 'refs/heads/main', main]);
  return { deploys, incidents, reports };
}

const rank = (samples: number[], p: number) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted.length === 0 ? undefined : sorted[Math.max(1, Math.ceil(p * sorted.length)) - 1];
};

/** The four keys from the generator's own records and `git rev-list <deploy>` ancestor sets: no graph walk, no shared code. */
function independent(gen: ReturnType<typeof generate>, ancestors: Map<string, Set<string>>, commitTime: Map<string, number>, days: number) {
  const start = NOW - days * DAY;
  const since = NOW - 2 * days * DAY;
  const inWindow = (at: number) => at >= start && at < NOW;
  const prod = gen.deploys.filter((d) => d.environment === 'production').sort((a, b) => a.at - b.at);
  const ok = prod.filter((d) => d.status === 'success');
  const before = ok.filter((d) => d.at < since);
  const baseline = before.length === 0 ? ok[0] : undefined;
  const claimed = new Set<string>();
  for (const d of baseline ? [baseline] : before) for (const c of ancestors.get(d.commit) ?? []) claimed.add(c);
  const firstDeploy = new Map<string, GenDeploy>();
  const leads: number[] = [];
  for (const d of ok.filter((x) => x.at >= since && x !== baseline)) {
    for (const c of ancestors.get(d.commit) ?? []) {
      if (claimed.has(c)) continue;
      claimed.add(c);
      firstDeploy.set(c, d);
      if (inWindow(d.at)) leads.push(Math.max(0, d.at - (commitTime.get(c) as number)));
    }
  }
  const attributed = new Map<string, GenDeploy | undefined>();
  for (const i of gen.incidents) {
    const viaCommit = firstDeploy.get(i.commit);
    attributed.set(
      i.id,
      i.deployId ? prod.find((d) => d.id === i.deployId) : viaCommit && viaCommit.at <= i.openedAt ? viaCommit : undefined,
    );
  }
  const attempts = prod.filter((d) => inWindow(d.at));
  const withIncident = new Set([...attributed.values()].filter((d): d is GenDeploy => d !== undefined).map((d) => d.id));
  const failed = attempts.filter((d) => d.status === 'failed' || d.rolledBackAt !== undefined || withIncident.has(d.id));
  const recoveries: number[] = [];
  for (const i of gen.incidents) if (inWindow(i.openedAt) && i.resolvedAt !== undefined) recoveries.push(i.resolvedAt - i.openedAt);
  for (const d of attempts) {
    if (withIncident.has(d.id)) continue;
    if (d.status === 'failed') {
      const next = ok.find((s) => s.at > d.at);
      if (next) recoveries.push(next.at - d.at);
    } else if (d.rolledBackAt !== undefined) recoveries.push(d.rolledBackAt - d.at);
  }
  return {
    perDay: ok.filter((d) => inWindow(d.at)).length / days,
    leadMedian: rank(leads, 0.5),
    leadCount: leads.length,
    failureRate: attempts.length > 0 ? failed.length / attempts.length : undefined,
    recoveryMedian: rank(recoveries, 0.5),
  };
}

describe('DORA metrics on a real repository with a 90-day journal', function () {
  this.timeout(120_000);
  let repo: TestRepo;
  let gen: ReturnType<typeof generate>;
  let signals: Awaited<ReturnType<GitSource['refresh']>>;
  const ancestors = new Map<string, Set<string>>();
  const commitTime = new Map<string, number>();

  before(async () => {
    repo = TestRepo.init('dora');
    gen = generate(repo);
    const journal = new NotesJournal(repo.open());
    for (const report of gen.reports) await journal.append(report);
    signals = await new GitSource(repo.open(), { journal }).refresh(new AbortController().signal);
    for (const d of gen.deploys) ancestors.set(d.commit, new Set(repo.git(['rev-list', d.commit]).split('\n').filter(Boolean)));
    for (const line of repo.git(['log', '--all', '--format=%H %ct']).split('\n').filter(Boolean)) {
      const [sha, ct] = line.split(' ');
      commitTime.set(sha, Number(ct) * 1000);
    }
  });

  after(() => removeDir(repo.dir));

  for (const days of [7, 30, 90]) {
    it(`the dashboard's four keys over ${days} days equal an independent computation`, async () => {
      const options = { preferredEnvironment: 'production', days, now: NOW };
      const { deploys } = selectDeploys(signals, options);
      const graphs = new Map<string, CommitGraph>();
      const { graphRequests } = await import('../../../../src/core/dora/firstDeploy');
      for (const request of graphRequests(deploys, previousWindow(currentWindow(NOW, days)).start)) {
        graphs.set(request.repo, await readCommitGraph(repo.open(), request));
      }
      const report = buildDoraReport(signals, { ...options, graphs });
      const want = independent(gen, ancestors, commitTime, days);
      const [freq, lead, cfr, rec] = report.keys;
      assert.equal(report.environment, 'production');
      assert.equal(freq.value, want.perDay);
      assert.equal(lead.eventCount, want.leadCount);
      assert.equal(lead.value, want.leadMedian);
      assert.equal(cfr.value, want.failureRate);
      assert.equal(rec.value, want.recoveryMedian);
      assert.ok(
        want.leadCount > 0 && want.failureRate !== undefined && want.failureRate > 0 && want.recoveryMedian !== undefined,
        `the history exercises every metric: ${JSON.stringify(want)}`,
      );
    });
  }

  it('has the cases the metrics must handle: a feature-branch deploy, clock skew, an open incident tied to no deploy', async () => {
    const options = { preferredEnvironment: 'production', days: 90, now: NOW };
    const { graphRequests } = await import('../../../../src/core/dora/firstDeploy');
    const [request] = graphRequests(selectDeploys(signals, options).deploys, previousWindow(currentWindow(NOW, 90)).start);
    const report = buildDoraReport(signals, { ...options, graphs: new Map([[request.repo, await readCommitGraph(repo.open(), request)]]) });
    assert.ok(report.notes.some((n) => n.startsWith('1 incident(s) are tied to no deploy')));
    assert.ok(report.notes.some((n) => n.startsWith('1 commit(s) are dated after their deploy')));
    assert.ok(report.keys[3].events.some((e) => e.value === 'still open'));
    const feature = gen.deploys.find(
      (d) => d.environment === 'production' && repo.git(['log', '-1', '--format=%s', d.commit]).startsWith('feature'),
    );
    assert.ok(feature && report.keys[1].events.some((e) => e.signalId?.endsWith(feature.id)), 'the feature-branch deploy brought changes');
    const blind = buildDoraReport(signals, { ...options, graphs: new Map() });
    assert.ok(blind.notes.some((n) => n.startsWith('Lead time: no commit history')));
    assert.equal(blind.keys[1].value, undefined);
  });
});
