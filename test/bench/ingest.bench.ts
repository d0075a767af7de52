/**
 * The design's ingestion target as written: 10,000 alerts + 5,000 pipeline runs + 2,000 PRs from
 * raw JSON into one hub, within 3× the time `JSON.parse` alone takes on the same bytes.
 */
import { SignalHub } from '../../src/core/hub';
import type { Signal } from '../../src/core/signal';
import { mapAlerts } from '../../src/sources/alertmanager/mapping';
import type { GitHubRepoRef } from '../../src/sources/github';
import { mapPullRequest, mapWorkflowRun } from '../../src/sources/github/mapping';
import type { GhPullRequest, GhWorkflowRunList } from '../../src/sources/github/types';
import { syntheticAlertsJson } from '../fixtures/alertmanager/synthetic';
import { syntheticJson } from '../fixtures/github/synthetic';
import { BenchRow, printRows, time } from './measure';

const NOW = Date.UTC(2026, 0, 1);
const REPO: GitHubRepoRef = {
  host: 'github.com',
  owner: 'octocat',
  repo: 'Hello-World',
  apiBase: 'https://api.github.com',
  webBase: 'https://github.com',
  enterprise: false,
};

export function combinedIngestBench(): BenchRow[] {
  const github = syntheticJson(2000, 5000);
  const alerts = syntheticAlertsJson(10_000, { now: NOW });
  const bytes = github.pulls.length + github.runs.length + alerts.length;
  const parseMs = time(
    () => {
      JSON.parse(github.pulls);
      JSON.parse(github.runs);
      JSON.parse(alerts);
    },
    5,
    1,
  );
  const ingestMs = time(
    () => {
      const hub = new SignalHub();
      const ctx = { repo: REPO, me: 'octocat' };
      const tag = (signals: Signal[], source: string) => signals.map((s) => ({ ...s, source }));
      hub.replaceSource(
        'github:code',
        tag(
          (JSON.parse(github.pulls) as GhPullRequest[]).map((p) => mapPullRequest(p, ctx)),
          'github:code',
        ),
      );
      hub.replaceSource(
        'github:build',
        tag(
          (JSON.parse(github.runs) as GhWorkflowRunList).workflow_runs.map((r) => mapWorkflowRun(r, ctx)),
          'github:build',
        ),
      );
      hub.replaceSource(
        'alertmanager:bench',
        mapAlerts(JSON.parse(alerts) as unknown[], { source: 'alertmanager:bench', instance: 'bench', now: NOW }).signals,
      );
    },
    5,
    1,
  );
  return [
    {
      name: 'JSON.parse of 10,000 alerts + 5,000 runs + 2,000 PRs',
      value: `${parseMs.toFixed(0)} ms`,
      target: `${(bytes / 1e6).toFixed(1)} MB`,
    },
    {
      name: 'parse + map + hub ingest of the same (design target)',
      value: `${ingestMs.toFixed(0)} ms`,
      target: '≤ 3× JSON.parse',
      ok: ingestMs <= 3 * parseMs,
    },
    { name: 'ratio ingest / JSON.parse', value: `${(ingestMs / parseMs).toFixed(2)}×` },
  ];
}

// Run directly (`node --import tsx test/bench/ingest.bench.ts`), not when bundled into all.bench.
if (process.argv[1]?.endsWith('ingest.bench.ts')) {
  printRows(combinedIngestBench());
}
