/**
 * GitHub JSON → Signals. Remote strings are kept as data, unchanged (escaping is the renderer's
 * job); only their size is bounded, with a visible marker, so one huge body cannot bloat the hub.
 */
import { signalId, tag, type NormalState, type Signal } from '../../core/signal';
import { checksRollup, type ChecksRollup } from './checksRollup';
import { githubIdentity, type GitHubRepoRef } from './remote';
import { reviewDecision, type ReviewSummary } from './reviewDecision';
import type {
  GhCheckRun,
  GhDeployment,
  GhDeploymentStatus,
  GhIssue,
  GhJob,
  GhLabel,
  GhPullRequest,
  GhReview,
  GhStatus,
  GhWorkflowRun,
} from './types';

export const MAX_BODY_CHARS = 64 * 1024;
export const MAX_TITLE_CHARS = 1024;

/** Where a pull request appears in the Code view. */
export type PullRequestCategory = 'waitingForMyReview' | 'createdByMe' | 'open';

export interface MappingContext {
  repo: GitHubRepoRef;
  /** The signed-in user's login, for "mine" and "waiting for my review". */
  me?: string;
  /** The phase source reporting the signals (their `source`); default the repository's id. */
  source?: string;
}

/** The source id of one repository: `github:HOST/owner/repo`. */
export function githubSourceId(repo: GitHubRepoRef): string {
  return `github:${repo.host}/${repo.owner}/${repo.repo}`;
}

/** `text` cut at `max` characters with a marker saying how much was left out. */
export function boundText(text: string, max: number): string {
  if (text.length <= max) {
    return text;
  }
  return `${text.slice(0, max)}\n\n… [truncated: ${text.length - max} more characters]`;
}

export function issueState(issue: Pick<GhIssue, 'state' | 'state_reason'>): { normal: NormalState; native: string } {
  // Why it was closed (`completed`, `not_planned`, `duplicate`) is only meaningful once closed.
  const native = issue.state === 'closed' && issue.state_reason ? `closed:${issue.state_reason}` : issue.state;
  return { normal: issue.state === 'open' ? 'open' : issue.state === 'closed' ? 'closed' : 'unknown', native };
}

export function pullRequestState(pr: Pick<GhPullRequest, 'state' | 'draft' | 'merged' | 'merged_at'>): {
  normal: NormalState;
  native: string;
} {
  // `state` first: an open pull request is open whatever other fields say (GitHub's own example
  // carries a `merged_at` on an open one).
  if (pr.state === 'open') {
    return pr.draft ? { normal: 'draft', native: 'draft' } : { normal: 'open', native: 'open' };
  }
  if (pr.merged || pr.merged_at) {
    return { normal: 'merged', native: 'merged' };
  }
  if (pr.state === 'closed') {
    return { normal: 'closed', native: 'closed' };
  }
  return { normal: 'unknown', native: pr.state };
}

/** Actions runs, jobs, steps and check runs share one status/conclusion vocabulary. */
export function runState(
  status: string | null | undefined,
  conclusion: string | null | undefined,
): { normal: NormalState; native: string } {
  if (status === 'completed' || (conclusion && !status)) {
    const native = conclusion ?? 'completed';
    switch (conclusion) {
      case 'success':
        return { normal: 'success', native };
      case 'failure':
      case 'timed_out':
      case 'startup_failure':
        return { normal: 'failed', native };
      case 'cancelled':
        return { normal: 'cancelled', native };
      case 'skipped':
      case 'neutral':
        return { normal: 'skipped', native };
      case 'action_required':
        return { normal: 'queued', native };
      default:
        return { normal: 'unknown', native };
    }
  }
  switch (status) {
    case 'in_progress':
      return { normal: 'running', native: status };
    case 'queued':
    case 'waiting':
    case 'requested':
    case 'pending':
      return { normal: 'queued', native: status };
    default:
      return { normal: 'unknown', native: status ?? 'unknown' };
  }
}

export function deploymentState(status: string | undefined): { normal: NormalState; native: string } {
  switch (status) {
    case 'success':
      return { normal: 'success', native: status };
    case 'failure':
    case 'error':
      return { normal: 'failed', native: status };
    case 'in_progress':
      return { normal: 'running', native: status };
    case 'queued':
    case 'pending':
      return { normal: 'queued', native: status };
    case 'inactive':
      // Superseded by a later deployment to the same environment.
      return { normal: 'skipped', native: status };
    default:
      return { normal: 'unknown', native: status ?? 'none' };
  }
}

export function mapIssue(issue: GhIssue, ctx: MappingContext, extra: { sprint?: string } = {}): Signal {
  const key = githubSourceId(ctx.repo);
  const source = ctx.source ?? key;
  const state = issueState(issue);
  const assignees = (issue.assignees ?? (issue.assignee ? [issue.assignee] : [])).map((u) => u.login);
  const labelNames = labelsOf(issue.labels);
  const tags = [tag('repo', fullName(ctx)), tag('issue', issue.number)];
  if (issue.milestone) tags.push(tag('milestone', issue.milestone.title));
  for (const login of assignees) tags.push(tag('assignee', login));
  for (const name of labelNames) tags.push(tag('label', name));
  if (issue.user?.login) tags.push(tag('author', issue.user.login));
  const labels: string[] = [state.normal];
  if (ctx.me && assignees.includes(ctx.me)) labels.push('mine');
  if (extra.sprint && issue.milestone?.title === extra.sprint) labels.push('sprint');
  return {
    id: signalId(key, 'workItem', issue.number),
    source,
    kind: 'workItem',
    title: boundText(issue.title, MAX_TITLE_CHARS),
    state,
    url: issue.html_url,
    author: issue.user?.login,
    createdAt: epoch(issue.created_at),
    updatedAt: epoch(issue.updated_at),
    labels,
    tags,
    anchors: { repo: githubIdentity(ctx.repo) },
    detail: {
      number: issue.number,
      body: boundText(issue.body ?? '', MAX_BODY_CHARS),
      assignees,
      milestone: issue.milestone
        ? { number: issue.milestone.number, title: issue.milestone.title, dueOn: issue.milestone.due_on ?? null }
        : null,
      labels: labelNames,
      closedAt: issue.closed_at ?? null,
    },
  };
}

/** What the Code view knows beyond the PR itself; each part is optional (lists lack mergeability). */
export interface PullRequestExtras {
  reviews?: GhReview[];
  checkRuns?: GhCheckRun[];
  statuses?: GhStatus[];
}

export function pullRequestCategories(pr: GhPullRequest, me: string | undefined): PullRequestCategory[] {
  const categories: PullRequestCategory[] = [];
  if (me && (pr.requested_reviewers ?? []).some((u) => u.login === me)) categories.push('waitingForMyReview');
  if (me && pr.user?.login === me) categories.push('createdByMe');
  if (pr.state === 'open') categories.push('open');
  return categories;
}

export function mapPullRequest(pr: GhPullRequest, ctx: MappingContext, extras: PullRequestExtras = {}): Signal {
  const key = githubSourceId(ctx.repo);
  const source = ctx.source ?? key;
  const state = pullRequestState(pr);
  const review: ReviewSummary | undefined = extras.reviews
    ? reviewDecision(extras.reviews, pr.requested_reviewers ?? [], pr.requested_teams ?? [])
    : undefined;
  const checks: ChecksRollup | undefined =
    extras.checkRuns || extras.statuses ? checksRollup(extras.checkRuns ?? [], extras.statuses ?? []) : undefined;
  const categories = pullRequestCategories(pr, ctx.me);
  const labelNames = labelsOf(pr.labels);
  const headSha = pr.head.sha.toLowerCase();
  const tags = [
    tag('repo', fullName(ctx)),
    tag('pr', pr.number),
    tag('branch', pr.head.ref),
    tag('base', pr.base.ref),
    tag('commit', headSha),
  ];
  if (pr.user?.login) tags.push(tag('author', pr.user.login));
  for (const u of pr.requested_reviewers ?? []) tags.push(tag('reviewer', u.login));
  for (const u of pr.assignees ?? []) tags.push(tag('assignee', u.login));
  for (const name of labelNames) tags.push(tag('label', name));
  if (pr.milestone) tags.push(tag('milestone', pr.milestone.title));

  const labels: string[] = [state.normal];
  if (categories.includes('waitingForMyReview')) labels.push('review-requested');
  if (categories.includes('createdByMe')) labels.push('mine');
  if (review?.decision === 'approved') labels.push('approved');
  if (review?.decision === 'changesRequested') labels.push('changes-requested');
  if (checks && checks.state !== 'none') labels.push(`checks-${checks.state}`);
  if (pr.mergeable === false || pr.mergeable_state === 'dirty') labels.push('conflict');

  return {
    id: signalId(key, 'pullRequest', pr.number),
    source,
    kind: 'pullRequest',
    title: boundText(pr.title, MAX_TITLE_CHARS),
    state,
    url: pr.html_url,
    author: pr.user?.login,
    createdAt: epoch(pr.created_at),
    updatedAt: epoch(pr.updated_at),
    labels,
    tags,
    anchors: { repo: githubIdentity(ctx.repo), commits: [headSha], branch: pr.head.ref },
    detail: {
      number: pr.number,
      body: boundText(pr.body ?? '', MAX_BODY_CHARS),
      head: { ref: pr.head.ref, sha: headSha },
      base: { ref: pr.base.ref, sha: pr.base.sha.toLowerCase() },
      draft: Boolean(pr.draft),
      categories,
      // `mergeable` is null while GitHub computes it, and absent from list answers.
      mergeable: pr.mergeable ?? null,
      mergeableState: pr.mergeable_state ?? null,
      requestedReviewers: (pr.requested_reviewers ?? []).map((u) => u.login),
      requestedTeams: (pr.requested_teams ?? []).map((t) => t.slug),
      review: review ?? null,
      reviews: (extras.reviews ?? []).map((r) => ({
        id: r.id,
        user: r.user?.login ?? null,
        state: r.state,
        submittedAt: r.submitted_at ?? null,
        body: boundText(r.body ?? '', MAX_BODY_CHARS / 4),
        url: r.html_url ?? null,
      })),
      checks: checks ?? null,
      checkRuns: (extras.checkRuns ?? []).map((c) => ({
        id: c.id,
        name: c.name,
        ...runState(c.status, c.conclusion),
        url: c.html_url ?? c.details_url ?? null,
      })),
      statuses: (extras.statuses ?? []).map((s) => ({
        context: s.context ?? null,
        state: s.state,
        description: s.description ?? null,
        url: s.target_url ?? null,
      })),
    },
  };
}

export function mapWorkflowRun(run: GhWorkflowRun, ctx: MappingContext, jobs?: GhJob[]): Signal {
  const key = githubSourceId(ctx.repo);
  const source = ctx.source ?? key;
  const state = runState(run.status, run.conclusion);
  const sha = run.head_sha.toLowerCase();
  const tags = [tag('repo', fullName(ctx)), tag('commit', sha), tag('run', run.id)];
  if (run.head_branch) tags.push(tag('branch', run.head_branch));
  if (run.name) tags.push(tag('workflow', run.name));
  if (run.event) tags.push(tag('event', run.event));
  for (const pr of run.pull_requests ?? []) tags.push(tag('pr', pr.number));
  const title = run.display_title
    ? `${run.name ?? 'Workflow'} #${run.run_number}: ${run.display_title}`
    : `${run.name ?? 'Workflow'} #${run.run_number}`;
  const started = run.run_started_at ? epoch(run.run_started_at) : epoch(run.created_at);
  return {
    id: signalId(key, 'pipelineRun', run.id),
    source,
    kind: 'pipelineRun',
    title: boundText(title, MAX_TITLE_CHARS),
    state,
    url: run.html_url,
    author: run.actor?.login,
    createdAt: epoch(run.created_at),
    updatedAt: epoch(run.updated_at),
    labels: [state.normal],
    tags,
    anchors: { repo: githubIdentity(ctx.repo), commits: [sha], ...(run.head_branch ? { branch: run.head_branch } : {}) },
    detail: {
      runId: run.id,
      runNumber: run.run_number,
      attempt: run.run_attempt ?? 1,
      event: run.event ?? null,
      workflowId: run.workflow_id ?? null,
      workflow: run.name ?? null,
      startedAt: started,
      // A finished run's `updated_at` is when it completed; a running one has no duration yet.
      durationMs: run.status === 'completed' ? Math.max(0, epoch(run.updated_at) - started) : null,
      jobs: jobs ? jobs.map(jobDetail) : null,
    },
  };
}

export function mapJob(job: GhJob, ctx: MappingContext, run: Pick<GhWorkflowRun, 'id' | 'head_branch'>): Signal {
  const key = githubSourceId(ctx.repo);
  const source = ctx.source ?? key;
  const state = runState(job.status, job.conclusion);
  const sha = job.head_sha?.toLowerCase();
  const branch = job.head_branch ?? run.head_branch ?? undefined;
  const tags = [tag('repo', fullName(ctx)), tag('run', run.id), tag('job', job.id)];
  if (sha) tags.push(tag('commit', sha));
  if (branch) tags.push(tag('branch', branch));
  if (job.workflow_name) tags.push(tag('workflow', job.workflow_name));
  const created = job.started_at ? epoch(job.started_at) : 0;
  return {
    id: signalId(key, 'job', job.id),
    source,
    kind: 'job',
    title: boundText(job.name, MAX_TITLE_CHARS),
    state,
    url: job.html_url ?? undefined,
    createdAt: created,
    updatedAt: job.completed_at ? epoch(job.completed_at) : created,
    labels: [state.normal],
    tags,
    anchors: { repo: githubIdentity(ctx.repo), ...(sha ? { commits: [sha] } : {}), ...(branch ? { branch } : {}) },
    parentId: signalId(key, 'pipelineRun', run.id),
    detail: jobDetail(job),
  };
}

/** A deployment and its newest status (GitHub lists statuses newest first). */
export function mapDeployment(deployment: GhDeployment, statuses: GhDeploymentStatus[], ctx: MappingContext): Signal {
  const key = githubSourceId(ctx.repo);
  const source = ctx.source ?? key;
  const latest = statuses[0];
  const state = deploymentState(latest?.state);
  const sha = deployment.sha.toLowerCase();
  const tags = [
    tag('repo', fullName(ctx)),
    tag('env', deployment.environment),
    tag('commit', sha),
    tag('ref', deployment.ref),
    tag('deployment', deployment.id),
  ];
  if (deployment.creator?.login) tags.push(tag('author', deployment.creator.login));
  const labels: string[] = [state.normal];
  if (deployment.production_environment) labels.push('production');
  return {
    id: signalId(key, 'deployment', deployment.id),
    source,
    kind: 'deployment',
    title: boundText(`${deployment.environment}: ${deployment.ref}`, MAX_TITLE_CHARS),
    state,
    url: latest?.log_url || latest?.target_url || undefined,
    author: deployment.creator?.login,
    createdAt: epoch(deployment.created_at),
    updatedAt: latest ? epoch(latest.updated_at) : epoch(deployment.updated_at),
    labels,
    tags,
    anchors: { repo: githubIdentity(ctx.repo), commits: [sha], environment: deployment.environment },
    detail: {
      deploymentId: deployment.id,
      ref: deployment.ref,
      sha,
      task: deployment.task ?? 'deploy',
      description: deployment.description ?? null,
      environmentUrl: latest?.environment_url || null,
      statuses: statuses.map((s) => ({
        id: s.id,
        state: s.state,
        description: s.description ?? null,
        createdAt: epoch(s.created_at),
        logUrl: s.log_url || s.target_url || null,
        creator: s.creator?.login ?? null,
      })),
    },
  };
}

function jobDetail(job: GhJob): Record<string, unknown> {
  return {
    id: job.id,
    name: job.name,
    ...runState(job.status, job.conclusion),
    startedAt: job.started_at ? epoch(job.started_at) : null,
    durationMs: durationMs(job.started_at, job.completed_at),
    runner: job.runner_name ?? null,
    url: job.html_url ?? null,
    steps: (job.steps ?? []).map((s) => ({
      number: s.number,
      name: s.name,
      ...runState(s.status, s.conclusion),
      durationMs: durationMs(s.started_at, s.completed_at),
    })),
  };
}

function durationMs(start: string | null | undefined, end: string | null | undefined): number | null {
  if (!start || !end) {
    return null;
  }
  const ms = Date.parse(end) - Date.parse(start);
  return Number.isNaN(ms) ? null : Math.max(0, ms);
}

function epoch(iso: string | null | undefined): number {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(t) ? 0 : t;
}

function fullName(ctx: MappingContext): string {
  return `${ctx.repo.owner}/${ctx.repo.repo}`;
}

function labelsOf(labels: (GhLabel | string)[] | undefined): string[] {
  return (labels ?? []).map((l) => (typeof l === 'string' ? l : (l.name ?? ''))).filter((n) => n !== '');
}
