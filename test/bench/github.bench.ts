/**
 * GitHub benchmarks (the targets in README, "Benchmarks"): ingesting 2,000 pull requests and 5,000 workflow runs from
 * the raw JSON GitHub sends (parse, map to signals, tag with the phase source, upsert into the hub)
 * against `JSON.parse` alone on the same bytes; and what an idle poll costs against the local server
 * that answers as GitHub documents (every read conditional: all 304, no rate limit spent).
 */
import { SignalHub } from '../../src/core/hub';
import { HttpClient } from '../../src/http/client';
import { nextPollDelay } from '../../src/core/pollSchedule';
import { GitHubSource, githubCredential, type GitHubRepoRef } from '../../src/sources/github';
import { mapPullRequest, mapWorkflowRun } from '../../src/sources/github/mapping';
import type { GhPullRequest, GhWorkflowRunList } from '../../src/sources/github/types';
import { OpenApiServer } from '../fixtures/github/openapiServer';
import { syntheticJson } from '../fixtures/github/synthetic';
import { BenchRow, printRows, time } from './measure';

const TOKEN = 'ghp_bench_0123456789';
const PHASES = ['plan', 'code', 'build', 'deploy'] as const;

function repoAt(apiBase: string, webBase: string): GitHubRepoRef {
  return { host: new URL(webBase).host, owner: 'octocat', repo: 'Hello-World', apiBase, webBase, enterprise: true };
}

/** Parse, map (signals carry their phase source's id, ready for the hub, as the phase sources make them) and upsert. */
function ingest(json: { pulls: string; runs: string }, repo: GitHubRepoRef): SignalHub {
  const hub = new SignalHub();
  const pulls = (JSON.parse(json.pulls) as GhPullRequest[]).map((p) =>
    mapPullRequest(p, { repo, me: 'octocat', source: 'github:bench#code' }),
  );
  const runs = (JSON.parse(json.runs) as GhWorkflowRunList).workflow_runs.map((r) =>
    mapWorkflowRun(r, { repo, me: 'octocat', source: 'github:bench#build' }),
  );
  hub.replaceSource('github:bench#code', pulls);
  hub.replaceSource('github:bench#build', runs);
  return hub;
}

export function githubIngestBench(): BenchRow[] {
  const json = syntheticJson(2000, 5000);
  const repo = repoAt('https://api.github.com', 'https://github.com');
  const bytes = json.pulls.length + json.runs.length;
  const parseMs = time(
    () => {
      JSON.parse(json.pulls);
      JSON.parse(json.runs);
    },
    7,
    2,
  );
  const ingestMs = time(() => ingest(json, repo), 7, 2);
  const hub = ingest(json, repo);
  const unchangedMs = time(
    () => {
      const ctx = { repo, me: 'octocat', source: 'github:bench#code' };
      const pulls = (JSON.parse(json.pulls) as GhPullRequest[]).map((p) => mapPullRequest(p, ctx));
      hub.replaceSource('github:bench#code', pulls);
    },
    5,
    1,
  );
  return [
    { name: 'JSON.parse of 2,000 PRs + 5,000 runs', value: `${parseMs.toFixed(1)} ms`, target: `${(bytes / 1e6).toFixed(1)} MB` },
    {
      name: 'parse + map + hub ingest of the same',
      value: `${ingestMs.toFixed(1)} ms`,
      target: '≤ 3× JSON.parse',
      ok: ingestMs <= 3 * parseMs,
    },
    { name: 'ratio GitHub ingest / JSON.parse', value: `${(ingestMs / parseMs).toFixed(2)}×` },
    { name: 're-ingest of 2,000 unchanged PRs', value: `${unchangedMs.toFixed(1)} ms` },
  ];
}

/** Requests of one idle poll of the four phases, after a first poll warmed the conditional cache. */
export async function githubPollBench(): Promise<BenchRow[]> {
  const server = await OpenApiServer.start({ prefix: '/api/v3', token: TOKEN });
  try {
    const repo = repoAt(server.apiBase, server.origin);
    const source = new GitHubSource({ http: new HttpClient({ maxRetries: 0 }), repo, credential: githubCredential(repo, TOKEN) });
    for (const phase of PHASES) await source.refresh(phase, { branch: 'main' });
    server.clearLog();
    const quota = server.rateRemaining;
    let changed = false;
    for (const phase of PHASES) changed = (await source.refresh(phase, { branch: 'main' })).changed || changed;
    const requests = server.requests.length;
    const notModified = server.count(304);
    const spent = quota - server.rateRemaining;
    if (server.violations.length > 0) throw new Error(`requests GitHub's description does not allow: ${server.violations.join('; ')}`);

    // How often an idle, focused window polls one phase in its first hour: the scheduler's policy with
    // GitHub's timing (10 s, backing off to 5 min), the first poll a change.
    const timing = { baseMs: 10_000, maxMs: 300_000 };
    let at = 0;
    let polls = 0;
    let previous: number | undefined;
    while (at < 3600_000 && polls < 1000) {
      previous = nextPollDelay(timing, { focused: true, changed: polls === 0, previousDelayMs: previous }) ?? timing.maxMs;
      at += previous;
      polls++;
    }
    return [
      {
        name: 'requests per idle poll (4 phases)',
        value: `${requests} (${notModified} × 304)`,
        target: 'all 304',
        ok: requests > 0 && notModified === requests,
      },
      { name: 'rate limit spent by an idle poll', value: String(spent), target: '0', ok: spent === 0 },
      { name: 'idle poll reported as unchanged', value: String(!changed), target: 'true', ok: !changed },
      { name: 'polls of one phase in an idle hour', value: String(polls), target: '≤ 20 (backs off to 5 min)', ok: polls <= 20 },
    ];
  } finally {
    await server.close();
  }
}

export async function githubBench(): Promise<BenchRow[]> {
  return [...githubIngestBench(), ...(await githubPollBench())];
}

// Run directly (`node --import tsx test/bench/github.bench.ts`), not when bundled into all.bench.
if (process.argv[1]?.endsWith('github.bench.ts')) {
  void githubBench().then(printRows, (err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
