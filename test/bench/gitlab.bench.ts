/**
 * GitLab benchmarks (the targets in README, "Benchmarks"): ingesting 2,000 merge requests and 5,000 pipelines from
 * the raw JSON GitLab sends (parse, map to signals that already carry their phase source's id,
 * upsert into the hub) against `JSON.parse` alone on the same bytes; and what idle polling costs
 * against the local server that answers as GitLab's documentation says (every read conditional).
 */
import { SignalHub } from '../../src/core/hub';
import { nextPollDelay, type PollTiming } from '../../src/core/pollSchedule';
import { HttpClient } from '../../src/http/client';
import {
  createGitLabSources,
  gitlabCredential,
  parseGitLabInstance,
  parseGitLabRemote,
  type GitLabProjectRef,
} from '../../src/sources/gitlab';
import { gitlabSourceId, mapMergeRequest, mapPipeline, type MappingContext } from '../../src/sources/gitlab/mapping';
import type { GlMergeRequest, GlPipeline } from '../../src/sources/gitlab/types';
import { DocServer, exampleItem, exampleOf } from '../fixtures/gitlab/docServer';
import { syntheticJson, syntheticMergeRequests, syntheticPipelines } from '../fixtures/gitlab/synthetic';
import { BenchRow, printRows, time } from './measure';

const TOKEN = 'glpat-bench-0123456789';
const PHASES = ['plan', 'code', 'build', 'deploy'] as const;
/** The pace the VS Code layer is meant to poll GitLab at: 30 s after a change, backing off to 5 min. */
export const GITLAB_POLL_TIMING: PollTiming = { baseMs: 30_000, maxMs: 300_000 };

function contexts(project: GitLabProjectRef): { code: MappingContext; build: MappingContext } {
  const me = { username: 'admin', id: 1 };
  return {
    code: { sourceId: gitlabSourceId(project, 'code'), project, me },
    build: { sourceId: gitlabSourceId(project, 'build'), project, me },
  };
}

/** Parse, map (signals carry their phase source id: nothing is rewritten) and upsert. */
function ingest(json: { mergeRequests: string; pipelines: string }, project: GitLabProjectRef): SignalHub {
  const ctx = contexts(project);
  const hub = new SignalHub();
  hub.replaceSource(
    ctx.code.sourceId,
    (JSON.parse(json.mergeRequests) as GlMergeRequest[]).map((mr) => mapMergeRequest(mr, ctx.code)),
  );
  hub.replaceSource(
    ctx.build.sourceId,
    (JSON.parse(json.pipelines) as GlPipeline[]).map((p) => mapPipeline(p, ctx.build)),
  );
  return hub;
}

export function gitlabIngestBench(): BenchRow[] {
  const project = parseGitLabRemote('git@gitlab.com:my-group/my-project.git') as GitLabProjectRef;
  const json = syntheticJson(2000, 5000);
  const bytes = json.mergeRequests.length + json.pipelines.length;
  const parseMs = time(
    () => {
      JSON.parse(json.mergeRequests);
      JSON.parse(json.pipelines);
    },
    7,
    2,
    true,
  );
  const ingestMs = time(() => ingest(json, project), 7, 2, true);
  const hub = ingest(json, project);
  const ctx = contexts(project);
  const unchangedMs = time(
    () => {
      hub.replaceSource(
        ctx.code.sourceId,
        (JSON.parse(json.mergeRequests) as GlMergeRequest[]).map((mr) => mapMergeRequest(mr, ctx.code)),
      );
    },
    5,
    1,
  );
  return [
    {
      name: 'GitLab: JSON.parse of 2,000 MRs + 5,000 pipelines',
      value: `${parseMs.toFixed(1)} ms`,
      target: `${(bytes / 1e6).toFixed(1)} MB`,
    },
    {
      name: 'GitLab: parse + map + hub ingest of the same',
      value: `${ingestMs.toFixed(1)} ms`,
      target: '≤ 3× JSON.parse',
      ok: ingestMs <= 3 * parseMs,
    },
    { name: 'GitLab: ratio ingest / JSON.parse', value: `${(ingestMs / parseMs).toFixed(2)}×` },
    { name: 'GitLab: re-ingest of 2,000 unchanged MRs', value: `${unchangedMs.toFixed(1)} ms` },
  ];
}

/** Requests of one idle poll of the four phases (after a first poll warmed the cache), and per idle hour. */
export async function gitlabPollBench(): Promise<BenchRow[]> {
  const server = await DocServer.start({ token: TOKEN });
  try {
    serveTypicalProject(server);
    const instance = parseGitLabInstance({ url: server.webBase });
    const project = parseGitLabRemote(`${server.webBase}/my-group/my-project.git`, instance ? [instance] : []) as GitLabProjectRef;
    const sources = createGitLabSources({
      http: new HttpClient({ maxRetries: 0 }),
      project,
      credential: gitlabCredential(project, TOKEN),
      currentUser: () => ({ username: 'root', id: 1 }),
      headBranch: () => 'feature/login',
      defaultBranch: () => 'main',
    });
    const controller = new AbortController();
    for (const phase of PHASES) await sources[phase].refresh(controller.signal);
    server.clearLog();
    const quota = server.rateRemaining;
    for (const phase of PHASES) await sources[phase].refresh(controller.signal);
    const requests = server.requests.length;
    const notModified = server.count(304);
    const changed = PHASES.some((p) => sources[p].lastRefresh?.changed);
    if (server.violations.length > 0) throw new Error(`requests GitLab's documentation does not allow: ${server.violations.join('; ')}`);

    // Polls of each phase in a focused window's first idle hour at the intended pace.
    let at = 0;
    let polls = 0;
    let previous: number | undefined;
    while (at < 3600_000 && polls < 1000) {
      const delay =
        nextPollDelay(GITLAB_POLL_TIMING, { focused: true, changed: polls === 0, previousDelayMs: previous }) ?? GITLAB_POLL_TIMING.maxMs;
      at += delay;
      previous = delay;
      polls++;
    }
    return [
      {
        name: 'GitLab: requests per idle poll (4 phases)',
        value: `${requests} (${notModified} × 304)`,
        target: 'all 304',
        ok: requests > 0 && notModified === requests,
      },
      { name: 'GitLab: idle poll reported as unchanged', value: String(!changed), target: 'true', ok: !changed },
      {
        name: 'GitLab: rate-limit window requests spent by an idle poll',
        value: String(quota - server.rateRemaining),
        target: 'GitLab counts 304s too',
      },
      { name: 'GitLab: polls per phase in an idle hour (30 s → 5 min)', value: String(polls), target: '≤ 20', ok: polls <= 20 },
      {
        name: 'GitLab: requests per idle hour (4 phases)',
        value: String(Math.round(polls * requests)),
        target: `${polls} polls × ${requests}`,
      },
    ];
  } finally {
    await server.close();
  }
}

/** A project as a typical poll sees it: a current iteration, open merge requests, two branches, two environments. */
function serveTypicalProject(server: DocServer): void {
  const iteration = exampleItem<Record<string, unknown>>('GET /projects/:id/iterations');
  const issue = exampleItem<Record<string, unknown>>('GET /projects/:id/issues');
  server.setData('GET /projects/:id/iterations', [iteration]);
  server.setData(
    'GET /projects/:id/issues',
    Array.from({ length: 12 }, (_, i) => ({ ...issue, id: 100 + i, iid: i + 1 })),
  );
  const mrs = syntheticMergeRequests(8);
  mrs[0].reviewers = [
    { id: 1, username: 'root', name: 'root', state: 'active', avatar_url: null, web_url: 'https://gitlab.example.com/root' },
  ];
  server.setData('GET /projects/:id/merge_requests', mrs);
  server.on('GET /projects/:id/merge_requests/:merge_request_iid', (req) => ({
    status: 200,
    body: { ...exampleOf<object>('GET /projects/:id/merge_requests/:merge_request_iid'), iid: Number(req.pathParams.merge_request_iid) },
  }));
  server.setData(
    'GET /projects/:id/merge_requests/:merge_request_iid/approvals',
    exampleOf('GET /projects/:id/merge_requests/:merge_request_iid/approvals'),
  );
  const pipelines = syntheticPipelines(40);
  server.on('GET /projects/:id/pipelines', (req) => ({
    status: 200,
    body: pipelines.filter((p) => p.ref === (req.query.get('ref') === 'main' ? 'main' : 'feature/1')).slice(0, 20),
  }));
  server.setData('GET /projects/:id/pipelines/:pipeline_id', exampleOf('GET /projects/:id/pipelines/:pipeline_id'));
  server.setData('GET /projects/:id/pipelines/:pipeline_id/jobs', exampleOf('GET /projects/:id/pipelines/:pipeline_id/jobs'));
  const environment = exampleItem<Record<string, unknown>>('GET /projects/:id/environments');
  server.setData('GET /projects/:id/environments', [
    { ...environment, id: 1, name: 'production' },
    { ...environment, id: 2, name: 'staging' },
  ]);
  server.setData('GET /projects/:id/deployments', exampleOf('GET /projects/:id/deployments'));
}

export async function gitlabBench(): Promise<BenchRow[]> {
  return [...gitlabIngestBench(), ...(await gitlabPollBench())];
}

// Run directly (`node --expose-gc --import tsx test/bench/gitlab.bench.ts`), not when bundled into all.bench.
if (process.argv[1]?.endsWith('gitlab.bench.ts')) {
  void gitlabBench().then(printRows, (err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
