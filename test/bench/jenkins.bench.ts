/**
 * Jenkins benchmarks: 500 jobs × 20 builds. What the Build view costs to ingest (the `builds[…]{0,20}` tree
 * answers of 500 jobs parsed, mapped to signals and upserted, against `JSON.parse` alone of the same bytes),
 * to draw (the Jenkins layout's tree of 10,000 builds), to find the repository's jobs in a 500-job search
 * answer, and one whole refresh against the documented test server (search, 500 job reads, 500 stage reads).
 */
import { SignalHub } from '../../src/core/hub';
import { buildView } from '../../src/core/phaseTree';
import type { Signal } from '../../src/core/signal';
import { HttpClient } from '../../src/http/client';
import { basicCredential } from '../../src/http/credentials';
import {
  instanceBase,
  jenkinsBuildLayout,
  JenkinsBuildSource,
  jenkinsSourceId,
  mapRun,
  matchJobs,
  type JkItem,
} from '../../src/sources/jenkins';
import { DocServer, type FxItem } from '../fixtures/jenkins/docServer';
import { time, type BenchRow } from './measure';

const JOBS = 500;
const BUILDS = 20;
const REPO = 'git.example.com/team/app';
const BASE = 'https://ci.example.com/';
const T0 = Date.UTC(2026, 10, 1);

function syntheticJobs(): FxItem[] {
  return Array.from({ length: JOBS }, (_, j) => ({
    name: `service-${j}`,
    kind: 'pipeline' as const,
    builds: Array.from({ length: BUILDS }, (_, b) => ({
      number: b + 1,
      result: b % 7 === 0 ? ('FAILURE' as const) : ('SUCCESS' as const),
      duration: 60_000 + b * 1000,
      timestamp: T0 + j * 60_000 + b * 3_600_000,
      cause: 'Started by an SCM change',
      sha: (j * BUILDS + b).toString(16).padStart(40, '0'),
      gitBranch: 'origin/main',
      remoteUrl: `https://${REPO}.git`,
      stages: [
        { id: '6', name: 'Build', status: 'SUCCESS', durationMillis: 20_000 },
        { id: '12', name: 'Test', status: b % 7 === 0 ? 'FAILED' : 'SUCCESS', durationMillis: 40_000 },
      ],
    })),
  }));
}

/** The answers Jenkins sends for each job's `builds[…]{0,20}` tree (as the test server renders them). */
function jobAnswers(jobs: FxItem[]): string[] {
  return jobs.map((job) =>
    JSON.stringify({
      _class: 'org.jenkinsci.plugins.workflow.job.WorkflowJob',
      builds: [...(job.builds ?? [])].reverse().map((b) => ({
        _class: 'org.jenkinsci.plugins.workflow.job.WorkflowRun',
        number: b.number,
        url: `${BASE}job/${job.name}/${b.number}/`,
        result: b.result,
        building: false,
        duration: b.duration,
        timestamp: b.timestamp,
        actions: [
          { _class: 'hudson.model.CauseAction', causes: [{ shortDescription: b.cause }] },
          { _class: 'hudson.plugins.git.util.BuildData', lastBuiltRevision: { SHA1: b.sha, branch: [{ SHA1: b.sha, name: b.gitBranch }] } },
        ],
      })),
    }),
  );
}

function ingest(answers: string[], jobs: FxItem[], hub: SignalHub): Signal[] {
  const ctx = { sourceId: jenkinsSourceId(BASE, REPO), repo: REPO };
  const signals: Signal[] = [];
  answers.forEach((text, i) => {
    const path = [jobs[i].name];
    for (const run of (JSON.parse(text) as JkItem).builds ?? []) {
      const s = mapRun(run, { path, url: `${BASE}job/${path[0]}/` }, ctx, T0);
      if (s) signals.push(s);
    }
  });
  hub.replaceSource(ctx.sourceId, signals);
  return signals;
}

export async function jenkinsBench(): Promise<BenchRow[]> {
  const jobs = syntheticJobs();
  const answers = jobAnswers(jobs);
  const bytes = answers.reduce((n, a) => n + a.length, 0);
  const parseMs = time(() => answers.forEach((a) => JSON.parse(a)), 7, 2, true);
  const ingestMs = time(() => ingest(answers, jobs, new SignalHub()), 7, 2, true);
  const hub = new SignalHub();
  const signals = ingest(answers, jobs, hub);
  const layout = jenkinsBuildLayout();
  const inView = hub.query({ phase: 'build' });
  const treeMs = time(() => buildView('build', { signals: inView, health: [] }, [layout]), 11, 2);
  const search: JkItem[] = jobs.map((j) => ({
    name: j.name,
    url: `${BASE}job/${j.name}/`,
    lastBuild: { actions: [{ remoteUrls: [`https://${REPO}.git`] }] },
  }));
  const searchMs = time(() => matchJobs(search, [REPO]), 11, 2);

  const server = await DocServer.start({ users: { bench: 'token' }, jobs });
  let refreshMs = 0;
  let requests = 0;
  try {
    const base = instanceBase(server.base);
    const source = new JenkinsBuildSource({
      http: new HttpClient({ maxRetries: 0 }),
      base,
      credential: basicCredential(new URL(base).origin, 'bench', 'token'),
      repo: REPO,
      headBranch: () => 'main',
      defaultBranch: () => 'main',
    });
    const started = performance.now();
    const refreshed = await source.refresh(new AbortController().signal);
    refreshMs = performance.now() - started;
    requests = server.requests.length;
    if (server.violations.length) throw new Error(`requests the extract does not document: ${server.violations.slice(0, 3).join('; ')}`);
    if (refreshed.filter((s) => s.kind === 'pipelineRun').length !== JOBS * BUILDS) throw new Error('the refresh did not read every build');
  } finally {
    await server.close();
  }
  return [
    {
      name: `Jenkins: JSON.parse of ${JOBS} jobs × ${BUILDS} builds`,
      value: `${parseMs.toFixed(1)} ms`,
      target: `${(bytes / 1e6).toFixed(1)} MB`,
    },
    {
      name: 'Jenkins: parse + map + hub ingest of the same',
      value: `${ingestMs.toFixed(1)} ms`,
      target: '≤ 3× JSON.parse',
      ok: ingestMs <= 3 * parseMs,
    },
    {
      name: `Jenkins: Build view tree of ${signals.length} builds`,
      value: `${treeMs.toFixed(2)} ms`,
      target: '< 16 ms per 5,000 items',
      ok: treeMs < 32,
    },
    { name: `Jenkins: repository's jobs found in a ${JOBS}-job search answer`, value: `${searchMs.toFixed(2)} ms` },
    { name: `Jenkins: one refresh against the test server (${requests} requests)`, value: `${refreshMs.toFixed(0)} ms` },
  ];
}
