/**
 * GitLab JSON → Signals. Every signal carries the phase source's id in `source` and the project's
 * canonical identity in `anchors.repo`, so nothing is rewritten outside. Remote strings are kept as
 * data (escaping is the renderer's job); titles become one line (control characters, which a tree
 * row or a log line cannot show, turn into spaces) and every string is bounded with a visible marker,
 * so a hostile or huge value cannot bloat the hub. Fields the documentation shows as optional or
 * null are read defensively: a missing field never throws.
 */
import { signalId, tag, type NormalState, type Phase, type Signal, type SignalState } from '../../core/signal';
import type { GitLabProjectRef } from './remote';
import type {
  GlApprovals,
  GlDeployment,
  GlEnvironment,
  GlIssue,
  GlIteration,
  GlJob,
  GlMergeRequest,
  GlMilestone,
  GlPipeline,
  GlUser,
} from './types';

export const MAX_TITLE_CHARS = 1024;
export const MAX_BODY_CHARS = 64 * 1024;
const MAX_NAME_CHARS = 255;

/** The signed-in user (the token's owner), as the VS Code layer knows it or as `GET /user` answers. */
export interface GitLabUser {
  username: string;
  id?: number;
  /** The display name, one line; only for showing who "me" is. */
  name?: string;
}

export interface MappingContext {
  /** The phase source's id: `gitlab:<identity>#<phase>`. */
  sourceId: string;
  project: GitLabProjectRef;
  me?: GitLabUser;
}

/** `gitlab:gitlab.com/group/app#build`. */
export function gitlabSourceId(project: Pick<GitLabProjectRef, 'identity'>, phase: Phase): string {
  return `gitlab:${project.identity}#${phase}`;
}

/** Where a merge request appears in the Code view (one can be in several). */
export type MergeRequestCategory = 'waitingForMyReview' | 'assignedToMe' | 'createdByMe' | 'open';

// ---- States -------------------------------------------------------------------------------------

export function issueState(state: string | undefined): SignalState {
  const native = text(state, 40) || 'unknown';
  return { normal: native === 'opened' ? 'open' : native === 'closed' ? 'closed' : 'unknown', native };
}

export function mergeRequestState(mr: Pick<GlMergeRequest, 'state' | 'draft' | 'work_in_progress'>): SignalState {
  const native = text(mr.state, 40) || 'unknown';
  switch (native) {
    case 'opened':
    case 'locked':
      // `locked` is a short transitional state of an open merge request being merged.
      return mr.draft || mr.work_in_progress ? { normal: 'draft', native } : { normal: 'open', native };
    case 'merged':
      return { normal: 'merged', native };
    case 'closed':
      return { normal: 'closed', native };
    default:
      return { normal: 'unknown', native };
  }
}

const CI_STATES = new Map<string, NormalState>([
  ['created', 'queued'],
  ['waiting_for_resource', 'queued'],
  ['preparing', 'queued'],
  ['pending', 'queued'],
  ['scheduled', 'queued'],
  ['manual', 'queued'],
  ['running', 'running'],
  ['success', 'success'],
  ['failed', 'failed'],
  ['canceled', 'cancelled'],
  ['canceling', 'running'],
  ['skipped', 'skipped'],
]);
const CI_ACTIVE = new Set(['created', 'waiting_for_resource', 'preparing', 'pending', 'running', 'canceling']);
const DEPLOYMENT_STATES = new Map<string, NormalState>([
  ['created', 'queued'],
  ['blocked', 'queued'],
  ['running', 'running'],
  ['success', 'success'],
  ['failed', 'failed'],
  ['canceled', 'cancelled'],
  ['skipped', 'skipped'],
]);

/** Pipelines and jobs share GitLab's CI status vocabulary (doc/api/pipelines.md, `status`). */
export function ciState(status: string | undefined): SignalState {
  const native = text(status, 40) || 'unknown';
  return { normal: CI_STATES.get(native) ?? 'unknown', native };
}

/** True while a pipeline or job can still change by itself (what makes polling fast). */
export function isCiActive(status: string | undefined): boolean {
  return CI_ACTIVE.has(status ?? '');
}

export function deploymentState(status: string | undefined): SignalState {
  const native = text(status, 40) || 'unknown';
  return { normal: DEPLOYMENT_STATES.get(native) ?? 'unknown', native };
}

// ---- Plan ---------------------------------------------------------------------------------------

/** An iteration's display name: its title, or its dates (cadence-scheduled iterations have no title). */
export function iterationName(iteration: Pick<GlIteration, 'title' | 'start_date' | 'due_date' | 'iid' | 'id'>): string {
  const title = text(iteration.title, MAX_NAME_CHARS);
  if (title) return title;
  if (iteration.start_date && iteration.due_date) return `${iteration.start_date} – ${iteration.due_date}`;
  return `Iteration ${iteration.iid ?? iteration.id}`;
}

/** What the Plan view shows the issues of: the current iteration, else the nearest milestone, else mine. */
export type PlanScope =
  | { kind: 'iteration'; iteration: GlIteration; name: string }
  | { kind: 'milestone'; milestone: GlMilestone; name: string }
  | { kind: 'assignedToMe'; name: string };

export function mapIssue(issue: GlIssue, ctx: MappingContext, scope?: PlanScope): Signal {
  const state = issueState(issue.state);
  const assignees = users(issue.assignees ?? (issue.assignee ? [issue.assignee] : []));
  const labelNames = names(issue.labels);
  const repo = ctx.project.identity;
  const milestone = issue.milestone ? text(issue.milestone.title, MAX_NAME_CHARS) : undefined;
  const iteration = issue.iteration ? iterationName(issue.iteration) : undefined;
  const weight = typeof issue.weight === 'number' && Number.isFinite(issue.weight) ? issue.weight : null;
  const tags = [tag('repo', repo), tag('issue', issue.iid)];
  if (iteration) tags.push(tag('iteration', iteration));
  if (milestone) tags.push(tag('milestone', milestone));
  for (const login of assignees) tags.push(tag('assignee', login));
  for (const name of labelNames) tags.push(tag('label', name));
  const author = login(issue.author);
  if (author) tags.push(tag('author', author));
  if (weight !== null) tags.push(tag('weight', weight));

  const labels: string[] = [state.normal];
  if (ctx.me && assignees.includes(ctx.me.username)) labels.push('mine');
  if (scope && inScope(issue, scope, ctx.me)) labels.push('sprint');
  return {
    id: signalId(ctx.sourceId, 'workItem', issue.iid),
    source: ctx.sourceId,
    kind: 'workItem',
    title: title(issue.title),
    state,
    url: url(issue.web_url),
    ...(author ? { author } : {}),
    createdAt: epoch(issue.created_at),
    updatedAt: epoch(issue.updated_at),
    labels,
    tags,
    anchors: { repo },
    detail: {
      iid: issue.iid,
      reference: `#${issue.iid}`,
      description: bounded(issue.description, MAX_BODY_CHARS),
      assignees,
      labels: labelNames,
      weight,
      dueDate: date(issue.due_date),
      milestone: issue.milestone ? { id: issue.milestone.id, title: milestone ?? '', dueDate: date(issue.milestone.due_date) } : null,
      iteration: issue.iteration
        ? {
            id: issue.iteration.id,
            name: iteration ?? '',
            startDate: date(issue.iteration.start_date),
            dueDate: date(issue.iteration.due_date),
          }
        : null,
      /** The iteration or milestone the Plan view groups by. */
      plan: iteration ?? milestone ?? null,
      closedAt: issue.closed_at ? epoch(issue.closed_at) : null,
      confidential: issue.confidential === true,
    },
  };
}

function inScope(issue: GlIssue, scope: PlanScope, me: GitLabUser | undefined): boolean {
  switch (scope.kind) {
    case 'iteration':
      return issue.iteration?.id === scope.iteration.id;
    case 'milestone':
      return issue.milestone?.id === scope.milestone.id;
    case 'assignedToMe':
      return Boolean(me && users(issue.assignees).includes(me.username));
  }
}

// ---- Code ---------------------------------------------------------------------------------------

export function mergeRequestCategories(mr: GlMergeRequest, me: GitLabUser | undefined): MergeRequestCategory[] {
  const out: MergeRequestCategory[] = [];
  const isMe = (u: GlUser | null | undefined) =>
    Boolean(me && u && (u.username === me.username || (me.id !== undefined && u.id === me.id)));
  const open = mr.state === 'opened' || mr.state === 'locked';
  if (open && (mr.reviewers ?? []).some(isMe)) out.push('waitingForMyReview');
  if (open && ((mr.assignees ?? []).some(isMe) || isMe(mr.assignee))) out.push('assignedToMe');
  if (open && isMe(mr.author)) out.push('createdByMe');
  if (open) out.push('open');
  return out;
}

/** Approvals as the Code view shows them; null when not read (a list answer, or no approvals API). */
export interface ApprovalSummary {
  required: number;
  left: number;
  approvedBy: string[];
}

export function approvalSummary(approvals: GlApprovals | undefined): ApprovalSummary | null {
  if (!approvals) return null;
  const count = (n: unknown) => (typeof n === 'number' && Number.isFinite(n) && n >= 0 ? Math.floor(n) : 0);
  return {
    required: count(approvals.approvals_required),
    left: count(approvals.approvals_left),
    approvedBy: (approvals.approved_by ?? []).map((a) => login(a?.user)).filter((u): u is string => Boolean(u)),
  };
}

export function mapMergeRequest(mr: GlMergeRequest, ctx: MappingContext, extras: { approvals?: GlApprovals } = {}): Signal {
  const state = mergeRequestState(mr);
  const repo = ctx.project.identity;
  const categories = mergeRequestCategories(mr, ctx.me);
  const sha = mr.sha ? text(mr.sha, 64).toLowerCase() : undefined;
  const source = text(mr.source_branch, MAX_NAME_CHARS);
  const target = text(mr.target_branch, MAX_NAME_CHARS);
  const author = login(mr.author);
  const reviewers = users(mr.reviewers);
  const assignees = users(mr.assignees ?? (mr.assignee ? [mr.assignee] : []));
  const labelNames = names(mr.labels);
  const approvals = approvalSummary(extras.approvals);
  const pipeline = mr.head_pipeline ?? null;
  const pipelineState = pipeline ? ciState(pipeline.status) : undefined;
  const detailed = mr.detailed_merge_status ? text(mr.detailed_merge_status, 60) : null;
  const conflicts = mr.has_conflicts === true || detailed === 'conflict';

  const tags = [tag('repo', repo), tag('mr', mr.iid), tag('branch', source), tag('base', target)];
  if (sha) tags.push(tag('commit', sha));
  if (author) tags.push(tag('author', author));
  for (const u of reviewers) tags.push(tag('reviewer', u));
  for (const u of assignees) tags.push(tag('assignee', u));
  for (const name of labelNames) tags.push(tag('label', name));
  if (mr.milestone?.title) tags.push(tag('milestone', text(mr.milestone.title, MAX_NAME_CHARS)));

  const labels: string[] = [state.normal];
  if (categories.includes('waitingForMyReview')) labels.push('review-requested');
  if (categories.includes('createdByMe')) labels.push('mine');
  if (categories.includes('assignedToMe')) labels.push('assigned');
  if (approvals && approvals.required > 0 && approvals.left === 0) labels.push('approved');
  if (pipelineState) labels.push(`pipeline-${pipelineState.normal}`);
  if (conflicts) labels.push('conflict');

  return {
    id: signalId(ctx.sourceId, 'pullRequest', mr.iid),
    source: ctx.sourceId,
    kind: 'pullRequest',
    title: title(mr.title),
    state,
    url: url(mr.web_url),
    ...(author ? { author } : {}),
    createdAt: epoch(mr.created_at),
    updatedAt: epoch(mr.updated_at),
    labels,
    tags,
    anchors: { repo, ...(sha ? { commits: [sha] } : {}), ...(source ? { branch: source } : {}) },
    detail: {
      iid: mr.iid,
      reference: `!${mr.iid}`,
      description: bounded(mr.description, MAX_BODY_CHARS),
      sourceBranch: source,
      targetBranch: target,
      sha: sha ?? null,
      draft: state.normal === 'draft',
      categories,
      detailedMergeStatus: detailed,
      hasConflicts: conflicts,
      blockingDiscussionsResolved: mr.blocking_discussions_resolved ?? null,
      mergeWhenPipelineSucceeds: mr.merge_when_pipeline_succeeds === true,
      approvals,
      headPipeline:
        pipeline && pipelineState
          ? {
              id: pipeline.id,
              status: pipelineState.native,
              normal: pipelineState.normal,
              url: url(pipeline.web_url) ?? null,
            }
          : null,
      reviewers,
      assignees,
      labels: labelNames,
      mergedAt: mr.merged_at ? epoch(mr.merged_at) : null,
    },
  };
}

// ---- Build --------------------------------------------------------------------------------------

/** A pipeline; `jobs` gives the stage summary when they were read. */
export function mapPipeline(pipeline: GlPipeline, ctx: MappingContext, jobs?: readonly GlJob[]): Signal {
  const state = ciState(pipeline.status);
  const repo = ctx.project.identity;
  const sha = text(pipeline.sha, 64).toLowerCase();
  const ref = text(pipeline.ref, MAX_NAME_CHARS);
  // Tags and merge-request refs (`refs/merge-requests/1/head`) are not branches.
  const branch = ref && pipeline.tag !== true && !ref.startsWith('refs/') ? ref : undefined;
  const tags = [tag('repo', repo), tag('pipeline', pipeline.id)];
  if (sha) tags.push(tag('commit', sha));
  if (branch) tags.push(tag('branch', branch));
  if (ref && !branch) tags.push(tag('ref', ref));
  if (pipeline.source) tags.push(tag('trigger', text(pipeline.source, 60)));
  const started = pipeline.started_at ? epoch(pipeline.started_at) : null;
  const finished = pipeline.finished_at ? epoch(pipeline.finished_at) : null;
  const number = pipeline.iid ?? pipeline.id;
  const name = text(pipeline.name, MAX_NAME_CHARS);
  const user = login(pipeline.user);
  return {
    id: signalId(ctx.sourceId, 'pipelineRun', pipeline.id),
    source: ctx.sourceId,
    kind: 'pipelineRun',
    title: title(`${name || 'Pipeline'} #${number}`),
    state,
    url: url(pipeline.web_url),
    ...(user ? { author: user } : {}),
    createdAt: epoch(pipeline.created_at),
    updatedAt: epoch(pipeline.updated_at),
    labels: [state.normal],
    tags,
    anchors: { repo, ...(sha ? { commits: [sha] } : {}), ...(branch ? { branch } : {}) },
    detail: {
      pipelineId: pipeline.id,
      iid: pipeline.iid ?? null,
      ref,
      sha,
      source: pipeline.source ?? null,
      status: state.native,
      startedAt: started,
      finishedAt: finished,
      // GitLab's `duration` (seconds, running time) when it sent one; else the span of a finished pipeline.
      durationMs: seconds(pipeline.duration) ?? (started !== null && finished !== null ? Math.max(0, finished - started) : null),
      queuedDurationMs: seconds(pipeline.queued_duration),
      stages: jobs ? stageSummary(jobs) : null,
    },
  };
}

export function mapJob(job: GlJob, ctx: MappingContext, pipeline: Pick<GlPipeline, 'id' | 'ref' | 'sha' | 'tag'>): Signal {
  const state = ciState(job.status);
  const repo = ctx.project.identity;
  const sha = text(job.commit?.id ?? job.pipeline?.sha ?? pipeline.sha, 64).toLowerCase();
  const ref = text(job.ref ?? pipeline.ref, MAX_NAME_CHARS);
  const branch = ref && job.tag !== true && pipeline.tag !== true && !ref.startsWith('refs/') ? ref : undefined;
  const stage = text(job.stage, MAX_NAME_CHARS);
  const tags = [tag('repo', repo), tag('pipeline', pipeline.id), tag('job', job.id)];
  if (stage) tags.push(tag('stage', stage));
  if (sha) tags.push(tag('commit', sha));
  if (branch) tags.push(tag('branch', branch));
  const labels: string[] = [state.normal];
  if (job.allow_failure && state.normal === 'failed') labels.push('allowed-to-fail');
  const created = epoch(job.started_at ?? job.created_at);
  return {
    id: signalId(ctx.sourceId, 'job', job.id),
    source: ctx.sourceId,
    kind: 'job',
    title: title(job.name),
    state,
    url: url(job.web_url),
    createdAt: created,
    updatedAt: job.finished_at ? epoch(job.finished_at) : created,
    labels,
    tags,
    anchors: { repo, ...(sha ? { commits: [sha] } : {}), ...(branch ? { branch } : {}) },
    parentId: signalId(ctx.sourceId, 'pipelineRun', pipeline.id),
    detail: {
      jobId: job.id,
      name: text(job.name, MAX_NAME_CHARS),
      stage: stage || null,
      status: state.native,
      durationMs: seconds(job.duration),
      queuedDurationMs: seconds(job.queued_duration),
      allowFailure: job.allow_failure === true,
      failureReason: job.failure_reason ? text(job.failure_reason, 120) : null,
      runner: job.runner ? text(job.runner.description ?? job.runner.name, MAX_NAME_CHARS) || null : null,
      startedAt: job.started_at ? epoch(job.started_at) : null,
    },
  };
}

export interface StageSummary {
  name: string;
  /** The worst state of its jobs: failed > running > queued > cancelled > success > skipped. */
  normal: NormalState;
  jobs: number;
}

/** Stages in the order their first job appears (GitLab lists jobs newest first: reversed here). */
export function stageSummary(jobs: readonly GlJob[]): StageSummary[] {
  const order: NormalState[] = ['failed', 'running', 'queued', 'cancelled', 'success', 'skipped', 'unknown'];
  const stages = new Map<string, StageSummary>();
  for (const job of [...jobs].sort((a, b) => a.id - b.id)) {
    const name = text(job.stage, MAX_NAME_CHARS) || 'test';
    const normal = ciState(job.status).normal;
    // A job allowed to fail does not fail its stage.
    const effective: NormalState = normal === 'failed' && job.allow_failure ? 'success' : normal;
    const stage = stages.get(name);
    if (!stage) {
      stages.set(name, { name, normal: effective, jobs: 1 });
    } else {
      stage.jobs++;
      if (order.indexOf(effective) < order.indexOf(stage.normal)) stage.normal = effective;
    }
  }
  return [...stages.values()];
}

// ---- Deploy -------------------------------------------------------------------------------------

export function mapDeployment(deployment: GlDeployment, ctx: MappingContext, environment?: GlEnvironment): Signal {
  const state = deploymentState(deployment.status);
  const repo = ctx.project.identity;
  const envName = text(deployment.environment?.name ?? environment?.name, MAX_NAME_CHARS) || 'unknown';
  const sha = text(deployment.sha, 64).toLowerCase();
  const ref = text(deployment.ref, MAX_NAME_CHARS);
  const isTag = deployment.deployable?.tag === true;
  const tier = environment?.tier ? text(environment.tier, 40) : undefined;
  const user = login(deployment.user);
  const tags = [tag('repo', repo), tag('env', envName), tag('deployment', deployment.id)];
  if (sha) tags.push(tag('commit', sha));
  if (ref) tags.push(tag('ref', ref));
  // A deployed tag is a version: the deploy status in core shows "live since <version>".
  if (isTag && ref) tags.push(tag('version', ref));
  if (tier) tags.push(tag('tier', tier));
  if (user) tags.push(tag('author', user));
  const labels: string[] = [state.normal];
  if (tier === 'production') labels.push('production');
  const externalUrl = url(deployment.environment?.external_url ?? environment?.external_url ?? undefined);
  const jobUrl = url(deployment.deployable?.web_url);
  return {
    id: signalId(ctx.sourceId, 'deployment', deployment.id),
    source: ctx.sourceId,
    kind: 'deployment',
    title: title(`${envName}: ${ref || sha.slice(0, 8)}`),
    state,
    url: jobUrl ?? externalUrl,
    ...(user ? { author: user } : {}),
    createdAt: epoch(deployment.created_at),
    updatedAt: epoch(deployment.updated_at ?? deployment.deployable?.finished_at ?? deployment.created_at),
    labels,
    tags,
    anchors: { repo, ...(sha ? { commits: [sha] } : {}), environment: envName },
    detail: {
      deploymentId: deployment.id,
      iid: deployment.iid ?? null,
      ref,
      sha,
      tag: isTag,
      status: state.native,
      environment: {
        id: deployment.environment?.id ?? environment?.id ?? null,
        name: envName,
        externalUrl: externalUrl ?? null,
        tier: tier ?? null,
      },
      job: deployment.deployable
        ? {
            id: deployment.deployable.id,
            name: text(deployment.deployable.name, MAX_NAME_CHARS) || null,
            url: jobUrl ?? null,
            finishedAt: deployment.deployable.finished_at ? epoch(deployment.deployable.finished_at) : null,
          }
        : null,
      pipelineId: deployment.deployable?.pipeline?.id ?? null,
    },
  };
}

/**
 * "Me" from `GET /user` (doc/api/users.md, "Get the current user"): the documented `id`, `username`
 * and `name`, nothing else. Undefined when the answer names no user, so a broken answer can never
 * make every merge request look like mine.
 */
export function mapCurrentUser(user: GlUser): GitLabUser | undefined {
  const username = typeof user.username === 'string' ? user.username : '';
  // GitLab usernames are at most 255 characters; a longer or blank one is not a username.
  if (!username.trim() || username.length > MAX_NAME_CHARS) {
    return undefined;
  }
  const out: GitLabUser = { username };
  if (Number.isSafeInteger(user.id) && user.id > 0) out.id = user.id;
  const name = title(text(user.name, MAX_NAME_CHARS));
  if (name) out.name = name;
  return out;
}

// ---- Helpers ------------------------------------------------------------------------------------

/** A title as one line: runs of control characters and white space become one space, bounded with a marker. */
export function title(value: unknown): string {
  const flat = text(value, Number.MAX_SAFE_INTEGER)
    .replace(/[\s\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')
    .trim();
  return flat.length > MAX_TITLE_CHARS ? `${flat.slice(0, MAX_TITLE_CHARS - 1)}…` : flat;
}

/** `text` cut at `max` characters with a marker saying how much was left out. */
export function bounded(value: unknown, max: number): string {
  const s = typeof value === 'string' ? value : '';
  return s.length <= max ? s : `${s.slice(0, max)}\n\n… [truncated: ${s.length - max} more characters]`;
}

function text(value: unknown, max: number): string {
  if (typeof value !== 'string') return typeof value === 'number' && Number.isFinite(value) ? String(value) : '';
  return value.length > max ? value.slice(0, max) : value;
}

// An absolute http(s) URL with a host and no white space or control characters.
const HTTP_URL = /^https?:\/\/[^\s/?#\u0000-\u001f\u007f]+(?:[/?#][^\s\u0000-\u001f\u007f]*)?$/i;

/**
 * Only http(s) links become a signal's URL: a `javascript:` or `command:` link is dropped, not shown.
 * A pattern rather than `new URL` per item: mapping thousands of list items is the ingest bench's cost.
 */
function url(value: unknown): string | undefined {
  return typeof value === 'string' && value.length <= 2048 && HTTP_URL.test(value) ? value : undefined;
}

function login(user: GlUser | null | undefined): string | undefined {
  return user && typeof user.username === 'string' && user.username ? text(user.username, MAX_NAME_CHARS) : undefined;
}

function users(list: readonly (GlUser | null | undefined)[] | undefined): string[] {
  return [...new Set((Array.isArray(list) ? list : []).map(login).filter((u): u is string => Boolean(u)))];
}

function names(list: readonly unknown[] | undefined): string[] {
  return (Array.isArray(list) ? list : [])
    .map((l) => text(typeof l === 'object' && l ? (l as { name?: unknown }).name : l, MAX_NAME_CHARS))
    .filter((n) => n !== '');
}

function epoch(iso: string | null | undefined): number {
  const t = typeof iso === 'string' ? Date.parse(iso) : NaN;
  return Number.isNaN(t) ? 0 : t;
}

/** `YYYY-MM-DD` as GitLab sends it, or null. */
function date(value: unknown): string | null {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : null;
}

function seconds(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.round(value * 1000) : null;
}
