/**
 * The GitHub source for one repository: refreshes each phase into Signals and performs the user's
 * actions (review, merge, re-run, cancel, job log, deploy report). Pure: the HTTP client, the
 * credential (from `vscode.authentication` in the extension) and the logger are injected.
 *
 * Cost: every read is a conditional GET (the client's job), so a poll where nothing changed is
 * answered 304 throughout and spends no rate limit. Details (reviews, checks, mergeability) are
 * read for a bounded number of pull requests, and jobs for a bounded number of runs.
 */
import { silentLogger, type Logger } from '../../core/logger';
import type { Phase, Signal } from '../../core/signal';
import type { Credential, HttpClientLike, RateLimit } from '../../http/types';
import { styledJobLog } from './ansi';
import type { StyledLog } from '../../core/terminalText';
import { GitHubApi, type CreateDeploymentInput, type MergeMethod } from './api';
import { branchNameFromTemplate, DEFAULT_BRANCH_TEMPLATE, workTypeFromLabels, type BranchNameResult } from '../../core/branchName';
import { SourceError } from '../../core/sourceError';
import {
  githubSourceId,
  mapDeployment,
  mapIssue,
  mapJob,
  mapPullRequest,
  mapWorkflowRun,
  pullRequestCategories,
  type MappingContext,
} from './mapping';
import type { GitHubRepoRef } from './remote';
import { phaseSourceId, type GitHubPhase } from './ids';
import { pickSprint, type SprintChoice } from './sprint';
import { annotatedCheckRuns, mapAnnotations } from './annotations';
import type { GhAnnotation, GhCheckRun, GhDeploymentState, GhIssue, GhJob, GhPullRequest, GhUser, GhWorkflowRun } from './types';

export interface GitHubSourceOptions {
  http: HttpClientLike;
  repo: GitHubRepoRef;
  /** Bound to `repo.apiBase`'s origin; absent for anonymous reads of public repositories. */
  credential?: Credential;
  logger?: Logger;
  /** A milestone title (or number) to use as the sprint instead of the nearest due one. */
  sprintMilestone?: string;
  /** Pull requests whose reviews, checks and mergeability are read per refresh. Default 20. */
  detailLimit?: number;
  /** Runs whose jobs are read per refresh. Default 5. */
  jobRunLimit?: number;
  /** Environments whose latest deployment is read per refresh. Default 10. */
  environmentLimit?: number;
  /** Check runs at the tip of HEAD's branch whose annotations become findings. Default 10; 0 turns them off. */
  annotatedRunLimit?: number;
  maxPages?: number;
  now?: () => number;
}

/** What the workspace's git says, for the Build view and the status bar. */
export interface RefreshContext {
  /** HEAD's branch; undefined on a detached HEAD. */
  branch?: string;
}

export interface PhaseResult {
  phase: Phase;
  signals: Signal[];
  /** False when every request of this refresh was answered 304 (nothing changed). */
  changed: boolean;
  requests: number;
  notModified: number;
  rateLimit?: RateLimit;
  pollIntervalSeconds?: number;
}

export interface PlanResult extends PhaseResult {
  sprint: SprintChoice;
  me?: string;
}

export interface BuildResult extends PhaseResult {
  /** The newest run of HEAD's branch, for the status bar. */
  latestForBranch?: Signal;
  /** The newest run of the default branch. */
  latestForDefault?: Signal;
  /** A run of HEAD's branch is queued or running: poll fast. */
  inProgress: boolean;
  defaultBranch: string;
}

export class GitHubSource {
  readonly sourceId: string;
  readonly api: GitHubApi;
  private readonly logger: Logger;
  private readonly options: GitHubSourceOptions;
  private readonly now: () => number;
  private me?: GhUser;
  /** Annotations of the branch's latest completed check runs, by check run id (see branchFindings). */
  private annotations = new Map<number, GhAnnotation[]>();
  private defaultBranch?: string;

  constructor(options: GitHubSourceOptions) {
    this.options = options;
    this.logger = options.logger ?? silentLogger;
    this.now = options.now ?? Date.now;
    this.sourceId = githubSourceId(options.repo);
    this.api = new GitHubApi({
      http: options.http,
      repo: options.repo,
      credential: options.credential,
      logger: this.logger,
      maxPages: options.maxPages,
    });
  }

  get repo(): GitHubRepoRef {
    return this.options.repo;
  }

  /** The remaining quota and its reset, as last seen. */
  get rateLimit(): RateLimit | undefined {
    return this.api.rateLimit;
  }

  refresh(phase: Phase, context: RefreshContext = {}): Promise<PhaseResult> {
    switch (phase) {
      case 'plan':
        return this.refreshPlan();
      case 'code':
        return this.refreshCode();
      case 'build':
        return this.refreshBuild(context);
      case 'deploy':
        return this.refreshDeploy();
      default:
        return Promise.resolve(this.result(phase, []));
    }
  }

  /** The current sprint's issues (all states) and the open issues assigned to me. */
  async refreshPlan(): Promise<PlanResult> {
    this.api.takeStats();
    const me = await this.login();
    const milestones = await this.api.listMilestones();
    const sprint = pickSprint(milestones, this.now(), this.options.sprintMilestone);
    const issues = new Map<number, GhIssue>();
    if (sprint.milestone) {
      for (const issue of await this.api.listIssues({ milestone: String(sprint.milestone.number), state: 'all' })) {
        issues.set(issue.number, issue);
      }
    }
    if (me) {
      for (const issue of await this.api.listIssues({ assignee: me, state: 'open' })) {
        issues.set(issue.number, issue);
      }
    }
    const ctx = this.ctx(me, 'plan');
    const signals = [...issues.values()].map((i) => mapIssue(i, ctx, { sprint: sprint.milestone?.title }));
    return { ...this.result('plan', signals), sprint, me };
  }

  /**
   * Open pull requests with their categories; reviews, checks and mergeability for mine, those
   * waiting for my review, and the most recently updated others, up to `detailLimit`.
   */
  async refreshCode(): Promise<PhaseResult> {
    this.api.takeStats();
    const me = await this.login();
    const pulls = await this.api.listPullRequests('open');
    const limit = this.options.detailLimit ?? 20;
    const priority = (pr: GhPullRequest): number => (pullRequestCategories(pr, me).length > 1 ? 0 : 1);
    const detailed = new Set(
      [...pulls]
        .sort((a, b) => priority(a) - priority(b) || b.updated_at.localeCompare(a.updated_at))
        .slice(0, limit)
        .map((p) => p.number),
    );
    const ctx = this.ctx(me, 'code');
    const signals: Signal[] = [];
    for (const listed of pulls) {
      if (!detailed.has(listed.number)) {
        signals.push(mapPullRequest(listed, ctx));
        continue;
      }
      try {
        const [pr, reviews, checks, status] = await Promise.all([
          this.api.getPullRequest(listed.number),
          this.api.listReviews(listed.number),
          this.api.listCheckRuns(listed.head.sha),
          this.api.getCombinedStatus(listed.head.sha),
        ]);
        signals.push(mapPullRequest(pr, ctx, { reviews, checkRuns: checks.check_runs, statuses: status.statuses }));
      } catch (error) {
        // A pull request closed or a commit gone between the list and the details: keep the listed data.
        if (!(error instanceof SourceError) || error.kind !== 'notFound') {
          throw error;
        }
        this.logger.info(`GitHub: details of #${listed.number} not found; showing the listed data. ${error.message}`);
        signals.push(mapPullRequest(listed, ctx));
      }
    }
    return this.result('code', signals);
  }

  /** Workflow runs of HEAD's branch and of the default branch, with the jobs of the newest ones. */
  async refreshBuild(context: RefreshContext = {}): Promise<BuildResult> {
    this.api.takeStats();
    const defaultBranch = await this.getDefaultBranch();
    const branches = [...new Set([context.branch, defaultBranch].filter((b): b is string => Boolean(b)))];
    const runs = new Map<number, GhWorkflowRun>();
    const newest = new Map<string, GhWorkflowRun>();
    for (const branch of branches) {
      const list = await this.api.listWorkflowRuns({ branch, perPage: 20 });
      for (const run of list.workflow_runs) {
        runs.set(run.id, run);
      }
      if (list.workflow_runs[0]) {
        newest.set(branch, list.workflow_runs[0]);
      }
    }
    // Jobs for the newest run of each branch and for any run still going, newest first, bounded.
    const wanted = [...new Set([...newest.values(), ...[...runs.values()].filter((r) => r.status !== 'completed')])]
      .sort((a, b) => b.created_at.localeCompare(a.created_at))
      .slice(0, this.options.jobRunLimit ?? 5);
    const jobsByRun = new Map<number, GhJob[]>();
    for (const run of wanted) {
      jobsByRun.set(run.id, (await this.api.listJobs(run.id)).jobs);
    }
    const ctx = this.ctx(this.me?.login, 'build');
    const signals: Signal[] = [];
    for (const run of runs.values()) {
      const jobs = jobsByRun.get(run.id);
      signals.push(mapWorkflowRun(run, ctx, jobs));
      for (const job of jobs ?? []) {
        signals.push(mapJob(job, ctx, run));
      }
    }
    if (context.branch) signals.push(...(await this.branchFindings(context.branch, ctx)));
    const forBranch = context.branch ? newest.get(context.branch) : undefined;
    const forDefault = newest.get(defaultBranch);
    const inProgress =
      context.branch !== undefined && [...runs.values()].some((r) => r.head_branch === context.branch && r.status !== 'completed');
    return {
      ...this.result('build', signals),
      latestForBranch: forBranch && signals.find((s) => s.detail?.runId === forBranch.id),
      latestForDefault: forDefault && signals.find((s) => s.detail?.runId === forDefault.id),
      inProgress,
      defaultBranch,
    };
  }

  /**
   * The annotations of the latest check runs of HEAD's branch, as findings: the runs at the branch's tip
   * in this repository (any CI that reports checks, not only Actions) and those of the head commit of
   * the branch's open pull request (pushed since, it may be ahead of the local branch). A
   * completed run's annotations never change: each run's are read once and kept while the run is still
   * among the latest; a new push brings new runs, and the old findings leave with the old runs.
   */
  private async branchFindings(branch: string, ctx: MappingContext): Promise<Signal[]> {
    const limit = this.options.annotatedRunLimit ?? 10;
    if (limit <= 0) return [];
    // One small conditional read (`head=owner:branch`), not every open pull request: the build phase polls fast.
    const pullRequest = (await this.api.listPullRequestsForBranch(branch)).find((p) => p.head?.ref === branch);
    const runs = new Map<number, GhCheckRun>();
    for (const ref of new Set([branch, ...(pullRequest?.head?.sha ? [pullRequest.head.sha] : [])])) {
      for (const run of await this.checkRunsAt(ref)) runs.set(run.id, run);
    }
    const kept = new Map<number, GhAnnotation[]>();
    const signals: Signal[] = [];
    for (const run of annotatedCheckRuns([...runs.values()], limit)) {
      const annotations = this.annotations.get(run.id) ?? (await this.api.listAnnotations(run.id));
      kept.set(run.id, annotations);
      signals.push(...mapAnnotations(run, annotations, ctx, branch));
    }
    this.annotations = kept;
    return signals;
  }

  /** Check runs at a branch or commit; none for a ref GitHub does not have. */
  private async checkRunsAt(ref: string): Promise<GhCheckRun[]> {
    try {
      return (await this.api.listCheckRuns(ref)).check_runs ?? [];
    } catch (error) {
      // A branch never pushed here (it may live in a fork): GitHub answers 422 "No commit found"
      // (the description lists only 200 for this operation, so a 404 is treated alike).
      if (error instanceof SourceError && (error.kind === 'notFound' || error.kind === 'rejected')) {
        this.logger.debug(`GitHub: no check runs at ${ref}: ${error.message}`);
        return [];
      }
      throw error;
    }
  }

  /** Each environment's latest deployment and its statuses. */
  async refreshDeploy(): Promise<PhaseResult> {
    this.api.takeStats();
    const environments = (await this.api.listEnvironments()).environments ?? [];
    const ctx = this.ctx(this.me?.login, 'deploy');
    const signals: Signal[] = [];
    for (const environment of environments.slice(0, this.options.environmentLimit ?? 10)) {
      const [latest] = await this.api.listDeployments({ environment: environment.name, perPage: 1 });
      if (!latest) {
        continue;
      }
      const statuses = await this.api.listDeploymentStatuses(latest.id, 5);
      signals.push(mapDeployment(latest, statuses, ctx));
    }
    return this.result('deploy', signals);
  }

  // ---- Actions -----------------------------------------------------------------------------

  async approve(pullNumber: number, body?: string): Promise<void> {
    await this.api.createReview(pullNumber, 'APPROVE', body);
  }

  /** GitHub requires a comment when requesting changes; an empty one is refused here, clearly. */
  async requestChanges(pullNumber: number, body: string): Promise<void> {
    if (!body.trim()) {
      throw new SourceError(`Could not request changes on pull request #${pullNumber}: say what should change.`, 'refused', 'GitHub');
    }
    await this.api.createReview(pullNumber, 'REQUEST_CHANGES', body);
  }

  /**
   * Merges with the chosen method. GitHub's refusals (405 not mergeable, 409 head moved, 422) come
   * back as a `GitHubError` carrying GitHub's own message.
   */
  async merge(pullNumber: number, method: MergeMethod, expectedHeadSha?: string): Promise<{ sha: string; message: string }> {
    const result = await this.api.mergePullRequest(pullNumber, method, expectedHeadSha);
    if (!result?.merged) {
      throw new SourceError(
        `Could not merge pull request #${pullNumber}: ${result?.message ?? 'GitHub did not merge it'}.`,
        'rejected',
        'GitHub',
        { status: 200, serviceMessage: result?.message },
      );
    }
    return { sha: result.sha, message: result.message };
  }

  rerunFailedJobs(runId: number): Promise<void> {
    return this.api.rerunFailedJobs(runId);
  }

  cancelRun(runId: number): Promise<void> {
    return this.api.cancelWorkflowRun(runId);
  }

  /** The job's log as a document shows it: colours as runs, other escapes stripped, markers as words, groups foldable. */
  async jobLog(jobId: number, options: { timestamps?: boolean } = {}): Promise<StyledLog> {
    return styledJobLog(await this.api.jobLog(jobId), options);
  }

  /** Reports a deploy to GitHub: a deployment, then its status. Returns the deployment as a Signal. */
  async reportDeploy(
    input: CreateDeploymentInput & {
      state: GhDeploymentState;
      logUrl?: string;
      environmentUrl?: string;
      statusDescription?: string;
    },
  ): Promise<Signal> {
    const deployment = await this.api.createDeployment(input);
    const status = await this.api.createDeploymentStatus(deployment.id, {
      state: input.state,
      description: input.statusDescription ?? input.description,
      logUrl: input.logUrl,
      environmentUrl: input.environmentUrl,
    });
    return mapDeployment(deployment, [status], this.ctx(this.me?.login, 'deploy'));
  }

  /** A branch name for "Start work on item", from the item's Signal and a template. */
  branchNameFor(item: Signal, template = DEFAULT_BRANCH_TEMPLATE): BranchNameResult {
    const number = (item.detail?.number as number | undefined) ?? item.id.split(':').pop() ?? '';
    const labels = item.tags.filter((t) => t.startsWith('label:')).map((t) => t.slice('label:'.length));
    return branchNameFromTemplate(template, { number, title: item.title, type: workTypeFromLabels(labels), user: this.me?.login });
  }

  // ---- Helpers -----------------------------------------------------------------------------

  /** The signed-in user's login; undefined without a credential. Read once (conditionally) per refresh. */
  private async login(): Promise<string | undefined> {
    if (!this.options.credential) {
      return undefined;
    }
    this.me = await this.api.getAuthenticatedUser();
    return this.me?.login;
  }

  private async getDefaultBranch(): Promise<string> {
    const repo = await this.api.getRepository();
    this.defaultBranch = repo.default_branch || this.defaultBranch || 'main';
    return this.defaultBranch;
  }

  /** Signals of a phase carry that phase's source id, so they go to the hub as they are. */
  private ctx(me: string | undefined, phase: GitHubPhase): MappingContext {
    return { repo: this.options.repo, me, source: phaseSourceId(this.options.repo, phase) };
  }

  private result(phase: Phase, signals: Signal[]): PhaseResult {
    const stats = this.api.takeStats();
    return {
      phase,
      signals,
      changed: stats.requests === 0 || stats.notModified < stats.requests,
      requests: stats.requests,
      notModified: stats.notModified,
      rateLimit: this.api.rateLimit,
      pollIntervalSeconds: this.api.pollIntervalSeconds,
    };
  }
}

export type { CreateDeploymentInput, MergeMethod };
