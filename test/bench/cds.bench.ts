/**
 * CDS benchmarks: 500 workflows × 20 runs. What the Build view costs to ingest (the run-list answers of 500
 * workflows and the newest run of each with its jobs and steps, parsed, mapped to signals and upserted, against
 * `JSON.parse` alone of the same bytes), to draw (the CDS layout's tree), and one whole refresh against the
 * documented test server (matching, 500 run lists, 500 runs), then an idle one (finished runs are not read again).
 */
import { SignalHub } from '../../src/core/hub';
import { buildView } from '../../src/core/phaseTree';
import type { Signal } from '../../src/core/signal';
import { HttpClient } from '../../src/http/client';
import {
  cdsBase,
  cdsBuildLayout,
  CdsBuildSource,
  cdsSourceId,
  mapJobs,
  mapRun,
  type CdsRun,
  type CdsRunSummary,
} from '../../src/sources/cds';
import { CdsDocServer, type FxProject, type FxRun } from '../fixtures/cds/docServer';
import { time, type BenchRow } from './measure';

const WORKFLOWS = 500;
const RUNS = 20;
const REPO = 'git.example.com/team/app';
const TOKEN = 'bench-signin-token';
const T0 = Date.UTC(2026, 10, 1);

function syntheticRun(w: number, n: number): FxRun {
  const failed = n % 7 === 0;
  const start = T0 + w * 60_000 + n * 3_600_000;
  return {
    num: n,
    status: failed ? 'Fail' : 'Success',
    branch: 'main',
    hash: (w * RUNS + n).toString(16).padStart(40, '0'),
    triggeredBy: 'bench',
    start,
    lastModified: start + 90_000,
    nodes: [
      {
        id: n * 10 + 1,
        nodeId: 1,
        name: 'build',
        status: failed ? 'Fail' : 'Success',
        stages: [
          {
            name: 'Build',
            status: failed ? 'Fail' : 'Success',
            jobs: [
              {
                id: n * 100 + 1,
                name: 'Compile',
                status: 'Success',
                start: start + 1000,
                done: start + 30_000,
                steps: [
                  { name: 'checkout', status: 'Success', start: start + 1000, done: start + 2000 },
                  { name: 'make', status: 'Success', start: start + 2000, done: start + 30_000 },
                ],
              },
              {
                id: n * 100 + 2,
                name: 'Test',
                status: failed ? 'Fail' : 'Success',
                start: start + 30_000,
                done: start + 90_000,
                steps: [{ name: 'go test', status: failed ? 'Fail' : 'Success', start: start + 30_000, done: start + 90_000 }],
              },
            ],
          },
        ],
      },
    ],
  };
}

function syntheticProjects(): FxProject[] {
  return [
    {
      key: 'BENCH',
      name: 'Bench',
      workflows: Array.from({ length: WORKFLOWS }, (_, w) => ({
        name: `service-${w}`,
        repo: 'team/app',
        runs: Array.from({ length: RUNS }, (_, n) => syntheticRun(w, n + 1)),
      })),
    },
  ];
}

interface Answers {
  lists: string[];
  newest: string[];
}

/** What the server answers each workflow's run list and its newest run with (the documented shapes). */
async function answers(server: CdsDocServer): Promise<Answers> {
  const signin = await fetch(`${server.base}auth/consumer/builtin/signin`, { method: 'POST', body: JSON.stringify({ token: TOKEN }) });
  const session = ((await signin.json()) as { token: string }).token;
  const get = (path: string) => fetch(`${server.base}${path}`, { headers: { authorization: `Bearer ${session}` } }).then((r) => r.text());
  const lists: string[] = [];
  const newest: string[] = [];
  for (let w = 0; w < WORKFLOWS; w++) {
    lists.push(await get(`project/BENCH/workflows/service-${w}/runs?limit=${RUNS}&git.branch=main`));
    newest.push(await get(`project/BENCH/workflows/service-${w}/runs/${RUNS}`));
  }
  return { lists, newest };
}

function ingest(a: Answers, hub: SignalHub): Signal[] {
  const ctx = { sourceId: cdsSourceId('https://cds.example.com/', REPO), repo: REPO };
  const signals: Signal[] = [];
  for (let w = 0; w < WORKFLOWS; w++) {
    const ref = { project: 'BENCH', workflow: `service-${w}` };
    for (const row of JSON.parse(a.lists[w]) as CdsRunSummary[]) {
      if (row.num === RUNS) continue;
      const s = mapRun(row, ref, ctx, T0);
      if (s) signals.push(s);
    }
    const run = JSON.parse(a.newest[w]) as CdsRun;
    const s = mapRun(run, ref, ctx, T0);
    if (s) signals.push(s, ...mapJobs(run, s, T0));
  }
  hub.replaceSource(ctx.sourceId, signals);
  return signals;
}

export async function cdsBench(): Promise<BenchRow[]> {
  const server = await CdsDocServer.start({ signinTokens: [TOKEN], projects: syntheticProjects() });
  try {
    const a = await answers(server);
    const bytes = [...a.lists, ...a.newest].reduce((n, t) => n + t.length, 0);
    const parseMs = time(() => [...a.lists, ...a.newest].forEach((t) => JSON.parse(t)), 7, 2, true);
    const ingestMs = time(() => ingest(a, new SignalHub()), 7, 2, true);
    const hub = new SignalHub();
    const signals = ingest(a, hub);
    const layout = cdsBuildLayout(() => ({ current: 'main', main: 'main' }));
    const inView = hub.query({ phase: 'build' });
    const treeMs = time(() => buildView('build', { signals: inView, health: [] }, [layout]), 11, 2);

    const before = server.requests.length;
    const source = new CdsBuildSource({
      http: new HttpClient({ maxRetries: 0 }),
      base: cdsBase(server.base),
      signinToken: TOKEN,
      repo: REPO,
      headBranch: () => 'main',
      defaultBranch: () => 'main',
    });
    let started = performance.now();
    const refreshed = await source.refresh(new AbortController().signal);
    const refreshMs = performance.now() - started;
    const requests = server.requests.length - before;
    started = performance.now();
    await source.refresh(new AbortController().signal);
    const idleMs = performance.now() - started;
    const idleRequests = server.requests.length - before - requests;
    if (server.violations.length) throw new Error(`requests the extract does not document: ${server.violations.slice(0, 3).join('; ')}`);
    if (refreshed.filter((s) => s.kind === 'pipelineRun').length !== WORKFLOWS * RUNS)
      throw new Error('the refresh did not read every run');
    const runs = signals.filter((s) => s.kind === 'pipelineRun').length;
    return [
      {
        name: `CDS: JSON.parse of ${WORKFLOWS} workflows × ${RUNS} runs (lists + newest run each)`,
        value: `${parseMs.toFixed(1)} ms`,
        target: `${(bytes / 1e6).toFixed(1)} MB`,
      },
      {
        name: 'CDS: parse + map + hub ingest of the same',
        value: `${ingestMs.toFixed(1)} ms`,
        target: '≤ 3× JSON.parse',
        ok: ingestMs <= 3 * parseMs,
      },
      {
        name: `CDS: Build view tree of ${runs} runs (${signals.length} rows with jobs and steps)`,
        value: `${treeMs.toFixed(2)} ms`,
        target: '< 16 ms per 5,000 items',
        ok: treeMs < 16 * (signals.length / 5000),
      },
      { name: `CDS: one refresh against the test server (${requests} requests)`, value: `${refreshMs.toFixed(0)} ms` },
      {
        name: `CDS: an idle refresh after it (${idleRequests} requests: the lists only)`,
        value: `${idleMs.toFixed(0)} ms`,
        ok: idleRequests === WORKFLOWS,
      },
    ];
  } finally {
    await server.close();
  }
}
