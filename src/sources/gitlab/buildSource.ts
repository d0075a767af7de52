/**
 * GitLab Build: the pipelines of HEAD's branch and of the default branch, with the jobs (stage,
 * status, duration) of the newest pipeline of each and of any still running; the actions retry and
 * cancel for pipelines and jobs; and job logs as clean text with foldable sections.
 *
 * The newest pipeline of HEAD's branch is what the status bar shows: `headPipeline` names it, with
 * `anchors.branch`, `anchors.commits`, `detail.durationMs` and its web URL. While a pipeline of
 * HEAD's branch is under way, `pollHints().active` asks for the fast pace.
 *
 * Cost per refresh: one list per branch (20 newest), then for at most `jobPipelineLimit` pipelines
 * the pipeline itself (duration, user) and its jobs; every one a conditional GET.
 */
import type { Signal } from '../../core/signal';
import type { JobScope } from './api';
import { isCiActive, mapJob, mapPipeline, type MappingContext } from './mapping';
import { parseJobTrace, type ParsedTrace } from './jobTrace';
import { mapTestReport } from './testReport';
import { GitLabPhaseSource, type GitLabSourceOptions } from './phaseSource';
import type { GlJob, GlPipeline } from './types';

export interface BuildSourceOptions extends GitLabSourceOptions {
  /** Pipelines listed per branch. Default 20. */
  pipelinesPerBranch?: number;
  /** Pipelines whose details and jobs are read per refresh. Default 5. */
  jobPipelineLimit?: number;
  /** Read the test report of HEAD's branch's newest finished pipeline (failed tests become findings). Default true. */
  testReports?: boolean;
}

export class GitLabBuildSource extends GitLabPhaseSource {
  /** The newest pipeline of HEAD's branch at the last refresh, for the status bar. */
  headPipeline?: Signal;
  /** The newest pipeline of the default branch at the last refresh. */
  defaultBranchPipeline?: Signal;
  /** The branches the last refresh looked at. */
  branches: { head?: string; default?: string } = {};
  private active = false;
  /** The test report findings of HEAD's newest pipeline, read once when it finished (a report never changes after). */
  private reported?: { pipelineId: number; findings: Signal[] };
  private readonly perBranch: number;
  private readonly jobPipelineLimit: number;
  private readonly testReports: boolean;

  constructor(options: BuildSourceOptions) {
    super('build', options);
    this.perBranch = Math.max(1, options.pipelinesPerBranch ?? 20);
    this.jobPipelineLimit = Math.max(0, options.jobPipelineLimit ?? 5);
    this.testReports = options.testReports ?? true;
  }

  protected async load(signal: AbortSignal): Promise<Signal[]> {
    const [head, main, me] = await Promise.all([this.headBranch(), this.defaultBranch(), this.me(signal)]);
    this.branches = { ...(head ? { head } : {}), ...(main ? { default: main } : {}) };
    const branches = [...new Set([head, main].filter((b): b is string => Boolean(b)))];
    const pipelines = new Map<number, GlPipeline>();
    const newest = new Map<string, GlPipeline>();
    // Without any branch known (a detached HEAD and no default branch given), the newest of all refs.
    for (const ref of branches.length > 0 ? branches : [undefined]) {
      const list = await this.api.listPipelines({ ref, perPage: this.perBranch }, signal);
      for (const p of list) {
        if (Number.isSafeInteger(p.id)) pipelines.set(p.id, p);
      }
      const first = list.find((p) => Number.isSafeInteger(p.id));
      if (ref && first) newest.set(ref, first);
    }
    const wanted = [
      ...new Set([
        ...(head && newest.get(head) ? [newest.get(head) as GlPipeline] : []),
        ...(main && newest.get(main) ? [newest.get(main) as GlPipeline] : []),
        ...[...pipelines.values()].filter((p) => isCiActive(p.status)),
      ]),
    ]
      .sort((a, b) => b.id - a.id)
      .slice(0, this.jobPipelineLimit);

    const ctx = this.ctx(me);
    const detailed = new Map<number, { pipeline: GlPipeline; jobs: GlJob[] }>();
    for (const listed of wanted) {
      const [pipeline, jobs] = await Promise.all([this.api.getPipeline(listed.id, signal), this.api.listPipelineJobs(listed.id, signal)]);
      detailed.set(listed.id, { pipeline: { ...listed, ...pipeline }, jobs: jobs.items });
    }
    const signals: Signal[] = [];
    for (const listed of pipelines.values()) {
      const full = detailed.get(listed.id);
      const pipeline = full?.pipeline ?? listed;
      signals.push(mapPipeline(pipeline, ctx, full?.jobs));
      for (const job of full?.jobs ?? []) {
        if (Number.isSafeInteger(job.id)) signals.push(mapJob(job, ctx, pipeline));
      }
    }
    const headNewest = head ? newest.get(head) : undefined;
    if (headNewest && this.testReports) {
      signals.push(...(await this.testFindings(detailed.get(headNewest.id)?.pipeline ?? headNewest, ctx, signal)));
    }
    const signalOf = (p: GlPipeline | undefined) => p && signals.find((s) => s.kind === 'pipelineRun' && s.detail?.pipelineId === p.id);
    this.headPipeline = head ? signalOf(newest.get(head)) : undefined;
    this.defaultBranchPipeline = main ? signalOf(newest.get(main)) : undefined;
    this.active =
      head !== undefined &&
      [...pipelines.values()].some((p) => p.ref === head && isCiActive(detailed.get(p.id)?.pipeline.status ?? p.status));
    return signals;
  }

  /** Failed tests of a finished pipeline, read once per pipeline; nothing while it runs. */
  private async testFindings(pipeline: GlPipeline, ctx: MappingContext, signal: AbortSignal): Promise<Signal[]> {
    if (isCiActive(pipeline.status) || !pipeline.sha) return [];
    if (this.reported?.pipelineId !== pipeline.id) {
      const report = await this.api.getTestReport(pipeline.id, signal);
      this.reported = { pipelineId: pipeline.id, findings: mapTestReport(report, pipeline, ctx) };
    }
    return this.reported.findings;
  }

  protected override isActive(): boolean {
    return this.active;
  }

  // ---- Actions -----------------------------------------------------------------------------

  async retryPipeline(pipelineId: number, signal?: AbortSignal): Promise<Signal> {
    return mapPipeline(await this.api.retryPipeline(pipelineId, signal), this.ctx(await this.me(signal)));
  }

  async cancelPipeline(pipelineId: number, signal?: AbortSignal): Promise<Signal> {
    return mapPipeline(await this.api.cancelPipeline(pipelineId, signal), this.ctx(await this.me(signal)));
  }

  async retryJob(jobId: number, signal?: AbortSignal): Promise<void> {
    await this.api.retryJob(jobId, signal);
  }

  async cancelJob(jobId: number, signal?: AbortSignal): Promise<void> {
    await this.api.cancelJob(jobId, signal);
  }

  /**
   * The project's newest jobs across pipelines and branches, optionally of some states (e.g. the
   * running ones, or what failed lately), paged by keyset as GitLab recommends for this list.
   */
  async projectJobs(filter: { scope?: readonly JobScope[]; maxPages?: number } = {}, signal?: AbortSignal): Promise<Signal[]> {
    const ctx = this.ctx(await this.me(signal));
    const jobs = await this.api.listProjectJobs(filter, signal);
    return jobs.items
      .filter((job) => Number.isSafeInteger(job.id) && job.pipeline && Number.isSafeInteger(job.pipeline.id))
      .map((job) =>
        mapJob(job, ctx, {
          id: job.pipeline?.id ?? 0,
          ref: job.pipeline?.ref ?? job.ref ?? '',
          sha: job.pipeline?.sha ?? '',
          tag: job.tag,
        }),
      );
  }

  /** The job's log: clean text and its collapsible sections as line ranges. */
  async jobLog(jobId: number, signal?: AbortSignal): Promise<ParsedTrace> {
    return parseJobTrace(await this.api.jobTrace(jobId, signal));
  }
}
