/**
 * Jenkins Build for one repository on one instance: the jobs that build it (configured or found, see
 * jobs.ts), for a multibranch project the branch jobs of HEAD's branch and of the default branch, their
 * newest builds (number, result, duration, cause, commit), the stages of the newest build of each job and
 * of any still running (`wfapi/describe`, with the inputs a paused stage waits for), and the JUnit report
 * of HEAD's newest finished build (read once per build: a report never changes after).
 *
 * The newest build of HEAD's branch is `headRun`, for the status bar; while a build of HEAD's branch runs,
 * `pollHints().active` asks for the fast pace. A failing refresh throws a `SourceError`: the views keep the
 * last signals, marked stale with its message.
 */
import { errorMessage } from '../../core/errorMessage';
import { silentLogger, type Logger } from '../../core/logger';
import { isSourceError } from '../../core/sourceError';
import type { Phase, Signal } from '../../core/signal';
import type { PollHints, Source } from '../../core/source';
import type { Credential, HttpClientLike } from '../../http/types';
import { JenkinsApi, type ProgressiveText } from './api';
import { branchJob, configuredJobs, searchJobs, type ResolvedJob } from './jobs';
import { jobDisplayPath, type JobPath } from './jobPath';
import { mapRun, mapStages, revisionOf, type JobRef, type MappingContext } from './mapping';
import { mapTestReport, TEST_REPORT_TREE } from './testReport';
import type { JkItem, JkParameterDefinition, JkRun } from './types';

type MaybePromise<T> = T | Promise<T>;

export interface JenkinsSourceOptions {
  http: HttpClientLike;
  /** The instance URL with its trailing slash. */
  base: string;
  /** Basic `user:API token`, bound to the instance's origin; absent for anonymous read access. */
  credential?: Credential;
  /** The repository's canonical identity (`anchors.repo`) and every identity of its remotes (for the search). */
  repo: string;
  identities?: readonly string[] | (() => readonly string[]);
  /** Job paths from the settings; when empty the instance is searched. */
  jobs?: readonly JobPath[];
  headBranch?: () => MaybePromise<string | undefined>;
  defaultBranch?: () => MaybePromise<string | undefined>;
  /** A test failure's frame path → repository-relative path (the workspace's path mapping). */
  resolvePath?: (path: string) => string | undefined;
  /** Awaited before a test report is mapped (the VS Code layer lists the workspace's files for `resolvePath`). */
  beforeMapping?: () => Promise<void>;
  /** Builds listed per job. Default 20. */
  buildsPerJob?: number;
  /** How long a search's answer is kept. Default 10 minutes. */
  searchTtlMs?: number;
  logger?: Logger;
  now?: () => number;
}

/** A job's parameters, as `build now` asks for them. */
export interface JobParameter {
  name: string;
  type: string;
  description?: string;
  defaultValue?: string;
  choices?: string[];
}

const PARAMETERS_TREE = 'property[parameterDefinitions[name,type,description,choices,defaultParameterValue[value]]]';
const BUILD_FIELDS =
  'number,url,result,building,duration,timestamp,actions[causes[shortDescription],lastBuiltRevision[SHA1,branch[name]],parameters[name,value]]';

export function jenkinsSourceId(base: string, repo: string): string {
  return `jenkins:${base}#${repo}`;
}

export class JenkinsBuildSource implements Source {
  readonly id: string;
  readonly label: string;
  readonly phases: readonly Phase[] = ['build'];
  readonly api: JenkinsApi;
  /** The newest build of HEAD's branch at the last refresh. */
  headRun?: Signal;
  /** The jobs the last refresh read, by path (`a/b/main`), with their parameters. */
  readonly jobsRead = new Map<string, { path: string[]; url: string; parameters: JobParameter[]; branch?: string }>();
  private resolved?: { at: number; key: string; jobs: ResolvedJob[] };
  private reported?: { runId: string; signals: Signal[] };
  private active = false;
  /** When Jenkins (or a proxy before it) asked to wait (429 / 503 with `Retry-After`). */
  private notBefore?: number;
  private readonly options: JenkinsSourceOptions;
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly perJob: number;

  constructor(options: JenkinsSourceOptions) {
    this.options = options;
    this.id = jenkinsSourceId(options.base, options.repo);
    this.label = `Jenkins · ${new URL(options.base).host} · ${options.repo.split('/').slice(1).join('/') || options.repo}`;
    this.logger = options.logger ?? silentLogger;
    this.now = options.now ?? Date.now;
    this.perJob = Math.max(1, options.buildsPerJob ?? 20);
    this.api = new JenkinsApi({ http: options.http, base: options.base, credential: options.credential, logger: this.logger });
  }

  pollHints(): PollHints {
    const hints: PollHints = this.active ? { active: true } : {};
    if (this.notBefore !== undefined && this.notBefore > this.now()) hints.notBefore = this.notBefore;
    return hints;
  }

  /**
   * The jobs that build the repository: the configured ones, else those a search finds, kept for
   * `searchTtlMs` (a minute when it found none) and searched again at once when the repository's remotes changed.
   */
  async jobs(signal?: AbortSignal): Promise<ResolvedJob[]> {
    const configured = this.options.jobs ?? [];
    if (configured.length > 0) return configuredJobs(this.api, configured, signal);
    const given = this.options.identities;
    const identities = [...new Set([this.options.repo, ...((typeof given === 'function' ? given() : given) ?? [])])];
    const key = identities.join('\n');
    const ttl = this.resolved?.jobs.length === 0 ? 60_000 : (this.options.searchTtlMs ?? 10 * 60_000);
    if (this.resolved && this.resolved.key === key && this.now() - this.resolved.at < ttl) return this.resolved.jobs;
    const jobs = await searchJobs(this.api, identities, signal);
    if (jobs.length === 0 && this.resolved?.jobs.length !== 0)
      this.logger.info(
        `Jenkins: no job of ${this.options.base} built ${this.options.repo} lately; name its jobs in devops.jenkins.instances (jobs)`,
      );
    this.resolved = { at: this.now(), key, jobs };
    return jobs;
  }

  async refresh(signal: AbortSignal): Promise<Signal[]> {
    try {
      const signals = await this.load(signal);
      this.notBefore = undefined;
      return signals;
    } catch (error) {
      if (isSourceError(error) && error.retryAt !== undefined) this.notBefore = error.retryAt;
      throw error;
    }
  }

  private async load(signal: AbortSignal): Promise<Signal[]> {
    const [head, main] = await Promise.all([
      this.ask("HEAD's branch", this.options.headBranch),
      this.ask('the default branch', this.options.defaultBranch),
    ]);
    const ctx: MappingContext = { sourceId: this.id, repo: this.options.repo };
    const targets: JobRef[] = [];
    for (const job of await this.jobs(signal)) {
      if (!job.branches) {
        targets.push({ path: job.path, url: this.api.jobUrl(job.path) });
        continue;
      }
      for (const branch of new Set([head, main].filter((b): b is string => Boolean(b)))) {
        const path = branchJob(job, branch);
        if (path) targets.push({ path, url: this.api.jobUrl(path), branch });
      }
    }
    const signals: Signal[] = [];
    const now = this.now();
    this.jobsRead.clear();
    let headRun: { signal: Signal; raw: JkRun; job: JobRef } | undefined;
    let active = false;
    for (const job of targets) {
      const item = await this.api.job(job.path, `${PARAMETERS_TREE},builds[${BUILD_FIELDS}]{0,${this.perJob}}`, signal);
      this.jobsRead.set(job.path.join('/'), {
        path: [...job.path],
        url: job.url,
        parameters: parametersOfJob(item),
        ...(job.branch ? { branch: job.branch } : {}),
      });
      const runs: Array<{ signal: Signal; raw: JkRun }> = [];
      for (const raw of item.builds ?? []) {
        const mapped = raw && mapRun(raw, job, ctx, now);
        if (mapped) runs.push({ signal: mapped, raw });
      }
      runs.sort((a, b) => (b.raw.number as number) - (a.raw.number as number));
      const detailed = runs.filter((r, i) => i === 0 || r.signal.state.normal === 'running');
      for (const r of runs) {
        signals.push(r.signal);
        if (detailed.includes(r) && isPipelineRun(r.raw)) signals.push(...(await this.stages(job, r.signal, signal)));
      }
      const ofHead = runs.filter((r) => head !== undefined && (job.branch ?? revisionOf(r.raw.actions).branch) === head);
      if (ofHead.some((r) => r.signal.state.normal === 'running')) active = true;
      const newest = ofHead[0];
      if (newest && (!headRun || newest.signal.createdAt > headRun.signal.createdAt)) headRun = { ...newest, job };
    }
    this.headRun = headRun?.signal;
    this.active = active;
    if (headRun) signals.push(...(await this.testSignals(headRun.job, headRun.signal, signal)));
    return signals;
  }

  private async stages(job: JobRef, run: Signal, signal: AbortSignal): Promise<Signal[]> {
    const number = run.detail?.number as number;
    const describe = await this.api.describe(job.path, number, signal);
    const paused = (describe.stages ?? []).some((s) => s.status === 'PAUSED_PENDING_INPUT') || describe.status === 'PAUSED_PENDING_INPUT';
    const inputs = paused ? await this.api.pendingInputs(job.path, number, signal) : [];
    return mapStages(describe, run, Array.isArray(inputs) ? inputs : []);
  }

  /** The test rows and findings of HEAD's newest finished build, read once per build. */
  private async testSignals(job: JobRef, run: Signal, signal: AbortSignal): Promise<Signal[]> {
    if (run.state.normal === 'running') return this.reported?.signals.filter((s) => s.kind === 'finding') ?? [];
    if (this.reported?.runId !== run.id) {
      const report = await this.api.testReport(job.path, run.detail?.number as number, TEST_REPORT_TREE, signal);
      const sha = typeof run.detail?.commit === 'string' ? run.detail.commit : undefined;
      if (report && this.options.beforeMapping) await this.options.beforeMapping().catch(() => undefined);
      const signals = report
        ? mapTestReport(
            report,
            { run, ...(sha ? { sha } : {}), ...(run.anchors.branch ? { branch: run.anchors.branch } : {}) },
            {
              sourceId: this.id,
              repo: this.options.repo,
              ...(this.options.resolvePath ? { resolvePath: this.options.resolvePath } : {}),
            },
          )
        : [];
      this.reported = { runId: run.id, signals };
    }
    return this.reported.signals;
  }

  // ---- Actions ------------------------------------------------------------------------------

  /** The parameters a job asks for (read at the last refresh, else now). */
  async parameters(path: JobPath, signal?: AbortSignal): Promise<JobParameter[]> {
    const known = this.jobsRead.get(path.join('/'));
    if (known) return known.parameters;
    return parametersOfJob(await this.api.job(path, PARAMETERS_TREE, signal));
  }

  /** Queues a build; with parameters when the job has some. Returns the queue item's URL. */
  build(path: JobPath, parameters?: Record<string, string>, signal?: AbortSignal): Promise<string | undefined> {
    return this.api.build(path, parameters, signal);
  }

  abort(path: JobPath, number: number, signal?: AbortSignal): Promise<void> {
    return this.api.stop(path, number, signal);
  }

  log(path: JobPath, number: number, signal?: AbortSignal): Promise<string> {
    return this.api.consoleText(path, number, signal);
  }

  logFrom(path: JobPath, number: number, start: number, signal?: AbortSignal): Promise<ProgressiveText> {
    return this.api.progressiveText(path, number, start, signal);
  }

  describeJob(path: JobPath): string {
    return jobDisplayPath(path);
  }

  private async ask<T>(what: string, provider: (() => MaybePromise<T | undefined>) | undefined): Promise<T | undefined> {
    if (!provider) return undefined;
    try {
      return await provider();
    } catch (error) {
      this.logger.warn(`Jenkins: could not tell ${what}: ${errorMessage(error)}`);
      return undefined;
    }
  }
}

/** Pipeline runs have stages; freestyle builds answer the Pipeline REST API with nothing useful. */
function isPipelineRun(run: JkRun): boolean {
  return typeof run._class !== 'string' || run._class.includes('WorkflowRun');
}

export function parametersOfJob(item: JkItem): JobParameter[] {
  const out: JobParameter[] = [];
  for (const property of item.property ?? []) {
    for (const d of property?.parameterDefinitions ?? []) {
      if (typeof d?.name !== 'string' || !d.name) continue;
      out.push(parameterOf(d));
    }
  }
  return out;
}

function parameterOf(d: JkParameterDefinition): JobParameter {
  const value = d.defaultParameterValue?.value;
  return {
    name: d.name as string,
    type: typeof d.type === 'string' ? d.type : 'StringParameterDefinition',
    ...(typeof d.description === 'string' && d.description ? { description: d.description } : {}),
    ...(value !== undefined && value !== null && typeof value !== 'object' ? { defaultValue: String(value) } : {}),
    ...(Array.isArray(d.choices) ? { choices: d.choices.filter((c): c is string => typeof c === 'string') } : {}),
  };
}
