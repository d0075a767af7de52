/**
 * How the Plan, Code and Build views group GitLab signals (pure, on src/core/phaseTree's
 * `ViewLayout`), so the VS Code layer only renders:
 * - Plan: iteration or milestone → assignee or state;
 * - Code: "Waiting for my review", "Assigned to me", "Created by me", "All open", each merge request
 *   described as `!12 · draft · 1 approval left · pipeline failed · conflicts`;
 * - Build: current branch / default branch / other branches → pipeline → stage → jobs.
 * With several GitLab projects in the workspace, each gets its own group (by `anchors.repo`).
 */
import { duration } from '../../core/format';
import {
  nodeUnder,
  perRepository,
  runsByBranch,
  type GroupNode,
  type LayoutHelpers,
  type SignalNode,
  type TreeNode,
  type ViewLayout,
} from '../../core/phaseTree';
import { reviewThreadsRow, type ReviewThreadCount } from '../../core/reviewThread';
import type { NormalState, Signal } from '../../core/signal';
import type { ApprovalSummary, MergeRequestCategory, StageSummary } from './mapping';
import { mergeStatusPhrase } from './mergeStatus';

/** What the layouts read besides the signals, per project identity (`anchors.repo`). */
export interface GitLabLayoutContext {
  /** HEAD's branch of the workspace repository whose remote is this project. */
  headBranch(identity: string): string | undefined;
  /** The project's default branch. */
  defaultBranch(identity: string): string | undefined;
  /** Plan: group each iteration's issues by assignee or by state. */
  planGrouping(): 'assignee' | 'state';
  /** A plain-text hover for a project's sections (the remaining quota, say). */
  describeProject?(identity: string): string | undefined;
  /** The label Start Work puts on an issue: such issues read "in progress". */
  doingLabel?(): string | undefined;
  /** The review threads read for a merge request (those of HEAD's branch), for its "Review threads" row. */
  reviewThreads?(mergeRequest: Signal): ReviewThreadCount | undefined;
}

export const NO_PLAN = 'No iteration or milestone';
export const UNASSIGNED = 'Unassigned';

const isGitLab = (s: Signal) => s.source.startsWith('gitlab:');

/** Plan: iteration or milestone (the current one first), then assignee or state. */
export function gitlabPlanLayout(ctx: GitLabLayoutContext): ViewLayout {
  return {
    claims: (s) => isGitLab(s) && s.kind === 'workItem',
    build: (signals, h) =>
      perProject('plan', signals, h, ctx, (prefix, items) => {
        const then = ctx.planGrouping();
        const byPlan = groupMany(items, (s) => [typeof s.detail?.plan === 'string' && s.detail.plan ? s.detail.plan : NO_PLAN]);
        const plans = [...byPlan].sort(
          ([a, la], [b, lb]) =>
            Number(isCurrent(lb)) - Number(isCurrent(la)) || (a === NO_PLAN ? 1 : b === NO_PLAN ? -1 : a.localeCompare(b)),
        );
        return plans.map(([plan, list]) => {
          const id = `${prefix}/plan:${plan}`;
          const done = list.filter((s) => s.state.normal === 'closed').length;
          const groups = groupMany(list, (s) => (then === 'assignee' ? assigneesOf(s) : [stateWord(s.state.normal)]));
          const children = [...groups].map(([label, members]) => {
            const groupId = `${id}/${then}:${label}`;
            const doing = ctx.doingLabel?.();
            const nodes = [...members]
              .sort(byUpdatedDesc)
              .map((s) => ({ ...nodeUnder(h, groupId, s), description: issueDescription(s, doing) }));
            return h.group(groupId, label, then, nodes, String(members.length));
          });
          return h.group(id, plan, 'milestone', children, `${done}/${list.length} done${isCurrent(list) ? ' · current' : ''}`);
        });
      }),
  };
}

const MR_SECTIONS: readonly (readonly [MergeRequestCategory, string])[] = [
  ['waitingForMyReview', 'Waiting for my review'],
  ['assignedToMe', 'Assigned to me'],
  ['createdByMe', 'Created by me'],
  ['open', 'All open'],
];

/** Code: the four sections, each merge request with its state in words. */
export function gitlabCodeLayout(ctx: GitLabLayoutContext): ViewLayout {
  return {
    claims: (s) => isGitLab(s) && s.kind === 'pullRequest',
    build: (signals, h) =>
      perProject('code', signals, h, ctx, (prefix, items) => {
        const open = items.filter((s) => s.state.normal === 'open' || s.state.normal === 'draft');
        return MR_SECTIONS.map(([key, label]) => {
          const members = open.filter((s) => categoriesOf(s).includes(key)).sort(byUpdatedDesc);
          return { key, label, members };
        })
          .filter((section) => section.key === 'open' || section.members.length > 0)
          .map(({ key, label, members }) => {
            const id = `${prefix}/${key}`;
            return h.group(
              id,
              label,
              'pullRequests',
              members.map((s) => withReviewThreads(ctx, { ...nodeUnder(h, id, s), description: mergeRequestDescription(s) })),
              String(members.length),
            );
          });
      }),
  };
}

/** A merge request's node with its "Review threads: N unresolved" row. */
function withReviewThreads(ctx: GitLabLayoutContext, node: SignalNode): SignalNode {
  const row = reviewThreadsRow(node.id, node.signal, ctx.reviewThreads?.(node.signal));
  return row.length ? { ...node, children: [...row, ...node.children] } : node;
}

/** Build: HEAD's branch, the default branch, then the rest; pipeline → stage → jobs with durations. */
export function gitlabBuildLayout(ctx: GitLabLayoutContext): ViewLayout {
  return {
    claims: (s) => isGitLab(s) && (s.kind === 'pipelineRun' || s.kind === 'job'),
    build: (signals, h) =>
      perProject('build', signals, h, ctx, (prefix, items, identity) => {
        const pipelines = items
          .filter((s) => s.kind === 'pipelineRun')
          .sort((a, b) => b.createdAt - a.createdAt || b.id.localeCompare(a.id));
        const branches = { current: ctx.headBranch(identity), main: ctx.defaultBranch(identity) };
        return runsByBranch(prefix, pipelines, branches, h, (p) => pipelineNode(h, p));
      }),
  };
}

/** `!12 · draft · 1 approval left · pipeline failed · conflicts`. */
export function mergeRequestDescription(s: Signal): string {
  const d = s.detail ?? {};
  const parts: string[] = [typeof d.reference === 'string' ? d.reference : `!${String(d.iid ?? '')}`];
  if (d.draft === true) parts.push('draft');
  const approvals = d.approvals as ApprovalSummary | null | undefined;
  if (approvals && approvals.left > 0) parts.push(`${approvals.left} approval${approvals.left === 1 ? '' : 's'} left`);
  else if (approvals && approvals.required > 0) parts.push('approved');
  const pipeline = d.headPipeline as { status?: string } | null | undefined;
  if (pipeline?.status) parts.push(`pipeline ${pipelineWord(pipeline.status)}`);
  const detailed = typeof d.detailedMergeStatus === 'string' ? d.detailedMergeStatus : undefined;
  if (d.hasConflicts === true) {
    parts.push('conflicts');
  } else if (detailed && !['draft_status', 'not_approved', 'ci_must_pass', 'ci_still_running', 'not_open', 'conflict'].includes(detailed)) {
    // What the parts above do not already say (a rebase, unresolved discussions, mergeable).
    const phrase = mergeStatusPhrase(detailed);
    if (phrase) parts.push(phrase);
  }
  return parts.join(' · ');
}

/** `#12 · in progress · weight 3 · due 2024-05-31`. */
export function issueDescription(s: Signal, doingLabel?: string): string {
  const d = s.detail ?? {};
  const parts = [typeof d.reference === 'string' ? d.reference : `#${String(d.iid ?? '')}`];
  if (doingLabel && s.state.normal === 'open' && Array.isArray(d.labels) && d.labels.includes(doingLabel)) parts.push('in progress');
  if (typeof d.weight === 'number') parts.push(`weight ${d.weight}`);
  if (typeof d.dueDate === 'string') parts.push(`due ${d.dueDate}`);
  return parts.join(' · ');
}

/** `failed · 3 min 02 s`, `running`. */
export function ciDescription(s: Signal): string {
  const ms = s.detail?.durationMs;
  const parts = [s.state.native.replace(/_/g, ' '), typeof ms === 'number' ? duration(ms) : ''];
  if (s.labels.includes('allowed-to-fail')) parts.push('allowed to fail');
  return parts.filter(Boolean).join(' · ');
}

function pipelineNode(h: LayoutHelpers, pipeline: Signal): SignalNode {
  const node = h.node(pipeline);
  const jobs = node.children.filter((c): c is SignalNode => c.type === 'signal' && c.signal.kind === 'job');
  const stages = (pipeline.detail?.stages as StageSummary[] | null | undefined) ?? [];
  const byStage = groupMany(jobs, (j) => [
    typeof j.signal.detail?.stage === 'string' && j.signal.detail.stage ? j.signal.detail.stage : 'jobs',
  ]);
  const order = [...stages.map((s) => s.name), ...[...byStage.keys()].filter((k) => !stages.some((s) => s.name === k))];
  const stageNodes: TreeNode[] = order
    .filter((name) => byStage.has(name))
    .map((name) => {
      const members = (byStage.get(name) ?? []).sort((a, b) => Number(a.signal.detail?.jobId ?? 0) - Number(b.signal.detail?.jobId ?? 0));
      const summary = stages.find((s) => s.name === name);
      const group: GroupNode = {
        type: 'group',
        id: `${node.id}/stage:${name}`,
        label: name,
        groupBy: 'stage',
        description: [summary ? stateWord(summary.normal).toLowerCase() : '', `${members.length} job${members.length === 1 ? '' : 's'}`]
          .filter(Boolean)
          .join(' · '),
        children: members.map((j) => ({ ...j, description: ciDescription(j.signal) })),
      };
      return group;
    });
  return { ...node, description: ciDescription(pipeline), children: stageNodes };
}

/** The GitLab projects of a view: grouped by identity, named by their path, with what the context says of them on hover. */
function perProject(
  view: string,
  signals: readonly Signal[],
  h: LayoutHelpers,
  ctx: GitLabLayoutContext,
  build: (prefix: string, items: Signal[], identity: string) => TreeNode[],
): TreeNode[] {
  return perRepository(
    `gitlab-${view}`,
    signals,
    h,
    {
      keyOf: (s) => s.anchors.repo ?? s.source.slice('gitlab:'.length).split('#')[0],
      label: (identity) => identity.split('/').slice(1).join('/') || identity,
      tooltip: (identity) => [identity, ctx.describeProject?.(identity)].filter(Boolean).join('\n'),
    },
    build,
  );
}

function categoriesOf(s: Signal): MergeRequestCategory[] {
  const categories = s.detail?.categories;
  return Array.isArray(categories) ? (categories as MergeRequestCategory[]) : [];
}

function assigneesOf(s: Signal): string[] {
  const logins = s.tags.filter((t) => t.startsWith('assignee:')).map((t) => t.slice('assignee:'.length));
  return logins.length > 0 ? logins : [UNASSIGNED];
}

/** The group holds the issues of the current iteration or milestone (the refresh labels them `sprint`). */
function isCurrent(list: readonly Signal[]): boolean {
  return list.some((s) => s.labels.includes('sprint'));
}

function stateWord(state: NormalState): string {
  return state.charAt(0).toUpperCase() + state.slice(1);
}

const PIPELINE_WORDS: Record<string, string> = { success: 'passed', canceled: 'canceled', failed: 'failed', running: 'running' };

function pipelineWord(status: string): string {
  return PIPELINE_WORDS[status] ?? status.replace(/_/g, ' ');
}

function groupMany<T>(items: readonly T[], keys: (item: T) => string[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    for (const key of keys(item)) {
      let list = groups.get(key);
      if (!list) groups.set(key, (list = []));
      list.push(item);
    }
  }
  return groups;
}

const byUpdatedDesc = (a: Signal, b: Signal) => b.updatedAt - a.updatedAt || a.id.localeCompare(b.id);
